"""Hypothesis settings and strategies shared by the property-based tests: random small networks and a
bounded (CI) / long (``-m slow``) pair of settings."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from networks import make_network

COMMON = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                    HealthCheck.function_scoped_fixture])
FAST = settings(max_examples=8, derandomize=True, phases=[Phase.explicit, Phase.generate], **COMMON)
"""CI: a fixed set of examples, reported as found (no shrinking: the long twins shrink)."""
LONG = settings(max_examples=150, **COMMON)
FAST_CLI = settings(FAST, max_examples=5)
"""CI, for properties that run the whole command line (a solve and a results folder each)."""
LONG_CLI = settings(LONG, max_examples=60)


def both(strategy, fast=FAST, long=LONG):
    """A bounded, derandomised test for the default suite and a long twin marked ``slow``."""
    def deco(fn):
        return settings(fast)(given(strategy)(fn)), pytest.mark.slow(settings(long)(given(strategy)(fn)))
    return deco


# ---- random networks -------------------------------------------------------------------------------------

money = st.floats(0.5, 300.0, allow_nan=False)
mw = st.floats(0.0, 150.0, allow_nan=False)


@st.composite
def networks(draw, cross_border: bool = True, gas=None):
    n_r = draw(st.integers(2, 5))
    n_t = draw(st.integers(2, 5))
    regions = [f"R{i}" for i in range(n_r)]
    series = st.lists(st.floats(0.0, 120.0, allow_nan=False), min_size=n_t, max_size=n_t)
    pu = st.lists(st.floats(0.0, 1.0, allow_nan=False), min_size=n_t, max_size=n_t)
    demand = {r: draw(series) for r in regions}
    gens = []
    for r in regions:
        for j in range(draw(st.integers(1, 3))):
            g = dict(name=f"{r}-g{j}", region=r, capacity_mw=draw(mw), cost=draw(money))
            if draw(st.booleans()):
                g["availability"] = draw(pu)
            gens.append(g)
    links = [{"name": f"{a}-{b}", "from": a, "to": b, "fwd": draw(mw), "bwd": draw(mw),
              "efficiency": draw(st.floats(0.8, 1.0)), "wheeling": draw(st.floats(0.0, 5.0))}
             for a, b in zip(regions, regions[1:])]
    if n_r > 2 and draw(st.booleans()):
        links.append({"name": f"{regions[0]}-{regions[-1]}", "from": regions[0], "to": regions[-1],
                      "fwd": draw(mw), "bwd": draw(mw), "efficiency": draw(st.floats(0.8, 1.0)), "wheeling": 0.0})
    storage = [dict(name=f"{r}-bat", region=r, power_mw=draw(st.floats(0, 50)), energy_mwh=draw(st.floats(0, 200)),
                    eta_c=draw(st.floats(0.8, 1.0)), eta_d=draw(st.floats(0.8, 1.0)))
               for r in draw(st.lists(st.sampled_from(regions), max_size=2, unique=True))]
    hydro = [dict(name=f"{r}-res", region=r, capacity_mw=draw(st.floats(0, 80)), energy_mwh=draw(st.floats(0, 400)),
                  inflow=draw(st.lists(st.floats(0, 60), min_size=n_t, max_size=n_t)))
             for r in draw(st.lists(st.sampled_from(regions), max_size=2, unique=True))]
    countries = {r: (f"C{i}",) if cross_border else ("C",) for i, r in enumerate(regions)}
    gas_net = None
    if gas if gas is not None else draw(st.booleans()):
        gas_regions = draw(st.lists(st.sampled_from(regions), min_size=1, max_size=n_r, unique=True))
        gas_net = {"nodes": [{"name": f"N{r}", "region": r} for r in gas_regions],
                   "supply": [{"name": f"S{r}", "node": f"N{r}", "capacity": draw(st.one_of(st.none(), mw)),
                               "price": draw(st.floats(5, 40))} for r in gas_regions],
                   "demand": {f"N{r}": draw(st.floats(0, 30)) for r in gas_regions},
                   "links": [{"name": f"N{a}-N{b}", "from": f"N{a}", "to": f"N{b}", "capacity": draw(mw),
                              "cost": draw(st.floats(0, 3)), "loss": draw(st.floats(0, 0.1))}
                             for a, b in zip(gas_regions, gas_regions[1:])]}
        for r in gas_regions:
            gens.append(dict(name=f"{r}-ccgt", region=r, capacity_mw=draw(mw), cost=draw(st.floats(1, 5)),
                             gas_node=f"N{r}", heat_rate=draw(st.floats(1.5, 3.0))))
    return make_network(demand, gens, links=links, storage=storage, hydro=hydro, n_t=n_t,
                        voll=draw(st.sampled_from([1000.0, 3000.0])), countries=countries, gas=gas_net)
