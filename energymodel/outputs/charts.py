"""Run a writer (the report: its charts, maps and HTML) in a forked child process while the caller writes
other files, so the solving process never imports matplotlib or plotly and the drawing overlaps the rest
of the writing. The child inherits the results by ``fork`` (nothing is pickled) and reports success or the
error's traceback through a pipe. Without ``fork`` the writer runs in this process.
"""
from __future__ import annotations

import multiprocessing as mp
import os
from typing import Callable


def _child(fn: Callable[[], None], conn) -> None:
    import traceback
    try:
        fn()
        conn.send(None)
    except BaseException:  # noqa: BLE001 - reported to the parent
        conn.send(traceback.format_exc())
    finally:
        conn.close()
        os._exit(0)  # skip the inherited interpreter's clean-up (the parent owns it)


def in_child(fn: Callable[[], None]) -> Callable[[], None]:
    """Start ``fn()`` in a forked child; the returned function waits for it (RuntimeError with the child's
    traceback if it failed)."""
    if "fork" not in mp.get_all_start_methods():
        fn()
        return lambda: None
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(fn, child), daemon=True)
    proc.start()
    child.close()

    def wait() -> None:
        try:
            error = parent.recv()
        except EOFError:
            error = f"the report process stopped (exit code {proc.exitcode})"
        finally:
            parent.close()
            proc.join()
        if error:
            raise RuntimeError(f"writing the report failed:\n{error}")

    return wait
