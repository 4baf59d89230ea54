"""Hydrology as data: the scenario's ``hydrology`` year scales the shipped inflow profiles month by month;
reservoir start levels and the reported level path; bad input."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from energymodel import build_network, load_scenario
from energymodel.errors import InputError
from energymodel.network.hydrology import MONTH_OF_HOUR

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "scenarios" / "base.yaml"


def _scenario(tmp_path, extra: str):
    path = tmp_path / "s.yaml"
    path.write_text(f"extends: {BASE}\n{extra}", encoding="utf-8")
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
    net = build_network(load_scenario(BASE))
    co = net.hydro.loc["CO-hydro_reservoir"]
    assert co["start_level_mwh"] == pytest.approx(0.7019 * co["energy_mwh"])
    floors = net.level_floor_mwh["CO-hydro_reservoir"]
    # the last hour of September (UTC) holds the reported end-September level 73.68 % as a floor
    t = np.flatnonzero(net.snapshots == pd.Timestamp("2023-09-30 23:00", tz="UTC"))[0]
    assert floors.iat[t] == pytest.approx(0.7368 * co["energy_mwh"])
    assert net.level_cap_mwh.isna().all().all()
    assert floors.notna().sum() == 5


def test_cyclic_option_and_switches(tmp_path):
    net = build_network(_scenario(tmp_path, "reservoir_end: cyclic\nrules: {reservoir_path: false, must_run: false}\n"))
    assert net.hydro["start_level_mwh"].isna().all()
    assert net.level_floor_mwh.isna().all().all()
    assert set(net.gen_limits["rule"]) == {"fuel_supply"}
