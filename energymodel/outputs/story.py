"""The plain-language summary that opens the report: what was compared with what, the headline value and
what drives it, who gains and who loses, values that come from gas, diagnostics and planning.

Functions take the run's ``summary`` dict (``summary.json``) and the :class:`Results`; they return Markdown
lines (``**bold**`` and ``code`` only, so that the HTML report can render the same text).
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from energymodel.outputs import format as fmt
from energymodel.results.extract import Results

COUNTERFACTUALS = {
    "isolated": ("**isolated**: every cross-border power line and every cross-border gas pipeline and LNG route "
                 "between the modelled countries switched off, so that each region meets its demand on its own; "
                 "LNG bought on the world market stays available"),
    "status_quo": ("**status_quo**: today's grid, with only the links and pipelines in service in the base year "
                   "at their present capacity, so the value shown is that of integration *beyond* today's"),
}
SIGNS = ("Δ (delta) columns are scenario minus counterfactual. A negative Δ consumer payments means consumers pay "
         "less with integration; a positive Δ producer surplus means producers earn more. A region's value is "
         "−Δ consumer payments + Δ producer surplus + Δ congestion rent − Δ unserved energy cost − Δ link build "
         "cost − Δ gas net cost, and the regions add up to the total.")


def describe_counterfactual(name: str) -> str:
    return COUNTERFACTUALS.get(name, f"the scenario **{name}** (another scenario file, same horizon and options)")


def horizon(res: Results) -> str:
    """``8,760 h (1 Jan – 31 Dec 2023) in 2,920 snapshots of 3 h``."""
    net = res.network
    first, last = net.snapshots[0], net.snapshots[-1] + pd.Timedelta(hours=float(net.duration_h[-1]) - 1)
    span = f"{first:%-d %b} – {last:%-d %b %Y}"
    return (f"{fmt.number(float(net.weight_h.sum()), 0)} h ({span}, UTC) in {fmt.number(net.n_snapshots, 0)} "
            f"snapshots of {fmt.number(float(net.duration_h[0]), 0)} h")


def _link_has_power(res: Results, region: str) -> bool:
    links = res.network.links
    touches = (links["from_region"] == region) | (links["to_region"] == region)
    caps = links.loc[touches, ["capacity_fwd_mw", "capacity_bwd_mw"]].to_numpy().sum()
    return bool(caps > 0) or bool(len(res.new_capacity_mw) and res.new_capacity_mw.reindex(
        links.index[touches]).fillna(0).sum() > 0)


def drivers(integration: dict[str, Any]) -> list[tuple[float, str]]:
    """What the value is made of, largest first: the congestion rent each cross-border electricity link earns
    (the trade it carries; a link inside a country, such as a corridor between zones, is in the counterfactual
    too), avoided unserved energy, and gas (cheaper gas through cross-border pipelines and LNG
    routes). Each entry: (annual USD, sentence)."""
    out = []
    for link, row in integration.get("by_link", {}).get("electricity", {}).items():
        rent = row.get("congestion_rent_usd") or 0.0
        if rent > 0 and row.get("cross_border", True):  # a link inside a country (zones) is there in both cases
            way = "north → south" if row["energy_fwd_twh"] >= row["energy_bwd_twh"] else "south → north"
            out.append((rent, f"trade over **{link}**: {fmt.twh(max(row['energy_fwd_twh'], row['energy_bwd_twh']))} "
                              f"TWh/yr mostly {way}, earning {fmt.musd_text(rent)}/yr of congestion rent "
                              "(the price gap it closes × the energy it carries)"))
    bc = pd.DataFrame(integration.get("by_country", {})).T
    if "delta_unserved_cost_usd" in bc:
        avoided = -bc["delta_unserved_cost_usd"].astype(float).sum()
        if avoided > 0:
            out.append((avoided, f"**avoided unserved energy**: imports cover demand that the region alone would "
                                 f"shed, worth {fmt.musd_text(avoided)}/yr at the value of lost load"))
    if "delta_gas_net_cost_usd" in bc:
        gas = -bc["delta_gas_net_cost_usd"].astype(float).sum()
        if gas > 0:
            out.append((gas, f"**gas trade**: cheaper gas through cross-border pipelines and LNG routes saves "
                             f"{fmt.musd_text(gas)}/yr of gas costs"))
    return sorted(out, key=lambda t: -t[0])


def gas_imports(res: Results, integration: dict[str, Any], region: str) -> list[str]:
    """Cross-border gas links that deliver into ``region``'s gas nodes, with their annual energy."""
    net = res.network
    if net.gas_links is None or net.gas_nodes is None:
        return []
    countries = set(net.regions.loc[region, "countries"]) if region in net.regions.index else set()
    nodes = net.gas_nodes
    mine = set(nodes.index[(nodes["region"] == region) | nodes["country"].isin(countries)])
    rows = integration.get("by_link", {}).get("gas", {})
    out = []
    for link, g in net.gas_links.iterrows():
        row = rows.get(link, {})
        if g["to_node"] in mine and row.get("cross_border") and (row.get("energy_twh_th") or 0) > 0:
            kind = str(g.get("kind", "")).replace("_", " ")
            out.append(f"{link}: {kind}, {fmt.twh(row['energy_twh_th'])} TWh_th/yr")
    return out


def gas_explanations(res: Results, integration: dict[str, Any]) -> list[str]:
    """Regions whose value comes mostly from gas: say so (e.g. a region with no power link)."""
    lines = []
    for region, row in integration.get("by_country", {}).items():
        value, gas = row.get("value_usd") or 0.0, -(row.get("delta_gas_net_cost_usd") or 0.0)
        if fmt.musd(value) == "0" or gas <= 0:
            continue
        imports = gas_imports(res, integration, region)
        via = f" ({'; '.join(imports)})" if imports else ""
        if not _link_has_power(res, region):
            lines.append(f"**{region}** has no power link, so its value of {fmt.musd_text(value)}/yr comes from gas: "
                         f"imports over cross-border gas links{via} replace dearer gas (LNG from the world market, "
                         f"which the counterfactual keeps), saving {fmt.musd_text(gas)}/yr of gas costs.")
        elif gas >= 0.5 * abs(value):
            lines.append(f"Most of **{region}**'s value ({fmt.musd_text(value)}/yr) comes from gas: "
                         f"{fmt.musd_text(gas)}/yr of gas costs saved.")
    return lines


def winners_and_losers(integration: dict[str, Any]) -> list[str]:
    bc = pd.DataFrame(integration.get("by_country", {})).T
    if bc.empty:
        return []
    values = bc["value_usd"].astype(float).sort_values(ascending=False)
    gain = [f"{r} ({fmt.musd_text(v, signed=True)})" for r, v in values.items() if v > 0 and fmt.musd(v) != "0"]
    lose = [f"{r} ({fmt.musd_text(v)})" for r, v in values.items() if v < 0 and fmt.musd(v) != "0"]
    lines = [f"**Who gains**: {', '.join(gain) if gain else 'no region'}. "
             f"**Who loses**: {', '.join(lose) if lose else 'no region'} (per year)."]
    if "delta_consumer_payments_usd" in bc:
        pay = bc["delta_consumer_payments_usd"].astype(float)
        cheaper = [r for r in pay.index if -pay[r] > 0 and fmt.musd(pay[r]) != "0"]
        dearer = [r for r in pay.index if pay[r] > 0 and fmt.musd(pay[r]) != "0"]
        lines.append("Behind the net values are larger transfers: consumers pay less in "
                     f"{', '.join(cheaper) or 'no region'} and more in {', '.join(dearer) or 'no region'}, "
                     "while producers in exporting regions earn more and those in importing regions less "
                     "(second chart below).")
    return lines


def summary_lines(res: Results, summary: dict[str, Any]) -> list[str]:
    """The opening section of the report, as Markdown lines."""
    integ = summary.get("integration") or {}
    lines = ["## In brief", ""]
    scaled = ("" if abs(summary["annualisation_factor"] - 1) < 1e-9 else
              f"; annual figures are scaled from this horizon (× {fmt.number(summary['annualisation_factor'], 2)})")
    lines += [f"Scenario **{summary['scenario']}**, {horizon(res)}{scaled}. Annual system cost "
              f"{fmt.musd_text(summary['annual_cost_usd'])}.", ""]
    if integ:
        lines += [f"**Compared with**: {describe_counterfactual(integ['counterfactual'])}.", ""]
        lines += [f"**Integration is worth {fmt.musd_text(integ['value_usd'])} per year**: the system costs "
                  f"{fmt.musd_text(integ['scenario_cost_usd'])}/yr against {fmt.musd_text(integ['counterfactual_cost_usd'])}"
                  "/yr in the counterfactual.", ""]
        top = drivers(integ)[:3]
        if top:
            lines += ["What drives it (largest first):", ""] + [f"{i}. {text}" for i, (_, text) in enumerate(top, 1)]
            lines += [""]
        lines += winners_and_losers(integ) + [""]
        gas = gas_explanations(res, integ)
        if gas:
            lines += gas + [""]
    else:
        lines += ["No counterfactual was solved (`integration.counterfactual: none`), so no value of integration "
                  "is reported.", ""]
    plan = summary.get("planning")
    if plan:
        built = {k: v for k, v in plan["new_capacity_mw"].items() if fmt.mw(v) != "0"}
        what = ", ".join(f"{fmt.mw(v)} MW on {k}" for k, v in built.items()) or "nothing"
        lines += [f"**Planning**: the least-cost plan builds {what}, at {fmt.musd_text(plan['annualised_build_cost_usd'])}"
                  f"/yr of annuities; the build is worth {fmt.musd_text(plan['value_of_build_usd'])}/yr net of them.", ""]
    if res.network.annualisation > 1:  # a horizon shorter than a year
        lines += ["*A horizon shorter than a year: reservoirs and storage are cyclic over it, so hydro cannot draw "
                  "on water from another season. Use the full year for answers that depend on hydro.*", ""]
    return lines + diagnostics_lines(summary)


def diagnostics_section(diagnostics: list[dict[str, str]] | None, title: str = "Diagnostics") -> list[str]:
    """Markdown lines listing a run's diagnostics (``summary.json`` → ``diagnostics``: dicts with ``code``,
    ``severity``, ``message``, ``where``), warnings first; none when there are none. Read defensively:
    entries that are not dicts are skipped, missing fields are blank."""
    items = [d for d in diagnostics or [] if isinstance(d, dict)]
    if not items:
        return []
    order = sorted(items, key=lambda d: d.get("severity") != "warning")
    lines = [f"## {title}", ""]
    for d in order:
        where = f" ({d['where']})" if d.get("where") else ""
        lines.append(f"- **{d.get('severity', 'info')}** `{d.get('code', '')}`{where}: {d.get('message', '')}")
    return lines + [""]


def diagnostics_lines(summary: dict[str, Any]) -> list[str]:
    """``summary["diagnostics"]`` as a section, when present (the list may be absent or empty)."""
    diags = summary.get("diagnostics")
    return diagnostics_section(diags if isinstance(diags, list) else None)
