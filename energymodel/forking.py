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


_BUSY = False
"""True in a pool worker while it runs a task (:func:`run_busy`)."""


def _interrupt_in_worker(signum, frame) -> None:
    """Ctrl-C reaches a pool's workers as well as the command. A worker at a task stops it
    (KeyboardInterrupt, which the pool hands back to the command); an idle one, waiting for its next task,
    ends quietly: it holds nothing of ours, and Python would print a traceback of the pool's queue."""
    if _BUSY:
        raise KeyboardInterrupt
    import os
    os._exit(130)


def quiet_worker(init: Callable[..., None] | None = None, *args: Any) -> None:
    """Pool initializer (``initializer=quiet_worker, initargs=(init, *args)``): the worker's Ctrl-C handler
    (:func:`_interrupt_in_worker`), then ``init(*args)``. Tasks go through :func:`run_busy`."""
    import signal
    signal.signal(signal.SIGINT, _interrupt_in_worker)
    if init is not None:
        init(*args)


def run_busy(fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(*args)`` in a pool worker, marked busy so that Ctrl-C stops it with KeyboardInterrupt
    (``functools.partial(run_busy, fn)`` is picklable where ``fn`` is a module-level function)."""
    global _BUSY
    _BUSY = True
    try:
        return fn(*args)
    finally:
        _BUSY = False
