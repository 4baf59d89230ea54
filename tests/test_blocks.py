"""Solving an LP block by block (solver/blocks.py) gives an optimum of the whole LP."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from energymodel.analysis.integration import isolate
from energymodel.errors import SolveError
from energymodel.inputs.scenario import load_scenario
from energymodel.model.direct import build_lp
from energymodel.network.network import build_network
from energymodel.solver import blocks
from energymodel.solver.highs import CscMatrix, LinearProgram, solve_lp

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def split_small(monkeypatch):
    """Split LPs of any size (the thresholds are for speed, not for correctness)."""
    monkeypatch.setattr(blocks, "MIN_SPLIT_ROWS", 0)
    monkeypatch.setattr(blocks, "MIN_BLOCK_ROWS", 50)


def _check_optimal(lp: LinearProgram, sol, objective: float) -> None:
    """Primal feasible, reduced costs consistent with the row duals, the same objective as the whole LP."""
    a = lp.matrix.to_scipy()
    x, y = sol.col_value, sol.row_dual
    act = a @ x
    assert np.all(act >= lp.row_lb - 1e-6) and np.all(act <= lp.row_ub + 1e-6)
    assert np.all(x >= lp.col_lb - 1e-7) and np.all(x <= lp.col_ub + 1e-7)
    np.testing.assert_allclose(sol.col_dual, lp.cost - a.T @ y, atol=1e-6 * max(1.0, np.abs(lp.cost).max()))
    assert sol.objective_usd == pytest.approx(lp.cost @ x + lp.offset, rel=1e-9)
    assert sol.objective_usd == pytest.approx(objective, rel=1e-9)


def test_the_isolated_base_year_splits_by_country_and_solves_to_the_whole_lps_optimum(split_small):
    scenario = load_scenario(ROOT / "scenarios" / "base.yaml", hours=48)
    lp = build_lp(isolate(build_network(scenario)))
    found, fixed = blocks.independent_blocks(lp)
    # MX, PA, CO and CL share the world LNG market node; GT, CAM, EC and Peru stand alone
    assert [len(b.rows) for b in found] == sorted((len(b.rows) for b in found), reverse=True)
    assert len(found) == 5 and len(fixed) > 0
    rows = np.concatenate([b.rows for b in found])
    assert len(rows) == lp.shape[0] and len(np.unique(rows)) == lp.shape[0]  # every row in one block
    cols = np.concatenate([b.cols for b in found] + [fixed])
    assert len(cols) == lp.shape[1] and len(np.unique(cols)) == lp.shape[1]
    whole = solve_lp(lp, scenario.solver)
    split = blocks.solve_by_blocks(lp, scenario.solver)
    # the world LNG supply substituted out, MX, PA, CO and CL fall apart too: 8 countries + the small rest
    assert split.info["substituted"] >= 48 and split.info["blocks"] == 9
    _check_optimal(lp, split, whole.objective_usd)
    np.testing.assert_allclose(split.dual("c_gas_balance"), whole.dual("c_gas_balance"), atol=1e-6)
    # prices (balance duals) of a non-degenerate optimum are the whole LP's
    np.testing.assert_allclose(split.dual("c_balance"), whole.dual("c_balance"), atol=1e-6)


def test_a_small_lp_is_solved_whole_without_splitting():
    scenario = load_scenario(ROOT / "scenarios" / "base.yaml", hours=24)
    lp = build_lp(isolate(build_network(scenario)))
    assert lp.shape[0] < blocks.MIN_SPLIT_ROWS
    sol = blocks.solve_by_blocks(lp, scenario.solver)
    assert sol.info["blocks"] == 1 and sol.info["simplex_iterations"] > 0


@st.composite
def block_diagonal_lps(draw):
    """Bounded LPs of 1–4 random blocks (min c·x, A x ≥ b with A ≥ 0, 0 ≤ x ≤ u, c > 0), some columns fixed at
    a non-zero value, rows shuffled so that blocks interleave, and 0–3 markets joining blocks."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    rows, cols, vals, n_rows, n_cols = [], [], [], 0, 0
    for _ in range(draw(st.integers(1, 4))):
        m, n = int(rng.integers(1, 8)), int(rng.integers(1, 8))
        dense = rng.random((m, n)) * (rng.random((m, n)) < 0.6)
        dense[np.arange(m), rng.integers(0, n, m)] += 1.0  # every row has an entry
        r, c = np.nonzero(dense)
        rows.append(r + n_rows), cols.append(c + n_cols), vals.append(dense[r, c])
        n_rows, n_cols = n_rows + m, n_cols + n
    n_blocks_rows = n_rows
    ub = list(np.full(n_cols, 50.0))
    cost = list(rng.random(n_cols) + 0.1)
    # markets, like the world LNG node: a supply column s ≥ 0 (a singleton) in a row s − Σ buy ≥ 0, each buy
    # column also helping to meet one row of its block; substituted out, the market joins nothing
    for _ in range(draw(st.integers(0, 3))):
        market, s_col = n_rows, n_cols
        rows.append([market]), cols.append([s_col]), vals.append([1.0])
        ub.append(np.inf), cost.append(float(rng.random()) * 2)
        n_rows, n_cols = n_rows + 1, n_cols + 1
        for _ in range(int(rng.integers(1, 4))):
            rows.append([market, int(rng.integers(0, n_blocks_rows))]), cols.append([n_cols, n_cols])
            vals.append([-1.0, float(rng.random()) + 0.5])
            ub.append(50.0 if rng.random() < 0.5 else np.inf), cost.append(float(rng.random()) * 0.1)
            n_cols += 1
    perm = np.concatenate([rng.permutation(n_blocks_rows), np.arange(n_blocks_rows, n_rows)])
    r, c, v = perm[np.concatenate(rows)], np.concatenate(cols), np.concatenate(vals)
    ub, lb = np.array(ub), np.zeros(n_cols)
    fix = (rng.random(n_cols) < 0.25) & np.isfinite(ub)
    lb[fix] = ub[fix] = rng.random(fix.sum()) * 2
    row_lb = np.concatenate([rng.random(n_blocks_rows), np.zeros(n_rows - n_blocks_rows)])
    return LinearProgram(cost=np.array(cost), offset=float(rng.random()), col_lb=lb, col_ub=ub,
                         matrix=CscMatrix.from_triplets(r, c, v, (n_rows, n_cols)),
                         row_lb=row_lb, row_ub=np.full(n_rows, np.inf),
                         col_blocks={"x": (0, n_cols)}, row_blocks={"c": (0, n_rows)})


@settings(max_examples=40, deadline=None)
@given(block_diagonal_lps())
def test_random_block_diagonal_lps_solve_to_the_whole_optimum(lp):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(blocks, "MIN_SPLIT_ROWS", 0)
        mp.setattr(blocks, "MIN_BLOCK_ROWS", 1)
        try:
            whole = solve_lp(lp)
        except SolveError:  # a row of fixed columns only may be violated: then no block split may hide it
            with pytest.raises(SolveError):
                blocks.solve_by_blocks(lp)
            return
        split = blocks.solve_by_blocks(lp)
    _check_optimal(lp, split, whole.objective_usd)
    assert np.all(split.row_dual >= -1e-9)  # ≥ rows of a minimisation: duals ≥ 0


def test_when_the_counterfactual_solves_alongside_the_scenario(monkeypatch):
    import os

    from energymodel.inputs.scenario import SolverOptions
    from energymodel.pipeline import concurrent_counterfactual

    assert concurrent_counterfactual(SolverOptions(counterfactual_solve="concurrent", threads=4))
    assert not concurrent_counterfactual(SolverOptions(counterfactual_solve="sequential"))
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert concurrent_counterfactual(SolverOptions())
    assert not concurrent_counterfactual(SolverOptions(threads=2))  # HiGHS uses the second core itself
    assert not concurrent_counterfactual(SolverOptions(builder="pyomo"))
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert not concurrent_counterfactual(SolverOptions())


def test_an_unknown_counterfactual_solve_is_invalid_input():
    from energymodel.cli import main

    assert main(["validate", str(ROOT / "scenarios" / "base.yaml"), "--set",
                 "solver.counterfactual_solve=sometimes"]) == 2


def test_a_fixed_column_alone_in_its_row_keeps_its_value(split_small):
    """x0 + x1 = 5 with x0 fixed at 2 and x1 at 3 (both singletons of that row), x2 ≥ 1: the fixed columns
    are not substituted out (found by a reviewer: x0 came back as 0, the objective as 1 instead of 3)."""
    lp = LinearProgram(cost=np.array([1.0, 0.0, 1.0]), offset=0.0, col_lb=np.array([2.0, 3.0, 0.0]),
                       col_ub=np.array([2.0, 3.0, np.inf]),
                       matrix=CscMatrix.from_triplets(np.array([0, 0, 1]), np.array([0, 1, 2]), np.ones(3), (2, 3)),
                       row_lb=np.array([5.0, 1.0]), row_ub=np.array([5.0, np.inf]),
                       col_blocks={"x": (0, 3)}, row_blocks={"c": (0, 2)})
    split = blocks.solve_by_blocks(lp)
    np.testing.assert_allclose(split.col_value, [2.0, 3.0, 1.0])
    _check_optimal(lp, split, 3.0)


def test_the_time_limit_holds_for_all_blocks_together(split_small):
    from energymodel.inputs.scenario import SolverOptions

    lp = build_lp(isolate(build_network(load_scenario(ROOT / "scenarios" / "base.yaml", hours=48))))
    with pytest.raises(SolveError, match="time_limit_s"):
        blocks.solve_by_blocks(lp, SolverOptions(time_limit_s=1e-9))
