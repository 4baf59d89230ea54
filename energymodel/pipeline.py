"""The solving workflow behind ``energymodel run``, usable from Python: a scenario's Network solved with
its counterfactual and, with expandable links, without expansion; the summary with the integration and
planning blocks; :func:`solve_and_write` also writes the results folder, overlapping the writing with the
solves. Reads no files (a counterfactual scenario file is loaded by the caller)."""
from __future__ import annotations

import logging
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from energymodel.analysis import integration
from energymodel.inputs.data import Tables
from energymodel.network.network import Network
from energymodel.solver.warm import LinkResolver
from energymodel.results import diagnostics
from energymodel.results.extract import Results, extract_results
from energymodel.inputs.scenario import Scenario
from energymodel.solver import progress
from energymodel.solver.highs import Solution, release_freed_memory, solve_lp
from energymodel.solver.worker import BuildWorker, compile_network

log = logging.getLogger(__name__)

BUILT_IN_COUNTERFACTUALS = ("isolated", "status_quo", "none")


@dataclass
class ScenarioRun:
    results: Results
    solution: Solution
    counterfactual: Results | None
    summary: dict[str, Any]
    timings_s: dict[str, float] = field(default_factory=dict)
    report_error: str | None = None
    """Why the report (report.md, report.html, plots/) was not written, when it was not; the results are."""


HEARTBEAT_S = 10.0
"""A step that runs longer than this logs ``<step>: N s elapsed`` every HEARTBEAT_S seconds."""


@contextmanager
def step(name: str, timings: dict[str, float]) -> Iterator[None]:
    """Log a long step's start and duration (and its elapsed time every :data:`HEARTBEAT_S` seconds while
    it runs), and record the duration in ``timings``."""
    log.info("%s…", name)
    t0 = time.perf_counter()
    done = threading.Event()

    def beat() -> None:
        while not done.wait(HEARTBEAT_S):
            log.info("%s: %.0f s elapsed", name, time.perf_counter() - t0)

    watcher = threading.Thread(target=beat, daemon=True, name=f"heartbeat: {name}")
    watcher.start()
    try:
        with progress.covered():
            yield
    finally:
        done.set()
    timings[name] = time.perf_counter() - t0
    log.info("%s done in %.2f s", name, timings[name])


def counterfactual(name: str, network: Network, tables: Tables) -> tuple[str, Network] | None:
    """The built-in counterfactuals: ``isolated``, ``status_quo`` or ``none`` (no counterfactual)."""
    if name == "none":
        return None
    if name == "isolated":
        return name, integration.isolate(network)
    if name == "status_quo":
        return name, integration.status_quo(network, tables)
    raise ValueError(f"not a built-in counterfactual: {name!r}")


@dataclass
class Hooks:
    """Work the caller can overlap with the solver (each runs in a thread of the calling process):
    ``while_solving()`` while HiGHS solves the scenario (HiGHS solves in its own thread, without the GIL;
    with a concurrent counterfactual, once that has been solved, in its thread); ``with_results(results)``
    with the scenario's results, while the counterfactual finishes and the summary is computed.
    ``with_both(results, counterfactual, alone)`` runs in the calling thread as soon as both Results exist
    (the counterfactual's None without one), before the summary; ``alone`` is True when it runs before
    ``with_results`` starts its thread (the counterfactual was solved first, as it usually is alongside the
    scenario) and no other thread of this process is at work, so that it may fork. ``with_summary(summary)``
    runs in the calling thread once the summary is computed, while ``with_results``' thread may still run."""

    while_solving: Callable[[], None] | None = None
    with_results: Callable[[Results], None] | None = None
    with_both: Callable[[Results, Results | None, bool], None] | None = None
    with_summary: Callable[[dict[str, Any]], None] | None = None
    pending: list[Callable[[], Any]] = field(default_factory=list)
    """Waiters of hook work still running in a thread (``with_results``, started by :func:`solve_pair`)."""

    def finish(self) -> None:
        """Wait for the hook work still running; re-raise its error."""
        while self.pending:
            self.pending.pop(0)()

    def abandon(self) -> None:
        """Wait for the hook work still running while unwinding from another error (its own is dropped)."""
        while self.pending:
            _settle(self.pending.pop(0))


def _in_thread(fn: Callable[[], Any], name: str = "counterfactual") -> Callable[[], Any]:
    """Start ``fn()`` in a daemon thread; the returned function waits for it and returns (or raises) its
    outcome."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - re-raised by wait()
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True, name=name)
    thread.start()

    def wait() -> Any:
        thread.join()
        if "error" in box:
            raise box["error"]
        return box["value"]

    wait.thread = thread  # type: ignore[attr-defined]  # for _settle
    return wait


def _settle(wait: Callable[[], Any] | None) -> None:
    """Wait for a helper thread while unwinding from an error: its own outcome is not reported. A further
    Ctrl-C meanwhile does not cut the wait short (the thread may be stopping a HiGHS solve or writing into
    the folder about to be removed; leaving the process under it aborts it)."""
    if wait is None:
        return
    thread = getattr(wait, "thread", None)
    while thread is not None and thread.is_alive():
        try:
            thread.join()
        except KeyboardInterrupt:
            log.warning("still stopping: waiting for the %s thread", thread.name)
    try:
        wait()
    except BaseException:  # noqa: BLE001 - the error being unwound is the one that matters
        pass


def _write_in_thread(results: Results, hooks: Hooks, timings: dict[str, float]) -> None:
    """The scenario's tables written (``hooks.with_results``) in a thread, whose waiter goes to
    ``hooks.pending``."""
    if hooks.with_results is not None:
        def write() -> None:
            t0 = time.perf_counter()
            hooks.with_results(results)
            timings["write scenario tables (overlapped)"] = time.perf_counter() - t0

        hooks.pending.append(_in_thread(write, "write tables"))


def concurrent_counterfactual(options) -> bool:
    """Whether ``solver.counterfactual_solve`` (``options``) asks for the counterfactual to be solved in a
    second thread while the scenario solves: ``auto`` says yes when this process may use two or more CPUs,
    HiGHS runs on one thread, the LP is built directly and this process is not a worker of a parallel
    command (whose cores its siblings use)."""
    if options.counterfactual_solve != "auto":
        return options.counterfactual_solve == "concurrent"
    import multiprocessing
    import os
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return (cpus >= 2 and options.threads == 1 and options.builder == "direct"
            and multiprocessing.parent_process() is None)


def _counterfactual_in_thread(scenario: Scenario, cf: tuple[str, Network], solve: Callable[[], Solution],
                              then: Callable[[], None] | None = None) -> Callable[[], tuple[Solution, Results]]:
    """In a thread: ``solve()`` the counterfactual, extract its Results and its welfare accounts (what the
    value of integration will ask of it, computed off the critical path), then run ``then()`` (the
    scenario's ``while_solving`` hook, when the counterfactual runs alongside the scenario: writing inputs
    waits until the counterfactual's solve has left the second core), handing freed memory back to the
    system after the solve and at the end. Returns the function that waits for (Solution, Results); the
    Solution's ``timings_s["thread"]`` is the thread's own time [s]."""
    def run() -> tuple[Solution, Results]:
        t0 = time.perf_counter()
        solution = solve()
        release_freed_memory()  # the solve's HiGHS instances and LP are gone before the results are built
        results = extract_results(cf[1], solution)
        integration.welfare_by_region(results, scenario.integration.rent_rule)
        solution.timings_s["thread"] = time.perf_counter() - t0
        if then is not None:
            then()
        release_freed_memory()  # what extracting and writing freed goes back while the scenario solves
        return solution, results

    return _in_thread(run)


def solve_pair(scenario: Scenario, network: Network, cf: tuple[str, Network] | None,
               timings: dict[str, float], worker: BuildWorker | None = None, hooks: Hooks | None = None,
               finish_hooks: bool = True):
    """Solve the scenario and its counterfactual: both at once (the counterfactual in a second thread, see
    :func:`concurrent_counterfactual`), or one after the other, re-using the LP when only link capacities
    differ. ``worker``: with ``solver.builder: pyomo``, a :class:`BuildWorker` started earlier, or None.
    ``hooks``: work to overlap with the scenario's and the counterfactual's solves (:class:`Hooks`), waited
    for before returning unless ``finish_hooks`` is False (then the caller calls ``hooks.finish()``)."""
    hooks = hooks or Hooks()
    try:
        out = _solve_pair(scenario, network, cf, timings, worker, hooks)
    except BaseException:
        hooks.abandon()
        raise
    if finish_hooks:
        hooks.finish()
    return out


def _solve_pair(scenario: Scenario, network: Network, cf: tuple[str, Network] | None,
                timings: dict[str, float], worker: BuildWorker | None, hooks: Hooks):
    from energymodel.solver.blocks import solve_by_blocks

    with step("build model", timings):
        lp, build_times = compile_network(network, builder=scenario.solver.builder, worker=worker)
    timings.update(build_times)
    log.info("LP built (%s) in %.2f s: %d rows, %d columns, %d non-zeros", scenario.solver.builder,
             sum(build_times.values()), lp.matrix.shape[0], lp.matrix.shape[1], lp.matrix.nnz)
    cancel = threading.Event()  # stops every solve of this pair (the scenario's and the counterfactual's)
    concurrent = cf is not None and concurrent_counterfactual(scenario.solver)
    cf_wait = None
    if concurrent:
        cf_wait = _counterfactual_in_thread(scenario, cf, lambda: solve_by_blocks(
            compile_network(cf[1], builder=scenario.solver.builder)[0], scenario.solver,
            label=f"HiGHS counterfactual ({cf[0]})", cancel=cancel), then=hooks.while_solving)
    try:
        with step("solve", timings):
            writing = (_in_thread(hooks.while_solving, "write inputs")
                       if hooks.while_solving is not None and not concurrent else None)
            try:
                # HiGHS gets the LP; this process keeps only its layout (restart() builds it again if needed)
                resolver, lp = LinkResolver(network, lp, scenario.solver, keep_lp=False, cancel=cancel), None
                solution = resolver.solve()
            except BaseException:
                _settle(writing)  # nothing may still write into the folder that is about to be removed
                raise
            solution.timings_s["compile"] = sum(build_times.values())
            if writing is not None:
                writing()
        resolver.release()  # what the presolved solve held goes back to the system before extracting
        if not concurrent and cf is not None and integration.differs_only_in_link_capacity(network, cf[1]):
            def warm_solve() -> Solution:  # from the scenario's basis, while this thread extracts results
                resolver.restart()  # a fresh instance with the LP and the scenario's basis
                resolver.set_network_capacities(cf[1])
                solved = resolver.solve()
                resolver.release()
                return solved

            cf_wait = _counterfactual_in_thread(scenario, cf, warm_solve)
        with step("extract results", timings):
            results = extract_results(network, solution)
        # the counterfactual solved already (usually, alongside the scenario): both Results go to
        # ``hooks.with_both`` before the tables' thread starts
        both_first = cf is None or (cf_wait is not None and not cf_wait.thread.is_alive())
        if not both_first:
            _write_in_thread(results, hooks, timings)
    except BaseException:  # Ctrl-C or a failure while the counterfactual solves: stop it before unwinding
        cancel.set()
        _settle(cf_wait)
        raise
    cf_results = None
    if cf is not None:
        if cf_wait is None:
            del resolver  # HiGHS's memory goes before the counterfactual's model is built
        cf_results = _counterfactual_results(scenario, cf, cf_wait, concurrent, cancel, timings)
    if hooks.with_both is not None:
        hooks.with_both(results, cf_results, both_first)
    if both_first:
        _write_in_thread(results, hooks, timings)
    return results, solution, cf_results


def _counterfactual_results(scenario: Scenario, cf: tuple[str, Network], cf_wait: Callable[[], Any] | None,
                            concurrent: bool, cancel: threading.Event, timings: dict[str, float]) -> Results:
    """The counterfactual's Results: from its thread (``cf_wait``), or solved here when it has none."""
    label, cf_net = cf
    with step(f"solve counterfactual ({label})", timings):
        if cf_wait is None:
            cf_solution = solve_lp(compile_network(cf_net, builder=scenario.solver.builder)[0], scenario.solver)
            return extract_results(cf_net, cf_solution)
        try:
            cf_solution, cf_results = cf_wait()
        except KeyboardInterrupt:  # the main thread was interrupted while it waited
            cancel.set()
            _settle(cf_wait)
            raise
        how = "concurrent" if concurrent else "overlapped"
        timings[f"counterfactual solve ({label}, {how})"] = cf_solution.timings_s["thread"]
        log.info("counterfactual solved %s", "alongside the scenario" if concurrent
                 else "again from the scenario's basis (link bounds changed only)")
        return cf_results


def solve_scenario(scenario: Scenario, network: Network, tables: Tables, cf: tuple[str, Network] | None,
                   timings: dict[str, float] | None = None, worker: BuildWorker | None = None,
                   hooks: Hooks | None = None) -> ScenarioRun:
    """Solve ``network`` and its counterfactual ``cf`` (label, Network); summarise with the value of
    integration and, with expandable links, the planning block. ``worker``, ``hooks``: see
    :func:`solve_pair`."""
    timings = {} if timings is None else timings
    hooks = hooks or Hooks()
    results, solution, cf_results = solve_pair(scenario, network, cf, timings, worker, hooks, finish_hooks=False)
    try:  # the scenario's tables are written in a thread meanwhile (``hooks.with_results``)
        summary = _summary(scenario, network, tables, cf, results, cf_results, timings)
        if hooks.with_summary is not None:
            hooks.with_summary(summary)
    except BaseException:
        hooks.abandon()
        raise
    hooks.finish()
    return ScenarioRun(results, solution, cf_results, summary, timings)


def _summary(scenario: Scenario, network: Network, tables: Tables, cf: tuple[str, Network] | None,
             results: Results, cf_results: Results | None, timings: dict[str, float]) -> dict[str, Any]:
    """summary.json's content: the results' summary, the integration and planning blocks, diagnostics."""
    summary = results.summary()
    if cf_results is not None:
        summary["integration"] = integration.value_of_integration(
            results, cf_results, cf[0], scenario.integration.rent_rule,
            capex=integration.link_costs(tables, network, scenario.discount_rate))
    note = integration.nothing_to_isolate(network) if cf is not None and cf[0] == "isolated" else None
    if note:
        summary["integration"]["note"] = note
    if network.links["expandable"].any():
        with step("solve without expansion (value of the optimal build)", timings):
            summary["planning"] = planning(scenario, network, results)
    found = diagnostics.diagnose(results, cf_results, cf[0] if cf is not None else "", scenario=scenario,
                                 tables=tables)
    if note:  # the isolated counterfactual cut nothing: say why its value is 0
        found.insert(0, diagnostics.Diagnostic("nothing_to_isolate", diagnostics.WARNING, note))
    diagnostics.log_diagnostics(found, log)
    summary["diagnostics"] = diagnostics.records(found)
    return summary


def planning(scenario: Scenario, network: Network, results: Results) -> dict[str, Any]:
    """Optimal added capacity of expandable links and what the build is worth against no build."""
    no_build_net = integration.without_expansion(network)
    no_build = extract_results(no_build_net, solve_lp(compile_network(no_build_net, builder=scenario.solver.builder)[0],
                                                      scenario.solver))
    links = network.links
    new = results.new_capacity_mw
    annuity = links.loc[new.index, "annuity_usd_per_mw_yr"]
    for link, mw in new.items():
        log.info("  optimal addition to %s: %.1f MW (annuity %.0f USD/MW-yr)", link, mw, annuity[link])
    value = no_build.annual_cost_usd - results.annual_cost_usd
    log.info("value of the optimal build: %.6g USD/yr (net of its annuities)", value)
    return {"new_capacity_mw": {k: float(v) for k, v in new.items()},
            "annuity_usd_per_mw_yr": {k: float(v) for k, v in annuity.items()},
            "annualised_build_cost_usd": float((new * annuity).sum()),
            "no_build_cost_usd": no_build.annual_cost_usd,
            "value_of_build_usd": value}


REPORT_WORKER_MAX_SNAPSHOTS = 2000
"""Up to this many snapshots the report goes to the pre-warmed ``ReportWorker`` (its results pickled)."""


def solve_and_write(scenario: Scenario, network: Network, tables: Tables, cf: tuple[str, Network] | None,
                    out, *, metadata: Callable[[Solution], dict[str, Any]], timings: dict[str, float],
                    worker: BuildWorker | None = None, report_worker=None, with_plots: bool = True) -> ScenarioRun:
    """:func:`solve_scenario` and the results folder ``out`` (written atomically, report included), each
    file as soon as it can be: ``inputs/`` while HiGHS solves the scenario, the scenario's tables while
    HiGHS re-solves the counterfactual and the summary is computed. The report is begun as soon as both
    Results exist: the charts that need no summary (``outputs.report.results_charts``) are drawn while the
    summary is computed, the rest once it is known, while the summary and metadata are written. It is drawn
    by ``report_worker`` (a ``ReportWorker`` started earlier, which has imported the plotting libraries
    meanwhile) or in a child forked then. ``with_plots`` False (``--no-plots``): the report without charts.
    ``metadata(solution)`` gives ``metadata.json``'s content."""
    from energymodel.inputs.data import read_map_positions
    from energymodel.outputs.run_report import RunReport
    from energymodel.results.folder import write_folder
    from energymodel.results.writing import write_inputs, write_rest, write_tables

    done: dict[str, ScenarioRun] = {}
    positions = read_map_positions(tables.directory)
    # the pre-warmed worker gets the results pickled: worth it for short runs, where the imports are most of
    # the report's time; a long run's report is drawn in a child forked when the results exist (nothing pickled)
    pre_warmed = report_worker is not None and network.n_snapshots <= REPORT_WORKER_MAX_SNAPSHOTS

    def solve_and_write_into(tmp) -> None:
        report = RunReport(tmp, cf[0] if cf is not None else "", positions, with_plots,
                         report_worker if pre_warmed else None)
        hooks = Hooks(while_solving=lambda: write_inputs(network, tmp),
                      with_results=lambda res: write_tables(res, tmp), with_both=report.begin,
                      with_summary=report.send)
        try:
            run = done["run"] = solve_scenario(scenario, network, tables, cf, timings=timings, worker=worker,
                                               hooks=hooks)
            with step("write results", timings):
                write_rest(run.results, tmp, resolved_scenario=scenario.resolved_dict(),
                           metadata=metadata(run.solution), summary=run.summary,
                           extra_writer=lambda folder: report.start(run))
        except BaseException:
            report.abandon()  # it writes nothing more into the folder about to be removed
            raise

    write_folder(out, solve_and_write_into)
    return done["run"]
