"""Sensitivity sweeps: a sweep file (spec.py) → cases (design.py) → solved warm on a process pool or Dask
(worker.py, engine.py) → a tidy Parquet table that resumes (store.py) → sweep.md (report.py)."""
