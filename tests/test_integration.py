"""Value of integration (DESIGN §4, issue 5): closed forms on tiny networks, the welfare identity,
Shapley and leave-one-out values, the value-vs-capacity curve, and the commands."""
import importlib.util
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from energymodel.solver.highs import LinearProgram

from energymodel import build_model
from energymodel.cli import main
from energymodel.analysis.integration import isolate, status_quo, value_of_integration, welfare_by_region
from energymodel.analysis.links import break_even_mw, capacity_curve, link_values
from energymodel.inputs.units import annuity_factor
from energymodel.solver.warm import LinkResolver
from energymodel.inputs.scenario import SolverOptions
from energymodel.solver.highs import compile_lp
from files import write_data_dir, write_scenario
from networks import chain, make_network, solve_network

HOURS = 8760


def two_region(capacity_mw):
    """A: 200 MW at 10 USD/MWh, B: 100 MW at 50, 50 MW of demand each."""
    return make_network({"A": 50, "B": 50}, [dict(name="a", region="A", capacity_mw=200, cost=10),
                                             dict(name="b", region="B", capacity_mw=100, cost=50)],
                        links=[{"name": "A-B", "from": "A", "to": "B", "fwd": capacity_mw}])


def integration_of(net, **kw):
    return value_of_integration(solve_network(net), solve_network(isolate(net)), "isolated", **kw)


def test_value_is_capacity_times_spread_while_congested():
    v = integration_of(two_region(30))
    assert v["value_usd"] == pytest.approx(30 * (50 - 10) * HOURS)
    assert v["by_link"]["electricity"]["A-B"]["congestion_rent_usd"] == pytest.approx(30 * 40 * HOURS)
    assert v["by_link"]["electricity"]["A-B"]["marginal_value_fwd_usd_per_mw_yr"] == pytest.approx(40 * HOURS)


def test_full_convergence_above_uncongested_capacity():
    for cap in (50, 80, 500):
        v = integration_of(two_region(cap))
        assert v["value_usd"] == pytest.approx(50 * 40 * HOURS)  # all of B's demand now from A
        assert v["by_link"]["electricity"]["A-B"]["congestion_rent_usd"] == pytest.approx(0, abs=1e-3)


@pytest.mark.parametrize("rule", ["split", "importer"])
def test_country_values_add_up_to_system_value(rule):
    net = chain()
    v = integration_of(net, rule=rule)
    total = sum(c["value_usd"] for c in v["by_country"].values())
    assert total == pytest.approx(v["value_usd"], rel=1e-7)


def test_welfare_identity_net_costs_sum_to_total_cost():
    res = solve_network(chain())
    w = welfare_by_region(res)
    assert w["net_cost_usd"].sum() == pytest.approx(res.annual_cost_usd, rel=1e-7)


def test_rent_rules_move_rent_not_value():
    net = two_region(30)
    split, imp = integration_of(net, rule="split"), integration_of(net, rule="importer")
    assert split["by_country"]["A"]["delta_congestion_rent_usd"] == pytest.approx(600 * HOURS)
    assert imp["by_country"]["A"]["delta_congestion_rent_usd"] == pytest.approx(0, abs=1e-3)
    assert imp["by_country"]["B"]["value_usd"] == pytest.approx(1200 * HOURS)
    assert split["value_usd"] == pytest.approx(imp["value_usd"])


def test_isolating_a_network_without_cross_border_links_changes_nothing():
    net = make_network({"A": 50, "B": 50}, [dict(name="a", region="A", capacity_mw=200, cost=10),
                                            dict(name="b", region="B", capacity_mw=100, cost=50)],
                       links=[{"name": "A-B", "from": "A", "to": "B", "fwd": 30}],
                       countries={"A": ("XX",), "B": ("XX",)})  # one country: a domestic link
    assert not net.links["cross_border"].any()
    iso = isolate(net)
    assert iso.links.equals(net.links)
    v = integration_of(net)
    assert v["value_usd"] == pytest.approx(0)


def chain3():
    """N – M – S, lossless links of 30 MW; N cheap (10), M mid (30), S dear (70); 40 MW demand each."""
    return make_network({"N": 40, "M": 40, "S": 40},
                        [dict(name="n", region="N", capacity_mw=200, cost=10),
                         dict(name="m", region="M", capacity_mw=200, cost=30),
                         dict(name="s", region="S", capacity_mw=200, cost=70)],
                        links=[{"name": "N-M", "from": "N", "to": "M", "fwd": 30},
                               {"name": "M-S", "from": "M", "to": "S", "fwd": 30}])


def test_leave_one_out_and_shapley_on_a_chain_by_hand():
    # Isolated cost/h: 400 + 1200 + 2800 = 4400.
    # Only N-M: N sends 30 to M → saves 30·(30−10) = 600.   Only M-S: M sends 30 to S → saves 30·40 = 1200.
    # Both: M passes 30 from N on to S, and N's 30 replaces M's own: N 70, M 40, S 10 → 700 + 1200 + 700
    # = 2600, a saving of 1800.
    # LOO(N-M) = 1800 − 1200 = 600; LOO(M-S) = 1800 − 600 = 1200.
    # Shapley(N-M) = ½(600 + (1800 − 1200)) = 600; Shapley(M-S) = ½(1200 + 1200) = 1200.
    net = chain3()
    lp = compile_lp(build_model(net))
    table, cc = link_values(net, lp, SolverOptions(), workers=1)
    assert cc.value(frozenset(["N-M", "M-S"])) == pytest.approx(1800 * HOURS)
    assert table.loc["N-M", "leave_one_out_usd"] == pytest.approx(600 * HOURS)
    assert table.loc["M-S", "leave_one_out_usd"] == pytest.approx(1200 * HOURS)
    assert table.loc["N-M", "shapley_usd"] == pytest.approx(600 * HOURS)
    assert table.loc["M-S", "shapley_usd"] == pytest.approx(1200 * HOURS)


def test_shapley_values_sum_to_total_value_exact_and_sampled_in_parallel():
    net = chain()
    lp = compile_lp(build_model(net))
    exact, cc = link_values(net, lp, SolverOptions(), workers=2)
    iso = solve_network(isolate(net)).annual_cost_usd - solve_network(net).annual_cost_usd
    assert exact["shapley_usd"].sum() == pytest.approx(iso, rel=1e-6)
    assert exact.attrs["total_value_usd"] == pytest.approx(iso, rel=1e-6)
    sampled, _ = link_values(net, lp, SolverOptions(), max_exact=1, samples=5, workers=2)
    assert sampled["shapley_usd"].sum() == pytest.approx(iso, rel=1e-6)  # efficiency holds per ordering


def test_warm_resolve_matches_a_fresh_build():
    net = chain()
    resolver = LinkResolver(net, compile_lp(build_model(net)))
    full = resolver.objective()
    resolver.set_capacities({l: (0.0, 0.0) for l in net.links.index})
    assert resolver.objective() == pytest.approx(solve_network(isolate(net)).objective_usd, rel=1e-9)
    resolver.set_capacities({l: (r.capacity_fwd_mw, r.capacity_bwd_mw) for l, r in net.links.iterrows()})
    assert resolver.objective() == pytest.approx(full, rel=1e-9)


@pytest.mark.parametrize("keep_lp", [True, False])
def test_restart_keeps_the_capacities_in_force_and_the_answer(keep_lp):
    """A fresh instance from the last basis (what the run does before its counterfactual) solves the LP with
    the capacities in force, electricity and gas: the shipped base year's isolated counterfactual. Without
    ``keep_lp`` (as the run solves) the resolver holds only the LP's layout and builds the LP again."""
    from energymodel import build_network, load_scenario
    from energymodel.solver.highs import solve_lp

    scenario = load_scenario(Path(__file__).resolve().parents[1] / "scenarios" / "base.yaml", hours=24)
    net = build_network(scenario)
    cf = isolate(net)
    resolver = LinkResolver(net, compile_lp(build_model(net)), scenario.solver, keep_lp=keep_lp)
    assert isinstance(resolver.lp, LinearProgram) == keep_lp
    resolver.solve()
    resolver.set_network_capacities(cf)
    resolver.restart()
    warm = resolver.solve()
    cold = solve_lp(compile_lp(build_model(cf)), scenario.solver)
    assert warm.objective_usd == pytest.approx(cold.objective_usd, rel=1e-9)
    pd.testing.assert_frame_equal(resolver.network().links, cf.links)
    pd.testing.assert_frame_equal(resolver.network().gas_links, cf.gas_links, check_dtype=False)
    resolver.set_network_capacities(net)  # back to the scenario, warm in the new instance
    assert resolver.objective() == pytest.approx(solve_lp(compile_lp(build_model(net)), scenario.solver).objective_usd,
                                                 rel=1e-9)


def test_capacity_curve_closed_form_and_break_even():
    net = two_region(0)
    resolver = LinkResolver(net, compile_lp(build_model(net)))
    curve = capacity_curve(resolver, "A-B", [0, 25, 50, 75])
    np.testing.assert_allclose(curve["value_usd"], np.array([0, 25, 50, 50]) * 40 * HOURS, rtol=1e-9)
    np.testing.assert_allclose(curve["marginal_value_usd_per_mw_yr"].iloc[1:], [40 * HOURS, 40 * HOURS, 0], atol=1e-3)
    assert break_even_mw(curve, 100_000) == (50.0, True)
    assert break_even_mw(curve[curve.index <= 50], 100_000) == (50.0, False)
    assert annuity_factor(0.0, 40) == pytest.approx(1 / 40)
    assert annuity_factor(0.07, 40) == pytest.approx(0.07 / (1 - 1.07 ** -40))


def test_capacity_curve_on_two_workers_matches_one_instance():
    from energymodel.analysis.links import capacity_curve_parallel

    net = two_region(0)
    lp = compile_lp(build_model(net))
    one = capacity_curve(LinkResolver(net, lp), "A-B", [25, 50, 75])
    two = capacity_curve_parallel(net, lp, SolverOptions(), "A-B", [25, 50, 75], workers=2)
    # at most one cold solve among these: the second segment's, unless the first worker took it too
    assert two["first_in_worker"].sum() <= 1
    np.testing.assert_allclose(two["value_usd"], one["value_usd"], rtol=1e-9)
    np.testing.assert_allclose(two["marginal_value_usd_per_mw_yr"], one["marginal_value_usd_per_mw_yr"], rtol=1e-9)


def test_solve_order_changes_one_link_at_a_time_over_all_coalitions():
    from energymodel.analysis.links import all_coalitions, solve_order

    players = ["a", "b", "c", "d"]
    order = solve_order(all_coalitions(players), players)
    assert len(order) == 16 and set(order) == set(all_coalitions(players))
    assert order[0] == frozenset(players)  # the scenario as built first
    assert max(len(x ^ y) for x, y in zip(order, order[1:])) <= 2
    assert sum(len(x ^ y) for x, y in zip(order, order[1:])) <= 20


def test_status_quo_counterfactual_keeps_todays_links(tmp_path):
    from energymodel import build_network, load_scenario
    from energymodel.inputs.data import read_tables
    write_data_dir(tmp_path)
    scen = load_scenario(write_scenario(tmp_path, "data: data\nyear: 2030\ninterconnectors: {A-B: {capacity_mw: 200}}\n"))
    tables = read_tables(scen.data)
    net = build_network(scen, tables)
    sq = status_quo(net, tables)
    assert sq.links.loc["A-B", "capacity_fwd_mw"] == 60 and sq.links.loc["A-B", "capacity_bwd_mw"] == 40
    assert sq.links.loc["A-B-2", "capacity_fwd_mw"] == 0  # planned: not there today


@pytest.fixture
def project(tmp_path, monkeypatch):
    write_data_dir(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_run_reports_integration_and_writes_report(project):
    scen = write_scenario(project)
    assert main(["-q", "run", str(scen), "--hours", "72", "--out", "out"]) == 0
    s = json.loads((project / "out" / "summary.json").read_text())
    integ = s["integration"]
    assert integ["counterfactual"] == "isolated"
    assert integ["value_usd"] == pytest.approx(integ["counterfactual_cost_usd"] - s["annual_cost_usd"])
    assert sum(c["value_usd"] for c in integ["by_country"].values()) == pytest.approx(integ["value_usd"], rel=1e-6)
    assert set(integ["by_link"]) == {"electricity", "gas"}
    for png in ("value_by_country", "transfers_by_country", "value_by_link", "price_duration", "link_flows", "map"):
        assert (project / "out" / "plots" / f"{png}.png").stat().st_size > 1000
    report = (project / "out" / "report.md").read_text()
    assert "Integration is worth" in report and "**isolated**: every cross-border power line" in report
    # 72 hours lie within one month: the water values are a table, not a chart of one point per region
    assert not (project / "out" / "plots" / "water_values.png").exists()
    assert "no chart of one point per region" in report and "Water value per region and month" in report
    assert "nan" not in report.lower().replace("nanmean", "")
    assert not re.search(r"\d\.\d+e[+-]\d", report), "scientific notation in report.md"
    if importlib.util.find_spec("plotly"):
        page = (project / "out" / "report.html").read_text()
        assert "Integration is worth" in page and "<script src=" not in page  # plotly.js inline


def test_a_horizon_over_two_months_gets_the_water_value_chart(project):
    scen = write_scenario(project)
    assert main(["-q", "run", str(scen), "--hours", str(24 * 40), "--resolution-h", "6", "--out", "out"]) == 0
    assert (project / "out" / "plots" / "water_values.png").stat().st_size > 1000
    assert "no chart of one point per region" not in (project / "out" / "report.md").read_text()


def test_counterfactual_none_and_scenario_file(project):
    scen = write_scenario(project, "data: data\nyear: 2023\nintegration: {counterfactual: none}\n", name="n.yaml")
    assert main(["-q", "run", str(scen), "--hours", "24", "--out", "n"]) == 0
    assert json.loads((project / "n" / "summary.json").read_text())["integration"] == {}
    write_scenario(project, "data: data\nyear: 2023\ndemand: {scale: {'*': 1.1}}\n", name="ref.yaml")
    scen = write_scenario(project, "data: data\nyear: 2023\nintegration: {counterfactual: ref.yaml}\n", name="c.yaml")
    assert main(["-q", "run", str(scen), "--hours", "24", "--out", "c"]) == 0
    integ = json.loads((project / "c" / "summary.json").read_text())["integration"]
    assert integ["counterfactual"] == "ref" and integ["value_usd"] > 0  # the reference serves 10 % more demand


def test_links_curve_compare_commands(project):
    scen = write_scenario(project, "data: data\nyear: 2030\n")  # two links A-B and A-B-2
    assert main(["-q", "links", str(scen), "--hours", "24", "--out", "lk", "--workers", "2"]) == 0
    table = pd.read_csv(project / "lk" / "links.csv", index_col=0)
    meta = json.loads((project / "lk" / "links.json").read_text())
    assert table["shapley_usd"].sum() == pytest.approx(meta["total_value_usd"], rel=1e-6)
    assert main(["-q", "curve", str(scen), "--link", "A-B", "--to", "100", "--step", "50", "--hours", "24",
                 "--cost-usd-per-mw-yr", "1000", "--out", "cv"]) == 0
    curve = pd.read_csv(project / "cv" / "curve.csv", index_col=0)
    assert list(curve.index) == [0, 50, 100] and curve["value_usd"].iloc[0] == pytest.approx(0, abs=1e-3)
    assert main(["-q", "curve", str(scen), "--link", "A-B", "--to", "100", "--step", "50", "--hours", "24",
                 "--cost-usd-per-mw-yr", "1000", "--out", "cv2", "--workers", "2"]) == 0
    pd.testing.assert_frame_equal(pd.read_csv(project / "cv2" / "curve.csv", index_col=0).drop(columns="solve_s"),
                                  curve.drop(columns="solve_s"), rtol=1e-9)  # the same curve on 2 processes
    assert main(["-q", "curve", str(scen), "--link", "B-Q", "--to", "100", "--step", "50", "--hours", "24"]) == 2
    other = write_scenario(project, "data: data\nyear: 2023\n", name="other.yaml")
    assert main(["-q", "compare", str(scen), str(other), "--hours", "24", "--out", "cmp"]) == 0
    cmp = pd.read_csv(project / "cmp" / "compare.csv", index_col=0)
    assert list(cmp.columns) == ["scen", "other"]
    assert main(["-q", "compare", str(scen), str(other), "--hours", "24", "--out", "cmp2", "--workers", "2"]) == 0
    pd.testing.assert_frame_equal(pd.read_csv(project / "cmp2" / "compare.csv", index_col=0), cmp)  # 2 processes
    assert (project / "cmp2" / "other" / "summary.json").is_file()


def expandable_pair(hourly_cost_per_mw):
    return make_network({"A": 50, "B": 50}, [dict(name="a", region="A", capacity_mw=200, cost=10),
                                             dict(name="b", region="B", capacity_mw=100, cost=50)],
                        links=[{"name": "A-B", "from": "A", "to": "B", "fwd": 0, "expandable": True,
                                "max_new_mw": 100, "annuity_usd_per_mw_yr": hourly_cost_per_mw * HOURS}])


def test_planning_builds_while_the_spread_pays_for_the_annuity():
    # A MW of link costs 15 USD per hour (annuity × share of the year) and earns the spread 40:
    # build enough for all of B's 50 MW; B's price becomes 10 + 15 = 25 (the cost of one more MW via A).
    res = solve_network(expandable_pair(15))
    assert res.new_capacity_mw["A-B"] == pytest.approx(50)
    assert res.objective_usd == pytest.approx(100 * 10 + 50 * 15)
    assert res.price_matrix()["B"].iloc[0] == pytest.approx(25)
    # too dear: nothing is built
    dear = solve_network(expandable_pair(45))
    assert dear.new_capacity_mw["A-B"] == pytest.approx(0)
    assert dear.objective_usd == pytest.approx(50 * 10 + 50 * 50)


def test_run_reports_the_optimal_build(project):
    scen = write_scenario(project, "data: data\nyear: 2023\ndiscount_rate: 0.07\ninterconnectors:\n"
                          "  A-B: {expandable: true, max_mw: 500, capex_usd_per_mw: 100000, lifetime_years: 40}\n")
    assert main(["-q", "run", str(scen), "--hours", "48", "--out", "plan"]) == 0
    s = json.loads((project / "plan" / "summary.json").read_text())
    plan = s["planning"]
    assert set(plan["new_capacity_mw"]) == {"A-B"}
    assert plan["value_of_build_usd"] == pytest.approx(plan["no_build_cost_usd"] - s["annual_cost_usd"])
    assert plan["value_of_build_usd"] >= -1e-6  # the LP may always build nothing
    integ = s["integration"]  # the identity holds with the build's annuity charged to both ends
    assert sum(c["value_usd"] for c in integ["by_country"].values()) == pytest.approx(integ["value_usd"], rel=1e-6)
    bad = write_scenario(project, "data: data\nyear: 2023\ninterconnectors: {A-B: {expandable: true}}\n", name="bad.yaml")
    assert main(["-q", "validate", str(bad)]) == 2


def test_isolating_gas_and_power_together_and_the_warm_resolve_matches_a_rebuild():
    from model.test_gas import mixed_network
    net = mixed_network()
    iso = isolate(net)
    assert iso.gas_links.loc["GA-GB", "capacity_mw_th"] == 0  # cross-border pipeline cut
    assert iso.gas_links.loc["TB-GB", "capacity_mw_th"] == 120  # LNG from the world market is not a border
    resolver = LinkResolver(net, compile_lp(build_model(net)))
    full = resolver.solve()
    resolver.set_network_capacities(iso)
    warm = resolver.solve()
    assert warm.objective_usd == pytest.approx(solve_network(iso).objective_usd, rel=1e-9)
    v = value_of_integration(solve_network(net), solve_network(iso), "isolated")
    assert v["value_usd"] == pytest.approx((warm.objective_usd - full.objective_usd) * net.annualisation, rel=1e-7)
    assert sum(c["value_usd"] for c in v["by_country"].values()) == pytest.approx(v["value_usd"], rel=1e-7)


def test_welfare_identity_with_an_expandable_link():
    res = solve_network(expandable_pair(15))
    w = welfare_by_region(res)
    assert w["expansion_cost_usd"].sum() == pytest.approx(50 * 15 * HOURS)
    assert w["net_cost_usd"].sum() == pytest.approx(res.annual_cost_usd, rel=1e-9)


def test_status_quo_never_reopens_a_link_the_scenario_closed(tmp_path):
    from energymodel import build_network, load_scenario
    from energymodel.inputs.data import read_tables
    write_data_dir(tmp_path)
    scen = load_scenario(write_scenario(tmp_path, "data: data\nyear: 2023\ninterconnectors: {A-B: {capacity_mw: 0}}\n"))
    tables = read_tables(scen.data)
    sq = status_quo(build_network(scen, tables), tables)
    assert sq.links.loc["A-B", "capacity_fwd_mw"] == 0


@pytest.mark.parametrize("which", ["chain", "gas", "expandable"])
def test_each_region_value_equals_its_parts(which):
    from model.test_gas import mixed_network
    net = {"chain": chain, "gas": mixed_network, "expandable": lambda: expandable_pair(15)}[which]()
    v = value_of_integration(solve_network(net), solve_network(isolate(net)), "isolated")
    for region, c in v["by_country"].items():
        parts = (-c["delta_consumer_payments_usd"] + c["delta_producer_surplus_usd"] + c["delta_congestion_rent_usd"]
                 - c["delta_unserved_cost_usd"] - c["delta_expansion_cost_usd"] - c.get("delta_gas_net_cost_usd", 0.0))
        assert parts == pytest.approx(c["value_usd"], rel=1e-7, abs=1e-3), region


def test_link_values_sit_next_to_the_annualised_cost_of_a_mw(project):
    import pandas as pd
    path = project / "data" / "interconnectors.csv"
    df = pd.read_csv(path)
    df["capex_usd_per_mw"] = [300000.0, None]
    df["generic_capex_usd_per_mw"] = [250000.0, 400000.0]
    df.to_csv(path, index=False)
    scen = write_scenario(project, "data: data\nyear: 2023\ndiscount_rate: 0.05\n")
    assert main(["-q", "run", str(scen), "--hours", "24", "--out", "o"]) == 0
    link = json.loads((project / "o" / "summary.json").read_text())["integration"]["by_link"]["electricity"]["A-B"]
    # the generic figure in USD of the base year (project capex is nominal of its own year: not mixed in)
    assert link["annualised_cost_usd_per_mw_yr"] == pytest.approx(250000 * annuity_factor(0.05, 40))


def test_compare_keeps_scenarios_that_share_a_name():
    from energymodel.analysis.commands import compare_table
    s = {"scenario": "x", "annual_cost_usd": 1e6, "annualisation_factor": 1.0, "integration": {},
         "countries": {"A": {"avg_price_usd_per_mwh": 10.0, "emissions_tco2": 0.0, "shed_mwh": 0.0}}}
    table = compare_table([s, {**s, "annual_cost_usd": 2e6}])
    assert list(table.columns) == ["x", "x (2)"]


def test_nothing_to_isolate_is_said_plainly():
    from energymodel.analysis.integration import nothing_to_isolate
    one = make_network({"A": 50, "B": 50}, [dict(name="a", region="A", capacity_mw=200, cost=10)],
                       links=[{"name": "A-B", "from": "A", "to": "B", "fwd": 30}], countries={"A": ("XX",), "B": ("XX",)})
    assert "single country (XX)" in nothing_to_isolate(one)
    unlinked = make_network({"A": 50, "B": 50}, [dict(name="a", region="A", capacity_mw=200, cost=10)],
                            links=[{"name": "A-B", "from": "A", "to": "B", "fwd": 0}])
    assert "no link, line or pipeline" in nothing_to_isolate(unlinked)
    assert nothing_to_isolate(two_region(30)) is None


def test_a_single_country_run_reports_why_its_value_is_zero_and_prices_where_there_is_no_load(tmp_path):
    # the imported three-bus network is one country; bus 1 has no load: its price is the time-weighted mean
    import json
    from pathlib import Path

    from energymodel.cli import main
    from energymodel.inputs.pypsa_import import import_pypsa
    scenario = import_pypsa(Path(__file__).parent / "data" / "pypsa_small", tmp_path / "net")
    text = scenario.read_text().replace("counterfactual: none", "counterfactual: isolated")
    scenario.write_text(text)
    assert main(["run", str(scenario), "--out", str(tmp_path / "out"), "-q"]) == 0
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["integration"]["value_usd"] == pytest.approx(0)
    assert "single country (NET)" in summary["integration"]["note"]
    assert [d["code"] for d in summary["diagnostics"]][0] == "nothing_to_isolate"
    assert summary["countries"]["1"]["avg_price_usd_per_mwh"] == pytest.approx(10.0)
    assert summary["countries"]["1"]["demand_twh"] == 0
