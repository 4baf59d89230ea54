"""What the commands share: logging set-up, loading a scenario from the arguments, solving it with its
counterfactual, checking the output folder, and the exit codes."""
from __future__ import annotations

import logging
import sys
from pathlib import Path

from energymodel.errors import InputError

log = logging.getLogger("energymodel")

DEFAULT_SCENARIO = Path("scenarios") / "base.yaml"
DEFAULT_STUDIES = Path("data") / "studies"
CHECKOUT = Path(__file__).resolve().parents[2]
"""The repository root when running from a checkout (defaults are looked up there from elsewhere)."""

EXIT_OK, EXIT_INPUT, EXIT_SOLVE, EXIT_INTERRUPTED = 0, 2, 3, 130
EXIT_REPORT = 4
"""The results were written but the report (report.md, report.html, plots/) was not."""


def overrides(args) -> list:
    from energymodel.inputs.scenario import parse_override
    return [parse_override(text) for text in getattr(args, "overrides", None) or ()]


def setup_logging(verbose: bool, quiet: bool) -> None:
    level = logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%H:%M:%S"))
    root = logging.getLogger("energymodel")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


def step(name: str, timings: dict[str, float]):
    from energymodel.pipeline import step
    return step(name, timings)


def scenario_path(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    if DEFAULT_SCENARIO.exists():
        return DEFAULT_SCENARIO
    return CHECKOUT / DEFAULT_SCENARIO  # running from outside the checkout


def load(args):
    from energymodel.inputs.data import read_tables
    from energymodel.network.network import build_network
    from energymodel.inputs.scenario import load_scenario

    scenario = load_scenario(scenario_path(args.scenario), hours=args.hours,
                             resolution_h=args.resolution_h, data=args.data, start=args.start,
                             overrides=overrides(args))
    threads = getattr(args, "threads", None)
    if threads is not None and not 1 <= threads <= 64:
        raise InputError(f"expected --threads between 1 and 64, got {threads}", key="--threads")
    if threads:
        scenario = scenario.model_copy(update={"solver": scenario.solver.model_copy(
            update={"threads": args.threads})})
    tables = read_tables(scenario.data)
    network = build_network(scenario, tables)
    return scenario, tables, network


def metadata(scenario, tables, solution, timings) -> dict:
    from energymodel.api import metadata
    return metadata(scenario, tables, solution, timings)


def counterfactual(args, scenario, network, tables):
    """(label, Network) of the scenario's counterfactual, or None when it is ``none``."""
    from energymodel.api import resolve_counterfactual
    return resolve_counterfactual(scenario, network, tables, args.data)


def _input_paths(scenario) -> tuple[Path, ...]:
    """Every input of a run: the scenario file and its ``extends`` chain, its data directory, and those of
    a counterfactual scenario file."""
    from energymodel import pipeline
    from energymodel.inputs.scenario import load_scenario

    paths = [*scenario.source_chain, scenario.data]
    cf = scenario.integration.counterfactual
    if cf not in pipeline.BUILT_IN_COUNTERFACTUALS and Path(cf).is_file():
        other = load_scenario(cf)
        paths += [*other.source_chain, other.data]
    return tuple(paths)


def solve_scenario(args, check_out=None):
    """Load, solve with its counterfactual, and summarise one scenario; ``check_out(scenario)`` checks the
    output folder once the scenario is known, before solving."""
    from energymodel import pipeline

    timings: dict[str, float] = {}
    with step("load scenario and data", timings):
        scenario, tables, network = load(args)
        cf = counterfactual(args, scenario, network, tables)
    if check_out is not None:
        check_out(scenario)
    log.info("scenario %s: %d regions, %d generators, %d links, %d snapshots of %g h",
             scenario.name, len(network.regions), len(network.generators), len(network.links),
             network.n_snapshots, network.duration_h[0])
    run = pipeline.solve_scenario(scenario, network, tables, cf, timings=timings)
    return scenario, tables, run.results, run.counterfactual, run.summary, run.solution, timings


def checked_out(args, default: Path, scenario=None) -> Path:
    """The output folder, checked before any solving: never replace what energymodel did not write, nor a
    folder holding an input of the run."""
    from energymodel.results.folder import check_output_folder
    return check_output_folder(args.out or default, _input_paths(scenario) if scenario is not None else ())



def default_path(path: Path) -> Path:
    return path if path.exists() else CHECKOUT / path  # outside the checkout


def strict(args, diagnostics: list[dict]) -> int:
    """Exit 0, or 2 under --strict when a diagnostic warns."""
    from energymodel.results.diagnostics import count_warnings

    n = count_warnings(diagnostics)
    if n and args.strict:
        log.error("--strict: %d diagnostic warning%s (listed above); exit code %d", n, "s" if n > 1 else "",
                  EXIT_INPUT)
        return EXIT_INPUT
    return EXIT_OK


def fixed_capacity(network):
    """links/curve value fixed capacities: expandable links are taken at their existing capacity."""
    from energymodel.analysis.integration import without_expansion

    if network.links["expandable"].any():
        log.info("expandable links are valued at their existing capacity (no expansion) here")
        return without_expansion(network)
    return network
