"""Charts a planner would put in a report. Functions take results (never solve, never read files)
and return a matplotlib Figure. matplotlib is imported when the first chart is drawn. Legends sit outside
the axes so that they never cover data."""
from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from energymodel.inputs import units
from energymodel.results.extract import Results

MUSD = units.MILLION
MAX_PANELS = 12
"""Most regions, links or bars a chart shows; beyond, the top ones (by the measure each chart names)."""


def top_regions(res: Results, n: int = MAX_PANELS) -> list[str]:
    """The ``n`` regions with the most demand over the horizon (all, in model order, if there are ≤ n)."""
    regions = list(res.network.regions.index)
    if len(regions) <= n:
        return regions
    energy = res.network.demand_mw[regions].sum()
    return list(energy.sort_values(ascending=False, kind="stable").index[:n])


def top_rows(df: pd.DataFrame, column: str, n: int = MAX_PANELS) -> pd.DataFrame:
    """The ``n`` rows of ``df`` with the largest |column| (all, in order, if there are ≤ n)."""
    if len(df) <= n:
        return df
    return df.loc[df[column].astype(float).abs().sort_values(ascending=False, kind="stable").index[:n]]


def _shown(n_shown: int, n_all: int, what: str, by: str) -> str:
    return "" if n_shown == n_all else f" ({n_shown} of {n_all} {what}, largest {by})"

PARTS = {"delta_consumer_payments_usd": ("consumer payments saved", -1),
         "delta_producer_surplus_usd": ("producer surplus gained", 1),
         "delta_congestion_rent_usd": ("congestion rent gained", 1),
         "delta_unserved_cost_usd": ("unserved energy avoided", -1),
         "delta_expansion_cost_usd": ("link build cost", -1),
         "delta_gas_net_cost_usd": ("gas costs saved", -1)}
"""The parts of a region's value, with the sign that turns each Δ into a gain."""


def _plt():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def _legend_below(ax, ncol: int = 3) -> None:
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=ncol, frameon=False)


def value_by_country(integration: dict[str, Any]):
    """Net annual value of integration per region [million USD/yr]: green gains, red losses."""
    plt = _plt()
    every = pd.DataFrame(integration["by_country"]).T
    df = top_rows(every, "value_usd")
    v = df["value_usd"].astype(float) / MUSD
    fig, ax = plt.subplots(figsize=(8, 4))
    bars = ax.bar(v.index, v.to_numpy(), color=["tab:green" if x >= 0 else "tab:red" for x in v], width=0.6)
    ax.bar_label(bars, labels=[_short(x) for x in v], fontsize=8, padding=2)
    ax.axhline(0, color="grey", lw=0.8)
    ax.margins(y=0.15)
    ax.set_ylabel("million USD per year")
    ax.set_title(f"Net value of integration by region vs {integration['counterfactual']}: "
                 f"{integration['value_usd'] / MUSD:,.0f} M USD/yr in all"
                 + _shown(len(df), len(every), "regions", "|value|"))
    fig.tight_layout()
    return fig


def _short(x: float) -> str:
    from energymodel.outputs.format import number
    return number(x)


def transfers_by_country(integration: dict[str, Any]):
    """The parts of each region's value [million USD/yr]: what consumers save, what producers gain, the
    congestion rent, avoided unserved energy, link build cost and gas costs (each signed as a gain)."""
    plt = _plt()
    every = pd.DataFrame(integration["by_country"]).T
    df = top_rows(every, "value_usd")
    parts = {k: v for k, v in PARTS.items() if k in df}
    fig, ax = plt.subplots(figsize=(9, 4.8))
    x = np.arange(len(df))
    width = 0.8 / max(len(parts), 1)
    for i, (col, (label, sign)) in enumerate(parts.items()):
        ax.bar(x - 0.4 + width * (i + 0.5), sign * df[col].astype(float).to_numpy() / MUSD, width, label=label)
    ax.axhline(0, color="grey", lw=0.8)
    ax.set_xticks(x, df.index)
    ax.set_ylabel("million USD per year (gain > 0)")
    ax.set_title("Transfers behind the net values: consumers, producers, rents and gas"
                 + _shown(len(df), len(every), "regions", "|value|"))
    _legend_below(ax)
    fig.tight_layout()
    return fig


def value_by_link(integration: dict[str, Any]):
    """Congestion rent and marginal value of capacity of each link."""
    plt = _plt()
    every = pd.DataFrame(integration["by_link"]["electricity"]).T
    df = top_rows(every, "congestion_rent_usd")
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 4))
    df["congestion_rent_usd"].astype(float).div(MUSD).plot.bar(ax=a1, color="tab:blue")
    a1.set_ylabel("million USD per year")
    a1.set_title("Congestion rent" + _shown(len(df), len(every), "links", "rent"), fontsize=9)
    mv = df[["marginal_value_fwd_usd_per_mw_yr", "marginal_value_bwd_usd_per_mw_yr"]].astype(float) / units.THOUSAND
    mv.columns = ["north → south", "south → north"]
    mv.plot.bar(ax=a2)
    if "annualised_cost_usd_per_mw_yr" in df:
        a2.scatter(np.arange(len(df)), df["annualised_cost_usd_per_mw_yr"].astype(float) / units.THOUSAND, color="black",
                   marker="_", s=300, label="annualised cost of a MW", zorder=3)
    _legend_below(a2, ncol=2)
    a2.set_ylabel("thousand USD per MW-year")
    a2.set_title("Marginal value of one more MW")
    for ax in (a1, a2):
        ax.tick_params(axis="x", rotation=0)
    fig.tight_layout()
    return fig


def price_duration(res: Results, counterfactual: Results | None = None, label: str = "counterfactual"):
    """Price duration curves per region, scenario (solid) vs counterfactual (dashed); with more than
    ``MAX_PANELS`` regions, the ones with the most demand (:func:`top_regions`).

    The panels share both axes: the price scale is labelled on the left column and the share of snapshots
    (ticks every 25 %) under the lowest panel of each column only, and no empty panel is made. Drawing ticks
    and labels in every panel was most of this chart's time, the costliest of a short run's report."""
    plt = _plt()
    regions = top_regions(res)
    n = len(regions)
    cols = min(4, n)
    rows = math.ceil(n / cols)
    fig = plt.figure(figsize=(3.2 * cols, 2.6 * rows))
    p = res.price_matrix()
    pc = counterfactual.price_matrix() if counterfactual is not None else None
    share = np.linspace(0, 100, len(p))
    first = None
    for i, region in enumerate(regions):
        ax = fig.add_subplot(rows, cols, i + 1, sharex=first, sharey=first)
        first = first or ax
        ax.plot(share, np.sort(p[region].to_numpy())[::-1], label="scenario")
        if pc is not None:
            ax.plot(share, np.sort(pc[region].to_numpy())[::-1], ls="--", label=label)
        ax.set_title(region, fontsize=9, y=1.0)  # a fixed place: nothing sits above a panel to avoid
        if i + cols < n:  # a panel below carries the shared x axis
            ax.tick_params(labelbottom=False)
        else:
            ax.set_xlabel("% of snapshots", fontsize=8)
        if i % cols:
            ax.tick_params(labelleft=False)
    first.set_xticks([0, 25, 50, 75, 100])
    first.set_ylabel("USD/MWh")
    fig.legend(*first.get_legend_handles_labels(), loc="upper right", fontsize=8, ncol=2, frameon=False)
    fig.suptitle("Price duration curves" + _shown(n, len(res.network.regions), "regions", "demand"),
                 x=0.02, ha="left")
    _panel_margins(fig, rows)
    return fig


def _panel_margins(fig, rows: int, gap_in: float = 0.7) -> None:
    """Fixed margins [in] for a grid of panels sharing their y axis: what ``tight_layout`` would find, without
    measuring every label (which took a third of a second on the price duration grid, most of a short run's
    report)."""
    w, h = fig.get_size_inches()
    left, right, bottom, top = 0.75 / w, 1 - 0.15 / w, 0.5 / h, 1 - 0.8 / h
    panel_h = (h * (top - bottom) - (rows - 1) * gap_in) / rows
    fig.subplots_adjust(left=left, right=right, bottom=bottom, top=top, wspace=0.08,
                        hspace=gap_in / panel_h if rows > 1 else 0.2)


def link_flows(res: Results):
    """Net flow on each link over the horizon (daily means when longer than two weeks)."""
    plt = _plt()
    fl = res.flows.pivot(index="snapshot", columns="link", values="net_flow_mw")
    n_all = len(fl.columns)
    fl = fl[list(top_rows(fl.abs().mean().rename("mean").to_frame(), "mean").index)]
    if len(fl) > 24 * 14:
        fl = fl.resample("1D").mean()
    fig, ax = plt.subplots(figsize=(10, 4))
    fl.plot(ax=ax, lw=1)
    ax.axhline(0, color="grey", lw=0.8)
    ax.set_ylabel("MW (positive: north → south)")
    ax.set_title("Net flow on each link" + (" (daily mean)" if len(fl) < res.network.n_snapshots else "")
                 + _shown(len(fl.columns), n_all, "links", "mean |flow|"))
    _legend_below(ax, ncol=6)
    fig.tight_layout()
    return fig


def water_values(table: pd.DataFrame):
    """Monthly water value (USD/MWh) and end-of-month reservoir level (share of capacity) per region, from
    ``water_values.csv`` (results/hydro.monthly_water_values)."""
    plt = _plt()
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(8, 6), sharex=True)
    for region, grp in table.groupby("region", sort=False):
        ax1.plot(grp["month"], grp["water_value_usd_per_mwh"], marker="o", label=region)
        ax2.plot(grp["month"], grp["level_pu"], marker="o", label=region)
    ax1.set_ylabel("water value (USD/MWh)")
    ax2.set_ylabel("level (share of reservoir)")
    ax2.set_ylim(0, 1.05)
    ax1.legend(ncol=4, fontsize=8)
    ax1.set_title("Reservoirs: monthly water value and month-end level")
    ax2.tick_params(axis="x", rotation=45)
    fig.tight_layout()
    return fig


DPI = 110
"""Resolution of the report's PNG charts [dots per inch]."""


def draw_at_png_resolution() -> None:
    """Make new figures at :data:`DPI` (matplotlib's ``figure.dpi``), for a process that only draws the report:
    ``savefig`` then reuses the renderer and the text metrics that ``tight_layout`` computed (measured: a
    tenth less drawing time; the same layout)."""
    _plt().rcParams["figure.dpi"] = DPI


def save(fig, path) -> None:
    fig.savefig(path, dpi=DPI)
    _plt().close(fig)


def link_value_bars(table: pd.DataFrame):
    """Leave-one-out and Shapley value of each link [million USD/yr]."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(8, 4))
    (table[["leave_one_out_usd", "shapley_usd"]] / MUSD).rename(
        columns={"leave_one_out_usd": "leave-one-out", "shapley_usd": "Shapley"}).plot.bar(ax=ax)
    ax.set_ylabel("million USD per year")
    ax.set_title("Value of each cross-border link")
    ax.tick_params(axis="x", rotation=0)
    fig.tight_layout()
    return fig


def capacity_curve(curve: pd.DataFrame, link: str, cost_usd_per_mw_yr: float | None = None,
                   break_even_mw: float | None = None):
    """Value vs capacity, and marginal value per MW-yr against the annualised cost of a MW."""
    plt = _plt()
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
    _legend_below(a2, ncol=2)
    fig.tight_layout()
    return fig


def compare_bars(summaries: list[dict[str, Any]]):
    """Annual cost and value of integration, and average price per region, for several scenarios."""
    plt = _plt()
    names = [s["scenario"] for s in summaries]
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4))
    cost = [s["annual_cost_usd"] / MUSD for s in summaries]
    value = [(s.get("integration") or {}).get("value_usd", 0.0) / MUSD for s in summaries]
    x = np.arange(len(names))
    a1.bar(x - 0.2, cost, 0.4, label="annual cost")
    a1.bar(x + 0.2, value, 0.4, label="value of integration")
    a1.set_xticks(x, names, rotation=15)
    a1.set_ylabel("million USD per year")
    _legend_below(a1, ncol=2)
    prices = pd.DataFrame({s["scenario"]: {r: c["avg_price_usd_per_mwh"] for r, c in s["countries"].items()}
                           for s in summaries})
    prices.plot.bar(ax=a2)
    _legend_below(a2, ncol=min(len(names), 3))
    a2.set_ylabel("average price [USD/MWh]")
    a2.tick_params(axis="x", rotation=0)
    fig.tight_layout()
    return fig
