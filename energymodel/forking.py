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
               "energymodel.network.network", "energymodel.results.extract", "energymodel.results.writing")
"""What the solving process and its report worker import (numpy, pandas, pydantic, highspy, the Network
and the Results): imported once before the workers are forked (:func:`import_shared_base`), so that they
inherit it instead of importing it again on the same cores."""


def import_shared_base() -> None:
    """Import :data:`SHARED_BASE` in this process (before forking workers that need it too)."""
    import importlib
    for name in SHARED_BASE:
        importlib.import_module(name)


def _child_main(target: Callable[..., None], parent_end, child_end, *args: Any) -> None:
    """The child's side: drop its inherited copy of the parent's end first, so that the child sees EOF as
    soon as the parent closes its end (a copy held by the child itself would keep the pipe open)."""
    parent_end.close()
    target(child_end, *args)


def start_forked(target: Callable[..., None], *args: Any, duplex: bool = True):
    """Fork a daemon process running ``target(conn, *args)``; returns (the parent's end of the pipe, the
    process). Each side closes its copy of the other's end, so either sees EOF when the other closes or
    exits. Stop a child that must not finish with :func:`stop`."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=duplex)
    proc = ctx.Process(target=_child_main, args=(target, parent, child, *args), daemon=True)
    proc.start()
    child.close()
    return parent, proc


def stop(proc) -> None:
    """End a forked child now with SIGKILL and reap it. Not SIGTERM: the child inherits the command line's
    SIGTERM handler until it installs its own, and a SIGTERM caught in that window is lost (the run then
    waited for ever on a report worker that never started its job)."""
    if proc.is_alive():
        proc.kill()
    proc.join()
