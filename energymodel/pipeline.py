"""The solving workflow behind ``energymodel run``, usable from Python: a scenario's Network solved with
its counterfactual and, with expandable links, without expansion; the summary with the integration and
planning blocks. Reads no files (a counterfactual scenario file is loaded by the caller)."""
from __future__ import annotations

import logging
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator

from energymodel.analysis import integration
from energymodel.inputs.data import Tables
from energymodel.network.network import Network
from energymodel.solver.warm import LinkResolver
from energymodel.results import diagnostics
from energymodel.results.extract import Results, extract_results
from energymodel.inputs.scenario import Scenario
from energymodel.solver import progress
from energymodel.solver.highs import Solution, compile_network, solve_lp

log = logging.getLogger(__name__)

BUILT_IN_COUNTERFACTUALS = ("isolated", "status_quo", "none")


@dataclass
class ScenarioRun:
    results: Results
    solution: Solution
    counterfactual: Results | None
    summary: dict[str, Any]
    timings_s: dict[str, float] = field(default_factory=dict)


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


def solve_pair(scenario: Scenario, network: Network, cf: tuple[str, Network] | None,
               timings: dict[str, float]):
    """Solve the scenario and its counterfactual; re-use the LP when only link capacities differ."""
    with step("build and compile model", timings):
        lp, build_times = compile_network(network)
    timings.update(build_times)
    log.info("model built in %.2f s and compiled in %.2f s (%d rows, %d columns)", build_times["build model"],
             build_times["compile LP"], lp.matrix.shape[0], lp.matrix.shape[1])
    with step("solve", timings):
        resolver = LinkResolver(network, lp, scenario.solver)
        solution = resolver.solve()
        solution.timings_s["compile"] = build_times["compile LP"]
    with step("extract results", timings):
        results = extract_results(network, solution)
    cf_results = None
    if cf is not None:
        label, cf_net = cf
        with step(f"solve counterfactual ({label})", timings):
            if integration.differs_only_in_link_capacity(network, cf_net):
                resolver.set_network_capacities(cf_net)
                cf_solution = resolver.solve()
                log.info("counterfactual re-solved from the scenario's basis (link bounds changed only)")
            else:
                del resolver  # HiGHS's memory goes before the counterfactual's model is built
                cf_solution = solve_lp(compile_network(cf_net)[0], scenario.solver)
            resolver = None  # results are plain arrays now: release HiGHS before extracting them
            cf_results = extract_results(cf_net, cf_solution)
    return results, solution, cf_results


def solve_scenario(scenario: Scenario, network: Network, tables: Tables, cf: tuple[str, Network] | None,
                   timings: dict[str, float] | None = None) -> ScenarioRun:
    """Solve ``network`` and its counterfactual ``cf`` (label, Network); summarise with the value of
    integration and, with expandable links, the planning block."""
    timings = {} if timings is None else timings
    results, solution, cf_results = solve_pair(scenario, network, cf, timings)
    summary = results.summary()
    if cf_results is not None:
        summary["integration"] = integration.value_of_integration(
            results, cf_results, cf[0], scenario.integration.rent_rule,
            capex=integration.link_costs(tables, network, scenario.discount_rate))
    if network.links["expandable"].any():
        with step("solve without expansion (value of the optimal build)", timings):
            summary["planning"] = planning(scenario, network, results)
    found = diagnostics.diagnose(results, cf_results, cf[0] if cf is not None else "", scenario=scenario,
                                 tables=tables)
    diagnostics.log_diagnostics(found, log)
    summary["diagnostics"] = diagnostics.records(found)
    return ScenarioRun(results, solution, cf_results, summary, timings)


def planning(scenario: Scenario, network: Network, results: Results) -> dict[str, Any]:
    """Optimal added capacity of expandable links and what the build is worth against no build."""
    no_build_net = integration.without_expansion(network)
    no_build = extract_results(no_build_net, solve_lp(compile_network(no_build_net)[0], scenario.solver))
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
