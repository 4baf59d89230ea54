"""Capacity commissioned through the base year (``capacity_ramp.csv``, switch ``rules.capacity_ramp``): the
month's in-service share scales the availability of a technology in a region, only in the row's year."""
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from energymodel import build_network, load_scenario
from energymodel.errors import InputError
from energymodel.network.hydrology import MONTH_OF_HOUR

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "two_regions"
JANUARY, FEBRUARY = slice(0, 744), slice(744, 1416)


def _data(tmp_path, shares: dict[int, float], tech="solar_pv", region="SOUTH", year=2023):
    data = tmp_path / "two_regions"
    shutil.copytree(EXAMPLE, data)
    pd.DataFrame([dict(region=region, technology=tech, year=year, month=m, in_service_pu=pu, source_id="example")
                  for m, pu in shares.items()]).to_csv(data / "capacity_ramp.csv", index=False)
    return data


def _net(tmp_path, data, extra="", year=2023, hours=None):
    path = tmp_path / "s.yaml"
    path.write_text(f"name: s\ndata: {data}\nyear: {year}\n{extra}", encoding="utf-8")
    return build_network(load_scenario(path, hours=hours))


HALF_IN_JANUARY = {1: 0.5} | {m: 1.0 for m in range(2, 13)}


def test_the_months_share_scales_the_availability_in_the_rows_year_only(tmp_path):
    data = _data(tmp_path, HALF_IN_JANUARY)
    profile = pd.read_csv(data / "profiles" / "solar_pu.csv")["SOUTH"].to_numpy()
    ramped = _net(tmp_path, data).availability_pu
    assert ramped["SOUTH-solar_pv"].to_numpy()[JANUARY] == pytest.approx(0.5 * profile[JANUARY])
    assert ramped["SOUTH-solar_pv"].to_numpy()[FEBRUARY] == pytest.approx(profile[FEBRUARY])
    plain = _net(tmp_path, data, year=2026).availability_pu            # another year: as it is
    assert plain["SOUTH-solar_pv"].to_numpy() == pytest.approx(profile)
    off = _net(tmp_path, data, "rules: {capacity_ramp: false}\n").availability_pu
    assert off["SOUTH-solar_pv"].to_numpy() == pytest.approx(profile)
    # other technologies and regions are untouched
    assert ramped["SOUTH-wind"].to_numpy() == pytest.approx(off["SOUTH-wind"].to_numpy())


def test_the_ramp_lowers_what_the_lp_may_take(tmp_path):
    # One January day: SOUTH's solar may give at most half its profile, and the solve respects it.
    from energymodel import build_model, extract_results
    from energymodel.solver.highs import solve
    data = _data(tmp_path, HALF_IN_JANUARY)
    net = _net(tmp_path, data, hours=24)
    res = extract_results(net, solve(build_model(net)))
    d = res.dispatch
    solar = d.loc[d["generator"] == "SOUTH-solar_pv", "mw"].to_numpy()
    cap = net.generators.at["SOUTH-solar_pv", "capacity_mw"]
    profile = pd.read_csv(data / "profiles" / "solar_pu.csv")["SOUTH"].to_numpy()[:24]
    assert (solar <= 0.5 * cap * profile + 1e-6).all()


@pytest.mark.parametrize("shares, match", [
    ({1: 1.2} | {m: 1.0 for m in range(2, 13)}, "in_service_pu 1.2; expected a share in"),
    ({m: 1.0 for m in range(1, 12)}, "expected one row for each of the 12 months, found 11"),
    ({m: 1.0 for m in range(1, 12)} | {13: 1.0}, "month 13; expected 1..12"),
])
def test_bad_rows_are_input_errors(tmp_path, shares, match):
    with pytest.raises(InputError, match=match):
        _net(tmp_path, _data(tmp_path, shares))


def test_a_technology_without_generators_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no coal generator in region 'SOUTH'"):
        _net(tmp_path, _data(tmp_path, {m: 1.0 for m in range(1, 13)}, tech="coal"))


def test_shipped_base_year_ramps_chiles_solar_and_wind():
    # data/capacity_ramp.csv: IRENA end-2022 → end-2023, linear at mid-month; both Chilean zones follow it.
    ramp = pd.read_csv(ROOT / "data" / "capacity_ramp.csv")
    net = build_network(load_scenario(ROOT / "scenarios" / "base.yaml", hours=24))
    plain = build_network(load_scenario(ROOT / "scenarios" / "base.yaml", hours=24,
                                        overrides=[("rules.capacity_ramp", False)]))
    for tech in ("solar_pv", "wind"):
        jan = ramp[(ramp["technology"] == tech) & (ramp["month"] == 1)]["in_service_pu"].item()
        for zone in ("CL_N", "CL_C"):
            g = f"{zone}-{tech}"
            assert net.availability_pu[g].to_numpy() == pytest.approx(jan * plain.availability_pu[g].to_numpy())
    solar = ramp[ramp["technology"] == "solar_pv"]["in_service_pu"].to_numpy()
    assert solar.mean() * 8790.06 == pytest.approx((6578.67 + 8790.06) / 2, rel=1e-4)   # the 2023 mean capacity
    assert np.all(np.diff(solar) > 0) and MONTH_OF_HOUR[0] == 1
