"""The dispatch LP of a Network, built two ways that give the same matrix (tests/test_direct_build.py):

* :func:`energymodel.model.direct.build_lp` (the default): the :class:`~energymodel.solver.highs.LinearProgram`
  straight from the Network's arrays with numpy, family by family, without Pyomo;
* :func:`build_model` (``model/build.py``): a Pyomo ``ConcreteModel`` with one module per family, for users
  who want Pyomo's modelling objects and as the reference the direct build is checked against.

Importing this package imports neither Pyomo nor numpy; ``build_model`` and ``FAMILIES`` load Pyomo on use.
"""
from __future__ import annotations

_LAZY = {"build_model": "energymodel.model.build", "FAMILIES": "energymodel.model.build"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
