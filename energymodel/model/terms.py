"""Shared plumbing of the model families: fast indexed variables, linear expressions, and the
registry of balance contributions and cost terms (docs/architecture.md: balances and the objective are each
written once, from what the families register)."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pyomo.environ as pyo
from pyomo.core.expr.numeric_expr import LinearExpression


def lin(coefs: Sequence[float], variables: Sequence, constant: float = 0.0) -> LinearExpression:
    """A linear expression from plain-float coefficients and variables (no expression tree walking)."""
    return LinearExpression(constant=constant, linear_coefs=list(coefs), linear_vars=list(variables))


def add_var(m: pyo.ConcreteModel, name: str, rows: pyo.Set, ub: np.ndarray | None, doc: str,
            lb: np.ndarray | None = None) -> list[list]:
    """Add ``m.<name>[row, t] ≥ 0`` with upper bounds ``ub`` (rows × T, or None for none); ``lb`` (rows × T)
    replaces the lower bound 0 where given (it may be negative).

    Returns the variable data as a list of rows, each a list over snapshots, in index order.
    """
    var = pyo.Var(rows, m.T, bounds=(0.0, None), doc=doc)
    m.add_component(name, var)
    values = list(var.values())
    if ub is not None:
        for vd, bound in zip(values, np.asarray(ub, dtype=float).ravel().tolist()):
            vd.setub(bound)
    if lb is not None:
        for vd, bound in zip(values, np.asarray(lb, dtype=float).ravel().tolist()):
            vd.setlb(bound)
    n_t = len(m.T)
    return [values[i * n_t:(i + 1) * n_t] for i in range(len(rows))]


def add_constraints(m: pyo.ConcreteModel, name: str, rows: pyo.Set, bodies: dict, doc: str) -> None:
    """Add ``m.<name>[row, t]`` from a dict ``(row, t) -> (lower, LinearExpression, upper)``."""
    m.add_component(name, pyo.Constraint(rows, m.T, rule=bodies, doc=doc))


class Terms:
    """Contributions to the electricity balance of each (region, t), to the gas balance of each
    (gas node, t), and to the objective.

    Families call :meth:`inject`, :meth:`inject_gas` and :meth:`add_cost`; ``balance.py`` and
    ``objective.py`` read them.
    """

    def __init__(self, regions: Sequence[str], n_t: int):
        self.n_t = n_t
        self.balance_coefs = {r: [[] for _ in range(n_t)] for r in regions}
        self.balance_vars = {r: [[] for _ in range(n_t)] for r in regions}
        self.gas_coefs: dict[str, list[list[float]]] = {}
        """Gas node → per snapshot, coefficients of the gas balance's left-hand side [MW_th per unit]."""
        self.gas_vars: dict[str, list[list]] = {}
        self.cost_coefs: list[float] = []
        """Cost per unit of each variable per snapshot, *before* weighting [USD/MWh]."""
        self.cost_snapshot: list[int] = []
        self.cost_vars: list = []
        self.fixed_cost_coefs: list[float] = []
        """Cost per unit of variables that do not repeat per snapshot, for the modelled horizon [USD/unit]."""
        self.fixed_cost_vars: list = []

    def inject(self, region: str, row: Sequence, coef: float | Sequence[float] = 1.0) -> None:
        """Add ``coef[t] · row[t]`` to the supply side of region's balance at every snapshot [MW]."""
        coefs = self.balance_coefs[region]
        variables = self.balance_vars[region]
        per_t = [float(coef)] * self.n_t if np.isscalar(coef) else [float(c) for c in coef]
        for t in range(self.n_t):
            coefs[t].append(per_t[t])
            variables[t].append(row[t])

    def gas_node(self, node: str) -> None:
        """Declare a gas node (its balance is written even if nothing registers at it)."""
        if node not in self.gas_coefs:
            self.gas_coefs[node] = [[] for _ in range(self.n_t)]
            self.gas_vars[node] = [[] for _ in range(self.n_t)]

    def inject_gas(self, node: str, row: Sequence, coef: float | Sequence[float] = 1.0) -> None:
        """Add ``coef[t] · row[t]`` to the supply side of a gas node's balance at every snapshot [MW_th]
        (negative ``coef`` for a withdrawal, e.g. −heat rate for a gas-fired generator)."""
        self.gas_node(node)
        coefs, variables = self.gas_coefs[node], self.gas_vars[node]
        per_t = [float(coef)] * self.n_t if np.isscalar(coef) else [float(c) for c in coef]
        for t in range(self.n_t):
            coefs[t].append(per_t[t])
            variables[t].append(row[t])

    def add_cost(self, row: Sequence, cost: float | Sequence[float]) -> None:
        """Add ``cost[t] · row[t]`` per hour represented by each snapshot [USD/MWh × MW]."""
        per_t = [float(cost)] * self.n_t if np.isscalar(cost) else [float(c) for c in cost]
        self.cost_coefs.extend(per_t)
        self.cost_snapshot.extend(range(self.n_t))
        self.cost_vars.extend(row)

    def add_fixed_cost(self, var, cost: float) -> None:
        """Add ``cost · var`` to the objective once (not per snapshot, not weighted) [USD]."""
        self.fixed_cost_coefs.append(float(cost))
        self.fixed_cost_vars.append(var)
