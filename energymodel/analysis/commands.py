"""The deeper integration commands: ``links`` (leave-one-out and Shapley values), ``curve`` (value vs
capacity of one link) and ``compare`` (several scenarios side by side). Called by ``cli.py``."""
from __future__ import annotations

import json
import logging
import shutil
import time
from pathlib import Path

import pandas as pd

from energymodel.outputs import format as fmt
from energymodel.outputs import plots
from energymodel.inputs import units
from energymodel.errors import InputError
from energymodel.outputs.report import diagnostics_section
from energymodel.results import diagnostics
from energymodel.results.extract import extract_results
from energymodel.results.folder import write_folder

log = logging.getLogger("energymodel")
MUSD = units.MILLION


def _compiled(network):
    from energymodel.solver.highs import compile_network

    t0 = time.perf_counter()
    lp, _ = compile_network(network)
    return lp, time.perf_counter() - t0


def _links_diagnostics(scenario, network, lp, players: list[str], tables) -> list[dict]:
    """Diagnostics of ``links``: the scenario (every link) and its reference (no cross-border electricity
    link, gas links as in the scenario), solved once more each here to read their results."""
    from energymodel.solver.warm import LinkResolver

    resolver = LinkResolver(network, lp, scenario.solver)
    res = extract_results(network, resolver.solve())
    resolver.set_capacities({p: (0.0, 0.0) for p in players})
    none = extract_results(resolver.network(), resolver.solve())
    found = diagnostics.diagnose(res, none, "no cross-border electricity link", scenario=scenario, tables=tables,
                                 command="links")
    diagnostics.log_diagnostics(found, log)
    return diagnostics.records(found)


def run_links(scenario, network, out: Path, *, workers: int | None, max_exact: int, samples: int,
              seed: int, tables=None, backend=None) -> pd.DataFrame:
    """Leave-one-out and Shapley values written to ``out``; the table's ``attrs["diagnostics"]`` holds the
    diagnostics (also in links.json and at the top of links.md). The coalitions are solved on the sweep engine
    (``backend``, default a local pool of ``workers``); solved ones are kept in a hidden folder next to
    ``out`` until the results are written, so an interrupted run resumes."""
    from energymodel.analysis.links import candidate_links, link_values

    players = candidate_links(network)
    if not players:
        raise InputError("the scenario has no cross-border link with capacity; nothing to value",
                         file=scenario.source_file, key="interconnectors")
    n_solves = 2 ** len(players) if len(players) <= max_exact else None
    log.info("%d cross-border links: %s; %s", len(players), ", ".join(players),
             f"exact Shapley values need {n_solves} solves" if n_solves else
             f"sampled Shapley values over {samples} orderings")
    lp, build_s = _compiled(network)
    store_dir = Path(out).parent / f".{Path(out).name}.coalitions"
    table, cc = link_values(network, lp, scenario.solver, max_exact=max_exact, samples=samples, seed=seed,
                            workers=workers, backend=backend, store_dir=store_dir,
                            scenario=scenario.resolved_dict())
    total = table.attrs["total_value_usd"]
    found = _links_diagnostics(scenario, network, lp, players, tables)
    table.attrs["diagnostics"] = found
    log.info("value of all cross-border electricity links vs none of them: %.6g USD/yr; Shapley values (%s) sum to %.6g",
             total, table.attrs["method"], table["shapley_usd"].sum())

    def write(folder: Path) -> None:
        table.to_csv(folder / "links.csv")
        fig = plots.link_value_bars(table)
        plots.save(fig, folder / "links.png")
        show = fmt.format_frame(table[["leave_one_out_usd", "shapley_usd"]],
                                {"leave_one_out_usd": "musd", "shapley_usd": "musd"})
        show.columns = ["leave-one-out (M USD/yr)", "Shapley (M USD/yr)"]
        text = [f"# Value of each cross-border link: {scenario.name}", "", *diagnostics_section(found),
                f"Value of all {len(players)} cross-border electricity links against none of them (gas links as in the "
                f"scenario): **{total / MUSD:,.1f} M USD/yr**. "
                f"Shapley values: {table.attrs['method']}; they sum to {table['shapley_usd'].sum() / MUSD:,.1f}. "
                f"{cc.solves} solves of the same LP with changed link bounds took {cc.seconds:.1f} s "
                f"(model built once in {build_s:.1f} s).", "", fmt.markdown_table(show), "", "![links](links.png)", ""]
        (folder / "links.md").write_text("\n".join(text), encoding="utf-8")
        (folder / "links.json").write_text(json.dumps({"method": table.attrs["method"], "total_value_usd": total,
                                                       "solves": cc.solves, "seconds": cc.seconds,
                                                       "diagnostics": found}, indent=2))

    write_folder(out, write)
    shutil.rmtree(store_dir, ignore_errors=True)
    for link, row in table.iterrows():
        log.info("  %-12s leave-one-out %12.4g  Shapley %12.4g USD/yr", link, row.leave_one_out_usd, row.shapley_usd)
    return table


def run_curve(scenario, network, out: Path, *, link: str, start_mw: float, to_mw: float, step_mw: float,
              cost_usd_per_mw_yr: float | None, tables=None, workers: int = 1) -> pd.DataFrame:
    """The value-vs-capacity curve of ``link`` written to ``out``; ``attrs["diagnostics"]`` holds the
    diagnostics of the scenario as built against the link at zero (also in curve.json and curve.md).
    ``workers`` > 1: the capacities are solved on that many forked processes
    (:func:`~energymodel.analysis.links.capacity_curve_parallel`; the same values)."""
    import numpy as np

    from energymodel.analysis.links import break_even_mw, capacity_curve, capacity_curve_parallel
    from energymodel.solver.warm import LinkResolver

    if link not in network.links.index:
        raise InputError(f"unknown link {link!r}; links in this scenario: {', '.join(network.links.index)}",
                         file=scenario.source_file, key="--link")
    if step_mw <= 0 or to_mw <= start_mw:
        raise InputError("expected --step > 0 and --to greater than --from", key="--step")
    capacities = list(np.arange(start_mw, to_mw + step_mw / 2, step_mw))
    t0 = time.perf_counter()
    lp, build_s = _compiled(network)
    resolver = LinkResolver(network, lp, scenario.solver)
    first = resolver.solve()  # the scenario as built: a cold solve
    cold_s = time.perf_counter() - t0
    res = extract_results(network, first)
    del first
    fwd, bwd = resolver.capacity[link]
    resolver.set_capacity(link, 0.0, 0.0)
    zero = extract_results(resolver.network(), resolver.solve())
    resolver.set_capacity(link, fwd, bwd)
    found = diagnostics.diagnose(res, zero, f"{link} at zero", scenario=scenario, tables=tables, command="curve",
                                 link=link)
    diagnostics.log_diagnostics(found, log)
    found = diagnostics.records(found)
    if workers > 1:
        curve = capacity_curve_parallel(network, lp, scenario.solver, link, capacities, workers)
        curve = curve.drop(columns="first_in_worker")
    else:
        curve = capacity_curve(resolver, link, capacities)
    curve.attrs["diagnostics"] = found
    warm_s = float(curve["solve_s"].mean())
    speedup = cold_s / warm_s if warm_s > 0 else float("nan")
    log.info("cold build + solve %.2f s; warm re-solve %.2f s on average: %.1f× faster", cold_s, warm_s, speedup)
    be, inside = break_even_mw(curve, cost_usd_per_mw_yr) if cost_usd_per_mw_yr is not None else (None, False)

    def write(folder: Path) -> None:
        curve.to_csv(folder / "curve.csv")
        plots.save(plots.capacity_curve(curve, link, cost_usd_per_mw_yr, be if inside else None),
                   folder / "curve.png")
        show = curve[["value_usd", "marginal_value_usd_per_mw_yr", "dual_value_fwd_usd_per_mw_yr",
                      "dual_value_bwd_usd_per_mw_yr"]].copy()
        show = fmt.format_frame(show, {"value_usd": "musd", "marginal_value_usd_per_mw_yr": "kusd_per_mw_yr",
                                       "dual_value_fwd_usd_per_mw_yr": "kusd_per_mw_yr",
                                       "dual_value_bwd_usd_per_mw_yr": "kusd_per_mw_yr"})
        show.columns = ["value (M USD/yr)", "marginal value (k USD/MW-yr)", "capacity dual N→S (k USD/MW-yr)",
                        "capacity dual S→N (k USD/MW-yr)"]
        show.index = [fmt.mw(c) for c in show.index]
        show.index.name = "capacity (MW)"
        text = [f"# Value of {link} vs its capacity: {scenario.name}", "", *diagnostics_section(found),
                f"Value against {link} at zero, both directions at the capacity shown (annual USD). Marginal value "
                "per MW-yr from each step, and from the capacity duals at that capacity.", "",
                fmt.markdown_table(show), ""]
        if be is not None:
            if inside:
                text += [f"Break-even capacity for {cost_usd_per_mw_yr:,.0f} USD/MW-yr: **{be:g} MW** "
                         "(the last step whose marginal value still covers the annualised cost).", ""]
            else:
                text += [f"Every step up to {be:g} MW still earns more than {cost_usd_per_mw_yr:,.0f} USD/MW-yr: "
                         "the break-even capacity lies beyond the range; extend --to.", ""]
        text += [f"Re-solving without rebuilding: a cold build and solve took {cold_s:.2f} s, each warm re-solve "
                 f"{warm_s:.2f} s on average ({speedup:.1f}× faster).", "", "![curve](curve.png)", ""]
        (folder / "curve.md").write_text("\n".join(text), encoding="utf-8")
        (folder / "curve.json").write_text(json.dumps({"link": link, "break_even_mw": be if inside else None,
                                                       "every_step_pays_up_to_mw": None if inside else be,
                                                       "cost_usd_per_mw_yr": cost_usd_per_mw_yr,
                                                       "cold_build_and_solve_s": cold_s, "warm_resolve_s": warm_s,
                                                       "speedup": speedup, "diagnostics": found}, indent=2))

    write_folder(out, write)
    if be is not None:
        log.info("break-even capacity of %s at %.0f USD/MW-yr: %s", link, cost_usd_per_mw_yr,
                 f"{be:g} MW" if inside else f"beyond {be:g} MW (every step pays)")
    return curve


def compare_table(summaries: list[dict]) -> pd.DataFrame:
    """Metrics (rows) × scenarios (columns)."""
    cols = {}
    seen: dict[str, int] = {}
    for s in summaries:
        name = s["scenario"]
        seen[name] = seen.get(name, 0) + 1
        label = name if seen[name] == 1 else f"{name} ({seen[name]})"  # two files may share a name
        rows = {"annual cost (M USD)": s["annual_cost_usd"] / MUSD}
        integ = s.get("integration") or {}
        if integ:
            rows["value of integration (M USD/yr)"] = integ["value_usd"] / MUSD
            rows["counterfactual"] = integ["counterfactual"]
        ann = s["annualisation_factor"]
        for region, c in s["countries"].items():
            rows[f"{region} avg price (USD/MWh)"] = c["avg_price_usd_per_mwh"]
        rows["emissions (Mt CO2/yr)"] = sum(c["emissions_tco2"] for c in s["countries"].values()) * ann / units.T_PER_MT
        rows["unserved energy (GWh/yr)"] = sum(c["shed_mwh"] for c in s["countries"].values()) * ann / units.THOUSAND
        for link, row in (integ.get("by_link", {}).get("electricity", {}) if integ else {}).items():
            rows[f"{link} flow N→S / S→N (TWh/yr)"] = f"{row['energy_fwd_twh']:.2f} / {row['energy_bwd_twh']:.2f}"
        cols[label] = rows
    df = pd.DataFrame(cols)
    df.index.name = "metric"
    return df


def write_compare(folder: Path, summaries: list[dict]) -> pd.DataFrame:
    """Write compare.csv, compare.md, compare.png and summaries.json into ``folder`` (the caller's atomic
    write, see ``cli.cmd_compare``)."""
    table = compare_table(summaries)
    table.to_csv(folder / "compare.csv")
    plots.save(plots.compare_bars(summaries), folder / "compare.png")
    shown = table.map(lambda v: fmt.number(v) if isinstance(v, float) else fmt.BLANK if v is None else str(v))
    notes = [{**d, "message": f"{s['scenario']}: {d['message']}"}
             for s in summaries for d in s.get("diagnostics", [])]
    links = ["", "Each scenario's own results folder (report.md, report.html, tables) is beside this file: "
             + ", ".join(f"[{p.name}]({p.name}/report.md)" for p in sorted(folder.iterdir())
                         if (p / "report.md").exists()), ""]
    text = (["# Scenario comparison", "", *diagnostics_section(notes), fmt.markdown_table(shown), "",
             "![compare](compare.png)"] + links)
    (folder / "compare.md").write_text("\n".join(text), encoding="utf-8")
    (folder / "summaries.json").write_text(json.dumps(summaries, indent=2))
    return table
