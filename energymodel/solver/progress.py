"""Run HiGHS so that a long solve shows progress and Ctrl-C stops it within a couple of seconds.

HiGHS runs in a worker thread (``Highs.startSolve``); the calling thread waits in short slices, so a
``KeyboardInterrupt`` (Ctrl-C, or SIGTERM turned into one by the CLI) reaches Python at once. It then asks
HiGHS to stop through its interrupt callbacks (``cancelSolve``: simplex and IPM check them every
iteration), waits for the worker to return, and re-raises: nothing is extracted and nothing written.

Progress: at INFO, one ``still solving… N s`` line every :data:`HEARTBEAT_S` seconds once a solve has run
that long; at DEBUG (``-v``), the latest HiGHS iteration-log line every :data:`LOG_EVERY_S` seconds (HiGHS's
logging callback; console output stays off).
"""
from __future__ import annotations

import logging
import re
import time

import highspy

log = logging.getLogger(__name__)

HEARTBEAT_S = 10.0
"""Elapsed-time lines at INFO every this many seconds of a solve."""
LOG_EVERY_S = 3.0
"""At DEBUG, the latest HiGHS iteration line every this many seconds."""
POLL_S = 0.2
"""How often the waiting thread wakes up (bounds the reaction time to Ctrl-C)."""
STOP_WAIT_S = 30.0
"""How long to wait for HiGHS to honour an interrupt before giving up on it."""


_ITERATION = re.compile(r"^\s*(\d+)\s+(\S+)\s+(?:Ph1|Pr): (\d+)\([^)]*\)(?:; Du: (\d+)\([^)]*\))?")


class _IterationLog:
    """Keeps the latest HiGHS log line (HiGHS's logging callback) and summarises simplex iteration lines."""

    def __init__(self) -> None:
        self.last = ""

    def __call__(self, event) -> None:
        text = (event.message or "").strip()
        if text and any(ch.isdigit() for ch in text):
            self.last = text

    def summary(self) -> str:
        m = _ITERATION.match(self.last)
        if not m:
            return self.last
        it, obj, primal, dual = m.groups()
        return (f"iteration {int(it):,}, objective {obj}, primal infeasibilities {int(primal):,}"
                + (f", dual infeasibilities {int(dual):,}" if dual is not None else ""))


def run(h: highspy.Highs, label: str = "HiGHS") -> float:
    """Solve ``h`` (already loaded) with progress and prompt interruption; return the wall time [s].

    Raises ``KeyboardInterrupt`` after HiGHS has stopped when the solve was interrupted.
    """
    verbose = log.isEnabledFor(logging.DEBUG)
    iterations = _IterationLog()
    if verbose:
        h.setOptionValue("output_flag", True)
        h.setOptionValue("log_to_console", False)
        h.cbLogging.subscribe(iterations)
    h.HandleUserInterrupt = True  # simplex/IPM interrupt callbacks honour cancelSolve()
    t0 = time.perf_counter()
    next_beat, next_log, shown = HEARTBEAT_S, LOG_EVERY_S, ""
    thread = h.startSolve()
    try:
        while not h.wait(POLL_S)[0]:
            elapsed = time.perf_counter() - t0
            if elapsed >= next_beat:
                log.info("%s: still solving… %.0f s", label, elapsed)
                next_beat += HEARTBEAT_S
            if verbose and elapsed >= next_log:
                line = iterations.summary()
                if line and line != shown:
                    log.debug("%s %.0f s: %s", label, elapsed, line)
                    shown = line
                next_log += LOG_EVERY_S
    except KeyboardInterrupt:
        _stop(h, thread, label, t0)
        raise
    finally:
        if verbose:
            h.cbLogging.unsubscribe(iterations)
            h.setOptionValue("output_flag", False)
    return time.perf_counter() - t0


def _stop(h: highspy.Highs, thread, label: str, t0: float) -> None:
    t1 = time.perf_counter()
    h.cancelSolve()
    thread.join(STOP_WAIT_S)
    if thread.is_alive():  # pragma: no cover - HiGHS ignored the interrupt (a phase without callbacks)
        log.warning("%s did not stop within %.0f s of the interrupt", label, STOP_WAIT_S)
    else:
        h.wait(0)  # release the solver's lock
        log.info("%s interrupted after %.1f s; stopped in %.2f s", label, t1 - t0, time.perf_counter() - t1)
