"""Forked helper processes that talk to their parent through a pipe (the model builder, the report writer).

Stage-neutral on purpose: ``solver/worker.py`` and ``outputs/charts.py`` both use it, and neither imports
the other.
"""
from __future__ import annotations

import multiprocessing as mp
from typing import Any, Callable


def fork_available() -> bool:
    """True where processes can be forked (not on Windows): a forked child inherits data, nothing pickled."""
    return "fork" in mp.get_all_start_methods()


SHARED_BASE = ("numpy", "pandas", "energymodel.inputs.scenario", "energymodel.solver.highs",
               "energymodel.network.network", "energymodel.results.extract")
"""What the solving process and both of its workers import (numpy, pandas, pydantic, highspy, the Network
and the Results): imported once before the workers are forked (:func:`import_shared_base`), so that they
inherit it instead of importing it again on the same cores."""


def import_shared_base() -> None:
    """Import :data:`SHARED_BASE` in this process (before forking workers that need it too)."""
    import importlib
    for name in SHARED_BASE:
        importlib.import_module(name)


def start_forked(target: Callable[..., None], *args: Any, duplex: bool = True):
    """Fork a daemon process running ``target(conn, *args)``; returns (the parent's end of the pipe, the
    process). The parent's copy of the child's end is closed, so the parent sees EOF when the child exits."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=duplex)
    proc = ctx.Process(target=target, args=(child, *args), daemon=True)
    proc.start()
    child.close()
    return parent, proc
