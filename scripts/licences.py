"""Licence texts of sources.csv rows, shared by the data-building scripts."""

NEWS = "news report; single figures cited with attribution"
"""A news report: single figures cited with attribution."""
EST = "ESTIMATE (no licence: project assumption)"
"""A project estimate (the row's note says ESTIMATE and why)."""
