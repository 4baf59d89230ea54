"""Solve a Pyomo LP with HiGHS by handing over the compiled matrix.

The generic Pyomo–HiGHS plugins pass the model one row at a time, which costs more than the solve on a
full-year LP (measured, benchmarks/). Here :func:`compile_lp` walks each constraint's
``LinearExpression`` once into a sparse matrix (falling back to Pyomo's standard repn for any other
linear body), :func:`solve` passes it to ``highspy`` in one call, and the solution comes back as numpy
arrays sliced per Pyomo component. Duals are HiGHS row duals: for a minimisation, the change in the
objective per unit increase of the row's right-hand side.
"""
from __future__ import annotations

import logging
import os
import sys
import time
from dataclasses import dataclass, field
from operator import attrgetter

import highspy
import numpy as np
import pyomo.environ as pyo
import scipy.sparse as sp
from pyomo.core.expr.numeric_expr import LinearExpression
from pyomo.repn.standard_repn import generate_standard_repn

from energymodel.errors import InputError, SolveError
from energymodel.inputs.scenario import SolverOptions
from energymodel.inputs.units import SOLVER_INFINITY
from energymodel.solver import progress

log = logging.getLogger(__name__)

INF = highspy.kHighsInf


@dataclass
class LinearProgram:
    """``min c·x + offset  s.t.  row_lb ≤ A x ≤ row_ub,  col_lb ≤ x ≤ col_ub`` with component maps."""

    cost: np.ndarray
    offset: float
    col_lb: np.ndarray
    col_ub: np.ndarray
    matrix: sp.csc_matrix
    row_lb: np.ndarray
    row_ub: np.ndarray
    col_blocks: dict[str, tuple[int, int]]
    """Pyomo variable name → [start, stop) of its columns, in the variable's index order."""
    row_blocks: dict[str, tuple[int, int]]
    """Pyomo constraint name → [start, stop) of its rows, in the constraint's index order."""


@dataclass
class Solution:
    status: str
    objective_usd: float
    col_value: np.ndarray
    col_dual: np.ndarray
    row_dual: np.ndarray
    lp: LinearProgram
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


def _bounds(values: list, attr: str, default: float) -> np.ndarray:
    raw = list(map(attrgetter(attr), values))
    try:
        arr = np.array([default if b is None else b for b in raw], dtype=float)
    except (TypeError, ValueError):  # mutable Params or expressions as bounds: evaluate them
        arr = np.array([default if b is None else pyo.value(b) for b in raw], dtype=float)
    return arr


def compile_lp(m: pyo.ConcreteModel) -> LinearProgram:
    """The model's matrix form. Every variable must be continuous with a domain of reals."""
    col_of: dict[int, int] = {}
    lbs, ubs, col_blocks = [], [], {}
    n = 0
    for var in m.component_objects(pyo.Var, active=True, descend_into=True):
        values = list(var.values())
        col_of.update(zip(map(id, values), range(n, n + len(values))))
        # an indexed Var has one domain for all its elements: test the first
        domain_lb = 0.0 if values and values[0].domain is pyo.NonNegativeReals else -INF
        lb = _bounds(values, "_lb", -INF)
        lbs.append(np.maximum(lb, domain_lb))
        ubs.append(_bounds(values, "_ub", INF))
        col_blocks[var.name] = (n, n + len(values))
        n += len(values)

    indptr, indices, data, row_lb, row_ub, row_blocks = [0], [], [], [], [], {}
    n_rows = 0
    for con in m.component_objects(pyo.Constraint, active=True, descend_into=True):
        start = n_rows
        for cd in con.values():
            coefs, cols, const = _linear_terms(cd.body, col_of, con.name)
            indices.extend(cols)
            data.extend(coefs)
            indptr.append(len(indices))
            lo, up = cd.lb, cd.ub
            row_lb.append(-INF if lo is None else lo - const)
            row_ub.append(INF if up is None else up - const)
            n_rows += 1
        row_blocks[con.name] = (start, n_rows)

    objectives = list(m.component_data_objects(pyo.Objective, active=True))
    if len(objectives) != 1:
        raise SolveError(f"expected one active objective, found {len(objectives)}")
    obj = objectives[0]
    coefs, cols, offset = _linear_terms(obj.expr, col_of, obj.name)
    sign = 1.0 if obj.sense == pyo.minimize else -1.0
    cost = np.zeros(n)
    np.add.at(cost, np.asarray(cols, dtype=np.int64), sign * np.asarray(coefs, dtype=float))
    csr = sp.csr_matrix((np.asarray(data, dtype=float), np.asarray(indices, dtype=np.int64),
                         np.asarray(indptr, dtype=np.int64)), shape=(n_rows, n))
    csr.sum_duplicates()
    return LinearProgram(cost=cost, offset=sign * offset, col_lb=np.concatenate(lbs) if lbs else np.zeros(0),
                         col_ub=np.concatenate(ubs) if ubs else np.zeros(0), matrix=csr.tocsc(),
                         row_lb=np.asarray(row_lb, dtype=float), row_ub=np.asarray(row_ub, dtype=float),
                         col_blocks=col_blocks, row_blocks=row_blocks)


def _build_and_compile(net, conn) -> None:
    """Child process: build the Pyomo model of ``net``, compile it, send (lp, timings) or the error."""
    import signal
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent ends this worker when it is interrupted
    try:
        from energymodel.model import build_model
        t0 = time.perf_counter()
        model = build_model(net)
        t1 = time.perf_counter()
        lp = compile_lp(model)
        conn.send((lp, {"build model": t1 - t0, "compile LP": time.perf_counter() - t1}))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which re-raises it
        conn.send(exc)
    finally:
        conn.close()


def compile_network(net, *, separate_process: bool = True) -> tuple[LinearProgram, dict[str, float]]:
    """Build the Pyomo model of ``net`` and compile it to a :class:`LinearProgram`.

    With ``separate_process`` (the default where ``fork`` exists) this happens in a child process that
    sends back only the matrix: the Pyomo model (about 1 GB for the full-year default scenario) never
    shares the machine with HiGHS, and no time is spent collecting its reference cycles afterwards.
    """
    import multiprocessing as mp

    if not separate_process or "fork" not in mp.get_all_start_methods():
        from energymodel.model import build_model
        t0 = time.perf_counter()
        model = build_model(net)
        t1 = time.perf_counter()
        return compile_lp(model), {"build model": t1 - t0, "compile LP": time.perf_counter() - t1}
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_build_and_compile, args=(net, child), daemon=True)
    proc.start()
    child.close()
    try:
        message = parent.recv()
    except EOFError:
        proc.join()
        raise SolveError(f"building the model failed in its worker process (exit code {proc.exitcode})") from None
    except BaseException:  # Ctrl-C: stop the worker before unwinding
        proc.terminate()
        proc.join()
        raise
    finally:
        parent.close()
    proc.join()
    if isinstance(message, BaseException):
        raise message
    return message


def _linear_terms(expr, col_of: dict[int, int], where: str) -> tuple[list[float], list[int], float]:
    if type(expr) is LinearExpression:
        return (list(expr.linear_coefs), [col_of[id(v)] for v in expr.linear_vars],
                float(expr.constant))
    repn = generate_standard_repn(expr, compute_values=True, quadratic=False)
    if not repn.is_linear():
        raise SolveError(f"{where}: the expression is not linear; energymodel solves LPs only")
    return ([float(c) for c in repn.linear_coefs], [col_of[id(v)] for v in repn.linear_vars],
            float(repn.constant))


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
        return ("the dispatch LP is infeasible. Shedding at VOLL and unlimited spill should make every "
                "scenario feasible, so a constraint added outside the standard families (or data that "
                "bypassed the checks, such as a negative inflow) is the likely cause")
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


def solve(m: pyo.ConcreteModel, options: SolverOptions | None = None) -> Solution:
    """Compile ``m``, solve it with HiGHS, and return the solution (raises :class:`SolveError`)."""
    t0 = time.perf_counter()
    lp = compile_lp(m)
    return solve_lp(lp, options, compile_s=time.perf_counter() - t0)


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


def solve_lp(lp: LinearProgram, options: SolverOptions | None = None, compile_s: float = 0.0) -> Solution:
    """Solve a compiled LP with HiGHS (the Pyomo model may already be freed)."""
    options = options or SolverOptions()
    t1 = time.perf_counter()
    h = new_highs()
    check_magnitudes(lp)
    for key, value in highs_options(options).items():
        checked(h.setOptionValue(key, value), f"the option {key} = {value!r}")
    checked(h.passModel(to_highs_lp(lp)), "the model (passModel)")
    t2 = time.perf_counter()
    run_status = progress.run(h, "HiGHS")
    t3 = time.perf_counter()
    status = h.modelStatusToString(h.getModelStatus())
    info = h.getInfo()
    log.info("HiGHS: %s in %.2f s (%d rows, %d columns, %d non-zeros, %d simplex iterations)", status,
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
