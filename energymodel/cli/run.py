"""``energymodel run`` and ``energymodel validate``."""
from __future__ import annotations

from pathlib import Path

from energymodel.cli.common import (EXIT_OK, EXIT_REPORT, checked_out, counterfactual, load, log, metadata,
                                   step, strict)


def cmd_run(args) -> int:
    from energymodel.forking import fork_available, import_shared_base

    # import what every process of the run needs once (numpy, pandas, pydantic, highspy), then fork the
    # report worker (it imports matplotlib and plotly while this process loads the data and solves): this
    # process never imports Pyomo, SciPy or matplotlib
    import_shared_base()
    from energymodel.outputs.charts import ReportWorker
    reporter = ReportWorker() if fork_available() else None  # imports the plotting libraries meanwhile
    try:
        from energymodel import pipeline

        if args.out:
            checked_out(args, args.out)
        timings: dict[str, float] = {}
        with step("load scenario and data", timings):
            scenario, tables, network = load(args)
            cf = counterfactual(args, scenario, network, tables)
        out = checked_out(args, Path("results") / scenario.name, scenario)
        log.info("scenario %s: %d regions, %d generators, %d links, %d snapshots of %g h",
                 scenario.name, len(network.regions), len(network.generators), len(network.links),
                 network.n_snapshots, network.duration_h[0])
        run = pipeline.solve_and_write(scenario, network, tables, cf, out, timings=timings,
                                       report_worker=reporter, with_plots=not args.no_plots,
                                       metadata=lambda solution: metadata(scenario, tables, solution, timings))
        summary = run.summary
    finally:
        if reporter is not None:
            reporter.close()
    log.info("objective %.6g USD over %g h; annual cost %.6g USD", summary["objective_usd"],
             summary["hours_modelled"], summary["annual_cost_usd"])
    for region, row in summary["countries"].items():
        log.info("  %-4s price %7.2f USD/MWh  shed %.1f MWh", region, row["avg_price_usd_per_mwh"],
                 row["shed_mwh"])
    if summary["integration"]:
        log.info("value of integration vs %s: %.6g USD/yr", summary["integration"]["counterfactual"],
                 summary["integration"]["value_usd"])
    log.info("results written to %s", Path(out).resolve())
    code = strict(args, summary["diagnostics"])
    return EXIT_REPORT if run.report_error is not None and code == EXIT_OK else code



def cmd_validate(args) -> int:
    scenario, tables, network = load(args)
    counterfactual(args, scenario, network, tables)
    gens = network.generators
    log.info("scenario %s is valid: data %s, year %d, %d snapshots", scenario.name, scenario.data,
             scenario.year, network.n_snapshots)
    log.info("%d regions, %d generators (%.0f MW), %d reservoirs, %d storage units, %d links",
             len(network.regions), len(gens), gens["capacity_mw"].sum(), len(network.hydro),
             len(network.storage), len(network.links))
    return EXIT_OK
