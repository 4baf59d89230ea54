"""Calibration: simulated annual generation and hydro share per region against reported figures.

The reported figures are the shipped table ``<data>/calibration_generation.csv`` (columns ``region,
total_twh, hydro_twh, year, source_id``; see ``data/README.md``). The targets of issue 3 are every
region within ±10 % on annual generation and within ±8 percentage points on the hydro share, with
unserved energy below 0.01 % of demand (calibration never hides shedding).

    df = run("scenarios/base.yaml")           # full-year solve, then compare()
    print(format_table(df))

Simulated totals are Σ_t weight_h · p over the modelled horizon scaled to one year (× 8760 / Σ weight_h),
so a shorter horizon gives an annualised, not a comparable, figure (hydro inflow is seasonal).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from energymodel.inputs import units
from energymodel.errors import InputError
from energymodel.results.countries import country_of, to_countries

REPORTED_FILE = "calibration_generation.csv"
"""Name of the reported-generation table in a data directory."""
TARGET_GENERATION_PCT = 10.0
"""Largest accepted |simulated − reported| / reported annual generation [%]."""
TARGET_HYDRO_PP = 8.0
"""Largest accepted |simulated − reported| hydro share of generation [percentage points]."""
TARGET_UNSERVED_PCT = 0.01
"""Largest accepted unserved energy, share of the region's demand [%]."""
HYDRO_TECHNOLOGIES = ("hydro_ror", "hydro_reservoir")
"""Technologies counted as hydro (run-of-river generators and reservoir hydro)."""

COLUMNS = ["simulated_twh", "reported_twh", "error_pct", "hydro_share_sim_pct",
           "hydro_share_reported_pct", "diff_pp", "within_target", "demand_twh", "net_import_twh",
           "unserved_pct", "reported_year"]


def read_reported(data_dir: str | Path) -> pd.DataFrame:
    """The reported generation table, indexed by region (total_twh, hydro_twh, year, source_id)."""
    path = Path(data_dir) / REPORTED_FILE
    df = pd.read_csv(path) if path.exists() else None
    if df is None:
        raise InputError("reported-generation table not found (needed for calibration)", file=path)
    missing = [c for c in ("region", "total_twh", "hydro_twh", "year", "source_id") if c not in df]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}", file=path)
    return df.set_index("region")


def simulated(results) -> pd.DataFrame:
    """Per country (zones added up), annualised: generation_twh, hydro_twh, demand_twh, shed_twh, net_import_twh."""
    net = results.network
    w = pd.Series(net.weight_h, index=net.snapshots)
    scale = net.annualisation / units.MWH_PER_TWH
    disp = results.dispatch
    mwh = disp["mw"].to_numpy() * disp["snapshot"].map(w).to_numpy()
    hydro = disp["technology"].isin(HYDRO_TECHNOLOGIES).to_numpy()
    per = pd.DataFrame({"region": disp["region"].to_numpy(), "gen": mwh, "hydro": np.where(hydro, mwh, 0.0)})
    agg = per.groupby("region").sum()
    regions = net.regions.index
    demand = net.demand_mw.set_axis(net.snapshots, axis=0)[list(regions)].mul(w, axis=0).sum()
    shed = results.shedding
    shed_mwh = (shed["shed_mw"] * shed["snapshot"].map(w)).groupby(shed["region"]).sum()
    out = pd.DataFrame(index=regions)
    out["generation_twh"] = agg["gen"].reindex(regions).fillna(0.0) * scale
    out["hydro_twh"] = agg["hydro"].reindex(regions).fillna(0.0) * scale
    out["demand_twh"] = demand * scale
    out["shed_twh"] = shed_mwh.reindex(regions).fillna(0.0) * scale
    # what the region did not generate for its own demand came over the links (net of losses, storage)
    out["net_import_twh"] = out["demand_twh"] - out["shed_twh"] - out["generation_twh"]
    return to_countries(out, country_of(net))  # zones add up to their country


def compare(results, reported: pd.DataFrame) -> pd.DataFrame:
    """Per region: simulated vs reported annual generation and hydro share, and whether both are
    inside the targets (and unserved energy below ``TARGET_UNSERVED_PCT``).

    ``reported`` has a ``region`` column or index and columns ``total_twh``, ``hydro_twh`` (and
    optionally ``year``). Regions without a reported figure are left out.
    """
    rep = reported.set_index("region") if "region" in reported.columns else reported
    sim = simulated(results)
    regions = [r for r in sim.index if r in rep.index]
    sim, rep = sim.loc[regions], rep.loc[regions]
    out = pd.DataFrame(index=pd.Index(regions, name="region"))
    out["simulated_twh"] = sim["generation_twh"]
    out["reported_twh"] = rep["total_twh"].astype(float)
    out["error_pct"] = 100.0 * (out["simulated_twh"] / out["reported_twh"] - 1.0)
    out["hydro_share_sim_pct"] = 100.0 * sim["hydro_twh"] / sim["generation_twh"].where(sim["generation_twh"] > 0)
    out["hydro_share_reported_pct"] = 100.0 * rep["hydro_twh"].astype(float) / out["reported_twh"]
    out["diff_pp"] = out["hydro_share_sim_pct"] - out["hydro_share_reported_pct"]
    out["demand_twh"] = sim["demand_twh"]
    out["net_import_twh"] = sim["net_import_twh"]
    out["unserved_pct"] = 100.0 * sim["shed_twh"] / sim["demand_twh"].where(sim["demand_twh"] > 0)
    out["within_target"] = ((out["error_pct"].abs() <= TARGET_GENERATION_PCT)
                            & (out["diff_pp"].abs() <= TARGET_HYDRO_PP)
                            & (out["unserved_pct"].fillna(0.0) < TARGET_UNSERVED_PCT))
    out["reported_year"] = rep["year"] if "year" in rep else np.nan
    return out[COLUMNS]


def run(scenario_path: str | Path, hours: int | None = None) -> pd.DataFrame:
    """Solve ``scenario_path`` (full year unless ``hours``) and compare with its data directory's
    ``calibration_generation.csv``."""
    from energymodel import build_network, extract_results, load_scenario
    from energymodel.pipeline import step
    from energymodel.solver.highs import compile_network, solve_lp

    timings: dict[str, float] = {}
    with step("load scenario and data", timings):
        scenario = load_scenario(scenario_path, hours=hours)
        reported = read_reported(scenario.data)
        network = build_network(scenario)
    with step("build and compile model", timings):
        lp, _ = compile_network(network)
    with step("solve", timings):
        solution = solve_lp(lp, scenario.solver)
    results = extract_results(network, solution)
    return compare(results, reported)


def format_table(df: pd.DataFrame) -> str:
    """A plain-text table of :func:`compare`'s output, with the targets and a verdict line."""
    head = (f"{'region':<7}{'sim TWh':>9}{'rep TWh':>9}{'err %':>8}{'hydro sim %':>13}"
            f"{'hydro rep %':>13}{'diff pp':>9}{'net imp TWh':>13}{'unserved %':>12}  ok")
    lines = [head, "-" * len(head)]
    for region, r in df.iterrows():
        lines.append(f"{region:<7}{r.simulated_twh:>9.2f}{r.reported_twh:>9.2f}{r.error_pct:>+8.1f}"
                     f"{r.hydro_share_sim_pct:>13.1f}{r.hydro_share_reported_pct:>13.1f}{r.diff_pp:>+9.1f}"
                     f"{r.net_import_twh:>+13.2f}{r.unserved_pct:>12.4f}  {'yes' if r.within_target else 'NO'}")
    n_out = int((~df["within_target"]).sum())
    lines.append("-" * len(head))
    lines.append(f"targets: |err| <= {TARGET_GENERATION_PCT:g} %, |diff| <= {TARGET_HYDRO_PP:g} pp, "
                 f"unserved < {TARGET_UNSERVED_PCT:g} % of demand; "
                 + ("all regions inside" if n_out == 0 else f"{n_out} region(s) outside"))
    return "\n".join(lines)
