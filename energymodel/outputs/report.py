"""A Markdown report with the key tables and charts, written into a results folder."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from energymodel.outputs import plots
from energymodel.inputs import units
from energymodel.results.extract import Results

MUSD = units.MILLION


def _table(df: pd.DataFrame, floatfmt: str = ",.1f") -> str:
    cols = list(df.columns)
    lines = ["| " + " | ".join([df.index.name or ""] + cols) + " |",
             "|" + "---|" * (len(cols) + 1)]
    for idx, row in df.iterrows():
        cells = [format(v, floatfmt) if isinstance(v, float) else str(v) for v in row]
        lines.append("| " + " | ".join([str(idx)] + cells) + " |")
    return "\n".join(lines)


def diagnostics_section(diagnostics: list[dict[str, str]] | None, title: str = "Diagnostics") -> list[str]:
    """Markdown lines listing a run's diagnostics (``summary.json`` → ``diagnostics``), warnings first;
    none when there are none. Placed at the top of every report."""
    if not diagnostics:
        return []
    order = sorted(diagnostics, key=lambda d: d["severity"] != "warning")
    lines = [f"## {title}", ""]
    for d in order:
        where = f" ({d['where']})" if d.get("where") else ""
        lines.append(f"- **{d['severity']}** `{d['code']}`{where}: {d['message']}")
    return lines + [""]


def write_report(out: Path, res: Results, counterfactual: Results | None,
                 integration: dict[str, Any] | None, diagnostics: list[dict[str, str]] | None = None) -> None:
    """Write ``report.md`` and ``plots/*.png`` into ``out``; ``diagnostics`` (summary.json's list) opens it."""
    out = Path(out)
    (out / "plots").mkdir(exist_ok=True)
    summary = res.summary()
    lines = [f"# {summary['scenario']}: results", "",
             f"Modelled {summary['hours_modelled']:g} h of {res.network.year} in {summary['snapshots']} snapshots; "
             f"annual system cost **{summary['annual_cost_usd'] / MUSD:,.0f} M USD**.", ""]
    lines[2:2] = diagnostics_section(diagnostics)
    regions = pd.DataFrame(summary["countries"]).T
    regions.index.name = "region"
    lines += ["## Regions (modelled horizon)", "", _table(regions.astype(float)[
        ["demand_twh", "generation_twh", "avg_price_usd_per_mwh", "shed_mwh", "emissions_tco2"]]), ""]
    if integration:
        lines += [f"## Value of integration vs `{integration['counterfactual']}`", "",
                  f"Counterfactual cost {integration['counterfactual_cost_usd'] / MUSD:,.0f} M USD/yr, scenario "
                  f"{integration['scenario_cost_usd'] / MUSD:,.0f} M USD/yr: value "
                  f"**{integration['value_usd'] / MUSD:,.1f} M USD/yr**. Congestion rent is shared by the rule "
                  f"`{integration['rent_rule']}`.", ""]
        bc = pd.DataFrame(integration["by_country"]).T.astype(float)
        bc.index.name = "region"
        parts = {"value_usd": "value", "delta_consumer_payments_usd": "Δ consumer payments",
                 "delta_producer_surplus_usd": "Δ producer surplus", "delta_congestion_rent_usd": "Δ congestion rent",
                 "delta_unserved_cost_usd": "Δ unserved energy cost",
                 "delta_expansion_cost_usd": "Δ link build cost", "delta_gas_net_cost_usd": "Δ gas net cost"}
        parts = {k: v for k, v in parts.items() if k in bc}
        show = bc[list(parts)] / MUSD
        show.columns = list(parts.values())
        show.loc["total"] = show.sum()
        lines += ["Per region, million USD per year. value = −Δ consumer payments + Δ producer surplus + "
                  "Δ congestion rent − Δ unserved energy cost − Δ link build cost − Δ gas net cost (the gas "
                  "side's payments, surpluses and pipeline rents, data/GAS.md); the regions add up to the total.",
                  "", _table(show), ""]
        plots.save(plots.value_by_country(integration), out / "plots" / "value_by_country.png")
        lines += ["![value by region](plots/value_by_country.png)", ""]
        if integration["by_link"]["electricity"]:
            lk = pd.DataFrame(integration["by_link"]["electricity"]).T
            lk.index.name = "link"
            cols = ["capacity_fwd_mw", "capacity_bwd_mw", "energy_fwd_twh", "energy_bwd_twh", "congestion_rent_usd",
                    "marginal_value_fwd_usd_per_mw_yr", "marginal_value_bwd_usd_per_mw_yr"]
            if "annualised_cost_usd_per_mw_yr" in lk:
                cols.append("annualised_cost_usd_per_mw_yr")
            lines += ["Per link (annual):", "", _table(lk[cols].astype(float), ",.3g"), ""]
            plots.save(plots.value_by_link(integration), out / "plots" / "value_by_link.png")
            lines += ["![value by link](plots/value_by_link.png)", ""]
        if integration["by_link"].get("gas"):
            gl = pd.DataFrame(integration["by_link"]["gas"]).T
            gl.index.name = "gas link"
            gl = gl[gl["energy_twh_th"].astype(float) > 0]
            lines += ["Gas links used (annual; capacity empty = unlimited):", "",
                      _table(gl.drop(columns=["cross_border"]).astype(float), ",.3g"), ""]
    plots.save(plots.price_duration(res, counterfactual, integration["counterfactual"] if integration else ""),
               out / "plots" / "price_duration.png")
    lines += ["## Prices and flows", "", "![price duration](plots/price_duration.png)", ""]
    if len(res.network.links):
        plots.save(plots.link_flows(res), out / "plots" / "link_flows.png")
        lines += ["![link flows](plots/link_flows.png)", ""]
    (out / "report.md").write_text("\n".join(lines), encoding="utf-8")
