"""The multi-solve commands: ``links``, ``curve``, ``compare`` and ``sweep``."""
from __future__ import annotations

from pathlib import Path

from energymodel.cli.common import (EXIT_OK, EXIT_SOLVE, checked_out, fixed_capacity, load, log,
                                   metadata, overrides, scenario_path, solve_scenario, strict)
from energymodel.errors import InputError


def cmd_links(args) -> int:
    from energymodel.analysis.commands import run_links
    from energymodel.analysis.sweep.engine import backend_for

    if args.max_exact < 0 or args.samples < 1 or args.max_exact > 12:
        raise InputError("expected 0 ≤ --max-exact ≤ 12 (2^n solves) and --samples ≥ 1", key="--max-exact")
    scenario, tables, network = load(args)
    network = fixed_capacity(network)
    out = checked_out(args, Path("results") / f"{scenario.name}-links", scenario)
    with backend_for(args.workers, args.scheduler, args.dask_local) as backend:
        table = run_links(scenario, network, out, workers=args.workers, max_exact=args.max_exact,
                          samples=args.samples, seed=args.seed, tables=tables, backend=backend)
    log.info("link values written to %s", Path(out).resolve())
    return strict(args, table.attrs["diagnostics"])


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
    scenario, tables, network = load(args)
    if args.link not in network.links.index:
        # a planned link not yet in service, or a new one between two known regions: add it at zero
        from energymodel.network.network import build_network
        from energymodel.inputs.scenario import InterconnectorOptions

        links = {**scenario.interconnectors, args.link: InterconnectorOptions(capacity_mw=0.0)}
        scenario = scenario.model_copy(update={"interconnectors": links})
        network = build_network(scenario, tables)
        log.info("link %s is not in service in %s: added at zero capacity (data parameters if it is a planned "
                 "link, lossless otherwise)", args.link, scenario.name)
    network = fixed_capacity(network)
    cost = args.cost_usd_per_mw_yr
    if cost is None and args.capex_usd_per_mw is not None:
        if args.discount_rate is None:
            raise InputError("--capex-usd-per-mw needs --discount-rate (a real rate, e.g. 0.07)",
                             key="--discount-rate")
        cost = args.capex_usd_per_mw * annuity_factor(args.discount_rate, args.lifetime_years)
        log.info("annualised cost: %.0f USD/MW × annuity factor (r = %g, %g years) = %.0f USD/MW-yr",
                 args.capex_usd_per_mw, args.discount_rate, args.lifetime_years, cost)
    out = checked_out(args, Path("results") / f"{scenario.name}-curve-{args.link}", scenario)
    curve = run_curve(scenario, network, out, link=args.link, start_mw=args.from_mw, to_mw=args.to,
                      step_mw=args.step, cost_usd_per_mw_yr=cost, tables=tables, workers=args.workers)
    log.info("curve written to %s", Path(out).resolve())
    return strict(args, curve.attrs["diagnostics"])


def _compare_folder(args) -> Path:
    """The comparison's folder: ``--out`` or ``results/compare-<name>-<name>…``. An earlier comparison of
    other scenarios there is replaced only with ``--replace`` (exit 2 otherwise, before solving)."""
    import json
    import re

    from energymodel.inputs.scenario import load_scenario

    names = [load_scenario(p).name for p in args.scenarios]
    default = "compare-" + re.sub(r"[^A-Za-z0-9_.-]+", "_", "-".join(names))[:80]
    out = checked_out(args, Path("results") / default)
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
    """Each scenario of ``compare`` solved (:func:`solve_scenario`'s tuple), in order; with ``workers`` > 1
    on that many forked processes (every output check is made here first, before any solving)."""
    if workers <= 1 or len(subs) < 2:
        for sub in subs:
            yield solve_scenario(sub, check_out=check_out)
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    from energymodel.inputs.scenario import load_scenario
    for sub in subs:
        check_out(load_scenario(scenario_path(sub.scenario), data=sub.data, overrides=overrides(sub)))
    from functools import partial

    from energymodel.forking import quiet_worker, run_busy
    with ProcessPoolExecutor(min(workers, len(subs)), mp_context=mp.get_context("fork"),
                             initializer=quiet_worker) as pool:
        yield from pool.map(partial(run_busy, solve_scenario), subs)


def cmd_compare(args) -> int:
    import argparse as _argparse

    from energymodel.analysis.commands import write_compare
    from energymodel.outputs.bars import bar
    from energymodel.outputs.report import write_report
    from energymodel.inputs.data import read_map_positions
    from energymodel.results.folder import write_folder
    from energymodel.results.writing import write_results

    if args.workers < 1:
        raise InputError(f"expected --workers ≥ 1, got {args.workers}", key="--workers")
    out = _compare_folder(args)
    summaries: list[dict] = []
    subs = [_argparse.Namespace(**{**vars(args), "scenario": path}) for path in args.scenarios]

    def write(folder: Path) -> None:
        """Solve each scenario, write its results folder beside compare.*, then the comparison."""
        used: set[str] = set()
        for solved in bar(_solved(subs, lambda s: checked_out(args, out, s), args.workers), total=len(subs),
                          desc="scenarios", unit="scenario"):
            scenario, tables, results, cf_results, summary, solution, timings = solved
            name, k = scenario.name, 2
            while name in used:  # two files may share a scenario name
                name, k = f"{scenario.name}-{k}", k + 1
            used.add(name)
            write_results(results, folder / name, resolved_scenario=scenario.resolved_dict(),
                          metadata=metadata(scenario, tables, solution, timings), summary=summary,
                          extra_writer=lambda f: write_report(f, results, cf_results, summary["integration"] or None,
                                                              summary=summary,
                                                              positions=read_map_positions(tables.directory)))
            summaries.append(summary)
        write_compare(folder, summaries)

    write_folder(out, write)
    from energymodel.analysis.commands import compare_table
    log.info("comparison:\n%s", compare_table(summaries).to_string())
    log.info("comparison and each scenario's results folder written to %s", Path(out).resolve())
    return strict(args, [d for s in summaries for d in s["diagnostics"]])


def cmd_sweep(args) -> int:
    from energymodel.analysis.sweep.engine import backend_for
    from energymodel.analysis.sweep.runner import run_sweep
    from energymodel.analysis.sweep.spec import load_sweep, with_horizon

    spec = with_horizon(load_sweep(args.sweep_file), args.hours, args.resolution_h, args.start)
    out = checked_out(args, Path("results") / f"{spec.name}-sweep")
    with backend_for(args.workers, args.scheduler, args.dask_local) as backend:
        summary = run_sweep(spec, out, backend, data=args.data)
    return EXIT_OK if summary["failed"] == 0 else EXIT_SOLVE  # failed cases are recorded in cases.parquet
