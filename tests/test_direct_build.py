"""The direct build (numpy, no Pyomo) gives the Pyomo model's compiled LP entry for entry: the same
column and row blocks in the same order, the same matrix, costs and bounds, on every kind of network the
model knows (storage with every option, expandable links, AC lines, the gas network, limits, a CO2 cap,
reservoir level bounds, the shipped base year with and without zones) and on random networks."""
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given

from energymodel import build_model, build_network, load_scenario
from energymodel.analysis.integration import isolate
from energymodel.model.direct import build_lp
from energymodel.solver.highs import compile_lp, solve_lp
from networks import chain
from strategies import FAST, networks

sys.path.insert(0, str(Path(__file__).parent / "model"))
from test_gas import lng_network, mixed_network  # noqa: E402
from test_powerflow import triangle  # noqa: E402
from test_sweep_vectors import (chain_with_level_bounds, expandable_chain, rich_chain,  # noqa: E402
                                rich_chain_with_a_floor)

ROOT = Path(__file__).resolve().parents[1]


def assert_same_lp(direct, reference) -> None:
    assert direct.col_blocks == reference.col_blocks
    assert list(direct.col_blocks) == list(reference.col_blocks)  # same order, so the same positions
    assert direct.row_blocks == reference.row_blocks
    assert list(direct.row_blocks) == list(reference.row_blocks)
    assert direct.matrix.shape == reference.matrix.shape
    np.testing.assert_array_equal(direct.matrix.indptr, reference.matrix.indptr)
    np.testing.assert_array_equal(direct.matrix.indices, reference.matrix.indices)
    np.testing.assert_array_equal(direct.matrix.data, reference.matrix.data)
    for name in ("cost", "col_lb", "col_ub", "row_lb", "row_ub"):
        np.testing.assert_array_equal(getattr(direct, name), getattr(reference, name), err_msg=name)
    assert direct.offset == reference.offset


def base(hours, **overrides):
    return build_network(load_scenario(ROOT / "scenarios" / "base.yaml", hours=hours,
                                       overrides=list(overrides.items())))


NETWORKS = {
    "chain": chain, "expandable chain": expandable_chain, "rich chain": rich_chain,
    "rich chain with a floor": rich_chain_with_a_floor, "level bounds": chain_with_level_bounds,
    "LNG": lng_network, "gas and power": mixed_network, "AC triangle": triangle,
    "AC triangle, two countries": lambda: triangle(countries={"A": ("X",), "B": ("X",), "C": ("Y",)}),
    "chain isolated": lambda: isolate(chain()),
    "base year, zones, 48 h": lambda: base(48),
    "base year, one node per country, 3-hourly": lambda: base(72, zones=False, **{"time.resolution_h": 3}),
}


@pytest.mark.parametrize("name", list(NETWORKS))
def test_direct_build_equals_the_compiled_pyomo_model(name):
    net = NETWORKS[name]()
    assert_same_lp(build_lp(net), compile_lp(build_model(net)))


@FAST
@given(networks())
def test_direct_build_equals_the_compiled_pyomo_model_on_random_networks(net):
    assert_same_lp(build_lp(net), compile_lp(build_model(net)))


def test_direct_build_solves_to_the_pyomo_models_objective_and_duals():
    net = rich_chain()
    direct, reference = solve_lp(build_lp(net)), solve_lp(compile_lp(build_model(net)))
    assert direct.objective_usd == pytest.approx(reference.objective_usd, rel=1e-12)
    np.testing.assert_allclose(direct.dual("c_balance"), reference.dual("c_balance"), rtol=1e-9, atol=1e-9)


@pytest.mark.slow
def test_direct_build_equals_the_compiled_pyomo_model_for_the_full_base_year():
    net = base(8760)
    assert_same_lp(build_lp(net), compile_lp(build_model(net)))
