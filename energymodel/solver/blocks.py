"""Solve an LP that falls apart into independent blocks one block at a time.

The isolated counterfactual cuts every cross-border link: what remains is one system per country, or per
group of countries still joined by something isolation keeps (the world LNG market node feeds Mexico,
Panama, Colombia and Chile). Their rows and columns share nothing, so the LP is block-diagonal once the
columns fixed by their bounds (the cut links' flows, at 0) are taken out. Solved block by block, each
block is a smaller LP: the full-year isolated counterfactual of the base scenario (five blocks) takes about
27 s and a peak the size of its largest block, against 33 s for the whole LP solved cold (measured on the
project machine, 2 cores, HiGHS 1.16).

The answer is an optimum of the whole LP: the objective is the sum of the blocks' objectives, every row
dual comes from the block holding the row, and a fixed column's reduced cost is computed from those duals
(``c_j − a_jᵀ y``, HiGHS's convention). An LP of fewer than :data:`MIN_SPLIT_ROWS` rows is solved whole.
Where the optimum is degenerate, the blocks may pick another of the
equally cheap solutions than one solve of the whole LP would.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import numpy as np

from energymodel.inputs.scenario import SolverOptions
from energymodel.solver.highs import CscMatrix, LinearProgram, Solution, solve_lp

log = logging.getLogger(__name__)

MIN_BLOCK_ROWS = 1000
"""A connected component with at least this many rows is solved on its own; the smaller ones (rows left
with only fixed columns, a short horizon's countries) are solved together as one more block."""

MIN_SPLIT_ROWS = 50_000
"""An LP with fewer rows is solved whole: splitting it would save less than importing SciPy's graph
routines costs (about 0.25 s, measured with ``python -X importtime``), which a short run would notice."""


@dataclass
class Block:
    """Rows and free columns of one independent block (positions in the whole LP, ascending)."""

    rows: np.ndarray
    cols: np.ndarray


def independent_blocks(lp: LinearProgram) -> tuple[list[Block], np.ndarray]:
    """(blocks, fixed): the blocks of ``lp`` that share no row and no column, largest first, and the
    positions of the columns fixed by their bounds (``col_lb == col_ub``), which belong to none. Components
    with fewer than :data:`MIN_BLOCK_ROWS` rows are merged into one block (the last)."""
    from scipy.sparse import bmat
    from scipy.sparse.csgraph import connected_components

    n_rows, n_cols = lp.shape
    fixed = np.flatnonzero(lp.col_lb == lp.col_ub)
    free = np.setdiff1d(np.arange(n_cols), fixed, assume_unique=True)
    a = lp.matrix.to_scipy()[:, free]
    a.data = np.ones_like(a.data)
    n_comp, label = connected_components(bmat([[None, a], [a.T, None]], format="csr"), directed=False)
    row_label, col_label = label[:n_rows], label[n_rows:]
    rows_per = np.bincount(row_label, minlength=n_comp)
    big = [int(c) for c in np.argsort(-rows_per, kind="stable") if rows_per[c] >= MIN_BLOCK_ROWS]
    group = np.full(n_comp, len(big))
    group[big] = np.arange(len(big))
    row_group, col_group = group[row_label], group[col_label]
    blocks = [Block(np.flatnonzero(row_group == g), free[col_group == g]) for g in range(len(big) + 1)]
    return [b for b in blocks if len(b.rows) or len(b.cols)], fixed


def _sub_lp(lp: LinearProgram, a, block: Block, shift: np.ndarray) -> LinearProgram:
    """The LP of one block; ``shift``: each row's activity from the fixed columns (moved to the bounds)."""
    sub = a[block.rows][:, block.cols].tocsc()
    sub.sort_indices()
    rows, cols = block.rows, block.cols
    return LinearProgram(
        cost=lp.cost[cols], offset=0.0, col_lb=lp.col_lb[cols], col_ub=lp.col_ub[cols],
        matrix=CscMatrix(sub.indptr.astype(np.int32), sub.indices.astype(np.int32), sub.data, sub.shape),
        row_lb=lp.row_lb[rows] - shift[rows], row_ub=lp.row_ub[rows] - shift[rows],
        col_blocks={"block": (0, len(cols))}, row_blocks={"block": (0, len(rows))})


def _check_fixed_rows(lp: LinearProgram, rows: np.ndarray, activity: np.ndarray) -> None:
    """Rows whose columns are all fixed hold or the LP is infeasible (their duals stay 0)."""
    tol = 1e-7 * np.maximum(1.0, np.abs(activity[rows]))
    bad = rows[(activity[rows] < lp.row_lb[rows] - tol) | (activity[rows] > lp.row_ub[rows] + tol)]
    if len(bad):
        from energymodel.errors import SolveError
        raise SolveError(f"the LP is infeasible: row {int(bad[0])} has only fixed columns, and their activity "
                         f"{activity[bad[0]]:.6g} is outside [{lp.row_lb[bad[0]]:.6g}, {lp.row_ub[bad[0]]:.6g}]",
                         status="Infeasible")


def solve_by_blocks(lp: LinearProgram, options: SolverOptions | None = None, label: str = "HiGHS",
                    cancel=None) -> Solution:
    """Solve ``lp`` block by block (:func:`independent_blocks`; whole below :data:`MIN_SPLIT_ROWS` rows) and
    assemble one :class:`Solution` of the whole LP (its ``lp`` is ``lp.layout()``). ``cancel``: a
    ``threading.Event`` that stops the block being solved (see ``progress.run``). Raises
    :class:`~energymodel.errors.SolveError` when a block has no optimum (then neither has the LP; the log
    names the block)."""
    if lp.shape[0] < MIN_SPLIT_ROWS:
        sol = solve_lp(lp, options, label=label, cancel=cancel)
        sol.lp, sol.info["blocks"] = lp.layout(), 1
        return sol
    t0 = time.perf_counter()
    blocks, fixed = independent_blocks(lp)
    a = lp.matrix.to_scipy().tocsr()
    x = np.zeros(lp.shape[1])
    x[fixed] = lp.col_lb[fixed]
    shift = a[:, fixed] @ x[fixed] if len(fixed) else np.zeros(lp.shape[0])
    row_dual, col_dual = np.zeros(lp.shape[0]), np.zeros(lp.shape[1])
    objective, iterations, highs_s = lp.offset + float(lp.cost[fixed] @ x[fixed]), 0, 0.0
    t_split = time.perf_counter() - t0
    log.info("%s: %d independent blocks (%s rows), %d fixed columns", label, len(blocks),
             ", ".join(f"{len(b.rows):,}" for b in blocks), len(fixed))
    for i, block in enumerate(blocks, start=1):
        if not len(block.cols):  # rows of fixed columns only: feasible or not, nothing to choose
            _check_fixed_rows(lp, block.rows, shift)
            continue
        sol = solve_lp(_sub_lp(lp, a, block, shift), options, label=f"{label} block {i}/{len(blocks)}",
                       cancel=cancel)
        x[block.cols], col_dual[block.cols] = sol.col_value, sol.col_dual
        row_dual[block.rows] = sol.row_dual
        objective += sol.objective_usd
        iterations += int(sol.info["simplex_iterations"])
        highs_s += sol.timings_s["highs_run"]
    if len(fixed):  # reduced costs of the fixed columns from the rows' duals
        col_dual[fixed] = lp.cost[fixed] - a[:, fixed].T @ row_dual
    info = {"model_status": "Optimal"}
    info.update(simplex_iterations=iterations, blocks=len(blocks), rows=lp.shape[0], columns=lp.shape[1],
                nonzeros=lp.nnz)
    return Solution(status="optimal", objective_usd=objective, col_value=x, col_dual=col_dual,
                    row_dual=row_dual, lp=lp.layout(),
                    timings_s={"split": t_split, "highs_run": highs_s, "total": time.perf_counter() - t0},
                    info=info)
