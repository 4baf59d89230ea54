"""Solve a compiled LP with HiGHS by handing over the matrix in one call.

The generic Pyomo–HiGHS plugins pass the model one row at a time, which costs more than the solve on a
full-year LP (measured, benchmarks/). ``solver/compile.py`` compiles the Pyomo model to a
:class:`LinearProgram`; :func:`solve_lp` passes it to ``highspy`` in one call, and the solution comes back
as numpy arrays sliced per Pyomo component. Duals are HiGHS row duals: for a minimisation, the change in
the objective per unit increase of the row's right-hand side.

This module imports neither Pyomo nor SciPy (the process that solves never builds the model);
``compile_lp``, ``compile_network`` and ``solve`` are re-exported lazily from ``compile.py`` and
``worker.py``.
"""
from __future__ import annotations

import logging
import os
import sys
import time
from dataclasses import dataclass, field

import highspy
import numpy as np

from energymodel.errors import InputError, SolveError
from energymodel.inputs.scenario import SolverOptions
from energymodel.inputs.units import SOLVER_INFINITY
from energymodel.solver import progress

log = logging.getLogger(__name__)

INF = highspy.kHighsInf



@dataclass
class CscMatrix:
    """A sparse matrix in compressed sparse column form (the arrays ``highspy`` takes), without SciPy."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    shape: tuple[int, int]

    @property
    def nnz(self) -> int:
        return int(len(self.data))

    @classmethod
    def from_triplets(cls, rows: np.ndarray, cols: np.ndarray, values: np.ndarray,
                      shape: tuple[int, int]) -> "CscMatrix":
        """Entries (rows[k], cols[k]) = values[k]; repeated positions are summed."""
        order = np.lexsort((rows, cols))
        rows, cols, values = rows[order], cols[order], values[order]
        if len(rows):
            new = np.ones(len(rows), dtype=bool)
            new[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
            if not new.all():
                starts = np.flatnonzero(new)
                values = np.add.reduceat(values, starts)
                rows, cols = rows[starts], cols[starts]
        indptr = np.zeros(shape[1] + 1, dtype=np.int32)
        np.cumsum(np.bincount(cols, minlength=shape[1]), out=indptr[1:])
        return cls(indptr=indptr, indices=np.ascontiguousarray(rows, dtype=np.int32),
                   data=np.ascontiguousarray(values, dtype=float), shape=(int(shape[0]), int(shape[1])))

    def to_scipy(self):
        """The same matrix as ``scipy.sparse.csc_matrix`` (imports SciPy)."""
        import scipy.sparse as sp
        return sp.csc_matrix((self.data, self.indices, self.indptr), shape=self.shape)

    def dot(self, x: np.ndarray) -> np.ndarray:
        """A @ x."""
        cols = np.repeat(np.arange(self.shape[1]), np.diff(self.indptr))
        return np.bincount(self.indices, weights=self.data * x[cols], minlength=self.shape[0])


@dataclass
class LinearProgram:
    """``min c·x + offset  s.t.  row_lb ≤ A x ≤ row_ub,  col_lb ≤ x ≤ col_ub`` with component maps."""

    cost: np.ndarray
    offset: float
    col_lb: np.ndarray
    col_ub: np.ndarray
    matrix: CscMatrix
    row_lb: np.ndarray
    row_ub: np.ndarray
    col_blocks: dict[str, tuple[int, int]]
    """Pyomo variable name → [start, stop) of its columns, in the variable's index order."""
    row_blocks: dict[str, tuple[int, int]]
    """Pyomo constraint name → [start, stop) of its rows, in the constraint's index order."""

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, columns)."""
        return self.matrix.shape

    @property
    def nnz(self) -> int:
        return self.matrix.nnz

    def layout(self) -> "LpLayout":
        """The names, positions and size of this LP without its numbers (what a Solution needs)."""
        return LpLayout(self.col_blocks, self.row_blocks, self.shape, self.nnz)


@dataclass
class LpLayout:
    """Where each variable and constraint family sits in an LP, and its size, without the numbers: what a
    :class:`Solution` reads. A solve that handed its LP to HiGHS keeps only this (``LinkResolver`` with
    ``keep_lp=False``), so the process does not hold the matrix twice."""

    col_blocks: dict[str, tuple[int, int]]
    row_blocks: dict[str, tuple[int, int]]
    shape: tuple[int, int]
    nnz: int


@dataclass
class Solution:
    status: str
    objective_usd: float
    col_value: np.ndarray
    col_dual: np.ndarray
    row_dual: np.ndarray
    lp: LinearProgram | LpLayout
    timings_s: dict[str, float] = field(default_factory=dict)
    info: dict[str, float | int | str] = field(default_factory=dict)

    def value(self, name: str) -> np.ndarray:
        """Primal values of Pyomo variable ``name`` in its index order."""
        a, b = self.lp.col_blocks[name]
        return self.col_value[a:b]

    def reduced_cost(self, name: str) -> np.ndarray:
        a, b = self.lp.col_blocks[name]
        return self.col_dual[a:b]

    def dual(self, name: str) -> np.ndarray:
        """Row duals of Pyomo constraint ``name`` in its index order."""
        a, b = self.lp.row_blocks[name]
        return self.row_dual[a:b]


def _highspy_version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("highspy")
    except PackageNotFoundError:
        return "unknown"


_METHODS = {"auto": "choose", "simplex": "simplex", "ipm": "ipm", "pdlp": "pdlp"}


def _status_message(status: str, options: SolverOptions) -> str:
    if status == "Time limit reached":
        return (f"HiGHS stopped at the time limit (solver.time_limit_s = {options.time_limit_s:g}) before "
                "reaching an optimum: raise solver.time_limit_s, shorten time.hours, or coarsen "
                "time.resolution_h")
    if status == "Infeasible":
        return ("the dispatch LP is infeasible. Shedding at VOLL and spill cover any demand, so a bound the LP "
                "cannot meet is the cause: most often an annual minimum of generation_limits.csv "
                "(rules.must_run, rules.take_or_pay) that the scenario's demand or links leave no room for "
                "(e.g. demand.scale cut below a must-run fleet's output), then a co2_cap_tco2_per_year below "
                "the must-run fleets' emissions, the reported reservoir path (rules.reservoir_path) or data "
                "that bypassed the checks (a negative inflow). Switch the rules off one at a time "
                "(--set rules.must_run=false, ...) to find it")
    if status in ("Unbounded", "Primal infeasible or unbounded"):
        return ("the dispatch LP is unbounded: some cost is negative (check prices, VOM and wheeling "
                "charges in the scenario and data)")
    if status in ("Unknown", "Model error", "Solve error", "Load error", "Presolve error", "Postsolve error"):
        return (f"HiGHS did not reach an optimum (model status: {status}). Numbers at or beyond "
                f"{SOLVER_INFINITY:g} count as infinite in HiGHS and very large or very small costs and "
                "capacities make the LP numerically hard: check VOLL, prices and capacities for unit errors")
    return f"HiGHS did not reach an optimum (model status: {status})"


def checked(status, what: str) -> None:
    """Every HiGHS call's return status is checked: an error means HiGHS rejected the call (exit 3)."""
    if status == highspy.HighsStatus.kError:
        raise SolveError(f"HiGHS rejected {what} (HighsStatus.kError)", status="rejected")


def _block_of(blocks: dict[str, tuple[int, int]], i: int) -> str:
    return next((name for name, (a, b) in blocks.items() if a <= i < b), "?")


def check_magnitudes(lp: LinearProgram) -> None:
    """No cost, coefficient or finite bound of the LP may reach HiGHS's infinity (units.SOLVER_INFINITY):
    HiGHS would silently read it as infinite. Inputs are checked one by one when read; this catches the
    products of several (e.g. a VOLL times a snapshot weight), naming the LP component."""
    checks = [("objective coefficient of", np.abs(lp.cost), lp.col_blocks, None),
              ("lower bound of", np.where(np.isinf(lp.col_lb), 0.0, np.abs(lp.col_lb)), lp.col_blocks, None),
              ("upper bound of", np.where(np.isinf(lp.col_ub), 0.0, np.abs(lp.col_ub)), lp.col_blocks, None),
              ("right-hand side of", np.where(np.isinf(lp.row_lb), 0.0, np.abs(lp.row_lb)), lp.row_blocks, None),
              ("right-hand side of", np.where(np.isinf(lp.row_ub), 0.0, np.abs(lp.row_ub)), lp.row_blocks, None),
              ("a coefficient in", np.abs(lp.matrix.data), lp.col_blocks, lp.matrix)]
    for what, values, blocks, matrix in checks:
        bad = np.flatnonzero(values >= SOLVER_INFINITY)
        if len(bad):
            i = int(bad[0])
            if matrix is not None:  # position in the CSC data → its column
                i = int(np.searchsorted(matrix.indptr, i, side="right") - 1)
            raise InputError(f"the {what} {_block_of(blocks, i)} is {values[bad[0]]:.3g}, at or beyond the solver's "
                             f"infinity ({SOLVER_INFINITY:g}); check voll_usd_per_mwh, prices, costs and "
                             "capacities for a unit error", key=_block_of(blocks, i))


def highs_options(options: SolverOptions) -> dict[str, object]:
    """HiGHS option values for our solver settings (also used by the benchmark's pure-HiGHS run)."""
    return {"threads": int(options.threads), "time_limit": float(options.time_limit_s),
            "solver": _METHODS[options.method], "presolve": "on" if options.presolve else "off"}


def new_highs() -> highspy.Highs:
    """A quiet HiGHS instance. HiGHS prints its banner to the process's stdout when the first instance is
    created; that line is dropped here so the command line's stdout stays clean (our log says the rest)."""
    sys.stdout.flush()
    saved, devnull = os.dup(1), os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        h = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)
    h.setOptionValue("output_flag", False)
    return h


def release_freed_memory() -> None:
    """Hand memory that was freed back to the operating system (glibc's ``malloc_trim``; a no-op elsewhere).
    After a large HiGHS instance is deleted, glibc keeps its freed heap in the process; the arrays allocated
    next (mapped separately) would stack on top of it."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the C library the interpreter runs on
    except (OSError, AttributeError):  # not glibc (e.g. musl)
        return
    trim(0)


def to_highs_lp(lp: LinearProgram) -> highspy.HighsLp:
    """The LP as a ``highspy.HighsLp`` (column-wise matrix), ready for ``Highs.passModel``."""
    model = highspy.HighsLp()
    model.num_col_, model.num_row_ = lp.matrix.shape[1], lp.matrix.shape[0]
    model.col_cost_, model.offset_ = lp.cost, lp.offset
    model.col_lower_, model.col_upper_ = lp.col_lb, lp.col_ub
    model.row_lower_, model.row_upper_ = lp.row_lb, lp.row_ub
    model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    model.a_matrix_.start_ = lp.matrix.indptr
    model.a_matrix_.index_ = lp.matrix.indices
    model.a_matrix_.value_ = lp.matrix.data
    return model


PRESOLVE_DOUBTS = ("Infeasible", "Unbounded", "Primal infeasible or unbounded")
"""Statuses re-checked without presolve: the dispatch LP is feasible and bounded by construction, and HiGHS's
presolve can misjudge data with tiny magnitudes (e.g. a demand of 1e-295 MW, found by a property test)."""


def run_checked(h: highspy.Highs, options: SolverOptions, label: str, cancel=None):
    """``progress.run`` and, if presolve was on and the status is one of :data:`PRESOLVE_DOUBTS`, once more
    from scratch without presolve (presolve is switched back on after, for later warm re-solves).
    ``cancel``: see ``progress.run``. Returns (run status, model status string)."""
    run_status = progress.run(h, label, cancel)
    status = h.modelStatusToString(h.getModelStatus())
    if status in PRESOLVE_DOUBTS and options.presolve:
        log.warning("HiGHS reports %s with presolve; solving again without presolve to confirm", status)
        checked(h.setOptionValue("presolve", "off"), "the option presolve = 'off'")
        h.clearSolver()
        run_status = progress.run(h, label + " (no presolve)", cancel)
        status = h.modelStatusToString(h.getModelStatus())
        checked(h.setOptionValue("presolve", "on"), "the option presolve = 'on'")
    return run_status, status


def solve_lp(lp: LinearProgram, options: SolverOptions | None = None, compile_s: float = 0.0,
             label: str = "HiGHS", cancel=None) -> Solution:
    """Solve a compiled LP with HiGHS (the Pyomo model may already be freed). ``label`` names the solve in the
    log; ``cancel``: a ``threading.Event`` that stops it (``progress.run``). Raises
    :class:`~energymodel.errors.SolveError` without an optimum."""
    options = options or SolverOptions()
    t1 = time.perf_counter()
    h = new_highs()
    check_magnitudes(lp)
    for key, value in highs_options(options).items():
        checked(h.setOptionValue(key, value), f"the option {key} = {value!r}")
    checked(h.passModel(to_highs_lp(lp)), "the model (passModel)")
    t2 = time.perf_counter()
    run_status, status = run_checked(h, options, label, cancel)
    t3 = time.perf_counter()
    info = h.getInfo()
    log.info("%s: %s in %.2f s (%d rows, %d columns, %d non-zeros, %d simplex iterations)", label, status,
             h.getRunTime(), lp.matrix.shape[0], lp.matrix.shape[1], lp.matrix.nnz,
             info.simplex_iteration_count)
    if status != "Optimal":
        raise SolveError(_status_message(status, options), status=status)
    checked(run_status, "the solve (run)")
    sol = h.getSolution()
    result = Solution(
        status="optimal", objective_usd=float(info.objective_function_value),
        col_value=np.asarray(sol.col_value), col_dual=np.asarray(sol.col_dual),
        row_dual=np.asarray(sol.row_dual), lp=lp,
        timings_s={"compile": compile_s, "pass_model": t2 - t1, "highs_run": t3 - t2,
                   "highs_own": float(h.getRunTime()), "get_solution": time.perf_counter() - t3},
        info={"model_status": status, "simplex_iterations": int(info.simplex_iteration_count),
              "ipm_iterations": int(info.ipm_iteration_count), "rows": int(lp.matrix.shape[0]),
              "columns": int(lp.matrix.shape[1]), "nonzeros": int(lp.matrix.nnz),
              "highspy_version": _highspy_version()},
    )
    return result


_LAZY = {"compile_lp": "energymodel.solver.compile", "solve": "energymodel.solver.compile",
         "compile_network": "energymodel.solver.worker"}


def __getattr__(name: str):
    """``compile_lp`` and ``solve`` need Pyomo, ``compile_network`` a worker process: imported on use."""
    if name in _LAZY:
        import importlib
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
