"""Build a Network's LP: directly with numpy (the default), or through Pyomo in a forked worker process.

:func:`compile_network` builds the LP with :func:`energymodel.model.direct.build_lp` in this process (about
0.5 s and 125 MB for the full-year base scenario), or, with ``builder="pyomo"`` (``solver.builder: pyomo``
in a scenario), through the Pyomo model, which gives the same LP entry for entry. The Pyomo model of the full-year default scenario takes about 1 GB and many reference cycles. Building it
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
from energymodel.forking import fork_available, start_forked, stop  # noqa: F401  (fork_available re-exported)

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
        if not self._used:  # ended at once
            self._used = True
            self._conn.close()
            stop(self._proc)


BUILDERS = ("direct", "pyomo")
"""How :func:`compile_network` builds the LP (``solver.builder`` in a scenario)."""


def compile_network(net, *, builder: str = "direct", separate_process: bool = True,
                    worker: BuildWorker | None = None, meanwhile=None) -> tuple["LinearProgram", dict[str, float]]:
    """The LP of ``net`` as a :class:`LinearProgram`, and the build's timings [s].

    ``builder="direct"`` (the default) builds it in this process from the Network's arrays (timing key
    ``build LP``). ``builder="pyomo"`` builds the Pyomo model and compiles it (keys ``build model`` and
    ``compile LP``), by default in a child process that sends back only the matrix (``worker``, when one was
    started early, or a new one). ``meanwhile()``, if given, runs in this process while the child builds,
    before the build otherwise. Raises ``ValueError`` for another ``builder``.
    """
    if builder == "direct":
        from energymodel.model.direct import build_and_time
        if meanwhile is not None:
            meanwhile()
        return build_and_time(net)
    if builder != "pyomo":
        raise ValueError(f"builder must be one of {BUILDERS}, not {builder!r}")
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
