"""energymodel: least-cost dispatch of the Mexico–Chile power corridor and the value of its integration.

The top-level API (docs/api.md)::

    import energymodel
    run = energymodel.run("scenarios/base.yaml", hours=168)     # scenario + counterfactual, solved
    run.summary["integration"]["value_usd"]                      # value of integration [USD/yr]
    run.write("results/week")                                    # the results folder, with its report
    folder = energymodel.load_results("results/week")            # the same tidy tables, read back
    energymodel.to_netcdf("results/week", "week.nc")             # one xarray dataset (extra: xarray)

The steps one by one (data flows one way, docs/architecture.md)::

    scenario = load_scenario("scenarios/base.yaml", hours=168)
    network = build_network(scenario)          # pandas only
    model = build_model(network)               # Pyomo ConcreteModel
    solution = solve(model, scenario.solver)   # HiGHS on the compiled matrix
    results = extract_results(network, solution)

Names are imported on first use, so ``import energymodel`` (and the command line) loads Pyomo only when a
model is built and matplotlib only when a chart is drawn.
"""
from __future__ import annotations

import importlib

from energymodel.errors import InputError, SolveError

__version__ = "0.1.0"

_LAZY = {
    "Scenario": "energymodel.inputs.scenario", "load_scenario": "energymodel.inputs.scenario",
    "Network": "energymodel.network.network", "build_network": "energymodel.network.network",
    "build_model": "energymodel.model", "solve": "energymodel.solver.compile",
    "Results": "energymodel.results.extract", "extract_results": "energymodel.results.extract",
    "write_results": "energymodel.results.writing", "ResultsFolder": "energymodel.results.reader",
    "load_results": "energymodel.results.reader", "to_netcdf": "energymodel.results.netcdf",
    "to_xarray": "energymodel.results.netcdf", "Run": "energymodel.api", "run": "energymodel.api",
}

__all__ = ["InputError", "SolveError", *_LAZY, "__version__"]


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
