"""Write a small, valid data directory and scenario to disk (for CLI and loader tests)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

HOURS = 8760


def _csv(path: Path, rows: list[dict] | pd.DataFrame, columns: list[str] | None = None) -> None:
    df = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows, columns=columns)
    df.to_csv(path, index=False)


def write_data_dir(root: Path) -> Path:
    """Two regions A and B (different countries): coal and hydro in A, gas and solar plus a battery in B."""
    d = root / "data"
    (d / "profiles").mkdir(parents=True)
    _csv(d / "sources.csv", [{"source_id": "test", "citation": "test fixture", "url": "", "year": "2024",
                              "licence": "CC0", "note": "made-up numbers for tests"}])
    _csv(d / "regions.csv", [{"region": "A", "name": "Alpha", "countries": "AAA", "utc_offset_h": -5, "source_id": "test"},
                             {"region": "B", "name": "Beta", "countries": "BBB", "utc_offset_h": -4, "source_id": "test"}])
    _csv(d / "demand.csv", [{"region": "A", "annual_twh": 0.876, "peak_mw": "", "source_id": "test"},
                            {"region": "B", "annual_twh": 1.752, "peak_mw": 250, "source_id": "test"}])
    _csv(d / "technologies.csv", [
        {"technology": "coal", "fuel": "coal", "heat_rate_mwh_th_per_mwh": 2.5, "vom_usd_per_mwh": 5,
         "emission_factor_tco2_per_mwh_th": 0.35, "availability_pu": 0.9, "profile": "", "source_id": "test"},
        {"technology": "ccgt", "fuel": "gas", "heat_rate_mwh_th_per_mwh": 2.0, "vom_usd_per_mwh": 3,
         "emission_factor_tco2_per_mwh_th": 0.2, "availability_pu": 0.95, "profile": "", "source_id": "test"},
        {"technology": "solar_pv", "fuel": "none", "heat_rate_mwh_th_per_mwh": 0, "vom_usd_per_mwh": 0,
         "emission_factor_tco2_per_mwh_th": 0, "availability_pu": 1, "profile": "solar", "source_id": "test"}])
    _csv(d / "generators.csv", [
        {"generator": "A-coal", "region": "A", "technology": "coal", "capacity_mw": 150, "source_id": "test"},
        {"generator": "B-ccgt", "region": "B", "technology": "ccgt", "capacity_mw": 250, "source_id": "test"},
        {"generator": "B-solar_pv", "region": "B", "technology": "solar_pv", "capacity_mw": 100, "source_id": "test"}])
    _csv(d / "fuel_prices.csv", [
        {"fuel": "coal", "region": "*", "price_usd_per_mwh_th": 12, "source_id": "test"},
        {"fuel": "gas", "region": "*", "price_usd_per_mwh_th": 30, "source_id": "test"}])
    _csv(d / "carbon_prices.csv", [{"region": "*", "carbon_usd_per_t": 0, "source_id": "test"}])
    _csv(d / "storage.csv", [{"storage": "B-battery", "region": "B", "technology": "battery", "power_mw": 20,
                              "energy_mwh": 80, "efficiency_charge": 0.95, "efficiency_discharge": 0.95,
                              "source_id": "test"}])
    _csv(d / "hydro.csv", [{"hydro": "A-hydro", "region": "A", "capacity_mw": 50, "energy_mwh": 5000,
                            "inflow_profile": "A", "source_id": "test"}])
    _csv(d / "interconnectors.csv", [
        {"link": "A-B", "from_region": "A", "to_region": "B", "capacity_fwd_mw": 60, "capacity_bwd_mw": 40,
         "efficiency": 0.98, "wheeling_usd_per_mwh": 1, "status": "existing", "year": "", "source_id": "test"},
        {"link": "A-B-2", "from_region": "A", "to_region": "B", "capacity_fwd_mw": 100, "capacity_bwd_mw": 100,
         "efficiency": 0.97, "wheeling_usd_per_mwh": 1, "status": "planned", "year": 2030, "source_id": "test"}])
    h = np.arange(HOURS)
    solar = np.clip(np.sin(((h % 24) - 6) / 12 * np.pi), 0, None).round(4)
    shape = 1 + 0.2 * np.sin(((h % 24) - 12) / 24 * 2 * np.pi)
    shape = shape / shape.mean()
    _csv(d / "profiles" / "demand_pu.csv", pd.DataFrame({"hour": h, "A": shape, "B": shape}))
    _csv(d / "profiles" / "solar_pu.csv", pd.DataFrame({"hour": h, "B": solar}))
    _csv(d / "profiles" / "inflow_pu.csv", pd.DataFrame({"hour": h, "A": np.full(HOURS, 0.4)}))
    _csv(d / "profiles.csv", [{"profile": p, "column": c, "source_id": "test", "note": ""}
                              for p, c in [("demand", "A"), ("demand", "B"), ("solar", "B"), ("inflow", "A")]])
    return d


def write_scenario(root: Path, text: str | None = None, name: str = "scen.yaml") -> Path:
    path = root / name
    path.write_text(text if text is not None else "data: data\nyear: 2023\nvoll_usd_per_mwh: 3000\n")
    return path


def write_gas_files(d: Path) -> Path:
    """Add a gas network to a directory from :func:`write_data_dir`: B's gas plant draws from node B, fed by
    a pipeline from a field in country AAA (priced off Henry Hub) and by world LNG through a terminal."""
    _csv(d / "gas_sources.csv", [{"source_id": "gas_test", "citation": "gas test fixture", "url": "",
                                  "year": "2024", "licence": "CC0", "note": "made-up numbers for tests"}])
    _csv(d / "gas_nodes.csv", [
        {"node": "B", "kind": "country", "region": "B", "country": "", "source_id": "gas_test"},
        {"node": "A_FIELD", "kind": "country", "region": "", "country": "AAA", "source_id": "gas_test"},
        {"node": "B_LNG", "kind": "lng", "region": "", "country": "BBB", "source_id": "gas_test"},
        {"node": "WORLD", "kind": "lng_market", "region": "", "country": "", "source_id": "gas_test"}])
    _csv(d / "gas_reference_prices.csv", [
        {"reference": "henry_hub", "price_usd_per_mwh_th": 10, "source_id": "gas_test"},
        {"reference": "lng", "price_usd_per_mwh_th": 40, "source_id": "test"}])
    _csv(d / "gas_supply.csv", [
        {"supply": "A-field", "node": "A_FIELD", "kind": "domestic", "capacity_mw_th": 300,
         "price_reference": "henry_hub", "adder_usd_per_mwh_th": 2, "source_id": "gas_test"},
        {"supply": "world", "node": "WORLD", "kind": "lng_import", "capacity_mw_th": "",
         "price_reference": "lng", "adder_usd_per_mwh_th": 0, "source_id": "gas_test"}])
    _csv(d / "gas_demand.csv", [{"node": "B", "nonpower_mw_th": 50, "source_id": "gas_test"}])
    _csv(d / "gas_links.csv", [
        {"gas_link": "A_FIELD-B", "from_node": "A_FIELD", "to_node": "B", "kind": "pipeline",
         "capacity_mw_th": 200, "cost_usd_per_mwh_th": 1, "loss_pu": 0.01, "source_id": "gas_test"},
        {"gas_link": "WORLD-B_LNG", "from_node": "WORLD", "to_node": "B_LNG", "kind": "lng_route",
         "capacity_mw_th": "", "cost_usd_per_mwh_th": 0, "loss_pu": 0, "source_id": "gas_test"},
        {"gas_link": "B_LNG-B", "from_node": "B_LNG", "to_node": "B", "kind": "regasification",
         "capacity_mw_th": 400, "cost_usd_per_mwh_th": 3, "loss_pu": 0, "source_id": "gas_test"}])
    return d


def write_zoned_data_dir(tmp_path, shares_ccgt=(1.0, 0.0), corridor_mw=120, landing=True):
    """A (country AAA): 100 MW flat demand, 300 MW coal at 35 USD/MWh. B (country BBB): 200 MW flat demand,
    250 MW CCGT at 63 USD/MWh, split into B1 (main, half the demand, the CCGT) and B2 (the other half, where
    the 60 MW A-B link lands: efficiency 0.98, wheeling 1), joined by a lossless corridor."""
    d = write_data_dir(tmp_path)
    _csv(d / "generators.csv", [
        {"generator": "A-coal", "region": "A", "technology": "coal", "capacity_mw": 300, "source_id": "test"},
        {"generator": "B-ccgt", "region": "B", "technology": "ccgt", "capacity_mw": 250, "source_id": "test"}])
    for name in ("storage", "hydro"):
        cols = pd.read_csv(d / f"{name}.csv").columns
        _csv(d / f"{name}.csv", [], columns=list(cols))
    h = np.arange(HOURS)
    _csv(d / "profiles" / "demand_pu.csv", pd.DataFrame({"hour": h, "A": np.ones(HOURS), "B": np.ones(HOURS)}))
    _csv(d / "zones.csv", [
        {"zone": "B1", "region": "B", "name": "B main", "main": 1, "demand_share_pu": 0.5, "utc_offset_h": -4,
         "source_id": "test"},
        {"zone": "B2", "region": "B", "name": "B border", "main": 0, "demand_share_pu": 0.5, "utc_offset_h": -4,
         "source_id": "test"}])
    _csv(d / "zone_shares.csv", [
        {"zone": "B1", "technology": "*", "share_pu": 0.5, "source_id": "test"},
        {"zone": "B2", "technology": "*", "share_pu": 0.5, "source_id": "test"},
        {"zone": "B1", "technology": "ccgt", "share_pu": shares_ccgt[0], "source_id": "test"},
        {"zone": "B2", "technology": "ccgt", "share_pu": shares_ccgt[1], "source_id": "test"}])
    _csv(d / "zone_links.csv", [{"link": "B2-B1", "from_zone": "B2", "to_zone": "B1", "capacity_fwd_mw": corridor_mw,
                                 "capacity_bwd_mw": corridor_mw, "efficiency": 1.0, "wheeling_usd_per_mwh": 0,
                                 "source_id": "test"}])
    _csv(d / "zone_landings.csv", [{"link": "A-B", "from_zone": "", "to_zone": "B2" if landing else "",
                                    "source_id": "test"}])
    return d


def run_cli(args: list[str], capsys) -> tuple[int, str]:
    """Run ``energymodel ARGS`` in-process: (exit code, what it wrote to stderr)."""
    from energymodel.cli import main

    capsys.readouterr()
    code = main(args)
    return code, capsys.readouterr().err
