"""Command line: ``energymodel run|validate|links|curve|compare|sweep|calibrate|reproduce|export-pypsa|import-pypsa``
and the ``run_scenario.py`` shim.

The only layer that touches paths, logging set-up and exit codes:
0 ok · 2 invalid input (one message naming the file, the key and what was expected) ·
3 the LP was not solved to optimality (with the reason) · 130 interrupted.

One module per group of commands: parser.py (the arguments), common.py (what they share), run.py,
values.py (links, curve, compare, sweep), review.py (calibrate, reproduce, PyPSA exchange).
"""
from __future__ import annotations

from typing import NoReturn, Sequence

from energymodel.cli.common import (EXIT_INPUT, EXIT_INTERRUPTED, EXIT_OK, EXIT_SOLVE, log,
                                   setup_logging)
from energymodel.cli.parser import build_parser
from energymodel.errors import InputError

__all__ = ["main", "console_main", "exit_now", "EXIT_OK", "EXIT_INPUT", "EXIT_SOLVE", "EXIT_INTERRUPTED"]


def _terminate_as_interrupt() -> None:
    """SIGTERM (a scheduler or ``kill``) unwinds like Ctrl-C, so no temporary folder is left behind."""
    import signal
    import threading

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, interrupt)


def main(argv: Sequence[str] | None = None) -> int:
    from energymodel.errors import SolveError

    args = build_parser().parse_args(argv)
    setup_logging(args.verbose, args.quiet)
    from energymodel.results.provenance import code_version
    code_version()  # pinned now: the commit the command started from, even if the checkout moves during it
    _terminate_as_interrupt()
    from energymodel.cli import review, run, values
    try:
        commands = {"run": run.cmd_run, "validate": run.cmd_validate, "links": values.cmd_links,
                    "curve": values.cmd_curve, "compare": values.cmd_compare, "sweep": values.cmd_sweep,
                    "calibrate": review.cmd_calibrate, "reproduce": review.cmd_reproduce,
                    "export-pypsa": review.cmd_export_pypsa, "import-pypsa": review.cmd_import_pypsa}
        return commands[args.command](args)
    except InputError as exc:
        log.error("invalid input: %s", exc)
        return EXIT_INPUT
    except SolveError as exc:
        log.error("not solved: %s", exc)
        return EXIT_SOLVE
    except KeyboardInterrupt:
        log.error("interrupted; nothing half-written was left (sweep cases and links coalitions finished so far "
                  "are kept: run the same command again to resume)")
        return EXIT_INTERRUPTED


def exit_now(code: int) -> NoReturn:
    """End a command-line process with ``code`` once its command has returned, without the interpreter's
    teardown.

    Why: after a short run, freeing every module and object (numpy, pandas, pydantic, highspy, the results)
    took about a quarter of a second, a tenth of a 24-hour run end to end (``bench_targets.py --only 4``:
    process start to results written), and nothing in it is needed: every file is written and closed by the
    time the command returns (``with`` blocks; the results folder is renamed into place at the end).

    What still runs, in the order of a normal exit: the wait for non-daemon threads, the ``atexit``
    handlers (``logging.shutdown``, ``multiprocessing``'s joins of its children, the solver's
    ``_stop_live_solves``, ``tempfile``'s clean-up finalizers), then stdout and stderr are flushed and the
    process ends with ``os._exit(code)``. Only for the entry points (``python -m energymodel.cli``, the
    ``energymodel`` console script, ``run_scenario.py``): :func:`main` itself returns, so a caller that runs
    it in-process (the tests, a notebook) keeps its interpreter.
    """
    import atexit
    import os
    import sys
    import threading

    shutdown = getattr(threading, "_shutdown", None)
    if shutdown is not None:  # what the interpreter does first at exit: threading's exit callbacks
        shutdown()            # (concurrent.futures shuts its pools down), then it joins non-daemon threads
    else:
        for thread in threading.enumerate():
            if thread is not threading.current_thread() and not thread.daemon:
                thread.join()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):  # closed or replaced streams
            pass
    os._exit(code)


def standard_streams_open() -> None:
    """Point a closed stdout or stderr (``energymodel run … >&-``) at the null device, so that nothing the
    process opens later (a results file, the null device HiGHS's banner is sent to) gets file descriptor 1
    or 2 and receives what HiGHS or Python print; ``sys.stdout``/``sys.stderr`` are None in that case and are
    replaced as well."""
    import os
    import sys

    for fd, name in ((1, "stdout"), (2, "stderr")):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_WRONLY)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
        if getattr(sys, name) is None:
            setattr(sys, name, open(fd, "w", closefd=False))


def console_main(argv: Sequence[str] | None = None) -> NoReturn:
    """The ``energymodel`` console script and ``python -m energymodel.cli``: :func:`main`, then
    :func:`exit_now` with its exit code. A ``SystemExit`` from the parser (``--help``, bad arguments) or an
    unexpected exception leaves the usual way, with its message or traceback, and so does every exit
    under a profiler or a debugger (``python -m cProfile -o …`` writes its file after the command returns)."""
    import sys

    standard_streams_open()
    code = main(argv)
    if sys.getprofile() is not None or sys.gettrace() is not None:
        raise SystemExit(code)
    exit_now(code)
