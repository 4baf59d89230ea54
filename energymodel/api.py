"""The top-level Python API: :func:`run` a scenario (and write its folder), :func:`load_results` of a folder.

    import energymodel
    run = energymodel.run("scenarios/base.yaml", hours=168, resolution_h=3)
    run.summary["integration"]["value_usd"]        # annual value of integration [USD/yr]
    run.results.prices                              # snapshot, region, price_usd_per_mwh
    run.write("results/base-week")                  # the same folder as `energymodel run`
    folder = energymodel.load_results("results/base-week")   # the same tables, read back
"""
from __future__ import annotations

import hashlib
import logging
import platform
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from energymodel.errors import InputError
from energymodel.inputs.scenario import Scenario, load_scenario
from energymodel.results.reader import ResultsFolder, load_results

log = logging.getLogger(__name__)

__all__ = ["Run", "run", "load_results", "ResultsFolder", "resolve_counterfactual", "metadata"]


@dataclass
class Run:
    """A solved scenario. ``results``: the scenario's :class:`~energymodel.results.extract.Results` (tidy
    tables: dispatch, flows, prices, storage, hydro, shedding, link_values, gas); ``counterfactual``: the
    counterfactual's Results, or None; ``summary``: what ``summary.json`` holds (``integration``, per region
    ``countries``, ``planning`` with expandable links); ``scenario``, ``tables`` (the data read),
    ``timings_s`` per step; ``path`` once written."""

    scenario: Scenario
    results: Any
    counterfactual: Any
    summary: dict[str, Any]
    solution: Any = field(repr=False)
    tables: Any = field(repr=False)
    timings_s: dict[str, float] = field(default_factory=dict)
    path: Path | None = None

    def write(self, out: str | Path, *, report: bool = True) -> Path:
        """Write the results folder atomically (see ``write_results``), with ``report.md``/``report.html`` and
        plots when ``report``; returns its path. Raises InputError for a folder energymodel did not write."""
        from energymodel.inputs.data import read_map_positions
        from energymodel.outputs.report import write_report
        from energymodel.results.folder import check_output_folder
        from energymodel.results.writing import write_results

        out = check_output_folder(out)

        def add_report(folder: Path) -> None:
            write_report(folder, self.results, self.counterfactual, self.summary["integration"] or None,
                         summary=self.summary, positions=read_map_positions(self.tables.directory))
        extra = add_report if report else None
        self.path = write_results(self.results, out, resolved_scenario=self.scenario.resolved_dict(),
                                  metadata=metadata(self.scenario, self.tables, self.solution, self.timings_s),
                                  summary=self.summary, extra_writer=extra)
        return self.path


def resolve_counterfactual(scenario: Scenario, network, tables, data: str | Path | None = None):
    """(label, Network) of ``scenario.integration.counterfactual``: a built-in one (``isolated``,
    ``status_quo``) or another scenario file, loaded with the scenario's horizon, resolution and solver; None
    for ``none``. Raises InputError for a missing file or one that models other regions."""
    from energymodel import pipeline
    from energymodel.network.network import build_network

    name = scenario.integration.counterfactual
    if name in pipeline.BUILT_IN_COUNTERFACTUALS:
        return pipeline.counterfactual(name, network, tables)
    path = Path(name)
    if not path.exists():
        raise InputError("expected isolated, status_quo, none or the path of a scenario file; "
                         f"{path} not found", file=scenario.source_file, key="integration.counterfactual")
    rows = network.n_snapshots * scenario.time.resolution_h  # the scenario's modelled profile rows
    other = load_scenario(path, hours=scenario.time.hours or rows,
                          resolution_h=scenario.time.resolution_h, data=data, start=scenario.time.start or 1)
    other = other.model_copy(update={"solver": scenario.solver})
    cf_net = build_network(other)
    if list(cf_net.regions.index) != list(network.regions.index):
        raise InputError(f"the counterfactual {path} models regions {', '.join(cf_net.regions.index)}, the scenario "
                         f"{', '.join(network.regions.index)}; a counterfactual must model the same regions",
                         file=scenario.source_file, key="integration.counterfactual")
    return other.name, cf_net


def run(scenario: str | Path | Scenario, *, hours: int | None = None, start: str | int | date | None = None,
        resolution_h: int | None = None, data: str | Path | None = None, threads: int | None = None,
        counterfactual: str | None = None, out: str | Path | None = None, report: bool = True) -> Run:
    """Solve a scenario with its counterfactual, as ``energymodel run`` does.

    ``scenario``: a YAML path or a :class:`Scenario` (then ``hours``, ``start``, ``resolution_h`` and ``data``
    must be None: set them on the Scenario). ``hours`` [h] from ``start`` (a date ``YYYY-MM-DD`` or a day of
    the year 1–365); ``resolution_h`` [h] per snapshot; ``data``: another data directory; ``threads``: HiGHS
    threads; ``counterfactual``: overrides ``integration.counterfactual`` (``isolated``, ``status_quo``,
    ``none`` or a scenario path); ``out``: also write the results folder there (with the report when
    ``report``).

    Returns a :class:`Run`. Raises :class:`~energymodel.errors.InputError` for invalid input (file, key and
    what was expected) and :class:`~energymodel.errors.SolveError` when HiGHS does not reach an optimum.
    """
    from energymodel import pipeline
    from energymodel.inputs.data import read_tables
    from energymodel.network.network import build_network

    timings: dict[str, float] = {}
    with pipeline.step("load scenario and data", timings):
        if isinstance(scenario, Scenario):
            if any(v is not None for v in (hours, start, resolution_h, data)):
                raise InputError("with a Scenario object, set time and data on the Scenario, not as arguments",
                                 key="hours")
            sc = scenario
        else:
            sc = load_scenario(scenario, hours=hours, resolution_h=resolution_h, data=data, start=start)
        if threads is not None:
            if not 1 <= threads <= 64:
                raise InputError(f"expected threads between 1 and 64, got {threads}", key="threads")
            sc = sc.model_copy(update={"solver": sc.solver.model_copy(update={"threads": threads})})
        if counterfactual is not None:
            sc = sc.model_copy(update={"integration": sc.integration.model_copy(
                update={"counterfactual": counterfactual})})
        tables = read_tables(sc.data)
        network = build_network(sc, tables)
        cf = resolve_counterfactual(sc, network, tables, data)
    log.info("scenario %s: %d regions, %d generators, %d links, %d snapshots of %g h", sc.name,
             len(network.regions), len(network.generators), len(network.links), network.n_snapshots,
             network.duration_h[0])
    solved = pipeline.solve_scenario(sc, network, tables, cf, timings=timings)
    result = Run(sc, solved.results, solved.counterfactual, solved.summary, solved.solution, tables, timings)
    if out is not None:
        with pipeline.step("write results", timings):
            result.write(out, report=report)
    return result


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def metadata(scenario: Scenario, tables, solution, timings: dict[str, float]) -> dict[str, Any]:
    """``metadata.json``: versions, input file hashes, solver statistics and step timings."""
    from importlib.metadata import version

    import numpy
    import pandas

    from energymodel import __version__
    from energymodel.solver.highs import _highspy_version
    return {
        "energymodel_version": __version__,
        "created_utc": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": {"pyomo": version("pyomo"), "highspy": _highspy_version(),
                     "pandas": pandas.__version__, "numpy": numpy.__version__},
        "scenario_files": {str(p): _sha256(p) for p in scenario.source_chain},
        "data_directory": str(tables.directory),
        "data_sha256": tables.file_hashes,
        "solver": {**solution.info, "timings_s": solution.timings_s},
        "timings_s": timings,
    }


