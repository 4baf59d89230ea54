"""Run HiGHS so that a long solve shows progress and Ctrl-C stops it within a couple of seconds.

HiGHS runs in a worker thread of our own (``_start``); the calling thread waits in short slices, so a
``KeyboardInterrupt`` (Ctrl-C, or SIGTERM turned into one by the CLI) reaches Python at once. It then asks
HiGHS to stop through its interrupt callbacks (simplex and IPM check them every
iteration), waits for the worker to return, and re-raises: nothing is extracted and nothing written.

Progress: at INFO, one ``still solving… N s`` line every :data:`HEARTBEAT_S` seconds once a solve has run
that long; at DEBUG (``-v``), the latest HiGHS iteration-log line every :data:`LOG_EVERY_S` seconds (HiGHS's
logging callback; console output stays off).
"""
from __future__ import annotations

import atexit
import logging
import re
import threading
import time
import weakref
from contextlib import contextmanager
from typing import Iterator

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


_covered = threading.local()


@contextmanager
def covered() -> Iterator[None]:
    """Within this block a caller already logs elapsed time (``pipeline.step``): solves add no INFO lines."""
    _covered.depth = getattr(_covered, "depth", 0) + 1
    try:
        yield
    finally:
        _covered.depth -= 1


class _Watch:
    """One lean HiGHS callback (it replaces highspy's dispatcher for the solve, which builds an event
    object per call): keeps the latest iteration-log line and raises HiGHS's interrupt flag once asked."""

    def __init__(self) -> None:
        self.last = ""
        self.stop = False

    def __call__(self, callback_type, message, data_out, data_in, user_data) -> None:
        if self.stop and data_in is not None:
            data_in.user_interrupt = True
        elif callback_type == _LOGGING:
            text = (message or "").strip()
            if text and any(ch.isdigit() for ch in text):
                self.last = text

    def summary(self) -> str:
        m = _ITERATION.match(self.last)
        if not m:
            return self.last
        it, obj, primal, dual = m.groups()
        return (f"iteration {int(it):,}, objective {obj}, primal infeasibilities {int(primal):,}"
                + (f", dual infeasibilities {int(dual):,}" if dual is not None else ""))


_LOGGING = highspy.cb.HighsCallbackType.kCallbackLogging
_INTERRUPTS = (highspy.cb.HighsCallbackType.kCallbackSimplexInterrupt,
               highspy.cb.HighsCallbackType.kCallbackIpmInterrupt)


def run(h: highspy.Highs, label: str = "HiGHS", cancel: threading.Event | None = None) -> highspy.HighsStatus:
    """Solve ``h`` (already loaded) with progress and prompt interruption; return what ``Highs.run`` returns
    (a ``HighsStatus``). ``cancel``: an event another thread may set to stop this solve as Ctrl-C would (a
    solve waited on in a worker thread never sees the main thread's KeyboardInterrupt, and highspy lets one
    solve run at a time in a process).

    Raises ``KeyboardInterrupt`` after HiGHS has stopped when the solve was interrupted.
    """
    verbose = log.isEnabledFor(logging.DEBUG)
    watch = _Watch()
    h.setCallback(watch, None)
    kinds = _INTERRUPTS + ((_LOGGING,) if verbose else ())
    for kind in kinds:
        h.startCallback(kind)
    if verbose:
        h.setOptionValue("output_flag", True)
        h.setOptionValue("log_to_console", False)
    t0 = time.perf_counter()
    next_beat, next_log, shown = HEARTBEAT_S, LOG_EVERY_S, ""
    thread, outcome = _start(h)
    _LIVE[thread] = watch
    try:
        while True:
            thread.join(POLL_S)
            if not thread.is_alive():
                break
            if cancel is not None and cancel.is_set():
                raise KeyboardInterrupt
            elapsed = time.perf_counter() - t0
            if elapsed >= next_beat:
                if not getattr(_covered, "depth", 0):
                    log.info("%s: still solving… %.0f s", label, elapsed)
                next_beat += HEARTBEAT_S
            if verbose and elapsed >= next_log:
                line = watch.summary()
                if line and line != shown:
                    log.debug("%s %.0f s: %s", label, elapsed, line)
                    shown = line
                next_log += LOG_EVERY_S
    except KeyboardInterrupt:
        watch.stop = True
        _stop(h, thread, label, t0)
        raise
    finally:
        for kind in kinds:
            h.stopCallback(kind)
        h.enableCallbacks()  # give highspy its dispatcher back
        if verbose:
            h.setOptionValue("output_flag", False)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["status"]


_LIVE: "weakref.WeakKeyDictionary[threading.Thread, _Watch]" = weakref.WeakKeyDictionary()
"""The HiGHS threads started by :func:`run` and their watches (entries go with their threads)."""


@atexit.register
def _stop_live_solves() -> None:
    """At interpreter exit, stop every HiGHS solve still running in a thread of ours and wait for it: a
    daemon thread still inside HiGHS when the C++ runtime is torn down aborts the process ("terminate called
    without an active exception"; seen at the end of a test session that interrupted solves)."""
    for thread, watch in list(_LIVE.items()):
        if thread.is_alive():
            watch.stop = True
            thread.join(STOP_WAIT_S)


def _start(h: highspy.Highs) -> tuple[threading.Thread, dict]:
    """Run HiGHS (the C++ ``run``, which releases the GIL) in a daemon thread of our own; returns the thread
    and the dict that receives its ``status`` (or ``error``). Not highspy's ``startSolve``: its locks belong to
    the class, shared by every instance, so a solve left running (or a lock left held by a KeyboardInterrupt
    arriving inside ``Highs.wait``) would block every later solve in the process."""
    outcome: dict = {}

    def solve() -> None:
        try:
            outcome["status"] = super(highspy.Highs, h).run()
        except BaseException as exc:  # noqa: BLE001 - re-raised by run() in the waiting thread
            outcome["error"] = exc

    thread = threading.Thread(target=solve, daemon=True, name="HiGHS")
    thread.start()
    return thread, outcome


def _stop(h: highspy.Highs, thread, label: str, t0: float) -> None:
    t1 = time.perf_counter()
    thread.join(STOP_WAIT_S)
    if thread.is_alive():  # pragma: no cover - HiGHS ignored the interrupt (a phase without callbacks)
        log.warning("%s did not stop within %.0f s of the interrupt", label, STOP_WAIT_S)
    else:
        log.info("%s interrupted after %.1f s; stopped in %.2f s", label, t1 - t0, time.perf_counter() - t1)
