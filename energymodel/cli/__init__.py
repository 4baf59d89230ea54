"""Command line: ``energymodel run|validate|links|curve|compare|sweep|calibrate|reproduce|export-pypsa|import-pypsa``
and the ``run_scenario.py`` shim.

The only layer that touches paths, logging set-up and exit codes:
0 ok · 2 invalid input (one message naming the file, the key and what was expected) ·
3 the LP was not solved to optimality (with the reason) · 130 interrupted.

One module per group of commands: parser.py (the arguments), common.py (what they share), run.py,
values.py (links, curve, compare, sweep), review.py (calibrate, reproduce, PyPSA exchange).
"""
from __future__ import annotations

from typing import Sequence

from energymodel.cli.common import (EXIT_INPUT, EXIT_INTERRUPTED, EXIT_OK, EXIT_SOLVE, log,
                                   setup_logging)
from energymodel.cli.parser import build_parser
from energymodel.errors import InputError

__all__ = ["main", "EXIT_OK", "EXIT_INPUT", "EXIT_SOLVE", "EXIT_INTERRUPTED"]


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
