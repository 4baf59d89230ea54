"""Charts a planner would put in a report. Functions take results (never solve, never read files)
and return a matplotlib Figure."""
from __future__ import annotations

import math
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from energymodel.inputs import units  # noqa: E402
from energymodel.results.extract import Results  # noqa: E402

MUSD = units.MILLION


def value_by_country(integration: dict[str, Any]) -> plt.Figure:
    """Annual value of integration per region, split into its welfare components [million USD]."""
    df = pd.DataFrame(integration["by_country"]).T
    parts = {"delta_consumer_payments_usd": ("consumer payments saved", -1),
             "delta_producer_surplus_usd": ("producer surplus gained", 1),
             "delta_congestion_rent_usd": ("congestion rent gained", 1),
             "delta_unserved_cost_usd": ("unserved energy avoided", -1),
             "delta_expansion_cost_usd": ("link build cost", -1),
             "delta_gas_net_cost_usd": ("gas costs saved", -1)}
    parts = {k: v for k, v in parts.items() if k in df}
    fig, ax = plt.subplots(figsize=(8, 4.5))
    x = np.arange(len(df))
    pos_base, neg_base = np.zeros(len(df)), np.zeros(len(df))
    for col, (label, sign) in parts.items():
        v = sign * df[col].astype(float).to_numpy() / MUSD
        base = np.where(v >= 0, pos_base, neg_base)
        ax.bar(x, v, bottom=base, label=label, width=0.6)
        pos_base += np.where(v >= 0, v, 0)
        neg_base += np.where(v < 0, v, 0)
    ax.scatter(x, df["value_usd"].astype(float) / MUSD, color="black", zorder=3, label="net value")
    ax.axhline(0, color="grey", lw=0.8)
    ax.set_xticks(x, df.index)
    ax.set_ylabel("million USD per year")
    ax.set_title(f"Value of integration by region vs {integration['counterfactual']}: "
                 f"{integration['value_usd'] / MUSD:,.0f} M USD/yr in all")
    ax.legend(fontsize=8, loc="best")
    fig.tight_layout()
    return fig


def value_by_link(integration: dict[str, Any]) -> plt.Figure:
    """Congestion rent and marginal value of capacity of each link."""
    df = pd.DataFrame(integration["by_link"]["electricity"]).T
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 4))
    df["congestion_rent_usd"].astype(float).div(MUSD).plot.bar(ax=a1, color="tab:blue")
    a1.set_ylabel("million USD per year")
    a1.set_title("Congestion rent")
    mv = df[["marginal_value_fwd_usd_per_mw_yr", "marginal_value_bwd_usd_per_mw_yr"]].astype(float) / units.THOUSAND
    mv.columns = ["north → south", "south → north"]
    mv.plot.bar(ax=a2)
    if "annualised_cost_usd_per_mw_yr" in df:
        a2.scatter(np.arange(len(df)), df["annualised_cost_usd_per_mw_yr"].astype(float) / units.THOUSAND, color="black",
                   marker="_", s=300, label="annualised cost of a MW", zorder=3)
        a2.legend(fontsize=8)
    a2.set_ylabel("thousand USD per MW-year")
    a2.set_title("Marginal value of one more MW")
    for ax in (a1, a2):
        ax.tick_params(axis="x", rotation=0)
    fig.tight_layout()
    return fig


def price_duration(res: Results, counterfactual: Results | None = None, label: str = "counterfactual") -> plt.Figure:
    """Price duration curves per region, scenario (solid) vs counterfactual (dashed)."""
    regions = list(res.network.regions.index)
    n = len(regions)
    cols = min(4, n)
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 2.6 * rows), sharey=True, squeeze=False)
    p = res.price_matrix()
    pc = counterfactual.price_matrix() if counterfactual is not None else None
    for ax, region in zip(axes.ravel(), regions):
        share = np.linspace(0, 100, len(p))
        ax.plot(share, np.sort(p[region].to_numpy())[::-1], label="scenario")
        if pc is not None:
            ax.plot(share, np.sort(pc[region].to_numpy())[::-1], ls="--", label=label)
        ax.set_title(region, fontsize=9)
        ax.set_xlabel("% of snapshots", fontsize=8)
    for ax in axes.ravel()[n:]:
        ax.axis("off")
    axes[0, 0].set_ylabel("USD/MWh")
    axes[0, 0].legend(fontsize=7)
    fig.suptitle("Price duration curves")
    fig.tight_layout()
    return fig


def link_flows(res: Results) -> plt.Figure:
    """Net flow on each link over the horizon (daily means when longer than two weeks)."""
    fl = res.flows.pivot(index="snapshot", columns="link", values="net_flow_mw")
    if len(fl) > 24 * 14:
        fl = fl.resample("1D").mean()
    fig, ax = plt.subplots(figsize=(10, 4))
    fl.plot(ax=ax, lw=1)
    ax.axhline(0, color="grey", lw=0.8)
    ax.set_ylabel("MW (positive: north → south)")
    ax.set_title("Net flow on each link" + (" (daily mean)" if len(res.flows) > 24 * 14 * len(fl.columns) else ""))
    ax.legend(fontsize=7, ncol=4)
    fig.tight_layout()
    return fig


def save(fig: plt.Figure, path) -> None:
    fig.savefig(path, dpi=110)
    plt.close(fig)


def link_value_bars(table: pd.DataFrame) -> plt.Figure:
    """Leave-one-out and Shapley value of each link [million USD/yr]."""
    fig, ax = plt.subplots(figsize=(8, 4))
    (table[["leave_one_out_usd", "shapley_usd"]] / MUSD).rename(
        columns={"leave_one_out_usd": "leave-one-out", "shapley_usd": "Shapley"}).plot.bar(ax=ax)
    ax.set_ylabel("million USD per year")
    ax.set_title("Value of each cross-border link")
    ax.tick_params(axis="x", rotation=0)
    fig.tight_layout()
    return fig


def capacity_curve(curve: pd.DataFrame, link: str, cost_usd_per_mw_yr: float | None = None,
                   break_even_mw: float | None = None) -> plt.Figure:
    """Value vs capacity, and marginal value per MW-yr against the annualised cost of a MW."""
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 4))
    a1.plot(curve.index, curve["value_usd"] / MUSD, marker="o")
    a1.set_xlabel(f"{link} capacity, each direction [MW]")
    a1.set_ylabel("value vs no link [million USD/yr]")
    a2.step(curve.index, curve["marginal_value_usd_per_mw_yr"] / units.THOUSAND, where="pre", label="per step")
    a2.plot(curve.index, curve[["dual_value_fwd_usd_per_mw_yr", "dual_value_bwd_usd_per_mw_yr"]].max(axis=1) / units.THOUSAND,
            ls=":", label="capacity dual")
    if cost_usd_per_mw_yr is not None:
        a2.axhline(cost_usd_per_mw_yr / units.THOUSAND, color="black", lw=1, label="annualised cost")
    if break_even_mw is not None:
        a2.axvline(break_even_mw, color="grey", ls="--", label=f"break-even {break_even_mw:g} MW")
    a2.set_xlabel("capacity [MW]")
    a2.set_ylabel("thousand USD per MW-year")
    a2.legend(fontsize=8)
    fig.tight_layout()
    return fig


def compare_bars(summaries: list[dict[str, Any]]) -> plt.Figure:
    """Annual cost and value of integration, and average price per region, for several scenarios."""
    names = [s["scenario"] for s in summaries]
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4))
    cost = [s["annual_cost_usd"] / MUSD for s in summaries]
    value = [(s.get("integration") or {}).get("value_usd", 0.0) / MUSD for s in summaries]
    x = np.arange(len(names))
    a1.bar(x - 0.2, cost, 0.4, label="annual cost")
    a1.bar(x + 0.2, value, 0.4, label="value of integration")
    a1.set_xticks(x, names, rotation=15)
    a1.set_ylabel("million USD per year")
    a1.legend(fontsize=8)
    prices = pd.DataFrame({s["scenario"]: {r: c["avg_price_usd_per_mwh"] for r, c in s["countries"].items()}
                           for s in summaries})
    prices.plot.bar(ax=a2)
    a2.set_ylabel("average price [USD/MWh]")
    a2.tick_params(axis="x", rotation=0)
    fig.tight_layout()
    return fig
