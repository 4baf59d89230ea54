"""The argument parser of every sub-command (argparse); usage errors exit 2 like any input error."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from energymodel.cli.common import DEFAULT_SCENARIO, DEFAULT_STUDIES, EXIT_INPUT
from energymodel.inputs.units import LINK_LIFETIME_YEARS

DESCRIPTION = "Command line of energymodel: solve scenarios, value links, calibrate, reproduce studies, sweep."


class _ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's usage errors are input errors too: exit 2
        self.print_usage(sys.stderr)
        self.exit(EXIT_INPUT, f"{self.prog}: error: {message}\n")


def _verbosity(p: argparse.ArgumentParser, default) -> None:
    p.add_argument("-v", "--verbose", action="store_true", default=default, help="debug logging")
    p.add_argument("-q", "--quiet", action="store_true", default=default, help="warnings and errors only")


def _command(sub, name: str, help: str, *, out: str | None = None, time_options: bool = True,
             many: bool = False, strict: bool = False) -> argparse.ArgumentParser:
    """A sub-command taking a scenario (or several), and the options every such command shares."""
    c = sub.add_parser(name, help=help)
    if many:
        c.add_argument("scenarios", nargs="+")
    else:
        c.add_argument("scenario", nargs="?", default=None, help=f"scenario YAML (default: {DEFAULT_SCENARIO})")
    if out:
        c.add_argument("--out", type=Path, default=None, help=f"output folder (default: {out})")
    set_arg(c)
    if time_options:
        time_args(c)
    if strict:
        c.add_argument("--strict", action="store_true",
                       help="exit with code 2 when a diagnostic warns (results are still written)")
    _verbosity(c, argparse.SUPPRESS)
    return c


def build_parser() -> argparse.ArgumentParser:
    p = _ArgumentParser(prog="energymodel", description=DESCRIPTION)
    _verbosity(p, False)
    sub = p.add_subparsers(dest="command", required=True, parser_class=_ArgumentParser)

    run = _command(sub, "run", "solve a scenario and write its results folder", out="results/<name>",
                   strict=True)
    run.add_argument("--threads", type=int, default=None, help="HiGHS threads (overrides solver.threads)")
    run.add_argument("--no-plots", action="store_true", help="write report.md without figures (faster)")

    _command(sub, "validate", "check a scenario and its data without solving")

    links = _command(sub, "links", "leave-one-out and Shapley value of each cross-border link",
                     out="results/<name>-links", strict=True)
    _engine_args(links, "coalitions")
    links.add_argument("--max-exact", type=int, default=8, help="exact Shapley values up to this many links")
    links.add_argument("--samples", type=int, default=64, help="orderings sampled beyond --max-exact links")
    links.add_argument("--seed", type=int, default=0)

    curve = _command(sub, "curve", "value of one link vs its capacity, with the break-even capacity",
                     out="results/<name>-curve-<link>", strict=True)
    curve.add_argument("--link", required=True, help="link name, e.g. PE-CL")
    curve.add_argument("--from", dest="from_mw", type=float, default=0.0, help="first capacity [MW]")
    curve.add_argument("--to", type=float, required=True, help="last capacity [MW]")
    curve.add_argument("--step", type=float, required=True, help="capacity step [MW]")
    curve.add_argument("--cost-usd-per-mw-yr", type=float, default=None, help="annualised cost of a MW")
    curve.add_argument("--capex-usd-per-mw", type=float, default=None, help="or: overnight cost of a MW…")
    curve.add_argument("--lifetime-years", type=float, default=LINK_LIFETIME_YEARS,
                       help="…its lifetime (default 40 years: GTD v1.0 / OSeMOSYS Global transmission life)…")
    curve.add_argument("--discount-rate", type=float, default=None,
                       help="…and the real discount rate (required with --capex-usd-per-mw)")
    curve.add_argument("--workers", type=int, default=1,
                       help="processes solving the capacities (each a contiguous run of them, warm; default 1)")

    cal = _command(sub, "calibrate", "base year vs reported generation by technology, CO2, monthly prices and "
                   "flows by direction", time_options=False)
    cal.add_argument("--hours", type=int, default=None, help="model the first N hours (annualised)")
    cal.add_argument("--out", type=Path, default=None,
                     help="folder for calibration.md, calibration.csv and plots/ (default results/<name>-calibration)")

    exp = sub.add_parser("export-pypsa", help="write the scenario's LP as a PyPSA network (netCDF); needs "
                         "the optional extra pypsa")
    exp.add_argument("scenario", help="scenario YAML")
    exp.add_argument("output", type=Path, help="netCDF file to write, e.g. base.nc")
    exp.add_argument("--force", action="store_true", help="replace the output file if it exists")
    time_args(exp)
    set_arg(exp)
    _verbosity(exp, argparse.SUPPRESS)

    sweep = sub.add_parser("sweep", help="solve a sensitivity sweep (resumable; process pool or Dask)")
    sweep.add_argument("sweep_file", help="sweep YAML (see README 'Sensitivity sweeps')")
    sweep.add_argument("--out", type=Path, default=None, help="sweep folder (default: results/<name>-sweep)")
    time_args(sweep)
    _engine_args(sweep, "cases")
    _verbosity(sweep, argparse.SUPPRESS)

    imp = sub.add_parser("import-pypsa", help="convert a PyPSA network into a data directory and a scenario")
    imp.add_argument("network", type=Path, help="PyPSA network: a .nc file or a folder of CSV files")
    imp.add_argument("out_dir", type=Path, help="new folder for data/, <name>.yaml and conversion.md")
    imp.add_argument("--name", default=None, help="scenario name (default: the network file's stem)")
    _verbosity(imp, argparse.SUPPRESS)

    comp = _command(sub, "compare", "solve several scenarios and compare them side by side",
                    out="results/compare-<name>-<name>…", many=True, strict=True)
    comp.add_argument("--threads", type=int, default=None)
    comp.add_argument("--workers", type=int, default=1,
                      help="scenarios solved at once, each in its own process (default 1)")
    comp.add_argument("--replace", action="store_true",
                      help="replace an earlier comparison of other scenarios in the output folder")

    rep = sub.add_parser("reproduce", help="reproduce the registered published studies side by side")
    rep.add_argument("studies", nargs="*", help="study ids or study files (default: every registered study)")
    rep.add_argument("--registry", type=Path, default=None, help=f"studies directory (default: {DEFAULT_STUDIES})")
    rep.add_argument("--out", type=Path, default=None, help="output folder (default: results/reproduce)")
    time_args(rep)
    _verbosity(rep, argparse.SUPPRESS)
    return p


def _engine_args(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("--workers", type=int, default=None, help=f"local processes solving {what} (default: all cores)")
    p.add_argument("--scheduler", default=None, metavar="tcp://HOST:8786", help="run on this Dask scheduler")
    p.add_argument("--dask-local", type=int, default=None, metavar="N", help="run on a Dask LocalCluster of N processes")


def set_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY.PATH=VALUE",
                   help="override a scenario key, validated like the YAML (repeatable), e.g. "
                        "--set interconnectors.PE-CL.capacity_mw=500 --set prices.gas_usd_per_mmbtu.lng=12")


def time_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--start", default=None, metavar="DATE|DAY",
                   help="first modelled day: a date (2023-07-01) or a day of the year (1-365); default 1 January")
    p.add_argument("--hours", type=int, default=None,
                   help="model N hours from --start (default: to the end of the year)")
    p.add_argument("--resolution-h", type=int, default=None, help="average hours into N-hour snapshots")
    p.add_argument("--data", type=Path, default=None, help="use this data directory instead")
