"""Warm re-solves of sweep cases: the LP vectors computed from a Network equal the compiled model's
exactly, the structure key separates what needs a rebuild, and warm and cold solves agree."""
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from energymodel import build_model
from energymodel.analysis.integration import isolate
from energymodel.solver.highs import compile_lp, solve_lp
from energymodel.solver.vectors import LPVectors, differs, lp_vectors, same_matrix, structure_key
from energymodel.solver.warm import CaseResolver
from networks import chain

sys.path.insert(0, str(Path(__file__).parent / "model"))
from test_gas import lng_network, mixed_network  # noqa: E402


def expandable_chain():
    net = chain()
    links = net.links.copy()
    links.loc["M-S", ["expandable", "max_new_mw", "annuity_usd_per_mw_yr"]] = [True, 80.0, 5e4]
    return net.replace(links=links)


def rich_chain():
    """The chain with every optional feature the vectors must mirror: storage with a charge rating,
    dispatch cost, standing loss, inflow and a fixed start; a must-run floor and a sink; a link
    availability profile; a CO2 cap."""
    import pandas as pd

    net = chain()
    st = net.storage.copy()
    s = st.index[0]
    st["charge_power_mw"] = st["power_mw"] * 0.5
    st["dispatch_cost_usd_per_mwh"] = 2.0
    st["standing_loss_pu_per_h"] = 0.01
    st["cyclic"] = False
    st["initial_soc_pu"] = 0.3
    inflow = pd.DataFrame({s: np.linspace(0.0, 5.0, net.n_snapshots)})
    gens = net.generators.copy()
    gens["min_output_pu"] = [0.1] + [0.0] * (len(gens) - 2) + [-0.5]
    gens["emission_tco2_per_mwh"] = 0.5
    avail = pd.DataFrame({net.links.index[0]: np.linspace(1.0, 0.5, net.n_snapshots)})
    return net.replace(storage=st, storage_inflow_mw=inflow, generators=gens, link_availability_pu=avail,
                       co2_cap_tco2_per_year=1e9)


def rich_chain_with_a_floor():
    """rich_chain whose storage unit may not fall below 20 % (min_soc_pu)."""
    net = rich_chain()
    st = net.storage.copy()
    st["min_soc_pu"] = 0.2
    return net.replace(storage=st)


def chain_with_level_bounds():
    """The chain with cyclic reservoirs whose month-end level is bounded (reported path / month budget:
    reservoir_levels.csv), a floor at one snapshot and a floor = cap at another."""
    import pandas as pd

    net = chain()
    hy = net.hydro.copy()
    hy["start_level_mwh"] = np.nan
    nan = np.full((net.n_snapshots, len(hy)), np.nan)
    floor, cap = pd.DataFrame(nan.copy(), columns=hy.index), pd.DataFrame(nan.copy(), columns=hy.index)
    energy = hy["energy_mwh"].to_numpy()
    floor.iloc[1] = 0.2 * energy
    floor.iloc[-1] = cap.iloc[-1] = 0.5 * energy
    return net.replace(hydro=hy, level_floor_mwh=floor, level_cap_mwh=cap)


@pytest.mark.parametrize("make", [chain, expandable_chain, rich_chain, rich_chain_with_a_floor, lng_network,
                                  mixed_network, chain_with_level_bounds])
def test_vectors_equal_the_compiled_lp(make):
    net = make()
    lp = compile_lp(build_model(net))
    assert differs(lp_vectors(net, lp), LPVectors.of(lp)) == dict.fromkeys(differs(LPVectors.of(lp), LPVectors.of(lp)), 0)


def test_vectors_of_a_variant_equal_its_own_compiled_lp():
    base, dear = chain(), chain(cost_scale=1.7)
    dear = dear.replace(demand_mw=dear.demand_mw * 1.1, inflow_mw=dear.inflow_mw * 0.5)
    assert structure_key(base) == structure_key(dear)
    lp_base, lp_dear = compile_lp(build_model(base)), compile_lp(build_model(dear))
    assert same_matrix(lp_base, lp_dear)
    assert not any(differs(lp_vectors(dear, lp_base), LPVectors.of(lp_dear)).values())


def test_structure_key_changes_with_the_matrix():
    base = chain()
    lossier = base.replace(links=base.links.assign(efficiency=0.9))
    assert structure_key(base) != structure_key(lossier)
    assert structure_key(base) != structure_key(chain(split=True))
    assert structure_key(base) != structure_key(expandable_chain())
    assert structure_key(isolate(base)) == structure_key(base)


def test_warm_and_cold_solves_of_the_same_case_agree():
    base, case = chain(), chain(cost_scale=1.3)
    case = case.replace(demand_mw=case.demand_mw * 1.05, links=case.links.assign(capacity_fwd_mw=[20.0, 45.0]))
    resolver = CaseResolver(base, compile_lp(build_model(base)))
    resolver.solve_as("scenario")
    assert resolver.load(lp_vectors(case, resolver.lp)) > 0
    warm = resolver.solve_as("scenario")
    cold = solve_lp(compile_lp(build_model(case)))
    assert warm.objective_usd == pytest.approx(cold.objective_usd, rel=1e-9)
    np.testing.assert_allclose(warm.dual("c_balance"), cold.dual("c_balance"), rtol=1e-6, atol=1e-6)


# ---- issue 8's and 14's families: start levels, level floors and caps, annual limits, storage extras, lines

def featured(scale=1.0, *, start=True, loss=0.01, cyclic=False, bound="min", reactance=(1.0, 2.0, 1.5),
             inflow=True):
    """``chain`` with every family whose numbers a sweep may change: a reservoir start level
    (``c_hydro_end``), a level floor and cap, a must-run and a fuel-basis supply limit, a battery with its
    own charge rating, dispatch cost, standing loss, fixed start and natural inflow, and DC lines. ``scale``
    changes only values (costs, bounds, right-hand sides); the keywords change the structure."""
    net = chain()
    n_t = net.n_snapshots
    gens = net.generators.copy()
    gens.loc["m_gas", "heat_rate_mwh_th_per_mwh"] = 2.0
    hydro = net.hydro.assign(start_level_mwh=100.0 * scale if start else np.nan)
    floor = pd.DataFrame(np.nan, index=pd.RangeIndex(n_t, name="snapshot"), columns=hydro.index)
    cap = floor.copy()
    floor.iloc[11, 0], cap.iloc[5, 0], cap.iloc[7, 0] = 50.0 * scale, 150.0 * scale, 1e6  # 1e6: cut to energy
    st = net.storage.assign(charge_power_mw=20.0 * scale, dispatch_cost_usd_per_mwh=2.0 * scale,
                            standing_loss_pu_per_h=loss, cyclic=cyclic, initial_soc_pu=0.5 * scale)
    st_inflow = pd.DataFrame({"s_bat": 3.0 * scale * (np.arange(n_t) % 2)}) if inflow else None
    limits = pd.DataFrame({"region": ["N", "M"], "technology": ["n_coal", "m_gas"], "bound": [bound, "max"],
                           "basis": ["electric", "fuel"], "rule": ["must_run", "fuel_supply"],
                           "mwh_per_year": [3e5 * scale, 4e6 * scale], "generators": [("n_coal",), ("m_gas",)]},
                          index=pd.Index(["n-must-run", "m-fuel"], name="limit"))
    lines = pd.DataFrame({"from_region": ["N", "M", "N"], "to_region": ["M", "S", "S"],
                          "capacity_mw": [30.0 * scale, 40.0 * scale, 25.0 * scale], "reactance_pu": list(reactance),
                          "cross_border": True}, index=pd.Index(["l_nm", "l_ms", "l_ns"], name="line"))
    return net.replace(generators=gens, hydro=hydro, level_floor_mwh=floor, level_cap_mwh=cap, storage=st,
                       storage_inflow_mw=st_inflow, gen_limits=limits, lines=lines)


def cyclic_featured():
    return featured(start=False, cyclic=True, inflow=False)


@pytest.mark.parametrize("make", [featured, cyclic_featured])
def test_vectors_cover_start_levels_floors_limits_storage_extras_and_lines(make):
    net = make()
    lp = compile_lp(build_model(net))
    assert {"c_gen_limit", "c_kvl", "v_line_flow", "v_angle"} <= set(lp.row_blocks) | set(lp.col_blocks)
    assert ("c_hydro_end" in lp.row_blocks) == (make is featured)
    assert not any(differs(lp_vectors(net, lp), LPVectors.of(lp)).values())


def test_a_variant_of_every_family_loads_into_the_base_structure():
    base, variant = featured(), featured(scale=1.3)
    assert structure_key(base) == structure_key(variant)
    lp_base, lp_variant = compile_lp(build_model(base)), compile_lp(build_model(variant))
    assert same_matrix(lp_base, lp_variant)
    changed = differs(LPVectors.of(lp_base), LPVectors.of(lp_variant))
    assert changed["cost"] and changed["col_lb"] and changed["col_ub"] and changed["row_lb"] and changed["row_ub"]
    assert not any(differs(lp_vectors(variant, lp_base), LPVectors.of(lp_variant)).values())


@pytest.mark.parametrize("change", [dict(start=False), dict(loss=0.02), dict(cyclic=True), dict(bound="max"),
                                   dict(reactance=(1.0, 1.0, 1.0)), dict(inflow=False)])
def test_structure_key_sees_the_structure_of_every_family(change):
    assert structure_key(featured()) != structure_key(featured(**change))


def test_weights_are_structural_only_with_annual_limits():
    net = featured()
    heavier = net.replace(weight_h=net.weight_h * 2)
    assert structure_key(net) != structure_key(heavier)
    plain = chain()
    assert structure_key(plain) == structure_key(plain.replace(weight_h=plain.weight_h * 2))


def test_warm_and_cold_solves_agree_with_every_family():
    resolver = CaseResolver(featured(), compile_lp(build_model(featured())))
    resolver.solve_as("scenario")
    case = featured(scale=1.2)
    resolver.load(lp_vectors(case, resolver.lp))
    warm = resolver.solve_as("scenario")
    cold = solve_lp(compile_lp(build_model(case)))
    assert warm.objective_usd == pytest.approx(cold.objective_usd, rel=1e-9)
    # (the battery's state-of-charge duals are degenerate here: not unique, so not compared)
    for name in ("c_balance", "c_gen_limit", "c_hydro_end", "c_hydro_level"):
        np.testing.assert_allclose(warm.dual(name), cold.dual(name), rtol=1e-6, atol=1e-6)


@pytest.fixture(scope="module")
def shipped():
    from energymodel.inputs.data import read_tables
    from energymodel.inputs.scenario import load_scenario

    base = Path(__file__).resolve().parents[1] / "scenarios" / "base.yaml"
    scenario = load_scenario(base, hours=48)
    return base, read_tables(scenario.data)


def test_vectors_equal_the_compiled_lp_of_the_shipped_base(shipped):
    """The shipped data at 48 h: gas network, start levels, c_hydro_end, annual limits, storage extras."""
    from energymodel.inputs.scenario import load_scenario
    from energymodel.network.network import build_network

    base, tables = shipped
    net = build_network(load_scenario(base, hours=48), tables)
    lp = compile_lp(build_model(net))
    assert {"c_hydro_end", "c_gen_limit", "c_gas_balance"} <= set(lp.row_blocks)
    assert not any(differs(lp_vectors(net, lp), LPVectors.of(lp)).values())


def test_another_hydrology_year_is_a_warm_case_of_the_shipped_base(shipped):
    """``hydrology:`` scales inflows and run-of-river availability only: the same structure, and the
    vectors computed from the Network are those of the other year's own compiled LP."""
    from energymodel.inputs.scenario import load_scenario
    from energymodel.network.network import build_network

    base, tables = shipped
    nets = [build_network(load_scenario(base, hours=48, overrides=[("hydrology", y)]), tables) for y in (2016, 2023)]
    assert structure_key(nets[0]) == structure_key(nets[1])
    lps = [compile_lp(build_model(n)) for n in nets]
    assert same_matrix(*lps)
    assert differs(LPVectors.of(lps[0]), LPVectors.of(lps[1]))["row_lb"]  # the inflows differ
    assert not any(differs(lp_vectors(nets[0], lps[1]), LPVectors.of(lps[0])).values())


def test_floors_availability_and_the_co2_cap_are_values_and_weights_structural_under_a_cap():
    base = rich_chain_with_a_floor()
    st, gens = base.storage.copy(), base.generators.copy()
    st["min_soc_pu"] = 0.3
    gens["min_output_pu"] = [0.2] + [0.0] * (len(gens) - 2) + [-0.4]
    variant = base.replace(storage=st, generators=gens, co2_cap_tco2_per_year=2e9,
                           link_availability_pu=base.link_availability_pu * 0.9)
    assert structure_key(base) == structure_key(variant)
    lp_base, lp_variant = compile_lp(build_model(base)), compile_lp(build_model(variant))
    assert same_matrix(lp_base, lp_variant)
    assert not any(differs(lp_vectors(variant, lp_base), LPVectors.of(lp_variant)).values())
    assert structure_key(base) != structure_key(base.replace(weight_h=base.weight_h * 2))  # c_co2_cap coefficients
