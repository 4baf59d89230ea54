"""Re-solve one LP many times with different link capacities, without rebuilding it.

Counterfactuals that differ from a scenario only in interconnector capacities (isolated, one link
removed, a coalition of links, a point on a value-vs-capacity curve) change nothing but the upper
bounds of the ``v_flow_fwd`` / ``v_flow_bwd`` columns. A :class:`LinkResolver` passes the compiled
matrix to HiGHS once and, for each variant, changes those bounds and re-runs HiGHS from the previous
basis (a warm start), instead of rebuilding the Pyomo model and the matrix.
"""
from __future__ import annotations

import threading
import time

import numpy as np
import pandas as pd

from energymodel.errors import SolveError
from energymodel.network.bounds import link_availability
from energymodel.network.network import Network
from energymodel.inputs.scenario import SolverOptions
from energymodel.solver.highs import (INF, LinearProgram, Solution, _highspy_version, _status_message, check_magnitudes,
                                      checked, highs_options, new_highs, release_freed_memory, run_checked,
                                      to_highs_lp)


class LinkResolver:
    """A live HiGHS instance holding the LP of ``net``; link capacities can be changed and re-solved."""

    def __init__(self, net: Network, lp: LinearProgram, options: SolverOptions | None = None, *,
                 keep_lp: bool = True, cancel: threading.Event | None = None):
        """``cancel``: the event that stops this resolver's solves (:meth:`interrupt` sets it; a caller may
        share one event between several solves). ``keep_lp`` False: once HiGHS has the LP, keep only its layout (``LinearProgram.layout``), so that
        the process does not hold the matrix next to HiGHS's copy during the solve (the caller must drop its
        own reference too); :meth:`restart` then builds the LP again from ``net`` (``model.direct.build_lp``,
        the same LP entry for entry)."""
        self.net = net
        self.lp = lp
        self.options = options or SolverOptions()
        check_magnitudes(lp)
        t0 = time.perf_counter()
        self.highs = self._new_instance(lp)
        self.pass_model_s = time.perf_counter() - t0
        if not keep_lp:
            self.lp = lp.layout()
        n_t = net.n_snapshots
        self._cols = {}
        self._avail = {}  # (link, direction) → share of a MW available in each snapshot (profile × dated limit)
        shares = dict(zip(("fwd", "bwd"), link_availability(net)))
        for direction, var in (("fwd", "v_flow_fwd"), ("bwd", "v_flow_bwd")):
            start = lp.col_blocks[var][0]
            for i, link in enumerate(net.links.index):
                self._cols[link, direction] = np.arange(start + i * n_t, start + (i + 1) * n_t, dtype=np.int32)
                self._avail[link, direction] = shares[direction][i]
        self.capacity = {link: (float(row.capacity_fwd_mw), float(row.capacity_bwd_mw))
                         for link, row in net.links.iterrows()}
        self.gas_capacity: dict[str, float] = {}
        if net.gas_links is not None and "v_gas_flow" in lp.col_blocks:
            start = lp.col_blocks["v_gas_flow"][0]
            for i, (arc, cap) in enumerate(net.gas_links["capacity_mw_th"].items()):
                self._cols[arc, "gas"] = np.arange(start + i * n_t, start + (i + 1) * n_t, dtype=np.int32)
                self.gas_capacity[arc] = float(cap)
        self.solves = 0
        self.solve_time_s = 0.0
        self.cancel = cancel if cancel is not None else threading.Event()
        """Set from another thread to stop a solve running in a worker thread (:meth:`interrupt`)."""

    def _new_instance(self, lp: LinearProgram):
        """A HiGHS instance with our options and ``lp`` (the capacities of ``self.net``)."""
        highs = new_highs()
        for key, value in highs_options(self.options).items():
            checked(highs.setOptionValue(key, value), f"the option {key} = {value!r}")
        checked(highs.passModel(to_highs_lp(lp)), "the model (passModel)")
        return highs

    def restart(self) -> None:
        """Replace the HiGHS instance by a fresh one holding the same LP at the capacities in force, started
        from the last solve's basis. A solve with presolve leaves its instance holding about a third more
        memory than the next warm solve needs; a fresh instance with the basis re-solves as fast (measured on
        the base scenario at 2190 h: the isolated counterfactual 3.0 s and 4,766 iterations vs 4.2 s and
        4,774 in the same instance; the process 403 MB vs 544 MB), and the memory is released first
        (:meth:`release`, which may be called earlier, e.g. before other work that needs memory)."""
        if self.highs is not None:
            self.release()
        basis, capacity, gas = self._released
        if isinstance(self.lp, LinearProgram):
            self.highs = self._new_instance(self.lp)
        else:  # only the layout was kept: build the LP again (the same one: tests/test_direct_build.py)
            from energymodel.model.direct import build_lp
            self.highs = self._new_instance(build_lp(self.net))
        self.capacity = {link: (float(row.capacity_fwd_mw), float(row.capacity_bwd_mw))
                         for link, row in self.net.links.iterrows()}
        if gas:
            self.gas_capacity = {arc: float(cap) for arc, cap in self.net.gas_links["capacity_mw_th"].items()}
        self.set_capacities(capacity)
        self.set_gas_capacities(gas)
        checked(self.highs.setBasis(basis), "the basis of the previous solve")

    def interrupt(self) -> None:
        """Stop the solve this resolver runs in another thread (it raises KeyboardInterrupt there once HiGHS
        has stopped), and any later one."""
        self.cancel.set()

    def release(self) -> None:
        """The first half of :meth:`restart`: keep the last basis and the capacities in force, delete the
        HiGHS instance and hand its memory back to the operating system. Until :meth:`restart` there is no
        instance to solve."""
        self._released = (self.highs.getBasis(), dict(self.capacity), dict(self.gas_capacity))
        self.highs = None
        release_freed_memory()

    def set_capacity(self, link: str, fwd_mw: float, bwd_mw: float) -> None:
        """Set a link's capacity in each direction [MW] for the next solve: each snapshot's bound is the
        capacity times that direction's availability (profile × dated limit), as the LP was built."""
        for direction, cap in (("fwd", fwd_mw), ("bwd", bwd_mw)):
            cols = self._cols[link, direction]
            n = len(cols)
            checked(self.highs.changeColsBounds(n, cols, np.zeros(n), float(cap) * self._avail[link, direction]),
                    f"the capacity {cap:g} MW of {link} {direction}")
        self.capacity[link] = (float(fwd_mw), float(bwd_mw))

    def set_capacities(self, capacities: dict[str, tuple[float, float]]) -> None:
        for link, (fwd, bwd) in capacities.items():
            if self.capacity.get(link) != (float(fwd), float(bwd)):
                self.set_capacity(link, fwd, bwd)

    def set_gas_capacities(self, capacities: dict[str, float]) -> None:
        """Set gas arcs' capacity [MW_th] for the next solve."""
        for arc, cap in capacities.items():
            if self.gas_capacity.get(arc) != float(cap):
                cols = self._cols[arc, "gas"]
                n = len(cols)
                checked(self.highs.changeColsBounds(n, cols, np.zeros(n), np.full(n, min(float(cap), INF))),
                        f"the capacity of gas link {arc}")
                self.gas_capacity[arc] = float(cap)

    def set_network_capacities(self, other: Network) -> None:
        """Take every electricity and gas link capacity from ``other`` (same LP structure)."""
        self.set_capacities({k: (r.capacity_fwd_mw, r.capacity_bwd_mw) for k, r in other.links.iterrows()})
        if other.gas_links is not None:
            self.set_gas_capacities(other.gas_links["capacity_mw_th"].to_dict())

    def network(self) -> Network:
        """The Network as currently solved (links with the capacities in force)."""
        caps = pd.DataFrame(self.capacity, index=["capacity_fwd_mw", "capacity_bwd_mw"]).T
        net = self.net.replace(links=self.net.links.assign(**{c: caps[c] for c in caps.columns}))
        if self.gas_capacity:
            gas = pd.Series(self.gas_capacity)
            net = net.replace(gas_links=net.gas_links.assign(capacity_mw_th=gas.reindex(net.gas_links.index)))
        return net

    def objective(self) -> float:
        """Solve and return the objective only [USD over the horizon]."""
        t0 = time.perf_counter()
        run_status, status = run_checked(self.highs, self.options,
                                         "HiGHS (warm re-solve)" if self.solves else "HiGHS", self.cancel)
        self.solve_time_s += time.perf_counter() - t0
        self.solves += 1
        if status != "Optimal":
            raise SolveError(_status_message(status, self.options), status=status)
        checked(run_status, "the solve (run)")
        return float(self.highs.getInfo().objective_function_value)

    def solve(self) -> Solution:
        """Solve (warm-started from the previous solve, if any) and return the full solution."""
        t0 = time.perf_counter()
        objective = self.objective()
        run_s = time.perf_counter() - t0
        sol = self.highs.getSolution()
        info = self.highs.getInfo()
        shape = self.lp.shape
        return Solution(status="optimal", objective_usd=objective, col_value=np.asarray(sol.col_value),
                        col_dual=np.asarray(sol.col_dual), row_dual=np.asarray(sol.row_dual), lp=self.lp,
                        timings_s={"pass_model": self.pass_model_s if self.solves == 1 else 0.0,
                                   "highs_run": run_s, "highs_own": float(self.highs.getRunTime())},
                        info={"model_status": "Optimal", "simplex_iterations": int(info.simplex_iteration_count),
                              "ipm_iterations": int(info.ipm_iteration_count), "highspy_version": _highspy_version(),
                              "rows": int(shape[0]), "columns": int(shape[1]),
                              "nonzeros": int(self.lp.nnz)})


class CaseResolver(LinkResolver):
    """A live HiGHS instance for every Network with one LP structure (``vectors.structure_key``): a case
    that differs only in costs, column bounds or row bounds is loaded with :meth:`load` (only the entries
    that changed are passed to HiGHS) and re-solved from a stored basis.

    Each ``role`` (e.g. ``"scenario"``, ``"counterfactual"``) keeps the basis of its last solve, so a
    sweep's scenarios start from the previous case's scenario and its counterfactuals from the previous
    counterfactual."""

    def __init__(self, net: Network, lp: LinearProgram, options: SolverOptions | None = None):
        from energymodel.solver.vectors import LPVectors

        super().__init__(net, lp, options)
        self.current = LPVectors.of(lp)
        self.bases: dict[str, object] = {}
        self.changed_entries = 0
        self.changed = {"costs": 0, "column_bounds": 0, "row_bounds": 0}
        """Entries the last :meth:`load` changed, by kind."""

    def load(self, vec) -> int:
        """Make ``vec`` (an :class:`~energymodel.solver.vectors.LPVectors`) the LP's costs and bounds;
        returns how many entries changed."""
        cur = self.current
        costs = np.flatnonzero(vec.cost != cur.cost)
        if len(costs):
            checked(self.highs.changeColsCost(len(costs), costs.astype(np.int32), vec.cost[costs]), "the case's costs")
        cols = np.flatnonzero((vec.col_lb != cur.col_lb) | (vec.col_ub != cur.col_ub))
        if len(cols):
            checked(self.highs.changeColsBounds(len(cols), cols.astype(np.int32), vec.col_lb[cols], vec.col_ub[cols]),
                    "the case's column bounds")
        rows = np.flatnonzero((vec.row_lb != cur.row_lb) | (vec.row_ub != cur.row_ub))
        if len(rows):
            checked(self.highs.changeRowsBounds(len(rows), rows.astype(np.int32), vec.row_lb[rows], vec.row_ub[rows]),
                    "the case's row bounds")
        self.current = vec
        self.changed = {"costs": len(costs), "column_bounds": len(cols), "row_bounds": len(rows)}
        self.changed_entries = len(costs) + len(cols) + len(rows)
        return self.changed_entries

    def solve_as(self, role: str) -> Solution:
        """Solve starting from the basis ``role`` last ended with (if any); keep the new one for it."""
        basis = self.bases.get(role)
        if basis is not None and self.solves:
            checked(self.highs.setBasis(basis), f"the {role} basis")
        solution = self.solve()
        self.bases[role] = self.highs.getBasis()
        return solution
