"""The report of a run (``energymodel run``, ``pipeline.solve_and_write``): begun in the report worker, or in
a forked child, as soon as the scenario's and the counterfactual's Results exist, finished once the summary is
known, and removed again if it fails (the results folder then holds the results without a report). Imports
nothing heavy: matplotlib and plotly are imported in the report's process only."""
from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path
from typing import Any, Callable

log = logging.getLogger(__name__)


class RunReport:
    """The report of a run (``pipeline.solve_and_write``) in its results folder ``folder``. :meth:`begin` (with
    both Results) starts it in the report worker ``worker`` (a ``charts.ReportWorker``, or None), or in a child
    forked now; :meth:`send` (``pipeline.Hooks.with_summary``) sends it the summary, while the tables may still
    be written; :meth:`start` (with the ``pipeline.ScenarioRun``, from ``write_rest``) returns the wait, or
    starts the whole report in a forked child when it was not begun (no fork, or another thread was at work
    when both Results came). A failure anywhere is logged, the report's files are
    removed (:func:`report_failed`) and ``run.report_error`` says why; the results do not depend on it."""

    def __init__(self, folder: Path, label: str, positions, with_plots: bool, worker) -> None:
        self.folder, self.label, self.positions = Path(folder), label, positions
        self.with_plots, self.worker = with_plots, worker
        self.staged = None
        self.error: Exception | None = None
        self._wait: Callable[[], None] | None = None

    def begin(self, results, counterfactual, alone: bool) -> None:
        """Begin the report with the scenario's and the counterfactual's Results (``pipeline.Hooks.with_both``;
        ``alone``: no other thread of this process is at work, so that a child may be forked)."""
        from energymodel.forking import fork_available
        from energymodel.outputs.charts import begin_in_child

        args = (self.folder, results, counterfactual, self.label, self.positions, self.with_plots)
        try:
            if self.worker is not None:
                self.staged = self.worker.start(begin_report, *args)
            elif alone and fork_available():  # not while the tables' thread runs: it may hold an import's lock
                self.staged = begin_in_child(begin_report, *args)
        except Exception as exc:  # noqa: BLE001 - the results do not depend on the report
            self.error = exc
        log.debug("report begun %s", "in the report worker" if self.worker is not None
                  else "in a forked child" if self.staged is not None
                  else "when the summary is known (no fork, or another thread was at work)")

    def send(self, summary: dict[str, Any]) -> None:
        """The summary for the rest of a report begun early (nothing to do for one not begun)."""
        if self.staged is not None and self.error is None and self._wait is None:
            try:
                self._wait = self.staged.finish(summary, True)
            except Exception as exc:  # noqa: BLE001 - the results do not depend on the report
                self.error = exc

    def start(self, run) -> Callable[[], None] | None:
        """The wait of the report (the rest sent with ``run.summary`` if :meth:`send` was not called), or of the
        whole report started now; None when the report failed already (then it is removed and
        ``run.report_error`` set)."""
        from energymodel.outputs.charts import in_child

        self.send(run.summary)
        try:
            if self.error is not None:
                raise self.error
            wait = (self._wait if self.staged is not None
                    else in_child(lambda: write_whole_report(self.folder, run.results, run.counterfactual,
                                                             run.summary, self.positions, self.with_plots)))
        except Exception as exc:  # noqa: BLE001 - the results do not depend on the report
            run.report_error = report_failed(self.folder, exc)
            return None

        def finish() -> None:
            try:
                wait()
            except Exception as exc:  # noqa: BLE001 - as above
                run.report_error = report_failed(self.folder, exc)

        return finish

    def abandon(self) -> None:
        """The run failed: returns once the report's process writes nothing more into the folder."""
        if self.staged is not None:
            self.staged.abandon()


REPORT_FILES = ("report.md", "report.html", "plots")
"""What the report writes into a results folder (removed again when it fails)."""


def report_failed(folder, exc: Exception) -> str:
    """Log why the report failed (the last exception line of the report process's traceback, the whole at debug
    level) and remove what it wrote, so that the results folder holds no half-written report; returns the
    reason. The report process may have been killed (out of memory) or failed drawing a chart."""
    text = str(exc)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    raised = [line for line in lines if re.match(r"^[\w.]+(Error|Exception)\b", line)]
    reason = (raised[-1] if raised else lines[-1] if lines else type(exc).__name__)
    log.debug("the report failed:\n%s", text)
    for name in REPORT_FILES:
        path = Path(folder) / name
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    log.error("the report (report.md, report.html, plots/) was not written: %s; the results are complete. "
              "Rerun with -v for the report process's traceback, or with --no-plots", reason)
    return reason


def begin_report(folder, results, counterfactual, label: str, positions,
                  with_plots: bool = True):
    """The report of a run begun with both Results (in the report's process: matplotlib and plotly are
    imported there): the ``outputs.report.Draft``, whose ``finish(summary, parallel)`` writes the rest."""
    from energymodel.outputs.report import Draft
    if with_plots:
        from energymodel.outputs.plots import draw_at_png_resolution
        draw_at_png_resolution()  # this process only draws the report
    draft = Draft(folder, results, counterfactual, label, positions, with_plots=with_plots)
    draft.begin()
    return draft


def write_whole_report(folder, results, counterfactual, summary: dict[str, Any],
                  positions, with_plots: bool = True) -> None:
    """The report of a run (in the report's process: matplotlib and plotly are imported there)."""
    from energymodel.outputs.report import write_report
    if with_plots:
        from energymodel.outputs.plots import draw_at_png_resolution
        draw_at_png_resolution()  # this process only draws the report
    write_report(folder, results, counterfactual, summary["integration"] or None, summary=summary,
                 positions=positions, with_plots=with_plots, parallel=True)
