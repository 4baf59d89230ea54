"""Interactive (plotly) versions of the report's charts, for ``report.html``. Each function returns a
plotly Figure; plotly is imported inside them. Like ``plots.py`` they show at most ``plots.MAX_PANELS``
regions or links (the largest). Legends sit above the plotting area, never over data."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from energymodel.inputs import units
from energymodel.outputs.format import number
from energymodel.outputs.plots import PARTS, top_regions, top_rows
from energymodel.results.extract import Results

MUSD = units.MILLION
LEGEND = dict(orientation="h", yanchor="bottom", y=1.02, x=0)


def _layout(fig, title: str, ytitle: str, height: int = 420):
    fig.update_layout(title=dict(text=title, y=0.98, yanchor="top"), height=height, template="plotly_white",
                      legend=LEGEND, margin=dict(l=60, r=20, t=90, b=50), yaxis_title=ytitle,
                      separators=".,")  # 1,234.5
    return fig


def value_by_country(integration: dict[str, Any]):
    import plotly.graph_objects as go

    v = top_rows(pd.DataFrame(integration["by_country"]).T, "value_usd")["value_usd"].astype(float) / MUSD
    fig = go.Figure(go.Bar(x=list(v.index), y=v.round(2), marker_color=["#2ca02c" if x >= 0 else "#d62728" for x in v],
                           text=[number(x) for x in v], textposition="outside", name="net value",
                           hovertemplate="%{x}: %{y:,.2f} M USD/yr<extra></extra>"))
    return _layout(fig, f"Net value of integration by region vs {integration['counterfactual']}", "million USD per year")


def transfers_by_country(integration: dict[str, Any]):
    import plotly.graph_objects as go

    df = top_rows(pd.DataFrame(integration["by_country"]).T, "value_usd")
    fig = go.Figure()
    for col, (label, sign) in PARTS.items():
        if col in df:
            y = sign * df[col].astype(float) / MUSD
            fig.add_trace(go.Bar(x=list(df.index), y=y.round(2), name=label,
                                 hovertemplate=label + " %{x}: %{y:,.1f} M USD/yr<extra></extra>"))
    fig.update_layout(barmode="group")
    return _layout(fig, "Transfers behind the net values (gain > 0)", "million USD per year")


def value_by_link(integration: dict[str, Any]):
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    df = top_rows(pd.DataFrame(integration["by_link"]["electricity"]).T, "congestion_rent_usd")
    fig = make_subplots(rows=1, cols=2, subplot_titles=("Congestion rent [M USD/yr]",
                                                        "Marginal value of one more MW [k USD/MW-yr]"))
    fig.add_trace(go.Bar(x=list(df.index), y=(df["congestion_rent_usd"].astype(float) / MUSD).round(2),
                         name="congestion rent", marker_color="#1f77b4"), 1, 1)
    for col, label in (("marginal_value_fwd_usd_per_mw_yr", "north → south"),
                       ("marginal_value_bwd_usd_per_mw_yr", "south → north")):
        fig.add_trace(go.Bar(x=list(df.index), y=(df[col].astype(float) / units.THOUSAND).round(1), name=label), 1, 2)
    if "annualised_cost_usd_per_mw_yr" in df:
        fig.add_trace(go.Scatter(x=list(df.index), y=(df["annualised_cost_usd_per_mw_yr"].astype(float)
                                                      / units.THOUSAND).round(1),
                                 mode="markers", marker=dict(symbol="line-ew-open", size=24, color="black"),
                                 name="annualised cost of a MW"), 1, 2)
    _layout(fig, "", "")
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.12, x=0), margin=dict(t=50, b=90))
    return fig


def price_duration(res: Results, counterfactual: Results | None, label: str):
    import plotly.graph_objects as go

    p = res.price_matrix()
    pc = counterfactual.price_matrix() if counterfactual is not None else None
    share = np.linspace(0, 100, len(p))
    fig = go.Figure()
    colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
              "#17becf"]
    for i, region in enumerate(top_regions(res)):
        c = colors[i % len(colors)]
        fig.add_trace(go.Scatter(x=share, y=np.sort(p[region].to_numpy())[::-1].round(2), name=f"{region}",
                                 legendgroup=region, line=dict(color=c)))
        if pc is not None:
            fig.add_trace(go.Scatter(x=share, y=np.sort(pc[region].to_numpy())[::-1].round(2), name=f"{region} {label}",
                                     legendgroup=region, line=dict(color=c, dash="dash"), visible="legendonly"))
    fig.update_xaxes(title="% of snapshots")
    return _layout(fig, f"Price duration curves (click a legend entry to show the {label} case, dashed)",
                   "USD/MWh", height=480)


def link_flows(res: Results):
    import plotly.graph_objects as go

    fl = res.flows.pivot(index="snapshot", columns="link", values="net_flow_mw")
    fl = fl[list(top_rows(fl.abs().mean().rename("mean").to_frame(), "mean").index)]
    daily = len(fl) > 24 * 14
    if daily:
        fl = fl.resample("1D").mean()
    fig = go.Figure([go.Scatter(x=fl.index, y=fl[c].round(1), name=c, mode="lines") for c in fl.columns])
    return _layout(fig, "Net flow on each link" + (" (daily mean)" if daily else ""), "MW (positive: north → south)")


def water_values(table: pd.DataFrame):
    """Monthly water value per region (results/hydro.monthly_water_values)."""
    import plotly.graph_objects as go

    fig = go.Figure([go.Scatter(x=g["month"], y=g["water_value_usd_per_mwh"].round(1), name=r, mode="lines+markers")
                     for r, g in table.groupby("region", sort=False)])
    return _layout(fig, "Reservoirs: monthly water value", "USD/MWh")


def to_div(fig) -> str:
    """A figure as an HTML ``<div>`` that uses the page's inline plotly.js (see :func:`plotly_js`)."""
    import plotly.io as pio
    return pio.to_html(fig, include_plotlyjs=False, full_html=False, config={"displaylogo": False})


def plotly_js() -> str:
    """The plotly.js library shipped with the plotly package, to embed inline (no fetch at view time)."""
    from plotly.offline import get_plotlyjs
    return get_plotlyjs()
