"""Warm re-solves of sweep cases: the LP vectors computed from a Network equal the compiled model's
exactly, the structure key separates what needs a rebuild, and warm and cold solves agree."""
import sys
from pathlib import Path

import numpy as np
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
