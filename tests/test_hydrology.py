"""Hydrology as data: the scenario's ``hydrology`` year scales the shipped inflow profiles month by month;
reservoir start levels and the reported level path; bad input."""
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from energymodel import build_network, load_scenario
from energymodel.errors import InputError
from energymodel.network.hydrology import MONTH_OF_HOUR

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "scenarios" / "base.yaml"


NO_ZONES = [("zones", False)]
"""These tests read the hydrology data per country: one reservoir per country, zones off (tests/test_zones.py
covers how zones split reservoirs, start levels and level paths)."""


def _scenario(tmp_path, extra: str):
    path = tmp_path / "s.yaml"
    path.write_text(f"extends: {BASE}\nzones: false\n{extra}", encoding="utf-8")
    return load_scenario(path)


def test_hydrology_year_sets_each_months_reservoir_inflow(tmp_path):
    hyd = pd.read_csv(ROOT / "data" / "hydrology.csv")
    nets = {y: build_network(_scenario(tmp_path, f"hydrology: {y}\n")) for y in (2016, 2023)}
    assert nets[2016].hydrology_year == 2016 and nets[2023].hydrology_year == 2023
    # the reservoir inflow is not clipped, so its monthly energy scales exactly with hydrology.csv
    for region in ("CO", "PE", "CL"):
        h = f"{region}-hydro_reservoir"
        e = {y: np.bincount(MONTH_OF_HOUR - 1, weights=n.inflow_mw[h].to_numpy(), minlength=12) for y, n in nets.items()}
        rep = {y: hyd[(hyd.region == region) & (hyd.year == y)].sort_values("month")["inflow_twh"].to_numpy()
               for y in e}
        assert np.allclose(e[2016] / e[2023], rep[2016] / rep[2023], rtol=1e-9)


def test_default_hydrology_is_the_latest_year_and_unknown_years_are_rejected(tmp_path):
    assert build_network(load_scenario(BASE, hours=24)).hydrology_year == 2023
    with pytest.raises(InputError, match="no hydrology for 1999"):
        build_network(_scenario(tmp_path, "hydrology: 1999\n"))


def test_start_levels_and_the_colombian_level_path():
    net = build_network(load_scenario(BASE, overrides=NO_ZONES))
    co = net.hydro.loc["CO-hydro_reservoir"]
    # XM: 79.04 % at the end of 2022 (start), 70.19 % at the end of 2023 (least end level, full year)
    assert co["start_level_mwh"] == pytest.approx(0.7904 * co["energy_mwh"])
    assert co["end_level_mwh"] == pytest.approx(0.7019 * co["energy_mwh"])
    floors, caps = net.level_floor_mwh["CO-hydro_reservoir"], net.level_cap_mwh["CO-hydro_reservoir"]
    # the last hour of September (UTC) holds the reported end-September level 73.68 % (floor = cap: exact)
    t = np.flatnonzero(net.snapshots == pd.Timestamp("2023-09-30 23:00", tz="UTC"))[0]
    assert floors.iat[t] == pytest.approx(0.7368 * co["energy_mwh"])
    assert caps.iat[t] == pytest.approx(0.7368 * co["energy_mwh"])
    # June's "~81 %" is approximate: a band of ±2 points
    t6 = np.flatnonzero(net.snapshots == pd.Timestamp("2023-06-30 23:00", tz="UTC"))[0]
    assert (floors.iat[t6], caps.iat[t6]) == pytest.approx((0.79 * co["energy_mwh"], 0.83 * co["energy_mwh"]))
    assert floors.notna().sum() == 5 and caps.notna().sum() == 5
    # Peru's month budget: every month end at the start level
    pe = net.hydro.loc["PE-hydro_reservoir"]
    assert net.level_floor_mwh["PE-hydro_reservoir"].dropna().tolist() == pytest.approx([pe["start_level_mwh"]] * 12)
    assert net.level_cap_mwh["PE-hydro_reservoir"].dropna().tolist() == pytest.approx([pe["start_level_mwh"]] * 12)


def test_colombian_inflow_is_generation_plus_the_reported_storage_change():
    # hydrology.csv, CO 2023: Σ inflow = Σ generation (Ember 54.22 TWh) + (0.7019 − 0.7904) × energy_mwh
    hyd = pd.read_csv(ROOT / "data" / "hydrology.csv")
    co = hyd[(hyd.region == "CO") & (hyd.year == 2023)]
    energy_twh = pd.read_csv(ROOT / "data" / "hydro.csv").set_index("hydro").at["CO-hydro_reservoir", "energy_mwh"] / 1e6
    assert co["inflow_twh"].sum() == pytest.approx(54.22 + (0.7019 - 0.7904) * energy_twh, abs=2e-4)
    assert set(co["source_id"]) == {"hydrology_water_balance"}


def test_end_level_is_interpolated_on_short_horizons_and_ignored_for_other_hydrology_years(tmp_path):
    co = build_network(load_scenario(BASE, hours=876, overrides=NO_ZONES)).hydro.loc["CO-hydro_reservoir"]
    # 876 h = a tenth of the year: start + (end − start) / 10
    assert co["end_level_mwh"] == pytest.approx((0.7904 + (0.7019 - 0.7904) / 10) * co["energy_mwh"])
    other = build_network(_scenario(tmp_path, "hydrology: 2020\n")).hydro.loc["CO-hydro_reservoir"]
    assert other["end_level_mwh"] == pytest.approx(other["start_level_mwh"])


def test_month_budget_switch_and_unknown_rule(tmp_path):
    net = build_network(_scenario(tmp_path, "rules: {hydro_month_budget: false}\n"))
    assert net.level_floor_mwh["PE-hydro_reservoir"].isna().all()
    assert net.level_floor_mwh["CO-hydro_reservoir"].notna().sum() == 5
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    levels = pd.read_csv(data / "reservoir_levels.csv")
    levels.loc[0, "rule"] = "whatever"
    levels.to_csv(data / "reservoir_levels.csv", index=False)
    with pytest.raises(InputError, match="unknown rule 'whatever'"):
        build_network(_scenario(tmp_path, f"data: {data}\n"))
    levels.loc[0, "rule"] = "month_budget"
    levels.loc[0, "hydro"] = "XX-hydro_reservoir"
    levels.to_csv(data / "reservoir_levels.csv", index=False)
    with pytest.raises(InputError, match="row 2: unknown reservoir 'XX-hydro_reservoir'"):
        build_network(_scenario(tmp_path, f"data: {data}\n"))
    # with the month-budget rows off, the bad row is not read
    build_network(_scenario(tmp_path, f"data: {data}\nrules: {{hydro_month_budget: false}}\n"))
    hydro = pd.read_csv(data / "hydro.csv")
    hydro.loc[hydro["hydro"] == "CO-hydro_reservoir", "end_level_pu"] = 1.2
    hydro.to_csv(data / "hydro.csv", index=False)
    with pytest.raises(InputError, match="end_level_pu of CO-hydro_reservoir is 1.2"):
        build_network(_scenario(tmp_path, f"data: {data}\nrules: {{hydro_month_budget: false}}\n"))


def test_panamas_period_budget_holds_june_and_september_with_the_2023_hydrology_only(tmp_path):
    # rule period_budget: Panama's reservoir is back at its start level at the end of June and September, so
    # each reported period's hydro (pa_hydro_periods_2023) is generated in it; another year's hydrology has
    # no reported periods, and the switch turns it off
    net = build_network(_scenario(tmp_path, ""))
    floor, cap = net.level_floor_mwh["PA-hydro_reservoir"], net.level_cap_mwh["PA-hydro_reservoir"]
    start = float(net.hydro.at["PA-hydro_reservoir", "start_level_mwh"])
    pinned = floor.notna().to_numpy()
    assert list(net.snapshots[pinned].strftime("%m-%d %H")) == ["06-30 23", "09-30 23"]
    assert floor[pinned].tolist() == pytest.approx([start, start]) and cap[pinned].tolist() == pytest.approx([start, start])
    hyd = pd.read_csv(ROOT / "data" / "hydrology.csv")
    pa = hyd[(hyd["region"] == "PA") & (hyd["year"] == 2023)].set_index("month")["inflow_twh"]
    assert pa.loc[1:6].sum() == pytest.approx(0.3577 * 13.11 * 181 / 365, abs=1e-4)     # ASEP's first-half share
    assert pa.loc[1:9].sum() == pytest.approx(5.728023 * (1 - 0.381), abs=1e-4)         # Contraloria
    for extra in ("hydrology: 2020\n", "rules: {hydro_month_budget: false}\n"):
        other = build_network(_scenario(tmp_path, extra))
        assert other.level_floor_mwh["PA-hydro_reservoir"].isna().all()
        assert other.level_cap_mwh["PA-hydro_reservoir"].isna().all()


def test_cyclic_option_and_switches(tmp_path):
    net = build_network(_scenario(tmp_path, "reservoir_end: cyclic\nrules: {reservoir_path: false, hydro_month_budget: false, "
                                            "must_run: false, take_or_pay: false}\n"))
    assert net.hydro["start_level_mwh"].isna().all()
    assert net.level_floor_mwh.isna().all().all()
    assert set(net.gen_limits["rule"]) == {"fuel_supply"}


def _short_example(tmp_path, first_row: int, n_rows: int):
    """examples/two_regions cut to ``n_rows`` profile rows from ``first_row``, timestamped, with a
    hydrology.csv for NORTH (run-of-river 300 MW and a 400 MW reservoir)."""
    import shutil

    data = tmp_path / "two_regions"
    shutil.copytree(ROOT / "examples" / "two_regions", data)
    stamps = pd.date_range("2023-01-01", periods=8760, freq="h")[first_row:first_row + n_rows]
    for path in (data / "profiles").glob("*_pu.csv"):
        df = pd.read_csv(path).iloc[first_row:first_row + n_rows].drop(columns="hour")
        df.insert(0, "snapshot", stamps.strftime("%Y-%m-%dT%H:%MZ"))
        df.to_csv(path, index=False)
    twh = {m: 0.1 for m in range(1, 13)} | {7: 0.186, 8: 0.1488}  # July: 250 MW on average, August: 200 MW
    pd.DataFrame({"region": "NORTH", "year": 2023, "month": list(twh), "inflow_twh": list(twh.values()),
                  "source_id": "example"}).to_csv(data / "hydrology.csv", index=False)
    return data


def test_hydrology_scales_profiles_of_any_length_by_the_part_of_each_month_they_cover(tmp_path):
    # 72 rows from 30 July 00:00: 48 hours of July (of 744) and 24 of August (of 744). The hydro energy of
    # NORTH in those rows is the reported monthly energy times the share of the month covered:
    # 0.186 TWh · 48/744 = 12,000 MWh and 0.1488 TWh · 24/744 = 4,800 MWh.
    data = _short_example(tmp_path, 4344 + 29 * 24, 72)
    (tmp_path / "s.yaml").write_text("name: s\ndata: two_regions\nyear: 2023\n")
    net = build_network(load_scenario(tmp_path / "s.yaml"))
    assert net.hydrology_year == 2023
    energy = (net.availability_pu["NORTH-hydro_ror"] * 300 + net.inflow_mw["NORTH-hydro_reservoir"]).to_numpy()
    assert energy[:48].sum() == pytest.approx(12000, rel=1e-9)
    assert energy[48:].sum() == pytest.approx(4800, rel=1e-9)
    # time.start picks rows of the same scaled profiles
    (tmp_path / "w.yaml").write_text("name: w\ndata: two_regions\nyear: 2023\ntime: {start: 2023-07-31}\n")
    window = build_network(load_scenario(tmp_path / "w.yaml"))
    assert window.n_snapshots == 48
    assert window.inflow_mw.to_numpy() == pytest.approx(net.inflow_mw.to_numpy()[24:])
    # hour-indexed profiles of another length: rows from 1 January of a non-leap year (here 48 h of January)
    short = _short_example(tmp_path / "h", 0, 48)
    for path in (short / "profiles").glob("*_pu.csv"):
        df = pd.read_csv(path).drop(columns="snapshot")
        df.insert(0, "hour", range(len(df)))
        df.to_csv(path, index=False)
    (tmp_path / "h" / "s.yaml").write_text("name: s\ndata: two_regions\nyear: 2023\n")
    jan = build_network(load_scenario(tmp_path / "h" / "s.yaml"))
    energy = (jan.availability_pu["NORTH-hydro_ror"] * 300 + jan.inflow_mw["NORTH-hydro_reservoir"]).to_numpy()
    assert energy.sum() == pytest.approx(0.1e6 * 48 / 744, rel=1e-9)


def test_the_reported_level_path_is_the_base_years_and_another_hydrology_year_solves():
    """Colombia's reported 2023 level path is not imposed on another year's inflows (with 2021's it was
    unreachable and the base year infeasible); month budgets, which hold for any year's inflows, stay."""
    from energymodel.solver.highs import compile_network, solve_lp

    scenario = load_scenario(BASE, overrides=NO_ZONES + [("hydrology", 2021), ("time.resolution_h", 24)])
    net = build_network(scenario)
    assert net.level_floor_mwh["CO-hydro_reservoir"].isna().all()
    assert net.level_cap_mwh["CO-hydro_reservoir"].isna().all()
    assert net.level_floor_mwh["PE-hydro_reservoir"].notna().sum() == 12
    assert solve_lp(compile_network(net)[0], scenario.solver).status == "optimal"
