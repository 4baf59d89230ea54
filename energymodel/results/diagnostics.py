"""Diagnostics: numbers that look convincing but may be artefacts, found in a run's inputs and results.

Every run and every multi-solve command (``links``, ``curve``, ``compare``) calls these checks; each
finding is one :class:`Diagnostic` (code, severity, message, where), logged as one line, listed in
``summary.json`` → ``diagnostics`` and at the top of the report. ``--strict`` turns any ``warning`` into
exit code 2. Pandas only: nothing here solves.

Codes (thresholds are the module constants below):

* ``unserved_energy``: load shed in the scenario or its counterfactual, with the share of the value of
  integration that the counterfactual's extra unserved energy (at VOLL) accounts for;
* ``short_horizon``: fewer hours than a year (the hydro cycle) while reservoirs supply a material share
  or load is shed: levels are cyclic over the horizon and totals are annualised from it;
* ``flat_price``: a region's price identical in every snapshot (of at least a day);
* ``link_saturated``: a link direction at its capacity in (nearly) every snapshot;
* ``capacity_unit``: a scenario capacity that changes the data's by more than a factor of 10, or an
  interconnector capacity so small it looks like GW typed as MW;
* ``shortage_pricing``: shortage-priced snapshots (price at or above half of VOLL) make up a large part
  of a region's average price;
* ``value_definition`` (info): why a value differs between commands (what each one compares).
"""
from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from typing import Any, Iterable

import numpy as np
import pandas as pd

from energymodel.inputs import units
from energymodel.network.bounds import link_availability
from energymodel.results.extract import RESERVOIR_TECHNOLOGY, Results

WARNING, INFO = "warning", "info"

UNIT_ERROR_FACTOR = 10.0
"""A scenario capacity more than 10× (or less than 1/10 of) the data's is flagged as a likely unit error."""
SMALL_LINK_MW = 10.0
"""An interconnector capacity below 10 MW (but above 0) looks like GW typed as MW: the smallest
cross-border links of the data set carry tens of MW."""
SATURATED_SHARE = 0.95
"""A link direction at capacity in at least 95 % of the snapshots is reported as saturated."""
SHORTAGE_PRICE_SHARE_OF_VOLL = 0.5
"""A snapshot priced at or above half of VOLL is shortage-priced (shedding sets the price there or
next door, less link losses)."""
SHORTAGE_SHARE_OF_AVERAGE = 0.2
"""Shortage-priced snapshots making up at least 20 % of a region's average price are reported."""
RESERVOIR_SHARE = 0.05
"""Reservoirs supplying at least 5 % of generation make a short horizon matter."""
FLAT_PRICE_MIN_SNAPSHOTS = 24
"""A flat price is reported from a day's worth of snapshots up (over fewer it is unremarkable)."""


@dataclass(frozen=True)
class Diagnostic:
    code: str
    severity: str
    """``warning`` (``--strict`` exits 2) or ``info``."""
    message: str
    where: str = ""
    """The region, link, scenario key or case the finding is about."""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def _annual_shed_mwh(res: Results) -> pd.Series:
    w = pd.Series(res.network.weight_h, index=res.network.snapshots)
    mwh = res.shedding["shed_mw"] * res.shedding["snapshot"].map(w)
    return mwh.groupby(res.shedding["region"]).sum() * res.network.annualisation


def unserved_energy(res: Results, cf: Results | None, cf_label: str) -> list[Diagnostic]:
    out = []
    voll = res.network.voll_usd_per_mwh
    cases = [("the scenario", res)] + ([(f"the counterfactual ({cf_label})", cf)] if cf is not None else [])
    cost = {}
    for label, case in cases:
        shed = _annual_shed_mwh(case)
        cost[label] = float(shed.sum()) * case.network.voll_usd_per_mwh
        shed = shed[shed > 1e-6]
        if shed.empty:
            continue
        regions = ", ".join(f"{r} {v / units.MWH_PER_GWH:,.1f}" for r, v in shed.sort_values(ascending=False).items())
        out.append(Diagnostic("unserved_energy", WARNING, f"{label} sheds load (GWh/yr: {regions}) at VOLL "
                              f"{voll:,.0f} USD/MWh", ", ".join(shed.index)))
    if cf is not None and len(cost) == 2:
        value = cf.annual_cost_usd - res.annual_cost_usd
        extra = cost[cases[1][0]] - cost[cases[0][0]]
        if abs(value) > 0 and extra > 1e-6 * max(abs(value), 1.0):
            out.append(Diagnostic("unserved_energy", WARNING, f"unserved energy avoided at VOLL accounts for "
                                  f"{extra / value:.0%} of the value of integration ({extra / units.MILLION:,.1f} of "
                                  f"{value / units.MILLION:,.1f} M USD/yr): that part is a VOLL assumption, not a "
                                  "saving of fuel", "value_usd"))
    return out


def short_horizon(res: Results, cf: Results | None) -> list[Diagnostic]:
    net = res.network
    hours = float(net.weight_h.sum())
    if hours >= units.HOURS_PER_YEAR:
        return []
    gen = res.dispatch.groupby("technology")["mw"].sum()
    share = float(gen.get(RESERVOIR_TECHNOLOGY, 0.0) / gen.sum()) if gen.sum() > 0 else 0.0
    shed = any(float(c.shedding["shed_mw"].sum()) > 1e-6 for c in (res, cf) if c is not None)
    if share < RESERVOIR_SHARE and not shed:
        return []
    why = []
    if share >= RESERVOIR_SHARE:
        why.append(f"reservoirs supply {share:.0%} of generation")
    if shed:
        why.append("load is shed")
    return [Diagnostic("short_horizon", WARNING, f"the horizon is {hours:g} h, shorter than the hydro cycle (a year), "
                       f"and {' and '.join(why)}: reservoir levels are cyclic over {hours:g} h and annual figures "
                       f"are these hours ×{net.annualisation:.3g}; run the full year for hydro-dependent values",
                       "time.hours")]


def flat_price(res: Results) -> list[Diagnostic]:
    if res.network.n_snapshots < FLAT_PRICE_MIN_SNAPSHOTS:
        return []
    prices = res.price_matrix()
    out = []
    for region, p in prices.items():
        spread = float(p.max() - p.min())
        # a flat shortage price is reported by shortage_pricing
        shortage = float(p.iloc[0]) >= SHORTAGE_PRICE_SHARE_OF_VOLL * res.network.voll_usd_per_mwh
        if spread <= 1e-6 * max(1.0, abs(float(p.mean()))) and not shortage:
            out.append(Diagnostic("flat_price", WARNING, f"the price in {region} is {p.iloc[0]:,.2f} USD/MWh in "
                                  f"every one of {len(p)} snapshots: one unit's cost (or a reservoir's water value) "
                                  f"sets it throughout, so {region}'s prices and welfare shares rest on that single "
                                  "number", str(region)))
    return out


def _warn(code: str, message: str, where: str) -> Diagnostic:
    return Diagnostic(code, WARNING, message, where)


def link_saturated(res: Results) -> list[Diagnostic]:
    """A link direction at its available capacity (capacity × availability profile × dated limit,
    ``network.bounds.link_availability``) in at least :data:`SATURATED_SHARE` of the snapshots in which that
    direction is open; snapshots in which it is closed (a dated limit at 0) are left out of the share."""
    links, flows = res.network.links, res.flows
    if not len(links) or flows.empty:
        return []
    avail = dict(zip(("fwd", "bwd"), link_availability(res.network)))
    out = []
    for direction, col, arrow in (("fwd", "flow_fwd_mw", "→"), ("bwd", "flow_bwd_mw", "←")):
        mw = links[f"capacity_{direction}_mw"].to_numpy(dtype=float)
        limit = mw[:, None] * avail[direction]                              # links × snapshots
        flow = flows.pivot(index="snapshot", columns="link", values=col).reindex(columns=links.index).to_numpy().T
        is_open = limit > 0
        at_limit = is_open & (flow >= limit * (1 - 1e-6) - 1e-6)
        n_open = is_open.sum(axis=1)
        share = np.divide(at_limit.sum(axis=1), n_open, out=np.zeros(len(links)), where=n_open > 0)
        for i in np.flatnonzero((share >= SATURATED_SHARE) & (mw > 0)):
            link, a, b = links.index[i], links["from_region"].iloc[i], links["to_region"].iloc[i]
            when = (f"{share[i]:.0%} of the {is_open[i].mean():.0%} of snapshots it is open" if not is_open[i].all()
                    else f"{share[i]:.0%} of snapshots")
            derated = "" if (avail[direction][i] == 1.0).all() else " as available"
            out.append(_warn("link_saturated", f"{link} runs at its capacity{derated} ({mw[i]:,.4g} MW {a}{arrow}{b}) "
                             f"in {when}: its value is capped by that number (check it; `energymodel "
                             "curve` shows what more capacity is worth)", str(link)))
    return out


def shortage_pricing(res: Results, cf: Results | None, cf_label: str) -> list[Diagnostic]:
    out = []
    cases = [("the scenario", res)] + ([(f"the counterfactual ({cf_label})", cf)] if cf is not None else [])
    for label, case in cases:
        net = case.network
        threshold = SHORTAGE_PRICE_SHARE_OF_VOLL * net.voll_usd_per_mwh
        price = case.price_matrix()[list(net.regions.index)].to_numpy()
        energy = net.demand_mw[list(net.regions.index)].to_numpy() * net.weight_h[:, None]
        total = energy.sum(axis=0)
        avg = np.divide((price * energy).sum(axis=0), total, out=np.zeros_like(total), where=total > 0)
        short = price >= threshold
        part = np.divide((price * energy * short).sum(axis=0), total, out=np.zeros_like(total), where=total > 0)
        for i, region in enumerate(net.regions.index):
            if avg[i] > 0 and part[i] >= SHORTAGE_SHARE_OF_AVERAGE * avg[i]:
                out.append(_warn("shortage_pricing", f"in {label} {region}'s average price is {avg[i]:,.0f} USD/MWh, "
                                 f"{part[i]:,.0f} of it from {int(short[:, i].sum())} shortage-priced snapshots "
                                 f"(≥ {threshold:,.0f} USD/MWh, half of VOLL): values and {region}'s share of them "
                                 "depend on VOLL", str(region)))
    return out


def _unit_error(ratio: float) -> bool:
    return not 1 / UNIT_ERROR_FACTOR <= ratio <= UNIT_ERROR_FACTOR


def capacity_overrides(scenario, tables) -> list[Diagnostic]:
    """Scenario capacities more than UNIT_ERROR_FACTOR away from the data's, and tiny link capacities."""
    out = []
    gens = tables["generators"]
    for region, overrides in scenario.generators.items():
        for key, total in overrides.items():
            tech = key[: -len("_mw")]
            data = float(gens.loc[(gens["region"] == region) & (gens["technology"] == tech), "capacity_mw"].sum())
            if data > 0 and total > 0 and _unit_error(total / data):
                out.append(_warn("capacity_unit", f"generators.{region}.{key} = {total:,.6g} MW changes {region}'s "
                                 f"{tech} capacity from {data:,.0f} MW by a factor of {total / data:.3g}: capacities "
                                 "are in MW (a likely unit error?)", f"generators.{region}.{key}"))
    links = tables["interconnectors"].set_index("link")
    for name, opt in scenario.interconnectors.items():
        for field in ("capacity_mw", "capacity_fwd_mw", "capacity_bwd_mw", "max_mw"):
            value = getattr(opt, field)
            if value is None or value <= 0:
                continue
            where = f"interconnectors.{name}.{field}"
            data = 0.0
            if name in links.index and field != "max_mw":
                cols = ["capacity_fwd_mw", "capacity_bwd_mw"] if field == "capacity_mw" else [field]
                data = float(links.loc[name, cols].max())
            if value < SMALL_LINK_MW:
                out.append(_warn("capacity_unit", f"{where} = {value:g} MW looks like GW typed as MW (interconnector "
                                 f"capacities are in MW; {value:g} GW = {value * units.MW_PER_GW:,.0f} MW)", where))
            elif data > 0 and _unit_error(value / data):
                out.append(_warn("capacity_unit", f"{where} = {value:,.6g} MW changes {name}'s capacity from "
                                 f"{data:,.0f} MW by a factor of {value / data:.3g} (a likely unit error?)", where))
    return out


def _cross_border_gas_links(network) -> list[str]:
    gl = network.gas_links
    if gl is None:
        return []
    return list(gl.index[gl["cross_border"].astype(bool) & (gl["capacity_mw_th"] > 0)])


def value_definition(command: str, network, cf_label: str = "", link: str = "") -> list[Diagnostic]:
    """Info lines saying what a command's value compares, where it differs from another command's."""
    gas = _cross_border_gas_links(network)
    names = ", ".join(gas)
    if command == "run" and cf_label == "isolated" and gas:
        return [Diagnostic("value_definition", INFO, "value_usd is against `isolated`: cross-border electricity "
                           f"links and the {len(gas)} cross-border gas links (pipelines and LNG routes between "
                           f"modelled countries: {names}) at zero; `energymodel links` values the electricity links "
                           "only, with gas links as in the scenario, so its total is smaller by what the gas links "
                           "are worth", "integration.value_usd")]
    if command == "links":
        extra = (f"; `run`'s value against `isolated` also cuts the {len(gas)} cross-border gas links ({names}), "
                 "so it differs by what they are worth") if gas else ""
        if network.links["expandable"].any():
            extra += "; expandable links are taken at their existing capacity"
        return [Diagnostic("value_definition", INFO, "the links total is the value of all cross-border electricity "
                           f"links against none of them, gas links as in the scenario{extra}", "total_value_usd")]
    if command == "curve":
        return [Diagnostic("value_definition", INFO, f"curve values are against {link} at zero with every other "
                           "link as in the scenario; `run`'s value is against its counterfactual (all cross-border "
                           "links at zero by default), `links` gives each link's share of that", link)]
    return []


def diagnose(res: Results, cf: Results | None = None, cf_label: str = "", *, scenario=None, tables=None,
             command: str = "run", link: str = "") -> list[Diagnostic]:
    """Every check on a solved scenario ``res`` and its counterfactual ``cf`` (label ``cf_label``), with the
    scenario's capacity overrides checked against the data ``tables`` when given."""
    found = []
    if scenario is not None and tables is not None:
        found += capacity_overrides(scenario, tables)
    found += unserved_energy(res, cf, cf_label)
    found += shortage_pricing(res, cf, cf_label)
    found += short_horizon(res, cf)
    found += flat_price(res)
    found += link_saturated(res)
    found += value_definition(command, res.network, cf_label, link)
    return found


def log_diagnostics(found: Iterable[Diagnostic], logger: logging.Logger, prefix: str = "") -> None:
    """One line each: warnings at WARNING level, notes at INFO."""
    for d in found:
        logger.log(logging.WARNING if d.severity == WARNING else logging.INFO, "%s[%s] %s", prefix, d.code, d.message)


def records(found: Iterable[Diagnostic]) -> list[dict[str, Any]]:
    return [d.as_dict() for d in found]


def count_warnings(found: Iterable[Diagnostic | dict]) -> int:
    return sum(1 for d in found if (d["severity"] if isinstance(d, dict) else d.severity) == WARNING)
