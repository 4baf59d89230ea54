"""Solve an LP that falls apart into independent blocks one block at a time.

The isolated counterfactual cuts every cross-border link: what remains is one system per country, or per
group of countries still joined by something isolation keeps (the world LNG market node feeds Mexico,
Panama, Colombia and Chile, until its supply is substituted out: :func:`implied_free_singletons`). Their
rows and columns share nothing, so the LP is block-diagonal once the columns fixed by their bounds (the cut
links' flows, at 0) are taken out. A country whose hours are coupled only by month-budget reservoirs falls
apart further, month by month. Solved block by block, each block is a smaller LP: the full-year isolated
counterfactual of the base scenario (20 blocks, the largest 70,082 rows) takes about 28 s and adds the
memory of its largest block (about 290 MB), against 33 s for the whole LP solved cold (measured on the
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
from energymodel.solver.highs import CscMatrix, LinearProgram, Solution, release_freed_memory, solve_lp

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


@dataclass
class Substitution:
    """Implied-free column singletons: column ``cols[i]`` appears only in row ``rows[i]`` (with coefficient
    ``coef[i]``), the row holds at ``rhs[i]`` at an optimum (an equality; or a one-sided row whose bound the
    column's cost pushes it to: a ≥ row where a unit more of activity costs ≥ 0, a ≤ row where it costs
    ≤ 0), and the row's other columns, within their bounds, keep the column within its own. Row and column
    then leave the LP: the column's cost moves onto the row's other columns."""

    rows: np.ndarray
    cols: np.ndarray
    coef: np.ndarray
    rhs: np.ndarray
    """The bound the row holds at (its only one, or the one the column's cost pushes it to)."""


def implied_free_singletons(lp: LinearProgram, a_csr) -> Substitution:
    """The implied-free column singletons of ``lp`` (:class:`Substitution`; one per row at most; ``a_csr``:
    its matrix as SciPy CSR). A column is implied free when ``(b − Σ_{k≠s} a_k x_k) / a_s``, over every x
    within its bounds, stays within the column's bounds: its bounds can never bind, so substituting it out
    is exact. The world
    LNG market's supply is one (each importer's routes are bounded, the supply is not): substituted, it no
    longer joins the countries that buy from it."""
    csc = lp.matrix
    count = np.diff(csc.indptr)
    single = np.flatnonzero((count == 1) & (lp.col_lb != lp.col_ub))  # a fixed column stays fixed
    rows, coef = csc.indices[csc.indptr[single]], csc.data[csc.indptr[single]]
    lb, ub = lp.row_lb[rows], lp.row_ub[rows]
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = lp.cost[single] / coef  # the cost of one more unit of row activity through the column
    # the row is tight at an optimum: an equality, or the one bound the column's cost pushes it to
    tight_lb = np.isfinite(lb) & ((lb == ub) | (np.isposinf(ub) & (slope >= 0)))
    tight_ub = np.isfinite(ub) & np.isneginf(lb) & (slope <= 0)
    keep = (tight_lb | tight_ub) & (coef != 0)
    rhs = np.where(tight_lb, lb, ub)
    single, rows, coef, rhs = single[keep], rows[keep], coef[keep], rhs[keep]
    _, first = np.unique(rows, return_index=True)  # one singleton per row
    single, rows, coef, rhs = single[first], rows[first], coef[first], rhs[first]
    # range of every row's activity over the column bounds: finite part and count of infinite parts
    entry_row = np.repeat(np.arange(a_csr.shape[0]), np.diff(a_csr.indptr))
    col = a_csr.indices
    v = a_csr.data
    lo_b, hi_b = lp.col_lb[col], lp.col_ub[col]
    with np.errstate(invalid="ignore"):
        lo = np.where(v > 0, v * lo_b, v * hi_b)
        hi = np.where(v > 0, v * hi_b, v * lo_b)
    n = a_csr.shape[0]
    lo_fin = np.bincount(entry_row, np.where(np.isfinite(lo), lo, 0.0), n)
    hi_fin = np.bincount(entry_row, np.where(np.isfinite(hi), hi, 0.0), n)
    lo_inf = np.bincount(entry_row, ~np.isfinite(lo), n)
    hi_inf = np.bincount(entry_row, ~np.isfinite(hi), n)
    # the same without the singleton's own entry
    s_lo = np.where(coef > 0, coef * lp.col_lb[single], coef * lp.col_ub[single])
    s_hi = np.where(coef > 0, coef * lp.col_ub[single], coef * lp.col_lb[single])
    with np.errstate(invalid="ignore"):
        r_lo = np.where(lo_inf[rows] - ~np.isfinite(s_lo) > 0, -np.inf,
                        lo_fin[rows] - np.where(np.isfinite(s_lo), s_lo, 0.0))
        r_hi = np.where(hi_inf[rows] - ~np.isfinite(s_hi) > 0, np.inf,
                        hi_fin[rows] - np.where(np.isfinite(s_hi), s_hi, 0.0))
        b = rhs
        implied = np.sort(np.stack([(b - r_hi) / coef, (b - r_lo) / coef]), axis=0)
    ok = (implied[0] >= lp.col_lb[single]) & (implied[1] <= lp.col_ub[single])
    return Substitution(rows[ok], single[ok], coef[ok], rhs[ok])


def independent_blocks(lp: LinearProgram, skip_rows: np.ndarray | None = None,
                       skip_cols: np.ndarray | None = None) -> tuple[list[Block], np.ndarray]:
    """(blocks, fixed): the blocks of ``lp`` that share no row and no column, largest first, and the
    positions of the columns fixed by their bounds (``col_lb == col_ub``), which belong to none. Rows
    ``skip_rows`` and columns ``skip_cols`` (substituted out) belong to none either. Components with fewer
    than :data:`MIN_BLOCK_ROWS` rows are merged into one block (the last)."""
    from scipy.sparse import bmat
    from scipy.sparse.csgraph import connected_components

    n_rows, n_cols = lp.shape
    fixed = np.flatnonzero(lp.col_lb == lp.col_ub)
    out_cols = np.union1d(fixed, skip_cols) if skip_cols is not None else fixed
    free = np.setdiff1d(np.arange(n_cols), out_cols, assume_unique=True)
    rows = np.setdiff1d(np.arange(n_rows), skip_rows) if skip_rows is not None else np.arange(n_rows)
    a = lp.matrix.to_scipy()[:, free][rows]
    a.data = np.ones_like(a.data)
    n_comp, label = connected_components(bmat([[None, a], [a.T, None]], format="csr"), directed=False)
    row_label, col_label = label[:len(rows)], label[len(rows):]
    rows_per = np.bincount(row_label, minlength=n_comp)
    big = [int(c) for c in np.argsort(-rows_per, kind="stable") if rows_per[c] >= MIN_BLOCK_ROWS]
    group = np.full(n_comp, len(big))
    group[big] = np.arange(len(big))
    row_group, col_group = group[row_label], group[col_label]
    blocks = [Block(rows[row_group == g], free[col_group == g]) for g in range(len(big) + 1)]
    return [b for b in blocks if len(b.rows) or len(b.cols)], fixed


def _sub_lp(lp: LinearProgram, cost: np.ndarray, a, block: Block, shift: np.ndarray) -> LinearProgram:
    """The LP of one block (``cost``: the costs after substitution); ``shift``: each row's activity from the
    fixed columns (moved to the bounds)."""
    sub = a[block.rows][:, block.cols].tocsc()
    sub.sort_indices()
    rows, cols = block.rows, block.cols
    return LinearProgram(
        cost=cost[cols], offset=0.0, col_lb=lp.col_lb[cols], col_ub=lp.col_ub[cols],
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
    """Solve ``lp`` block by block (:func:`independent_blocks`, after :func:`implied_free_singletons` are
    substituted out; whole below :data:`MIN_SPLIT_ROWS` rows) and assemble one :class:`Solution` of the whole
    LP (its ``lp`` is ``lp.layout()``). A substituted row's dual is its column's cost over its coefficient
    (the column's reduced cost is then 0). ``cancel``: a ``threading.Event`` that stops the block being
    solved (see ``progress.run``). Raises :class:`~energymodel.errors.SolveError` when a block has no
    optimum (then neither has the LP; the log names the block)."""
    if lp.shape[0] < MIN_SPLIT_ROWS:
        sol = solve_lp(lp, options, label=label, cancel=cancel)
        sol.lp, sol.info["blocks"] = lp.layout(), 1
        return sol
    t0 = time.perf_counter()
    a = lp.matrix.to_scipy().tocsr()
    sub = implied_free_singletons(lp, a)
    cost = lp.cost.copy()
    y_sub = lp.cost[sub.cols] / sub.coef  # the substituted rows' duals
    # each substituted column's cost moves onto its row's other columns: c_k − a_k c_s / a_s
    cost -= a[sub.rows].T @ y_sub
    cost[sub.cols] = 0.0
    blocks, fixed = independent_blocks(lp, sub.rows, sub.cols)
    x = np.zeros(lp.shape[1])
    x[fixed] = lp.col_lb[fixed]
    shift = a[:, fixed] @ x[fixed] if len(fixed) else np.zeros(lp.shape[0])
    row_dual, col_dual = np.zeros(lp.shape[0]), np.zeros(lp.shape[1])
    iterations, highs_s = 0, 0.0
    t_split = time.perf_counter() - t0
    log.info("%s: %d independent blocks (%s rows), %d fixed columns, %d implied-free columns substituted",
             label, len(blocks), ", ".join(f"{len(b.rows):,}" for b in blocks), len(fixed), len(sub.cols))
    options = options or SolverOptions()
    for i, block in enumerate(blocks, start=1):
        if cancel is not None and cancel.is_set():  # a short block may finish before it looks
            raise KeyboardInterrupt
        left = options.time_limit_s - (time.perf_counter() - t0)  # the limit holds for all blocks together
        if left <= 0:
            from energymodel.errors import SolveError
            raise SolveError(f"HiGHS did not reach an optimum (model status: Time limit reached after {i - 1} of "
                             f"{len(blocks)} blocks); raise solver.time_limit_s", status="Time limit reached")
        if not len(block.cols):  # rows of fixed columns only: feasible or not, nothing to choose
            _check_fixed_rows(lp, block.rows, shift)
            continue
        sol = solve_lp(_sub_lp(lp, cost, a, block, shift), options.model_copy(update={"time_limit_s": left}),
                       label=f"{label} block {i}/{len(blocks)}", cancel=cancel)
        x[block.cols], col_dual[block.cols] = sol.col_value, sol.col_dual
        row_dual[block.rows] = sol.row_dual
        iterations += int(sol.info["simplex_iterations"])
        highs_s += sol.timings_s["highs_run"]
        if len(block.rows) >= MIN_SPLIT_ROWS // 5:  # a large block's HiGHS heap goes back before the next
            del sol
            release_freed_memory()
    if len(sub.cols):  # x_s = (b − Σ_{k≠s} a_k x_k) / a_s
        rest = a[sub.rows] @ x  # x_s is still 0 here
        x[sub.cols] = (sub.rhs - rest) / sub.coef
        row_dual[sub.rows] = y_sub
    # reduced costs of the columns outside every block from the rows' duals (0 for substituted ones)
    outside = np.union1d(fixed, sub.cols)
    if len(outside):
        col_dual[outside] = lp.cost[outside] - a[:, outside].T @ row_dual
    info = dict(model_status="Optimal", simplex_iterations=iterations, blocks=len(blocks), substituted=len(sub.cols),
                rows=lp.shape[0], columns=lp.shape[1], nonzeros=lp.nnz)
    return Solution(status="optimal", objective_usd=float(lp.cost @ x + lp.offset), col_value=x,
                    col_dual=col_dual, row_dual=row_dual, lp=lp.layout(),
                    timings_s={"split": t_split, "highs_run": highs_s, "total": time.perf_counter() - t0},
                    info=info)
