#!/usr/bin/env python3
"""Calibration of a scenario against reported 2023 figures (``energymodel calibrate``).

Solves the scenario over the full year (or ``--hours``), prints one table per check (generation by
technology, power-sector CO2, monthly prices, flows by direction), writes calibration.md, calibration.csv
and monthly price plots to ``--out``, and exits 1 if a region or link is outside the tolerances stated in
the README, 2 on invalid input.

    python scripts/calibrate.py                                  # scenarios/base.yaml, full year
    python scripts/calibrate.py scenarios/base.yaml --out results/base-calibration
"""
from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    from energymodel.cli import main
    args = sys.argv[1:] or [str(REPO / "scenarios" / "base.yaml")]
    sys.exit(main(["calibrate", *args]))
