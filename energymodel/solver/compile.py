"""Compile a Pyomo LP to a sparse matrix, in a worker process.

:func:`compile_lp` walks each constraint's ``LinearExpression`` once into a sparse matrix (falling back to
Pyomo's standard repn for any other linear body). :func:`compile_network` builds the Pyomo model of a
Network and compiles it in a forked worker process that hands back only the matrix, so the parent process
never imports Pyomo: a :class:`BuildWorker` may be started before the scenario is loaded, so that the
worker imports Pyomo on the second core while the parent reads the data.

This is the only module of ``solver/`` that imports Pyomo (``highs.py`` solves the compiled matrix).
"""
from __future__ import annotations

import time
from operator import attrgetter

import numpy as np
import pyomo.environ as pyo
from pyomo.core.expr.numeric_expr import LinearExpression
from pyomo.repn.standard_repn import generate_standard_repn

from energymodel.errors import SolveError
from energymodel.inputs.scenario import SolverOptions
from energymodel.solver.highs import INF, CscMatrix, LinearProgram, Solution, solve_lp


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

    row_len, indices, data, row_lb, row_ub, row_blocks = [], [], [], [], [], {}
    n_rows = 0
    for con in m.component_objects(pyo.Constraint, active=True, descend_into=True):
        start = n_rows
        for cd in con.values():
            coefs, cols, const = _linear_terms(cd.body, col_of, con.name)
            indices.extend(cols)
            data.extend(coefs)
            row_len.append(len(cols))
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
    rows = np.repeat(np.arange(n_rows, dtype=np.int32), np.asarray(row_len, dtype=np.int64))
    matrix = CscMatrix.from_triplets(rows, np.asarray(indices, dtype=np.int32), np.asarray(data, dtype=float),
                                     (n_rows, n))
    return LinearProgram(cost=cost, offset=sign * offset, col_lb=np.concatenate(lbs) if lbs else np.zeros(0),
                         col_ub=np.concatenate(ubs) if ubs else np.zeros(0), matrix=matrix,
                         row_lb=np.asarray(row_lb, dtype=float), row_ub=np.asarray(row_ub, dtype=float),
                         col_blocks=col_blocks, row_blocks=row_blocks)


def _linear_terms(expr, col_of: dict[int, int], where: str) -> tuple[list[float], list[int], float]:
    if type(expr) is LinearExpression:
        return (list(expr.linear_coefs), [col_of[id(v)] for v in expr.linear_vars],
                float(expr.constant))
    repn = generate_standard_repn(expr, compute_values=True, quadratic=False)
    if not repn.is_linear():
        raise SolveError(f"{where}: the expression is not linear; energymodel solves LPs only")
    return ([float(c) for c in repn.linear_coefs], [col_of[id(v)] for v in repn.linear_vars],
            float(repn.constant))


def build_and_compile(net) -> tuple[LinearProgram, dict[str, float]]:
    """Build the Pyomo model of ``net`` and compile it, in this process: (lp, timings [s])."""
    from energymodel.model import build_model

    t0 = time.perf_counter()
    model = build_model(net)
    t1 = time.perf_counter()
    lp = compile_lp(model)
    return lp, {"build model": t1 - t0, "compile LP": time.perf_counter() - t1}


def solve(m: pyo.ConcreteModel, options: SolverOptions | None = None) -> Solution:
    """Compile ``m``, solve it with HiGHS, and return the solution (raises :class:`SolveError`)."""
    t0 = time.perf_counter()
    lp = compile_lp(m)
    return solve_lp(lp, options, compile_s=time.perf_counter() - t0)
