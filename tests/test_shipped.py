"""The shipped data set, scenarios and example: provenance, units, and that they run."""
import json
from pathlib import Path

import pandas as pd
import pytest

from energymodel import build_network, load_scenario
from energymodel.cli import main
from energymodel.inputs.data import SCHEMAS, read_tables

ROOT = Path(__file__).resolve().parents[1]
UNIT_SUFFIXES = ("_mw", "_mwh", "_twh", "_h", "_pu", "_usd_per_mwh", "_usd_per_mwh_th", "_usd_per_t",
                 "_mwh_th_per_mwh", "_tco2_per_mwh_th", "_mw_th", "_mwh_th", "_usd_per_mmbtu")
UNITLESS = {"month", "efficiency", "efficiency_charge", "efficiency_discharge", "year", "main"}
"""Fractions (p.u., documented in data/README.md), calendar years, months and 0/1 flags (zones.csv main)."""


@pytest.mark.parametrize("data_dir", [ROOT / "data", ROOT / "examples" / "two_regions"])
def test_every_row_has_a_resolvable_source(data_dir):
    tables = read_tables(data_dir)
    known = tables.source_ids()  # sources.csv ∪ gas_sources.csv
    for name, df in tables.tables.items():
        if "source_id" in df and name not in ("sources", "gas_sources"):
            missing = set(df["source_id"]) - known
            assert not missing, f"{name}.csv cites unknown sources {missing}"
    for col in ("citation", "licence"):
        assert (tables["sources"][col].str.len() > 0).all(), f"sources.csv: empty {col}"


def test_every_numeric_column_has_a_unit():
    for name, schema in SCHEMAS.items():
        for col, kind in schema.items():
            if kind.startswith("num"):
                assert col.endswith(UNIT_SUFFIXES) or col in UNITLESS, f"{name}.{col} has no unit in its name"


def test_only_curated_tables_are_shipped():
    """data/ holds our own CSV tables and their README, never a copy of a reference file (some, like the
    GEM trackers, are non-commercial: their figures are cited, the files are not redistributed)."""
    shipped = [p for p in (ROOT / "data").rglob("*") if p.is_file()]
    studies = ROOT / "data" / "studies"  # the registry of published studies: our own YAML, one per study
    assert all(p.suffix in (".csv", ".md") or (p.parent == studies and p.suffix == ".yaml") for p in shipped), \
        [p.name for p in shipped]
    for table in (p for p in shipped if p.parent.name == "data" and p.suffix == ".csv"):
        columns = pd.read_csv(table, nrows=0).columns
        assert "source_id" in columns or table.stem.endswith("sources"), f"{table.name} has no source_id column"


def test_base_scenario_builds_eight_countries_with_chile_and_peru_as_zones():
    net = build_network(load_scenario(ROOT / "scenarios" / "base.yaml", hours=24))
    assert list(net.regions.index) == ["MX", "GT", "CAM", "PA", "CO", "EC", "PE_S", "PE_CN", "CL_N", "CL_C"]
    assert list(dict.fromkeys(net.regions["country"])) == ["MX", "GT", "CAM", "PA", "CO", "EC", "PE", "CL"]
    assert {"CL_N-CL_C", "PE_CN-PE_S"} <= set(net.links.index)
    net = build_network(load_scenario(ROOT / "scenarios" / "base.yaml", hours=24, overrides=[("zones", False)]))
    assert list(net.regions.index) == ["MX", "GT", "CAM", "PA", "CO", "EC", "PE", "CL"]
    assert set(net.links.index) >= {"MX-GT", "GT-CAM", "CAM-PA", "CO-EC", "EC-PE"}
    assert net.links["cross_border"].all()


def test_example_runs_end_to_end(tmp_path):
    assert main(["-q", "run", str(ROOT / "examples" / "two_regions.yaml"), "--hours", "168",
                 "--out", str(tmp_path / "ex")]) == 0
    summary = json.loads((tmp_path / "ex" / "summary.json").read_text())
    assert summary["status"] == "optimal" and set(summary["countries"]) == {"NORTH", "SOUTH"}


def test_base_week_runs_and_country_values_add_up(tmp_path):
    assert main(["-q", "run", str(ROOT / "scenarios" / "base.yaml"), "--hours", "168",
                 "--out", str(tmp_path / "base")]) == 0
    integ = json.loads((tmp_path / "base" / "summary.json").read_text())["integration"]
    total = sum(c["value_usd"] for c in integ["by_country"].values())
    assert total == pytest.approx(integ["value_usd"], rel=1e-6)  # the welfare identity on the real data


@pytest.mark.slow
def test_base_full_year_serves_demand(tmp_path):
    """Full year of the base scenario: optimal, and unserved energy below 0.01 % of demand."""
    assert main(["-q", "run", str(ROOT / "scenarios" / "base.yaml"), "--out", str(tmp_path / "base")]) == 0
    summary = json.loads((tmp_path / "base" / "summary.json").read_text())
    countries = summary["countries"]
    demand_mwh = sum(c["demand_twh"] for c in countries.values()) * 1e6
    assert sum(c["shed_mwh"] for c in countries.values()) < 1e-4 * demand_mwh
    # coarse regression pin (2023 data set, first version): total annual cost, 14.6 bn USD
    # issue 4: the objective now includes the gas network (all non-power gas supply, LNG export revenue,
    # pipeline and LNG costs) while gas plants' fuel moves into it: 16.48 bn USD
    # issue 8 (2023 backcast): Ember 2023 demand, Ecuador's oil at delivered cost, must-run fleets (Mexico's
    # 35 TWh of fuel oil, Colombia's coal, Ecuador's oil), Colombia's reservoir path: 26.80 bn USD
    # issue 8 (Chile): take-or-pay gas of the combined cycles and the solar/wind capacity ramp of 2023, with
    # Peru's 2023 gas fleet: 27.44 bn USD
    # issue 8 (Central America, merged with Chile's): bagasse harvest profile, Panama's coal at its grid share
    # and July peak, CAM's engine tiers and month budget, Panama's take-or-pay LNG: 27.65 bn USD (measured
    # 2.7651e10, `python run_scenario.py`, full year)
    # issue 8 (monthly fuel prices, Panama's hydro by period and period budget, ETESA's export stop): 27.08 bn
    # USD (2.7084e10, full year, 2026-11-30); with rules.monthly_fuel_prices=false 27.66 bn: the move is the
    # monthly oil and bunker prices
    assert summary["annual_cost_usd"] == pytest.approx(2.708e10, rel=0.02)
