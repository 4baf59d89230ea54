"""Command line: ``energymodel run|validate`` and the ``run_scenario.py`` shim.

The only layer that touches paths, logging set-up and exit codes:
0 ok · 2 invalid input (one message naming the file, the key and what was expected) ·
3 the LP was not solved to optimality (with the reason) · 130 interrupted.
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Sequence

from energymodel.errors import InputError  # noqa: E402  (light modules; the rest is imported lazily)
from energymodel.inputs.units import LINK_LIFETIME_YEARS  # noqa: E402

log = logging.getLogger("energymodel")

DEFAULT_SCENARIO = Path("scenarios") / "base.yaml"
DEFAULT_STUDIES = Path("data") / "studies"

EXIT_OK, EXIT_INPUT, EXIT_SOLVE, EXIT_INTERRUPTED = 0, 2, 3, 130


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
    _set_arg(c)
    if time_options:
        _time_args(c)
    if strict:
        c.add_argument("--strict", action="store_true",
                       help="exit with code 2 when a diagnostic warns (results are still written)")
    _verbosity(c, argparse.SUPPRESS)
    return c


def _parser() -> argparse.ArgumentParser:
    p = _ArgumentParser(prog="energymodel", description=__doc__.splitlines()[0])
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
    _time_args(exp)
    _set_arg(exp)
    _verbosity(exp, argparse.SUPPRESS)

    sweep = sub.add_parser("sweep", help="solve a sensitivity sweep (resumable; process pool or Dask)")
    sweep.add_argument("sweep_file", help="sweep YAML (see README 'Sensitivity sweeps')")
    sweep.add_argument("--out", type=Path, default=None, help="sweep folder (default: results/<name>-sweep)")
    _time_args(sweep)
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
    _time_args(rep)
    _verbosity(rep, argparse.SUPPRESS)
    return p


def _engine_args(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("--workers", type=int, default=None, help=f"local processes solving {what} (default: all cores)")
    p.add_argument("--scheduler", default=None, metavar="tcp://HOST:8786", help="run on this Dask scheduler")
    p.add_argument("--dask-local", type=int, default=None, metavar="N", help="run on a Dask LocalCluster of N processes")


def _set_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY.PATH=VALUE",
                   help="override a scenario key, validated like the YAML (repeatable), e.g. "
                        "--set interconnectors.PE-CL.capacity_mw=500 --set prices.gas_usd_per_mmbtu.lng=12")


def _overrides(args) -> list:
    from energymodel.inputs.scenario import parse_override
    return [parse_override(text) for text in getattr(args, "overrides", None) or ()]


def _time_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--start", default=None, metavar="DATE|DAY",
                   help="first modelled day: a date (2023-07-01) or a day of the year (1-365); default 1 January")
    p.add_argument("--hours", type=int, default=None,
                   help="model N hours from --start (default: to the end of the year)")
    p.add_argument("--resolution-h", type=int, default=None, help="average hours into N-hour snapshots")
    p.add_argument("--data", type=Path, default=None, help="use this data directory instead")


def _setup_logging(verbose: bool, quiet: bool) -> None:
    level = logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%H:%M:%S"))
    root = logging.getLogger("energymodel")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


def _step(name: str, timings: dict[str, float]):
    from energymodel.pipeline import step
    return step(name, timings)


def _scenario_path(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    if DEFAULT_SCENARIO.exists():
        return DEFAULT_SCENARIO
    return Path(__file__).resolve().parents[1] / DEFAULT_SCENARIO  # running from outside the checkout


def _load(args):
    from energymodel.inputs.data import read_tables
    from energymodel.network.network import build_network
    from energymodel.inputs.scenario import load_scenario

    scenario = load_scenario(_scenario_path(args.scenario), hours=args.hours,
                             resolution_h=args.resolution_h, data=args.data, start=args.start,
                             overrides=_overrides(args))
    threads = getattr(args, "threads", None)
    if threads is not None and not 1 <= threads <= 64:
        raise InputError(f"expected --threads between 1 and 64, got {threads}", key="--threads")
    if threads:
        scenario = scenario.model_copy(update={"solver": scenario.solver.model_copy(
            update={"threads": args.threads})})
    tables = read_tables(scenario.data)
    network = build_network(scenario, tables)
    return scenario, tables, network


def _metadata(scenario, tables, solution, timings) -> dict:
    from energymodel.api import metadata
    return metadata(scenario, tables, solution, timings)


def _counterfactual(args, scenario, network, tables):
    """(label, Network) of the scenario's counterfactual, or None when it is ``none``."""
    from energymodel.api import resolve_counterfactual
    return resolve_counterfactual(scenario, network, tables, args.data)


def _input_paths(scenario) -> tuple[Path, ...]:
    """Every input of a run: the scenario file and its ``extends`` chain, its data directory, and those of
    a counterfactual scenario file."""
    from energymodel import pipeline
    from energymodel.inputs.scenario import load_scenario

    paths = [*scenario.source_chain, scenario.data]
    cf = scenario.integration.counterfactual
    if cf not in pipeline.BUILT_IN_COUNTERFACTUALS and Path(cf).is_file():
        other = load_scenario(cf)
        paths += [*other.source_chain, other.data]
    return tuple(paths)


def _solve_scenario(args, check_out=None):
    """Load, solve with its counterfactual, and summarise one scenario; ``check_out(scenario)`` checks the
    output folder once the scenario is known, before solving. The model is built by a worker forked first,
    which imports Pyomo while the data loads."""
    from energymodel.forking import import_shared_base
    from energymodel.solver.worker import BuildWorker, fork_available

    import_shared_base()  # once, before forking the worker (which inherits it)
    worker = BuildWorker() if fork_available() else None
    try:
        from energymodel import pipeline

        timings: dict[str, float] = {}
        with _step("load scenario and data", timings):
            scenario, tables, network = _load(args)
            cf = _counterfactual(args, scenario, network, tables)
        if check_out is not None:
            check_out(scenario)
        log.info("scenario %s: %d regions, %d generators, %d links, %d snapshots of %g h",
                 scenario.name, len(network.regions), len(network.generators), len(network.links),
                 network.n_snapshots, network.duration_h[0])
        run = pipeline.solve_scenario(scenario, network, tables, cf, timings=timings, worker=worker)
    finally:
        if worker is not None:
            worker.close()
    return scenario, tables, run.results, run.counterfactual, run.summary, run.solution, timings


def _checked_out(args, default: Path, scenario=None) -> Path:
    """The output folder, checked before any solving: never replace what energymodel did not write, nor a
    folder holding an input of the run."""
    from energymodel.results.extract import check_output_folder
    return check_output_folder(args.out or default, _input_paths(scenario) if scenario is not None else ())


def cmd_run(args) -> int:
    from energymodel.forking import import_shared_base
    from energymodel.solver.worker import BuildWorker, fork_available

    # import what every process of the run needs once (numpy, pandas, pydantic, highspy), then fork the
    # model-building worker (it imports Pyomo while this process loads the data) and the report worker
    # (matplotlib, plotly): this process never imports Pyomo, SciPy or matplotlib
    import_shared_base()
    builder = BuildWorker() if fork_available() else None
    from energymodel.outputs.charts import ReportWorker
    reporter = ReportWorker() if fork_available() else None  # imports the plotting libraries meanwhile
    try:
        from energymodel import pipeline

        if args.out:
            _checked_out(args, args.out)
        timings: dict[str, float] = {}
        with _step("load scenario and data", timings):
            scenario, tables, network = _load(args)
            cf = _counterfactual(args, scenario, network, tables)
        out = _checked_out(args, Path("results") / scenario.name, scenario)
        log.info("scenario %s: %d regions, %d generators, %d links, %d snapshots of %g h",
                 scenario.name, len(network.regions), len(network.generators), len(network.links),
                 network.n_snapshots, network.duration_h[0])
        run = pipeline.solve_and_write(scenario, network, tables, cf, out, timings=timings, worker=builder,
                                       report_worker=reporter, with_plots=not args.no_plots,
                                       metadata=lambda solution: _metadata(scenario, tables, solution, timings))
        summary = run.summary
    finally:
        for w in (builder, reporter):
            if w is not None:
                w.close()
    log.info("objective %.6g USD over %g h; annual cost %.6g USD", summary["objective_usd"],
             summary["hours_modelled"], summary["annual_cost_usd"])
    for region, row in summary["countries"].items():
        log.info("  %-4s price %7.2f USD/MWh  shed %.1f MWh", region, row["avg_price_usd_per_mwh"],
                 row["shed_mwh"])
    if summary["integration"]:
        log.info("value of integration vs %s: %.6g USD/yr", summary["integration"]["counterfactual"],
                 summary["integration"]["value_usd"])
    log.info("results written to %s", Path(out).resolve())
    return _strict(args, summary["diagnostics"])


def _strict(args, diagnostics: list[dict]) -> int:
    """Exit 0, or 2 under --strict when a diagnostic warns."""
    from energymodel.results.diagnostics import count_warnings

    n = count_warnings(diagnostics)
    if n and args.strict:
        log.error("--strict: %d diagnostic warning%s (listed above); exit code %d", n, "s" if n > 1 else "",
                  EXIT_INPUT)
        return EXIT_INPUT
    return EXIT_OK


def _fixed_capacity(network):
    """links/curve value fixed capacities: expandable links are taken at their existing capacity."""
    from energymodel.analysis.integration import without_expansion

    if network.links["expandable"].any():
        log.info("expandable links are valued at their existing capacity (no expansion) here")
        return without_expansion(network)
    return network


def cmd_links(args) -> int:
    from energymodel.analysis.commands import run_links
    from energymodel.analysis.sweep.engine import backend_for

    if args.max_exact < 0 or args.samples < 1 or args.max_exact > 12:
        raise InputError("expected 0 ≤ --max-exact ≤ 12 (2^n solves) and --samples ≥ 1", key="--max-exact")
    scenario, tables, network = _load(args)
    network = _fixed_capacity(network)
    out = _checked_out(args, Path("results") / f"{scenario.name}-links", scenario)
    with backend_for(args.workers, args.scheduler, args.dask_local) as backend:
        table = run_links(scenario, network, out, workers=args.workers, max_exact=args.max_exact,
                          samples=args.samples, seed=args.seed, tables=tables, backend=backend)
    log.info("link values written to %s", Path(out).resolve())
    return _strict(args, table.attrs["diagnostics"])


def cmd_curve(args) -> int:
    from energymodel.analysis.commands import run_curve
    from energymodel.inputs.units import annuity_factor

    if args.step <= 0 or args.from_mw < 0 or args.to <= args.from_mw:
        raise InputError("expected --step > 0, --from ≥ 0 and --to greater than --from", key="--step")
    if args.workers < 1:
        raise InputError(f"expected --workers ≥ 1, got {args.workers}", key="--workers")
    if args.lifetime_years <= 0 or (args.discount_rate is not None and not 0 <= args.discount_rate <= 1):
        raise InputError("expected --lifetime-years > 0 and 0 ≤ --discount-rate ≤ 1", key="--discount-rate")
    if args.cost_usd_per_mw_yr is not None and args.cost_usd_per_mw_yr < 0:
        raise InputError("expected a non-negative --cost-usd-per-mw-yr", key="--cost-usd-per-mw-yr")
    scenario, tables, network = _load(args)
    if args.link not in network.links.index:
        # a planned link not yet in service, or a new one between two known regions: add it at zero
        from energymodel.network.network import build_network
        from energymodel.inputs.scenario import InterconnectorOptions

        links = {**scenario.interconnectors, args.link: InterconnectorOptions(capacity_mw=0.0)}
        scenario = scenario.model_copy(update={"interconnectors": links})
        network = build_network(scenario, tables)
        log.info("link %s is not in service in %s: added at zero capacity (data parameters if it is a planned "
                 "link, lossless otherwise)", args.link, scenario.name)
    network = _fixed_capacity(network)
    cost = args.cost_usd_per_mw_yr
    if cost is None and args.capex_usd_per_mw is not None:
        if args.discount_rate is None:
            raise InputError("--capex-usd-per-mw needs --discount-rate (a real rate, e.g. 0.07)",
                             key="--discount-rate")
        cost = args.capex_usd_per_mw * annuity_factor(args.discount_rate, args.lifetime_years)
        log.info("annualised cost: %.0f USD/MW × annuity factor (r = %g, %g years) = %.0f USD/MW-yr",
                 args.capex_usd_per_mw, args.discount_rate, args.lifetime_years, cost)
    out = _checked_out(args, Path("results") / f"{scenario.name}-curve-{args.link}", scenario)
    curve = run_curve(scenario, network, out, link=args.link, start_mw=args.from_mw, to_mw=args.to,
                      step_mw=args.step, cost_usd_per_mw_yr=cost, tables=tables, workers=args.workers)
    log.info("curve written to %s", Path(out).resolve())
    return _strict(args, curve.attrs["diagnostics"])


def _compare_folder(args) -> Path:
    """The comparison's folder: ``--out`` or ``results/compare-<name>-<name>…``. An earlier comparison of
    other scenarios there is replaced only with ``--replace`` (exit 2 otherwise, before solving)."""
    import json
    import re

    from energymodel.inputs.scenario import load_scenario

    names = [load_scenario(p).name for p in args.scenarios]
    default = "compare-" + re.sub(r"[^A-Za-z0-9_.-]+", "_", "-".join(names))[:80]
    out = _checked_out(args, Path("results") / default)
    previous = out / "summaries.json"
    if previous.exists() and not args.replace:
        try:
            before = [s.get("scenario") for s in json.loads(previous.read_text(encoding="utf-8"))]
        except (ValueError, AttributeError):
            before = None
        if before != names:
            raise InputError(f"the folder holds another comparison ({', '.join(map(str, before or ['unreadable']))}); "
                             "choose another --out, or pass --replace to overwrite it", file=out, key="--out")
    return out


def _solved(subs: list, check_out, workers: int):
    """Each scenario of ``compare`` solved (:func:`_solve_scenario`'s tuple), in order; with ``workers`` > 1
    on that many forked processes (every output check is made here first, before any solving)."""
    if workers <= 1 or len(subs) < 2:
        for sub in subs:
            yield _solve_scenario(sub, check_out=check_out)
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    from energymodel.inputs.scenario import load_scenario
    for sub in subs:
        check_out(load_scenario(_scenario_path(sub.scenario), data=sub.data, overrides=_overrides(sub)))
    with ProcessPoolExecutor(min(workers, len(subs)), mp_context=mp.get_context("fork")) as pool:
        yield from pool.map(_solve_scenario, subs)


def cmd_compare(args) -> int:
    import argparse as _argparse

    from energymodel.analysis.commands import write_compare
    from energymodel.outputs.bars import bar
    from energymodel.outputs.report import write_report
    from energymodel.inputs.data import read_map_positions
    from energymodel.results.extract import write_folder, write_results

    if args.workers < 1:
        raise InputError(f"expected --workers ≥ 1, got {args.workers}", key="--workers")
    out = _compare_folder(args)
    summaries: list[dict] = []
    subs = [_argparse.Namespace(**{**vars(args), "scenario": path}) for path in args.scenarios]

    def write(folder: Path) -> None:
        """Solve each scenario, write its results folder beside compare.*, then the comparison."""
        used: set[str] = set()
        for solved in bar(_solved(subs, lambda s: _checked_out(args, out, s), args.workers), total=len(subs),
                          desc="scenarios", unit="scenario"):
            scenario, tables, results, cf_results, summary, solution, timings = solved
            name, k = scenario.name, 2
            while name in used:  # two files may share a scenario name
                name, k = f"{scenario.name}-{k}", k + 1
            used.add(name)
            write_results(results, folder / name, resolved_scenario=scenario.resolved_dict(),
                          metadata=_metadata(scenario, tables, solution, timings), summary=summary,
                          extra_writer=lambda f: write_report(f, results, cf_results, summary["integration"] or None,
                                                              summary=summary,
                                                              positions=read_map_positions(tables.directory)))
            summaries.append(summary)
        write_compare(folder, summaries)

    write_folder(out, write)
    from energymodel.analysis.commands import compare_table
    log.info("comparison:\n%s", compare_table(summaries).to_string())
    log.info("comparison and each scenario's results folder written to %s", Path(out).resolve())
    return _strict(args, [d for s in summaries for d in s["diagnostics"]])


def cmd_sweep(args) -> int:
    from energymodel.analysis.sweep.engine import backend_for
    from energymodel.analysis.sweep.runner import run_sweep
    from energymodel.analysis.sweep.spec import load_sweep, with_horizon

    spec = with_horizon(load_sweep(args.sweep_file), args.hours, args.resolution_h, args.start)
    out = _checked_out(args, Path("results") / f"{spec.name}-sweep")
    with backend_for(args.workers, args.scheduler, args.dask_local) as backend:
        summary = run_sweep(spec, out, backend, data=args.data)
    return EXIT_OK if summary["failed"] == 0 else EXIT_SOLVE  # failed cases are recorded in cases.parquet


def cmd_calibrate(args) -> int:
    """Exit 0 when every check is inside its tolerance, 1 when a region or link is outside."""
    from energymodel.analysis.calibration import format_all, outside, run

    path = _scenario_path(args.scenario)
    out = args.out if args.out is not None else Path("results") / f"{Path(path).stem}-calibration"
    table, _ = run(path, hours=args.hours, out=out, overrides=_overrides(args))
    sys.stdout.write(format_all(table) + "\n")
    bad = outside(table)
    log.info("calibration of %s written to %s: %s", path, out,
             "every check inside the tolerances" if not bad else "outside: " + ", ".join(bad))
    return EXIT_OK if not bad else 1


def _default_path(path: Path) -> Path:
    return path if path.exists() else Path(__file__).resolve().parents[1] / path  # outside the checkout


def cmd_reproduce(args) -> int:
    """Exit 0 when every study ran (the verdicts are information, not failures)."""
    from energymodel.analysis.reproduce import reproduce
    from energymodel.analysis.studies import registry, select, source_ids_of

    directory = args.registry or _default_path(DEFAULT_STUDIES)
    sources = source_ids_of(args.data or directory.parent)
    studies = select(registry(directory, sources), args.studies, directory, sources)
    if not studies:
        raise InputError("no study files (*.yaml) found", file=directory)
    out = _checked_out(args, Path("results") / "reproduce")
    table = reproduce(studies, out, hours=args.hours, resolution_h=args.resolution_h, data=args.data,
                      start=args.start)
    cols = ["study", "metric", "published", "model", "ratio", "verdict"]
    sys.stdout.write(table[cols].to_string(index=False, float_format=lambda v: f"{v:.4g}") + "\n")
    log.info("reproduction written to %s", Path(out).resolve())
    return EXIT_OK


def cmd_validate(args) -> int:
    scenario, tables, network = _load(args)
    _counterfactual(args, scenario, network, tables)
    gens = network.generators
    log.info("scenario %s is valid: data %s, year %d, %d snapshots", scenario.name, scenario.data,
             scenario.year, network.n_snapshots)
    log.info("%d regions, %d generators (%.0f MW), %d reservoirs, %d storage units, %d links",
             len(network.regions), len(gens), gens["capacity_mw"].sum(), len(network.hydro),
             len(network.storage), len(network.links))
    return EXIT_OK


def cmd_export_pypsa(args) -> int:
    """Write the LP as a PyPSA network; the file appears complete or not at all."""
    from energymodel.outputs.pypsa_export import check_output_file, write_netcdf

    out = check_output_file(args.output, force=args.force)
    _, _, network = _load(args)
    n = write_netcdf(network, out)
    log.info("PyPSA network written to %s: %d buses, %d generators, %d links, %d storage units, %d snapshots",
             out, len(n.buses), len(n.generators), len(n.links), len(n.storage_units), len(n.snapshots))
    return 0


def cmd_import_pypsa(args) -> int:
    from energymodel.inputs.pypsa_import import import_pypsa

    scenario = import_pypsa(args.network, args.out_dir, name=args.name)
    print(f"wrote {scenario} (data in {scenario.parent / 'data'}; read {scenario.parent / 'conversion.md'})")
    print(f"run it: energymodel run {scenario}")
    return EXIT_OK


def _terminate_as_interrupt() -> None:
    """SIGTERM (a scheduler or ``kill``) unwinds like Ctrl-C, so no temporary folder is left behind."""
    import signal
    import threading

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, interrupt)


def main(argv: Sequence[str] | None = None) -> int:
    from energymodel.errors import SolveError

    args = _parser().parse_args(argv)
    _setup_logging(args.verbose, args.quiet)
    from energymodel.results.provenance import code_version
    code_version()  # pinned now: the commit the command started from, even if the checkout moves during it
    _terminate_as_interrupt()
    try:
        commands = {"run": cmd_run, "validate": cmd_validate, "links": cmd_links, "curve": cmd_curve,
                    "compare": cmd_compare, "calibrate": cmd_calibrate, "reproduce": cmd_reproduce,
                    "export-pypsa": cmd_export_pypsa,
                    "sweep": cmd_sweep,
                    "import-pypsa": cmd_import_pypsa}
        return commands[args.command](args)
    except InputError as exc:
        log.error("invalid input: %s", exc)
        return EXIT_INPUT
    except SolveError as exc:
        log.error("not solved: %s", exc)
        return EXIT_SOLVE
    except KeyboardInterrupt:
        log.error("interrupted; nothing half-written was left (sweep cases and links coalitions finished so far "
                  "are kept: run the same command again to resume)")
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    raise SystemExit(main())
