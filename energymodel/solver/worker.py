"""Build and compile the model in a forked worker process; the parent never imports Pyomo.

The Pyomo model of the full-year default scenario takes about 1 GB and many reference cycles. Building it
in a child process that sends back only the compiled matrix keeps that memory away from HiGHS, spends no
time collecting the cycles, and keeps Pyomo's import (about a second) out of the solving process. A
:class:`BuildWorker` is forked early (the command line starts one before it reads the scenario): it
imports Pyomo on the second core while the parent loads the data, then waits for the Network.
"""
from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from energymodel.errors import SolveError
from energymodel.forking import fork_available, start_forked  # noqa: F401  (fork_available re-exported)

if TYPE_CHECKING:  # pragma: no cover  (no numpy or highspy import before the worker is forked)
    from energymodel.solver.highs import LinearProgram

log = logging.getLogger(__name__)


def _serve(conn) -> None:
    """Child process: import the model builder, receive one Network, send back (lp, timings) or the error."""
    import signal
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent ends this worker when it is interrupted
    try:
        from energymodel.solver.compile import build_and_compile
        try:
            net = conn.recv()
        except EOFError:  # the parent stopped before sending a Network (bad input, interrupted)
            return
        conn.send(build_and_compile(net))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which re-raises it
        try:
            conn.send(exc)
        except (BrokenPipeError, EOFError, OSError):
            pass
    finally:
        conn.close()


class BuildWorker:
    """A forked process that imports Pyomo at once, then builds and compiles one Network sent to it."""

    def __init__(self) -> None:
        self._conn, self._proc = start_forked(_serve)
        self._used = False

    def compile(self, net) -> tuple["LinearProgram", dict[str, float]]:
        """(lp, timings [s]) for ``net``; raises the worker's exception, or :class:`SolveError` if it died."""
        self.submit(net)
        return self.result()

    def submit(self, net) -> None:
        """Send ``net`` to be built and compiled; :meth:`result` waits for it (the caller may work meanwhile)."""
        if self._used:
            raise RuntimeError("a BuildWorker compiles one Network")
        self._used = True
        try:
            self._conn.send(net)
        except BrokenPipeError:
            pass  # the worker died: result() reports it

    def result(self) -> tuple["LinearProgram", dict[str, float]]:
        try:
            message = self._conn.recv()
        except (EOFError, BrokenPipeError):
            self._proc.join()
            raise SolveError("building the model failed in its worker process "
                             f"(exit code {self._proc.exitcode})") from None
        except BaseException:  # Ctrl-C: stop the worker before unwinding
            self._proc.terminate()
            self._proc.join()
            raise
        finally:
            self._conn.close()
        self._proc.join()
        if isinstance(message, BaseException):
            raise message
        return message

    def close(self) -> None:
        """Stop the worker if it was never used."""
        if not self._used:  # ended at once: closing our end gives it no EOF while another forked
            self._used = True   # process (the report worker) still holds a copy of that end
            self._conn.close()
            self._proc.terminate()
            self._proc.join()


def compile_network(net, *, separate_process: bool = True, worker: BuildWorker | None = None,
                    meanwhile=None) -> tuple["LinearProgram", dict[str, float]]:
    """Build the Pyomo model of ``net`` and compile it to a :class:`LinearProgram`: (lp, timings [s]).

    With ``separate_process`` (the default where ``fork`` exists) this happens in a child process that
    sends back only the matrix (``worker``, when one was started early, or a new one); ``meanwhile()``, if
    given, runs in this process while the child builds (in-process: before the build).
    """
    if not separate_process or not fork_available():
        from energymodel.solver.compile import build_and_compile
        if meanwhile is not None:
            meanwhile()
        return build_and_compile(net)
    t0 = time.perf_counter()
    worker = worker or BuildWorker()
    worker.submit(net)
    if meanwhile is not None:
        meanwhile()
    lp, timings = worker.result()
    log.debug("model built and compiled in a worker process in %.2f s", time.perf_counter() - t0)
    return lp, timings
