#!/usr/bin/env python3
"""Calibration of a scenario against reported generation (issue 3).

Solves the scenario over the full year (or ``--hours``), prints per region the simulated annual
generation against the reported figure of ``<data>/calibration_generation.csv`` and the hydro share
against the reported share, and exits 1 if any region is outside the targets (±10 % generation,
±8 percentage points hydro share, unserved energy < 0.01 % of demand), 2 on invalid input.

    python scripts/calibrate.py                       # scenarios/base.yaml, full year (~40 s)
    python scripts/calibrate.py scenarios/base.yaml --csv calibration.csv
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    from energymodel.analysis.calibration import format_table, run
    from energymodel.errors import InputError

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenario", nargs="?", default=str(REPO / "scenarios" / "base.yaml"))
    ap.add_argument("--hours", type=int, default=None, help="model only the first N hours (annualised)")
    ap.add_argument("--csv", type=Path, default=None, help="also write the table to this CSV file")
    args = ap.parse_args(argv)
    try:
        df = run(args.scenario, hours=args.hours)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"calibration of {args.scenario}" + (f" ({args.hours} h, annualised)" if args.hours else " (full year)"))
    print(format_table(df))
    if args.csv:
        df.to_csv(args.csv, float_format="%.4f")
    return 0 if bool(df["within_target"].all()) else 1


if __name__ == "__main__":
    sys.exit(main())
