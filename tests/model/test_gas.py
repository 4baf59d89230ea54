"""The gas network: closed-form cases (DESIGN §7.1) and the gas balance re-derived from results (§7.2).

Each expected number is worked out by hand next to it. Prices are in USD/MWh_th (gas) and USD/MWh.
"""
import numpy as np
import pandas as pd
import pytest

from energymodel.inputs.units import MWH_TH_PER_MMBTU
from networks import make_network, solve_network

TOL = 1e-6


def gas_price(res, node, t=0):
    return res.gas.price_matrix()[node].iloc[t]


def elec_price(res, region, t=0):
    return res.price_matrix()[region].iloc[t]


def gas_plant_network(pipeline_mw_th=None, demand=100.0, nonpower=0.0):
    """Region A: 100 MW demand; a gas plant (heat rate 2 MWh_th/MWh, VOM 3, 200 MW) drawing from node GA,
    and an oil plant at 200 USD/MWh. Gas is produced at hub GS (10 USD/MWh_th, unlimited) and piped to GA
    (1 USD/MWh_th, capacity ``pipeline_mw_th``, lossless)."""
    return make_network(
        {"A": demand},
        [dict(name="ccgt", region="A", capacity_mw=200, cost=3, gas_node="GA", heat_rate=2.0),
         dict(name="oil", region="A", capacity_mw=200, cost=200)],
        gas={"nodes": [dict(name="GA", region="A"), dict(name="GS")],
             "supply": [dict(name="field", node="GS", price=10.0)],
             "demand": {"GA": nonpower},
             "links": [dict(name="GS-GA", **{"from": "GS", "to": "GA"}, capacity=pipeline_mw_th, cost=1.0)]})


def test_gas_limited_plant_price_is_heat_rate_times_gas_price_plus_vom():
    # Unconstrained pipeline: gas at GA costs 10 + 1 = 11; electricity = 2 × 11 + 3 = 25.
    res = solve_network(gas_plant_network())
    assert gas_price(res, "GA") == pytest.approx(11)
    assert gas_price(res, "GS") == pytest.approx(10)
    assert elec_price(res, "A") == pytest.approx(2 * 11 + 3)
    assert res.objective_usd == pytest.approx(200 * 11 + 100 * 3)  # 200 MWh_th burned for 100 MWh
    prices = res.gas.prices.set_index("node")
    assert prices.loc["GA", "price_usd_per_mmbtu"] == pytest.approx(11 * MWH_TH_PER_MMBTU)


def test_binding_pipeline_raises_the_gas_and_electricity_price():
    # Pipeline 150 MW_th: the gas plant makes 75 MW, oil the other 25 MW and sets the electricity price
    # at 200; the gas at GA is then worth (200 − 3) / 2 = 98.5 USD/MWh_th to the plant.
    res = solve_network(gas_plant_network(pipeline_mw_th=150))
    mw = res.dispatch.set_index("generator")["mw"]
    assert mw["ccgt"] == pytest.approx(75) and mw["oil"] == pytest.approx(25)
    assert elec_price(res, "A") == pytest.approx(200)
    assert gas_price(res, "GA") == pytest.approx((200 - 3) / 2)
    assert gas_price(res, "GS") == pytest.approx(10)
    assert res.objective_usd == pytest.approx(150 * 11 + 75 * 3 + 25 * 200)


def test_nonpower_demand_competes_with_the_plant_for_pipeline_gas():
    # Pipeline 250 MW_th, non-power demand 100 MW_th at GA: 150 MW_th left for power → 75 MW, as above.
    res = solve_network(gas_plant_network(pipeline_mw_th=250, nonpower=100))
    assert res.dispatch.set_index("generator")["mw"]["ccgt"] == pytest.approx(75)
    assert gas_price(res, "GA") == pytest.approx(98.5)


def test_pipeline_loss_and_cost_set_the_receiving_price():
    # 5 % lost on the way: price_GA = (price_GS + cost) / (1 − loss) = 11 / 0.95; the plant burns 200 MWh_th,
    # so 200 / 0.95 MWh_th leave the field.
    net = gas_plant_network()
    links = net.gas_links.assign(loss_pu=0.05)
    res = solve_network(net.replace(gas_links=links))
    assert gas_price(res, "GA") == pytest.approx(11 / 0.95)
    assert res.gas.supply["mw_th"].sum() == pytest.approx(200 / 0.95)
    assert elec_price(res, "A") == pytest.approx(2 * 11 / 0.95 + 3)


def lng_network(nonpower=150.0, route_capacity=60.0, regas_capacity=300.0, export_price=None, domestic=None):
    """Country C (node C, 1 USD/MWh_th regas from terminal T) buys LNG. Two exporters E1, E2 (liquefied gas
    at 5 USD/MWh_th, 100 MW_th each) ship over routes E1→T (1 USD/MWh_th) and E2→T (3), each limited to
    ``route_capacity``; the world market W sells delivered at 20 (route W→T free, unlimited)."""
    supply = [dict(name="e1_gas", node="E1", kind="domestic", capacity=100, price=5.0),
              dict(name="e2_gas", node="E2", kind="domestic", capacity=100, price=5.0),
              dict(name="world", node="W", kind="lng_import", price=20.0)]
    if export_price is not None:
        supply.append(dict(name="e1_sale", node="E1", kind="export", capacity=40, price=export_price))
    if domestic is not None:
        supply.append(dict(name="c_field", node="C", kind="domestic", capacity=domestic[0], price=domestic[1]))
    return make_network(
        {"C": 0.0}, [],
        gas={"nodes": [dict(name="C", region="C"), dict(name="T", kind="lng"), dict(name="E1", kind="lng"),
                       dict(name="E2", kind="lng"), dict(name="W", kind="lng_market")],
             "supply": supply, "demand": {"C": nonpower},
             "links": [dict(name="E1-T", **{"from": "E1", "to": "T"}, kind="lng_route", capacity=route_capacity, cost=1.0),
                       dict(name="E2-T", **{"from": "E2", "to": "T"}, kind="lng_route", capacity=route_capacity, cost=3.0),
                       dict(name="W-T", **{"from": "W", "to": "T"}, kind="lng_route", cost=0.0),
                       dict(name="T-C", **{"from": "T", "to": "C"}, kind="regasification",
                            capacity=regas_capacity, cost=1.0)]})


def test_lng_route_arbitrage_cheapest_route_first_up_to_its_capacity():
    # Delivered at T: via E1 5 + 1 = 6, via E2 5 + 3 = 8, world 20. Demand 150: E1 route full (60), E2 route
    # full (60), world the last 30 → price at T = 20, at C = 21; each exporter keeps its own cost (5).
    res = solve_network(lng_network())
    flow = res.gas.flows.set_index("gas_link")["flow_mw_th"]
    assert flow["E1-T"] == pytest.approx(60) and flow["E2-T"] == pytest.approx(60)
    assert flow["W-T"] == pytest.approx(30)
    assert gas_price(res, "T") == pytest.approx(20) and gas_price(res, "C") == pytest.approx(21)
    assert gas_price(res, "E1") == pytest.approx(5)
    assert res.objective_usd == pytest.approx(60 * 6 + 60 * 8 + 30 * 20 + 150 * 1)
    # With demand 100 the world is not needed: E1 60, E2 40, and E2's route sets the price at T (8).
    res = solve_network(lng_network(nonpower=100))
    flow = res.gas.flows.set_index("gas_link")["flow_mw_th"]
    assert flow["E1-T"] == pytest.approx(60) and flow["E2-T"] == pytest.approx(40) and flow["W-T"] == pytest.approx(0)
    assert gas_price(res, "C") == pytest.approx(9)


def test_lng_cargoes_by_route_are_reported():
    res = solve_network(lng_network())
    from energymodel.results.gas import lng_cargoes
    cargo = lng_cargoes(res.network, res.gas)
    assert set(cargo.index) == {"E1-T", "E2-T", "W-T"}
    assert cargo.loc["E1-T", "sent_mwh_th"] == pytest.approx(60)
    assert cargo.loc["W-T", "annual_twh_th"] == pytest.approx(30 * 8760 / 1e6)


def test_export_sale_takes_gas_only_when_it_pays_more_than_the_region():
    # Routes widened to 200, demand 250: E1 100 + E2 100 + world 50, so the world sets T's price (20) and
    # E1's gas is worth 20 − 1 = 19 at E1. A sale at 15 is not used. A sale at 25 takes its full 40 (the
    # world ships 40 more); E1's last units still go to T, so E1's price stays 19.
    res = solve_network(lng_network(nonpower=250, route_capacity=200, export_price=15.0))
    sup = res.gas.supply.set_index("supply")["mw_th"]
    assert sup["e1_sale"] == pytest.approx(0) and sup["e1_gas"] == pytest.approx(100)
    assert gas_price(res, "E1") == pytest.approx(19)
    res = solve_network(lng_network(nonpower=250, route_capacity=200, export_price=25.0))
    sup = res.gas.supply.set_index("supply")["mw_th"]
    assert sup["e1_sale"] == pytest.approx(40) and sup["world"] == pytest.approx(90)
    assert gas_price(res, "E1") == pytest.approx(19)
    # cost: E1 100 × 5 + route 60 × 1 − sale 40 × 25; E2 100 × (5 + 3); world 90 × 20; regas 250 × 1
    assert res.objective_usd == pytest.approx(100 * 5 + 60 * 1 - 40 * 25 + 100 * 8 + 90 * 20 + 250 * 1)


def test_binding_regasification_raises_the_country_gas_price():
    # C also produces 50 MW_th at 30. LNG lands at 6 (E1) / 8 (E2) + 1 regas. Regas 300: C's price is
    # 8 + 1 = 9 (E2's route is marginal). Regas 60: only 60 MW_th of LNG, C's field runs 40 of its 50
    # and sets the price at 30; the terminal's gas is then worth 30 − 1 = 29 to C but costs 6 to land.
    loose = solve_network(lng_network(nonpower=100, regas_capacity=300, domestic=(50, 30.0)))
    assert gas_price(loose, "C") == pytest.approx(9)
    tight = solve_network(lng_network(nonpower=100, regas_capacity=60, domestic=(50, 30.0)))
    assert tight.gas.flows.set_index("gas_link")["flow_mw_th"]["T-C"] == pytest.approx(60)
    assert gas_price(tight, "C") == pytest.approx(30)
    assert gas_price(tight, "T") == pytest.approx(6)  # E1's cheap route alone fills the terminal
    assert tight.gas.supply.set_index("supply")["mw_th"]["c_field"] == pytest.approx(40)


def test_unserved_nonpower_gas_is_priced_at_voll():
    # Non-power demand 300 MW_th, pipeline 250: 50 MW_th unserved at VOLL (3000 USD/MWh_th).
    res = solve_network(gas_plant_network(pipeline_mw_th=250, nonpower=300, demand=0.0))
    assert res.gas.balance.set_index("node")["unserved_mw_th"]["GA"] == pytest.approx(50)
    assert gas_price(res, "GA") == pytest.approx(3000)


def mixed_network(n_t=6):
    """Two regions over several snapshots: gas plants at both, non-power demand, a lossy cross-border
    pipeline, an LNG terminal, an export and an electricity link."""
    t = np.arange(n_t)
    gas = {"nodes": [dict(name="GA", region="A"), dict(name="GB", region="B"), dict(name="TB", kind="lng"),
                     dict(name="W", kind="lng_market")],
           "supply": [dict(name="a_field", node="GA", capacity=400, price=8.0),
                      dict(name="world", node="W", kind="lng_import", price=30.0),
                      dict(name="a_sale", node="GA", kind="export", capacity=50, price=9.0)],
           "demand": {"GA": 50 + 10 * t, "GB": 80.0},
           "links": [dict(name="GA-GB", **{"from": "GA", "to": "GB"}, capacity=150, cost=2.0, loss=0.03),
                     dict(name="W-TB", **{"from": "W", "to": "TB"}, kind="lng_route"),
                     dict(name="TB-GB", **{"from": "TB", "to": "GB"}, kind="regasification", capacity=120, cost=1.0)]}
    return make_network(
        {"A": 120 + 20 * np.sin(t), "B": 150 + 30 * np.cos(t)},
        [dict(name="a_ccgt", region="A", capacity_mw=150, cost=4, gas_node="GA", heat_rate=2.0),
         dict(name="b_ocgt", region="B", capacity_mw=120, cost=3, gas_node="GB", heat_rate=2.8),
         dict(name="b_coal", region="B", capacity_mw=80, cost=70),
         dict(name="a_solar", region="A", capacity_mw=80, cost=0, availability=np.clip(np.sin(t / 2), 0, 1))],
        links=[{"name": "A-B", "from": "A", "to": "B", "fwd": 40, "efficiency": 0.97}],
        countries={"A": ("AAA",), "B": ("BBB",)}, gas=gas, n_t=n_t, weight_h=2.0)


@pytest.fixture(scope="module")
def mixed():
    return solve_network(mixed_network())


def test_gas_balance_re_derived_from_results(mixed):
    """supply − exports + received − sent − heat_rate × generation + unserved = non-power demand, per node
    and snapshot, from the result tables alone (dispatch for the burn, gas_flows for the arcs)."""
    net, gas = mixed.network, mixed.gas
    idx = pd.MultiIndex.from_product([net.snapshots, net.gas_nodes.index], names=["snapshot", "node"])
    zero = pd.Series(0.0, index=idx)
    sup = gas.supply.assign(sign=np.where(gas.supply["kind"] == "export", -1.0, 1.0))
    lhs = zero.add((sup["mw_th"] * sup["sign"]).groupby([sup["snapshot"], sup["node"]]).sum(), fill_value=0)
    fl = gas.flows
    lhs = lhs.add(fl.groupby(["snapshot", "to_node"])["received_mw_th"].sum().rename_axis(["snapshot", "node"]),
                  fill_value=0)
    lhs = lhs.sub(fl.groupby(["snapshot", "from_node"])["flow_mw_th"].sum().rename_axis(["snapshot", "node"]),
                  fill_value=0)
    d = mixed.dispatch.merge(net.generators[["gas_node", "heat_rate_mwh_th_per_mwh"]],
                             left_on="generator", right_index=True)
    d = d[d["gas_node"] != ""]
    burn = (d["mw"] * d["heat_rate_mwh_th_per_mwh"]).groupby([d["snapshot"], d["gas_node"]]).sum()
    lhs = lhs.sub(burn.rename_axis(["snapshot", "node"]), fill_value=0)
    lhs = lhs.add(gas.balance.set_index(["snapshot", "node"])["unserved_mw_th"], fill_value=0)
    assert (gas.balance["disposed_mw_th"] == 0).all()  # every supply costs > 0: nothing is thrown away
    demand = net.gas_demand_mw_th.set_axis(net.snapshots).stack().rename_axis(["snapshot", "node"])
    np.testing.assert_allclose(lhs.reindex(idx).to_numpy(), demand.reindex(idx).to_numpy(), atol=1e-6)
    # the balance table's own terms agree with the re-derived burn
    np.testing.assert_allclose(gas.balance.set_index(["snapshot", "node"])["power_mw_th"].reindex(idx).to_numpy(),
                               burn.reindex(idx).fillna(0.0).to_numpy(), atol=1e-6)
    # bounds hold: arcs and supplies within capacity
    cap = net.gas_links["capacity_mw_th"].reindex(fl["gas_link"]).to_numpy()
    assert (fl["flow_mw_th"].to_numpy() <= cap + TOL).all()
    assert (gas.supply["mw_th"].to_numpy() <= net.gas_supply["capacity_mw_th"].reindex(gas.supply["supply"]).to_numpy() + TOL).all()


def test_objective_re_derived_with_gas_costs(mixed):
    """Σ_t w·(Σ mc·p + Σ wheeling + Σ supply price − Σ export price + Σ arc cost + VOLL·unserved) = objective."""
    net, gas = mixed.network, mixed.gas
    w = 2.0
    d = mixed.dispatch
    cost = (d["mw"] * net.generators["marginal_cost_usd_per_mwh"].reindex(d["generator"]).to_numpy()).sum()
    sup = gas.supply
    sign = np.where(sup["kind"] == "export", -1.0, 1.0)
    cost += (sup["mw_th"] * sign * net.gas_supply["price_usd_per_mwh_th"].reindex(sup["supply"]).to_numpy()).sum()
    cost += (gas.flows["flow_mw_th"] * net.gas_links["cost_usd_per_mwh_th"].reindex(gas.flows["gas_link"]).to_numpy()).sum()
    cost += gas.balance["unserved_mw_th"].sum() * net.voll_usd_per_mwh
    cost += mixed.shedding["shed_mw"].sum() * net.voll_usd_per_mwh
    assert mixed.objective_usd == pytest.approx(w * cost, rel=1e-9)


def test_electricity_price_of_a_marginal_gas_plant_follows_its_node_price(mixed):
    """Where a gas plant runs strictly between 0 and its limit, price = heat rate × gas price + VOM."""
    net = mixed.network
    d = mixed.dispatch.set_index(["snapshot", "generator"])["mw"]
    gp, ep = mixed.gas.price_matrix(), mixed.price_matrix()
    checked = 0
    for g, region, node, hr, vom, cap in [("a_ccgt", "A", "GA", 2.0, 4, 150), ("b_ocgt", "B", "GB", 2.8, 3, 120)]:
        for s in net.snapshots:
            if 1e-6 < d[s, g] < cap - 1e-6:
                assert ep.at[s, region] == pytest.approx(hr * gp.at[s, node] + vom, rel=1e-7)
                checked += 1
    assert checked > 0


def test_summary_reports_gas_burn_and_average_price(mixed):
    s = mixed.summary()
    burn_a = (mixed.dispatch.query("generator == 'a_ccgt'")["mw"] * 2.0 * 2.0).sum() / 1e6
    assert s["countries"]["A"]["gas_for_power_twh_th"] == pytest.approx(burn_a)
    assert s["countries"]["A"]["avg_gas_price_usd_per_mmbtu"] > 0
    assert set(s["gas"]) == {"supply_by_source_twh_th", "lng_by_route_mt_per_year", "unserved_nonpower_mwh_th"}


def test_cross_border_gas_links_are_flagged(mixed):
    links = mixed.network.gas_links
    assert links.loc["GA-GB", "cross_border"]  # AAA → BBB
    assert not links.loc["W-TB", "cross_border"]  # from the world market: an import, not integration


def test_gas_price_is_never_negative_where_gas_has_no_use():
    # A free unit covers demand, so the electricity price is 0 and the gas plant is off: the gas at GA has
    # no use and its dual is not unique. An equality row would admit any price down to (0 − VOM) / heat
    # rate = −1.5; the "≥" row (free disposal) keeps every valid dual, and so the reported price, ≥ 0.
    net = gas_plant_network()
    free = make_network({"A": 100.0}, [dict(name="ccgt", region="A", capacity_mw=200, cost=3, gas_node="GA",
                                             heat_rate=2.0), dict(name="hydro", region="A", capacity_mw=500, cost=0)],
                        gas={"nodes": [dict(name="GA", region="A"), dict(name="GS")],
                             "supply": [dict(name="field", node="GS", price=10.0)],
                             "links": [dict(name="GS-GA", **{"from": "GS", "to": "GA"}, cost=1.0)]})
    for case in (net.replace(demand_mw=net.demand_mw * 0), free):
        res = solve_network(case)
        assert (res.gas.prices["price_usd_per_mwh_th"] >= -TOL).all()
    assert res.dispatch.set_index("generator")["mw"]["ccgt"] == pytest.approx(0)


def test_network_without_gas_is_unchanged():
    # No gas argument: no gas variables, no gas tables, same answer as before the gas family existed.
    net = make_network({"A": 150}, [dict(name="g10", region="A", capacity_mw=100, cost=10),
                                    dict(name="g30", region="A", capacity_mw=100, cost=30)])
    res = solve_network(net)
    assert res.gas is None and not net.has_gas
    assert res.objective_usd == pytest.approx(10 * 100 + 30 * 50)
    assert "gas_for_power_twh_th" not in res.summary()["countries"]["A"]


@pytest.mark.parametrize("rule", ["split", "importer"])
def test_gas_accounts_add_up_to_the_gas_part_of_the_objective(mixed, rule):
    """Σ_regions gas_net_cost_usd = annualised (supply cost − export revenue + arc cost + VOLL · unserved gas)."""
    from energymodel.results.gas import gas_welfare_by_region
    net, gas = mixed.network, mixed.gas
    acc = gas_welfare_by_region(net, gas, mixed.dispatch, rule)
    sup = gas.supply
    sign = np.where(sup["kind"] == "export", -1.0, 1.0)
    g = (sup["mw_th"] * sign * net.gas_supply["price_usd_per_mwh_th"].reindex(sup["supply"]).to_numpy()).sum()
    g += (gas.flows["flow_mw_th"] * net.gas_links["cost_usd_per_mwh_th"].reindex(gas.flows["gas_link"]).to_numpy()).sum()
    g += gas.balance["unserved_mw_th"].sum() * net.voll_usd_per_mwh
    assert acc["gas_net_cost_usd"].sum() == pytest.approx(g * 2.0 * net.annualisation, rel=1e-9)
