"""Designs: a sweep's parameters → a table of cases (one row per case, one column per parameter key).

=========  ==========================================  ======================================
method     cases                                       sampler
=========  ==========================================  ======================================
grid       Π (number of values of each parameter)      itertools.product
list       the listed cases                            —
random     ``samples``                                 numpy ``default_rng(seed).uniform``
latin      ``samples``                                 ``scipy.stats.qmc.LatinHypercube``
sobol      ``samples`` · (D + 2)  (Saltelli scheme)     ``SALib.sample.sobol.sample``
morris     ``samples`` · (D + 1)  (trajectories)        ``SALib.sample.morris.sample``
=========  ==========================================  ======================================

D is the number of parameters. Sobol' and Morris samples keep their order (``case`` 0…n−1): SALib's
analysers read the outputs in that order (``report.py``).
"""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from energymodel.analysis.sweep.spec import SweepSpec


def expected_cases(spec: SweepSpec) -> int:
    """How many cases the design produces (before identical cases are merged)."""
    d, n_par = spec.design, len(spec.parameters)
    if d.method == "grid":
        return int(np.prod([len(p.values) for p in spec.parameters]))
    if d.method == "list":
        return len(d.cases)
    if d.method == "sobol":
        return d.samples * (n_par + 2)
    if d.method == "morris":
        return d.samples * (n_par + 1)
    return d.samples


def problem(spec: SweepSpec) -> dict:
    """The SALib problem of a sampled design (names are the parameter keys)."""
    return {"num_vars": len(spec.parameters), "names": spec.keys,
            "bounds": [[p.low, p.high] for p in spec.parameters]}


def sample(spec: SweepSpec) -> np.ndarray:
    """Unrounded samples (cases × parameters) of a sampled design."""
    d, n_par = spec.design, len(spec.parameters)
    if d.method == "random":
        rng = np.random.default_rng(d.seed)
        return rng.uniform([p.low for p in spec.parameters], [p.high for p in spec.parameters],
                           size=(d.samples, n_par))
    if d.method == "latin":
        from scipy.stats import qmc

        unit = qmc.LatinHypercube(d=n_par, seed=d.seed).random(d.samples)
        return qmc.scale(unit, [p.low for p in spec.parameters], [p.high for p in spec.parameters])
    if d.method == "sobol":
        from SALib.sample import sobol

        return sobol.sample(problem(spec), d.samples, calc_second_order=False, seed=d.seed)
    if d.method == "morris":
        from SALib.sample import morris

        return morris.sample(problem(spec), d.samples, num_levels=d.levels, seed=d.seed)
    raise ValueError(f"{d.method} is not a sampled design")


def cases(spec: SweepSpec) -> pd.DataFrame:
    """index ``case`` (0…n−1), one column per parameter key, in the design's order."""
    d, keys = spec.design, spec.keys
    if d.method == "grid":
        rows = list(itertools.product(*[p.values for p in spec.parameters]))
        df = pd.DataFrame(rows, columns=keys)
    elif d.method == "list":
        df = pd.DataFrame([[case[k] for k in keys] for case in d.cases], columns=keys)
    else:
        df = pd.DataFrame(sample(spec), columns=keys)
        for p in spec.parameters:
            if p.integer:
                df[p.key] = df[p.key].round().astype(int)
    df.index.name = "case"
    return df
