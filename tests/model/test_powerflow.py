"""Linearised (DC) power flow on a three-bus triangle, by hand (loop flow and the prices it makes), the
isolated counterfactual cutting a cross-border line, and agreement with PyPSA on a meshed network (slow)."""
import pandas as pd
import pytest

from energymodel.analysis.integration import isolate, welfare_by_region
from networks import make_network, solve_network


def triangle(x_ab=1.0, x_bc=1.0, x_ac=1.0, cap_ac=1000.0, countries=None):
    """Cheap generation at A (10 USD/MWh), dear at C (50 USD/MWh), 90 MW of demand at C."""
    net = make_network({"A": 0.0, "B": 0.0, "C": 90.0}, [dict(name="gA", region="A", capacity_mw=1000, cost=10),
                                                         dict(name="gC", region="C", capacity_mw=1000, cost=50)],
                       countries=countries)
    lines = pd.DataFrame({"from_region": ["A", "B", "A"], "to_region": ["B", "C", "C"],
                          "capacity_mw": [1000.0, 1000.0, cap_ac], "reactance_pu": [x_ab, x_bc, x_ac]},
                         index=pd.Index(["AB", "BC", "AC"], name="line"))
    lines["cross_border"] = False
    if countries:
        lines["cross_border"] = [not set(countries[a]) & set(countries[b])
                                 for a, b in zip(lines["from_region"], lines["to_region"])]
    return net.replace(lines=lines)


def flows(res):
    return res.line_flows.set_index("line")["flow_mw"]


@pytest.mark.parametrize("x, expected", [((1.0, 1.0, 1.0), (30, 30, 60)), ((1.0, 1.0, 2.0), (45, 45, 45))])
def test_flow_divides_in_inverse_proportion_to_path_reactance(x, expected):
    # 90 MW from A to C: the direct path (x_ac) and the path through B (x_ab + x_bc) share it in inverse
    # proportion to their reactance: 2:1 for equal lines (60 direct), 1:1 when x_ac = 2.
    res = solve_network(triangle(*x))
    f = flows(res)
    assert (f["AB"], f["BC"], f["AC"]) == pytest.approx(expected)
    assert res.objective_usd == pytest.approx(90 * 10)
    assert list(res.price_matrix().iloc[0]) == pytest.approx([10, 10, 10])


def test_a_congested_loop_sets_the_middle_price_between_its_ends():
    # A-C limited to 40 MW: with equal reactances 2/3 of A's output runs on A-C, so A sends 60 and C makes 30:
    # cost 60·10 + 30·50 = 2,100. A MW more at B needs ΔgA = ΔgC = 0.5 to keep A-C at 40 (A→B puts 1/3 on
    # A-C, C→B takes 1/3 off it): price_B = 0.5·10 + 0.5·50 = 30, between A (10) and C (50).
    res = solve_network(triangle(cap_ac=40.0))
    assert res.objective_usd == pytest.approx(2100)
    assert list(res.price_matrix().iloc[0]) == pytest.approx([10, 30, 50])
    f = flows(res)
    assert (f["AB"], f["BC"], f["AC"]) == pytest.approx((20, 20, 40))
    w = welfare_by_region(res)  # the welfare identity holds with line rents
    assert w["net_cost_usd"].sum() == pytest.approx(res.annual_cost_usd, rel=1e-9)


def test_isolating_removes_cross_border_lines_rather_than_pinning_their_flow():
    # C is another country: without A-C and B-C, C serves itself (90·50); A-B stays (domestic) and carries 0.
    net = triangle(countries={"A": ("X",), "B": ("X",), "C": ("Y",)})
    iso = isolate(net)
    assert list(iso.lines.index) == ["AB"]
    assert solve_network(iso).objective_usd == pytest.approx(90 * 50)


def meshed_pypsa_network():
    """Five buses at two voltages, a loop of 380 kV lines, a loop through two transformers and a 220 kV
    line, a DC link, storage and congestion: a small meshed example built with PyPSA."""
    import numpy as np
    import pypsa

    n = pypsa.Network()
    n.set_snapshots(pd.date_range("2025-07-01", periods=6, freq="h"))
    n.add("Bus", ["b0", "b1", "b2"], v_nom=380.0)
    n.add("Bus", ["b3", "b4"], v_nom=220.0)
    n.add("Carrier", ["coal", "gas", "oil"])
    n.add("Generator", "coal0", bus="b0", p_nom=500, marginal_cost=10, carrier="coal")
    n.add("Generator", "gas3", bus="b3", p_nom=300, marginal_cost=30, carrier="gas")
    n.add("Generator", "oil4", bus="b4", p_nom=400, marginal_cost=60, carrier="oil")
    n.add("Generator", "wind1", bus="b1", p_nom=100, marginal_cost=0, p_max_pu=[0.9, 0.5, 0.1, 0.0, 0.3, 0.7])
    rng = np.random.default_rng(1)
    for bus, base in (("b1", 120), ("b2", 160), ("b4", 140)):
        n.add("Load", f"load_{bus}", bus=bus, p_set=base * (1 + 0.3 * rng.random(6)))
    n.add("Line", "l01", bus0="b0", bus1="b1", x=12.0, s_nom=250)
    n.add("Line", "l12", bus0="b1", bus1="b2", x=8.0, s_nom=120)
    n.add("Line", "l02", bus0="b0", bus1="b2", x=20.0, s_nom=200)
    n.add("Line", "l34", bus0="b3", bus1="b4", x=5.0, s_nom=150)
    n.add("Transformer", "t23", bus0="b2", bus1="b3", x=0.1, s_nom=300)
    n.add("Transformer", "t14", bus0="b1", bus1="b4", x=0.12, s_nom=200)
    n.add("Link", "dc04", bus0="b0", bus1="b4", p_nom=50, p_min_pu=-1)
    n.add("StorageUnit", "bat2", bus="b2", p_nom=40, max_hours=3, efficiency_store=0.95,
          efficiency_dispatch=0.95, cyclic_state_of_charge=True)
    return n


@pytest.mark.slow
def test_pypsa_agrees_on_a_meshed_network_with_kirchhoffs_law(tmp_path):
    pytest.importorskip("pypsa")
    from energymodel import build_network, load_scenario
    from energymodel.inputs.pypsa_import import import_pypsa

    n = meshed_pypsa_network()
    n.export_to_netcdf(tmp_path / "meshed.nc")
    n.optimize(solver_name="highs")
    res = solve_network(build_network(load_scenario(import_pypsa(tmp_path / "meshed.nc", tmp_path / "out"))))
    assert res.objective_usd == pytest.approx(n.objective, rel=1e-7)
    flows = res.line_flows.pivot(index="snapshot", columns="line", values="flow_mw")
    # flows may differ where the optimum is degenerate (storage timing); Kirchhoff's law holds on both loops
    # (reactance per unit: x / v_nom² for lines, x / s_nom for transformers, as PyPSA's x_pu_eff)
    x = {"l01": 12 / 380 ** 2, "l12": 8 / 380 ** 2, "l02": 20 / 380 ** 2, "l34": 5 / 220 ** 2,
         "t23": 0.1 / 300, "t14": 0.12 / 200}
    loop_380 = x["l01"] * flows["l01"] + x["l12"] * flows["l12"] - x["l02"] * flows["l02"]
    loop_tr = x["l12"] * flows["l12"] + x["t23"] * flows["t23"] + x["l34"] * flows["l34"] - x["t14"] * flows["t14"]
    assert loop_380.abs().max() < 1e-9 and loop_tr.abs().max() < 1e-9
    prices = res.price_matrix()[["b0", "b1", "b2", "b3", "b4"]].to_numpy()
    assert prices == pytest.approx(n.buses_t.marginal_price[["b0", "b1", "b2", "b3", "b4"]].to_numpy(), abs=1e-4)
    # and the transport model is a different answer on this network (why the option exists)
    transport = load_scenario(tmp_path / "out" / "meshed.yaml").model_copy(update={"power_flow": "transport"})
    assert solve_network(build_network(transport)).objective_usd < n.objective - 1.0
