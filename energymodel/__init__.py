"""energymodel: least-cost dispatch of the Mexico–Chile power corridor and the value of its integration.

Public API (data flows one way, see DESIGN §1)::

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

__version__ = "0.1.0"

__all__ = [
    "InputError", "SolveError", "Scenario", "load_scenario", "Network", "build_network",
    "build_model", "solve", "Results", "extract_results", "write_results", "__version__",
]
