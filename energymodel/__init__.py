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
"""
from energymodel.errors import InputError, SolveError
from energymodel.inputs.scenario import Scenario, load_scenario
from energymodel.network.network import Network, build_network
from energymodel.model import build_model
from energymodel.solver.highs import solve
from energymodel.results.extract import Results, extract_results, write_results
from energymodel.results.reader import ResultsFolder, load_results
from energymodel.results.netcdf import to_netcdf, to_xarray
from energymodel.api import Run, run

__version__ = "0.1.0"

__all__ = [
    "InputError", "SolveError", "Scenario", "load_scenario", "Network", "build_network",
    "build_model", "solve", "Results", "extract_results", "write_results", "run", "Run", "load_results",
    "ResultsFolder", "to_xarray", "to_netcdf", "__version__",
]
