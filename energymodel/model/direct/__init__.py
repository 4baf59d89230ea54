"""The dispatch LP straight from a Network's arrays, without Pyomo (the default build).

:func:`build_lp` declares the blocks of every family in the order of the Pyomo model (``model/build.py``),
adds the same coefficients (``units.py``, ``grid.py``, ``system.py``) and takes the costs and bounds from
:func:`energymodel.solver.vectors.lp_vectors`, the numbers the sweeps' warm re-solves already load. The
result is the :class:`~energymodel.solver.highs.LinearProgram` that ``compile_lp(build_model(net))`` gives,
entry for entry (tests/test_direct_build.py), in a fraction of the time and memory: a full year of the base
scenario (about 270,000 rows, 1.2 million columns) is built in about a second.
"""
from __future__ import annotations

import time

import numpy as np

from energymodel.model.direct import grid, system, units
from energymodel.model.direct.assembler import Assembler
from energymodel.network.network import Network
from energymodel.solver.highs import INF, CscMatrix, LinearProgram
from energymodel.solver.vectors import lp_vectors


def build_lp(net: Network) -> LinearProgram:
    """The LP of ``net`` as a :class:`~energymodel.solver.highs.LinearProgram` (columns and rows named and
    ordered as in the Pyomo model). Raises :class:`~energymodel.errors.SolveError` if a table refers to a
    region, gas node or generator that does not exist (the Network's checks catch these first)."""
    asm = Assembler(net.n_snapshots)
    gen_cols = units.generation(asm, net)
    units.hydro(asm, net)
    units.storage(asm, net)
    grid.transmission(asm, net)
    angles = grid.powerflow(asm, net)
    units.shedding(asm, net)
    grid.gas(asm, net)
    system.limits(asm, net, gen_cols)
    system.co2(asm, net, gen_cols)
    system.balances(asm, net)
    rows, cols, values = asm.triplets()
    matrix = CscMatrix.from_triplets(rows, cols, values, (asm.n_rows, asm.n_cols))
    col_lb, col_ub = np.zeros(asm.n_cols), np.full(asm.n_cols, INF)
    if angles is not None:  # free angles, 0 at each reference region (structural: lp_vectors copies them)
        cols_angle, is_ref = angles
        free = cols_angle[~is_ref].ravel()
        col_lb[free], col_ub[free] = -INF, INF
        col_ub[cols_angle[is_ref].ravel()] = 0.0
    lp = LinearProgram(cost=np.zeros(asm.n_cols), offset=0.0, col_lb=col_lb, col_ub=col_ub, matrix=matrix,
                       row_lb=np.zeros(asm.n_rows), row_ub=np.zeros(asm.n_rows), col_blocks=asm.col_blocks,
                       row_blocks=asm.row_blocks)
    vec = lp_vectors(net, lp)
    lp.cost, lp.col_lb, lp.col_ub, lp.row_lb, lp.row_ub = vec.cost, vec.col_lb, vec.col_ub, vec.row_lb, vec.row_ub
    return lp


def build_and_time(net: Network):
    """(lp, timings [s]) with the key ``build LP``."""
    t0 = time.perf_counter()
    lp = build_lp(net)
    return lp, {"build LP": time.perf_counter() - t0}
