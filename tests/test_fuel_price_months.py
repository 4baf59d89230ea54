"""Monthly fuel prices (``fuel_price_months.csv``, switch ``rules.monthly_fuel_prices``): a unit paying the
exogenous price of a fuel pays the month's price in the row's year; the LP, the results' costs and the
PyPSA export all price output per snapshot."""
import logging
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from energymodel import build_model, build_network, load_scenario
from energymodel.analysis.integration import welfare_by_region
from energymodel.errors import InputError
from energymodel.model.direct import build_lp
from energymodel.network.fuelprices import generator_costs
from energymodel.results.extract import region_totals
from energymodel.solver.highs import compile_lp, solve_lp
from networks import make_network, solve_network
from test_direct_build import assert_same_lp

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "two_regions"
COAL_HR, COAL_VOM = 3.1326, 10.42          # examples/two_regions/technologies.csv
JAN_31 = 30 * 24                           # first hour of 31 January


def two_snapshot_network():
    """One region, 100 MW of demand in two snapshots. ``oil`` (heat rate 2, VOM 5, annual fuel price 40:
    cost 85) pays 30 then 50 USD/MWh_th on its monthly series: 65 then 105 USD/MWh. ``flat`` costs 70.

    Closed form: snapshot 0, oil is cheaper (65 < 70) and sets the price at 65; snapshot 1, flat is (70 <
    105) and sets it at 70. Objective 100·65 + 100·70 = 13,500 USD."""
    net = make_network({"A": 100}, [dict(name="oil", region="A", capacity_mw=150, cost=85),
                                    dict(name="flat", region="A", capacity_mw=150, cost=70)], n_t=2)
    gens = net.generators.copy()
    gens.loc["oil", ["fuel", "heat_rate_mwh_th_per_mwh", "fuel_price_usd_per_mwh_th", "vom_usd_per_mwh"]] = \
        ["oil", 2.0, 40.0, 5.0]
    gens["fuel_price_series"] = ["oil:A", ""]
    series = pd.DataFrame({"oil:A": [30.0, 50.0]}, index=pd.RangeIndex(2, name="snapshot"))
    return net.replace(generators=gens, fuel_price_mwh_th=series)


def test_the_months_price_sets_each_snapshots_cost_and_price():
    net = two_snapshot_network()
    np.testing.assert_allclose(generator_costs(net), [[65.0, 105.0], [70.0, 70.0]])
    res = solve_network(net)
    assert res.objective_usd == pytest.approx(100 * 65 + 100 * 70)
    assert res.price_matrix()["A"].to_numpy() == pytest.approx([65.0, 70.0])
    mw = res.dispatch.pivot(index="snapshot", columns="generator", values="mw")
    assert mw["oil"].to_numpy() == pytest.approx([100.0, 0.0])
    # the results price output at the snapshot's cost: the region's cost is the objective, and the unit at
    # the margin earns no surplus in either snapshot
    assert region_totals(res).at["A", "cost_usd"] == pytest.approx(res.objective_usd)
    assert welfare_by_region(res).at["A", "producer_surplus_usd"] == pytest.approx(0.0, abs=1e-6)


def test_the_direct_build_and_the_pyomo_model_carry_the_same_costs():
    net = two_snapshot_network()
    direct, reference = build_lp(net), compile_lp(build_model(net))
    assert_same_lp(direct, reference)
    assert solve_lp(direct).objective_usd == pytest.approx(13_500.0)


def _data(tmp_path, prices: dict[int, float], region="NORTH", fuel="coal", year=2023, extra_rows=()):
    data = tmp_path / "two_regions"
    shutil.copytree(EXAMPLE, data)
    rows = [dict(fuel=fuel, region=region, year=year, month=m, price_usd_per_mwh_th=p, source_id="example")
            for m, p in prices.items()]
    pd.DataFrame(rows + list(extra_rows)).to_csv(data / "fuel_price_months.csv", index=False)
    return data


def _net(tmp_path, data, extra="", year=2023, hours=48, start="2023-01-31"):
    path = tmp_path / "s.yaml"
    path.write_text(f"name: s\ndata: {data}\nyear: {year}\ntime: {{start: '{start}'}}\n{extra}", encoding="utf-8")
    return build_network(load_scenario(path, hours=hours))


JAN_12_FEB_14 = {m: 10.0 for m in range(1, 13)} | {1: 12.0, 2: 14.0}


def test_the_rows_year_region_and_month_decide_who_pays_what(tmp_path):
    net = _net(tmp_path, _data(tmp_path, JAN_12_FEB_14))
    assert net.generators.at["NORTH-coal", "fuel_price_series"] == "coal:NORTH"
    assert (net.generators.drop(index="NORTH-coal")["fuel_price_series"] == "").all()
    assert net.fuel_price_mwh_th["coal:NORTH"].to_numpy() == pytest.approx([12.0] * 24 + [14.0] * 24)
    i = net.generators.index.get_loc("NORTH-coal")
    annual = COAL_HR * 10.0 + COAL_VOM                          # fuel_prices.csv: coal 10 USD/MWh_th
    assert net.generators.at["NORTH-coal", "marginal_cost_usd_per_mwh"] == pytest.approx(annual)
    assert generator_costs(net)[i] == pytest.approx([COAL_HR * 12 + COAL_VOM] * 24 + [COAL_HR * 14 + COAL_VOM] * 24)
    # another year, the rule off, or the scenario's own coal price: one price all year
    data = tmp_path / "two_regions"
    for other in (_net(tmp_path, data, year=2026), _net(tmp_path, data, "rules: {monthly_fuel_prices: false}\n"),
                  _net(tmp_path, data, "prices: {coal_usd_per_t: {NORTH: 80}}\n")):
        assert other.fuel_price_mwh_th is None
        assert (other.generators["fuel_price_series"] == "").all()


def test_a_row_for_the_region_beats_a_row_for_every_region(tmp_path):
    star = [dict(fuel="gas", region="*", year=2023, month=m, price_usd_per_mwh_th=20.0, source_id="example")
            for m in range(1, 13)]
    data = _data(tmp_path, {m: 30.0 for m in range(1, 13)}, region="SOUTH", fuel="gas", extra_rows=star)
    net = _net(tmp_path, data)
    gens = net.generators
    assert set(gens.loc[["SOUTH-ccgt", "SOUTH-ocgt"], "fuel_price_series"]) == {"gas:SOUTH"}
    assert net.fuel_price_mwh_th["gas:SOUTH"].to_numpy() == pytest.approx(np.full(48, 30.0))


def test_a_three_hour_snapshot_averages_the_hours_across_a_month_end(tmp_path):
    # 3-hour blocks from 22:00 on 31 January: the first block has two January hours and one February hour
    # (profiles are hourly rows of a 365-day year, months by row).
    path = tmp_path / "s.yaml"
    data = _data(tmp_path, JAN_12_FEB_14)
    path.write_text(f"name: s\ndata: {data}\nyear: 2023\ntime: {{resolution_h: 3}}\n", encoding="utf-8")
    net = build_network(load_scenario(path))
    series = net.fuel_price_mwh_th["coal:NORTH"].to_numpy()
    assert series[247] == pytest.approx(12.0) and series[248] == pytest.approx(14.0)  # 744 h = 248 blocks
    assert series.mean() == pytest.approx((31 * 12 + 28 * 14 + (365 - 59) * 10) / 365)


@pytest.mark.parametrize("prices, match", [
    ({m: 10.0 for m in range(1, 12)}, "expected one row for each of the 12 months, found 11"),
    ({m: 10.0 for m in range(1, 12)} | {13: 10.0}, "month 13; expected 1..12"),
    ({m: 10.0 for m in range(2, 13)} | {1: -1.0}, "price_usd_per_mwh_th': row 13: expected a non-negative number"),
])
def test_bad_rows_are_input_errors(tmp_path, prices, match):
    with pytest.raises(InputError, match=match):
        _net(tmp_path, _data(tmp_path, prices))


def test_an_unknown_region_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="unknown region"):
        _net(tmp_path, _data(tmp_path, {m: 10.0 for m in range(1, 13)}, region="EAST"))


def test_the_pypsa_export_carries_the_monthly_cost_as_a_time_series(tmp_path):
    pytest.importorskip("pypsa")
    from energymodel.outputs.pypsa_export import to_pypsa
    net = _net(tmp_path, _data(tmp_path, JAN_12_FEB_14))
    n = to_pypsa(net)
    cost = n.generators_t.marginal_cost["NORTH-coal"].to_numpy()
    assert cost == pytest.approx(generator_costs(net)[net.generators.index.get_loc("NORTH-coal")])
    assert "SOUTH-solar_pv" not in n.generators_t.marginal_cost


def test_star_months_skip_a_region_with_its_own_annual_price(tmp_path, caplog, monkeypatch):
    # fuel_prices.csv prices coal at "*" only; give NORTH its own annual coal row: the "*" months then reach
    # no unit (NORTH keeps its own price all year), and the run says so.
    data = _data(tmp_path, JAN_12_FEB_14, region="*")
    prices = pd.read_csv(data / "fuel_prices.csv")
    pd.concat([prices, pd.DataFrame([dict(fuel="coal", region="NORTH", price_usd_per_mwh_th=11.0,
                                          source_id="example")])]).to_csv(data / "fuel_prices.csv", index=False)
    monkeypatch.setattr(logging.getLogger("energymodel"), "propagate", True)  # a CLI test may have cut it
    with caplog.at_level("WARNING"):
        net = _net(tmp_path, data)
    assert net.fuel_price_mwh_th is None and net.generators.at["NORTH-coal", "fuel_price_series"] == ""
    assert net.generators.at["NORTH-coal", "fuel_price_usd_per_mwh_th"] == pytest.approx(11.0)
    assert "apply to no unit" in caplog.text
    # without the region's annual row, the "*" months apply
    shutil.rmtree(data)
    net = _net(tmp_path, _data(tmp_path, JAN_12_FEB_14, region="*"))
    assert net.generators.at["NORTH-coal", "fuel_price_series"] == "coal:*"


@pytest.mark.parametrize("fuel, year, match", [
    ("oli", 2023, "unknown fuel 'oli'; expected one of"),
    ("coal", 2023.5, "year 2023.5; expected a calendar year"),
])
def test_bad_fuel_or_year_is_an_input_error(tmp_path, fuel, year, match):
    with pytest.raises(InputError, match=match):
        _net(tmp_path, _data(tmp_path, {m: 10.0 for m in range(1, 13)}, fuel=fuel, year=year))


def test_a_bad_file_is_an_error_with_the_rule_off_too(tmp_path):
    with pytest.raises(InputError, match="month 13; expected 1..12"):
        _net(tmp_path, _data(tmp_path, {m: 10.0 for m in range(1, 12)} | {13: 10.0}),
             "rules: {monthly_fuel_prices: false}\n")


def test_the_gas_price_a_unit_paid_is_the_months(tmp_path):
    # CAM's gas units pay the exogenous gas price (no gas node): with CAM's gas priced at 30 USD/MWh_th in
    # every month of 2023, the average price its gas burn paid is 30 USD/MWh_th (8.79 USD/MMBtu), not
    # fuel_prices.csv's annual 52.51.
    from energymodel.results.extract import region_totals
    from networks import solve_network
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    pd.DataFrame([dict(fuel="gas", region="CAM", year=2023, month=m, price_usd_per_mwh_th=30.0,
                       source_id="price_gas_lng") for m in range(1, 13)]).to_csv(data / "fuel_price_months.csv",
                                                                                 index=False)
    net = build_network(load_scenario(ROOT / "scenarios" / "base.yaml", hours=48, overrides=[("data", str(data))]))
    assert set(net.generators.loc[net.generators["fuel_price_series"] != "", "region"]) == {"CAM"}
    res = solve_network(net)
    burn = res.dispatch[res.dispatch["generator"].isin(net.generators.index[net.generators["fuel_price_series"]
                                                                            == "gas:CAM"])]["mw"].sum()
    assert burn > 0
    assert region_totals(res).at["CAM", "avg_gas_price_usd_per_mmbtu"] == pytest.approx(30.0 * 0.293071, rel=1e-4)
