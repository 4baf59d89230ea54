"""The report of a run: ``report.md`` with ``plots/*.png`` (including ``plots/map.png``) and a self-contained
``report.html`` (interactive plotly charts, plotly.js embedded inline: it opens offline and fetches nothing).

Both are made from one list of blocks (:func:`blocks`): Markdown text, formatted tables and charts, each
chart drawn with matplotlib for the PNG and with plotly for the HTML. Every number goes through
:mod:`energymodel.outputs.format`. Without plotly installed (``pip install -e ".[report]"``) only the
Markdown report is written, with a warning.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from energymodel.outputs import format as fmt
from energymodel.outputs import story
from energymodel.outputs.story import diagnostics_section  # noqa: F401  (used by analysis/commands.py)
from energymodel.results.extract import Results

log = logging.getLogger(__name__)

REGION_COLUMNS = {"demand_twh": ("demand (TWh)", "twh"), "generation_twh": ("generation (TWh)", "twh"),
                  "avg_price_usd_per_mwh": ("average price (USD/MWh)", "price"),
                  "shed_mwh": ("unserved energy (GWh)", "gwh"), "emissions_tco2": ("emissions (Mt CO2)", "mt_co2")}
VALUE_COLUMNS = {"value_usd": "value", "delta_consumer_payments_usd": "Δ consumer payments",
                 "delta_producer_surplus_usd": "Δ producer surplus", "delta_congestion_rent_usd": "Δ congestion rent",
                 "delta_unserved_cost_usd": "Δ unserved energy cost", "delta_expansion_cost_usd": "Δ link build cost",
                 "delta_gas_net_cost_usd": "Δ gas net cost"}
LINK_COLUMNS = {"capacity_fwd_mw": ("capacity N→S (MW)", "mw"), "capacity_bwd_mw": ("capacity S→N (MW)", "mw"),
                "energy_fwd_twh": ("energy N→S (TWh/yr)", "twh"), "energy_bwd_twh": ("energy S→N (TWh/yr)", "twh"),
                "congestion_rent_usd": ("congestion rent (M USD/yr)", "musd"),
                "marginal_value_fwd_usd_per_mw_yr": ("value of 1 MW more N→S (k USD/MW-yr)", "kusd_per_mw_yr"),
                "marginal_value_bwd_usd_per_mw_yr": ("value of 1 MW more S→N (k USD/MW-yr)", "kusd_per_mw_yr"),
                "annualised_cost_usd_per_mw_yr": ("annualised cost of 1 MW (k USD/MW-yr)", "kusd_per_mw_yr")}


@dataclass
class Chart:
    """A chart: ``name`` (the PNG is ``plots/<name>.png``), a caption, and two drawers."""
    name: str
    caption: str
    png: Callable[[], Any]
    """→ matplotlib Figure."""
    html: Callable[[], Any]
    """→ plotly Figure."""


@dataclass
class Table:
    frame: pd.DataFrame
    """Already formatted strings."""
    caption: str = ""


Block = "str | Table | Chart"


MIN_MONTHS_FOR_CHART = 2
"""The monthly water-value chart is drawn when the horizon spans at least this many calendar months."""


def _table(df: pd.DataFrame, kinds: dict[str, tuple[str, str]], index_name: str) -> pd.DataFrame:
    """Select, format and rename columns: ``kinds`` maps column → (label, formatter kind)."""
    cols = [c for c in kinds if c in df]
    raw = df[cols].apply(pd.to_numeric, errors="coerce")
    if "shed_mwh" in raw:
        raw["shed_mwh"] = raw["shed_mwh"] / 1000.0
    out = fmt.format_frame(raw, {c: ("number" if kinds[c][1] == "gwh" else kinds[c][1]) for c in cols})
    out.columns = [kinds[c][0] for c in cols]
    out.index.name = index_name
    return out


def cf_label(summary: dict[str, Any]) -> str:
    """The counterfactual's label in a run's summary (``isolated``, ``status_quo``, a scenario's name), "" for
    none."""
    return (summary.get("integration") or {}).get("counterfactual", "")


def results_charts(res: Results, counterfactual: Results | None, label: str) -> list[Chart]:
    """The report's charts that need only the scenario's and the counterfactual's Results, not the summary
    (the value of integration): the price duration curves, the flows on the links (when there are links) and
    the monthly water values (when the horizon spans :data:`MIN_MONTHS_FOR_CHART` months or more). ``label``:
    the counterfactual's (:func:`cf_label`). A run draws them while its summary is computed (:class:`Draft`)."""
    from energymodel.outputs import interactive, plots

    out = [Chart("price_duration", "Price duration curves, scenario (solid) and counterfactual (dashed).",
                 lambda: plots.price_duration(res, counterfactual, label),
                 lambda: interactive.price_duration(res, counterfactual, label or "counterfactual"))]
    if len(res.network.links):
        out.append(Chart("link_flows", "Net flow on each link (positive: north → south).",
                         lambda: plots.link_flows(res), lambda: interactive.link_flows(res)))
    wv = res.water_values
    if wv is not None and len(wv) and wv["month"].nunique() >= MIN_MONTHS_FOR_CHART:
        out.append(Chart("water_values", "Water value (dual of each reservoir's balance, USD/MWh), mean per month, "
                         "and the month-end level (water_values.csv).",
                         lambda: plots.water_values(wv), lambda: interactive.water_values(wv)))
    return out


def blocks(res: Results, counterfactual: Results | None, summary: dict[str, Any],
           positions: pd.DataFrame | None = None) -> list:
    """The report's content in order: strings (Markdown lines), :class:`Table` and :class:`Chart`."""
    from energymodel.outputs import interactive, maps, plots

    integ = summary.get("integration") or {}
    out: list = [f"# {summary['scenario']}: what integration is worth, to whom and through which links", ""]
    out += story.summary_lines(res, summary)
    if integ:
        out += ["## Who gains and who loses", "", story.SIGNS, ""]
        bc = pd.DataFrame(integ["by_country"]).T.apply(pd.to_numeric, errors="coerce")
        bc.loc["total"] = bc.sum()
        kinds = {c: (f"{label} (M USD/yr)", "musd") for c, label in VALUE_COLUMNS.items()}
        kinds["delta_emissions_tco2"] = ("Δ emissions (Mt CO2/yr)", "mt_co2")
        table = _table(bc, kinds, "region")  # by_country is annual, emissions included
        out += [Chart("value_by_country", "Net value per region (after all transfers).",
                      lambda: plots.value_by_country(integ), lambda: interactive.value_by_country(integ)),
                Chart("transfers_by_country", "What the net values are made of: consumers, producers, congestion "
                      "rent, unserved energy, link build cost and gas, each signed as a gain.",
                      lambda: plots.transfers_by_country(integ), lambda: interactive.transfers_by_country(integ)),
                Table(table, "Per region, million USD per year; the regions add up to the total."), ""]
    out += ["## The system on a map", ""]
    data = maps.map_data(res, integ or None, positions)
    note = ("" if data.geographic else " Regions are placed on a line: the data directory has no "
            "map_positions.csv.")
    out += [Chart("map", "Each power link with its capacity each way, annual energy each way and congestion rent; "
                  "cross-border gas links dashed (pipeline) or dotted (LNG route)." + note,
                  lambda: maps.map_figure(data), lambda: maps.map_plotly(data)), ""]
    elec = integ.get("by_link", {}).get("electricity", {}) if integ else {}
    if elec:
        out += ["## Links", "", Table(_table(pd.DataFrame(elec).T, LINK_COLUMNS, "link"),
                                      "Per link, annual. N→S: from the first-named region to the second."),
                Chart("value_by_link", "Congestion rent, and what one more MW would earn each way (capacity duals).",
                      lambda: plots.value_by_link(integ), lambda: interactive.value_by_link(integ)), ""]
    gas = integ.get("by_link", {}).get("gas", {}) if integ else {}
    if gas:
        gl = pd.DataFrame(gas).T
        gl = gl[pd.to_numeric(gl["energy_twh_th"], errors="coerce").fillna(0) > 0]
        kinds = {"capacity_mw_th": ("capacity (MW_th)", "mw"), "energy_twh_th": ("energy (TWh_th/yr)", "twh"),
                 "rent_usd": ("rent (M USD/yr)", "musd"),
                 "marginal_value_usd_per_mw_th_yr": ("value of 1 MW_th more (k USD/MW_th-yr)", "kusd_per_mw_yr")}
        if len(gl):
            t = _table(gl, kinds, "gas link")
            t.insert(0, "cross-border", ["yes" if bool(v) else "" for v in gl["cross_border"]])
            out += ["## Gas links used", "", Table(t, "Annual; a blank capacity is unlimited (LNG routes)."), ""]
    plan = summary.get("planning")
    if plan:
        pl = pd.DataFrame({"new_capacity_mw": plan["new_capacity_mw"], "annuity_usd_per_mw_yr": plan["annuity_usd_per_mw_yr"]})
        pl["annualised_cost_usd"] = pl["new_capacity_mw"] * pl["annuity_usd_per_mw_yr"]
        t = _table(pl, {"new_capacity_mw": ("MW to build (each way)", "mw"),
                        "annuity_usd_per_mw_yr": ("annuity (k USD/MW-yr)", "kusd_per_mw_yr"),
                        "annualised_cost_usd": ("annualised cost (M USD/yr)", "musd")}, "link")
        out += ["## Planning", "", f"Value of the optimal build: **{fmt.musd_text(plan['value_of_build_usd'])}/yr** net "
                f"of its annuities (cost with no expansion {fmt.musd_text(plan['no_build_cost_usd'])}/yr).", "",
                Table(t), ""]
    regions = pd.DataFrame(summary["countries"]).T
    out += ["## Regions over the modelled horizon", "",
            Table(_table(regions, REGION_COLUMNS, "region"), f"Totals over {story.horizon(res)} (not annualised)."), ""]
    early = {chart.name: chart for chart in results_charts(res, counterfactual, cf_label(summary))}
    out += ["## Prices and flows", "", early["price_duration"]]
    if "link_flows" in early:
        out += [early["link_flows"]]
    wv = res.water_values
    if wv is not None and len(wv):
        table = wv.pivot(index="month", columns="region", values="water_value_usd_per_mwh").map(
            lambda v: f"{v:,.0f}")
        out += ["", "## Reservoirs", ""]
        if "water_values" in early:
            out += [early["water_values"]]
        else:  # one point per region: the table says it all
            out += ["The horizon lies within one month: the water values are in the table (no chart of one "
                    "point per region).", ""]
        out += [Table(table, "Water value per region and month (USD/MWh).")]
    lim = res.limits
    if lim is not None and len(lim):
        t = lim[["rule", "bound", "basis"]].copy()
        for col, label in (("limit_twh", "limit (TWh)"), ("used_twh", "used (TWh)"),
                           ("shadow_price_usd_per_mwh", "shadow price (USD/MWh)")):
            t[label] = [f"{v:,.2f}" for v in lim[col].astype(float)]
        out += ["", "## Operating rules (generation_limits.csv)", "",
                Table(t, "Over the modelled horizon; basis fuel: TWh_th and USD/MWh_th.")]
    return out


def _markdown(items: list) -> str:
    lines = []
    for item in items:
        if isinstance(item, Table):
            lines += ([item.caption, ""] if item.caption else []) + [fmt.markdown_table(item.frame), ""]
        elif isinstance(item, Chart):
            lines += [f"![{item.caption}](plots/{item.name}.png)", "", f"*{item.caption}*", ""]
        else:
            lines.append(item)
    return "\n".join(lines) + "\n"


def _draw(chart: Chart, out: Path) -> None:
    from energymodel.outputs import plots
    plots.save(chart.png(), out / "plots" / f"{chart.name}.png")


DRAW_COST_S = {"price_duration": 0.22, "value_by_link": 0.19, "map": 0.15, "link_flows": 0.15,
               "transfers_by_country": 0.14, "water_values": 0.13, "value_by_country": 0.11}
"""CPU seconds to draw and save each PNG chart of a 24-hour run of the base scenario, in the run's report
processes (project machine; ``report.html`` about 0.28 s): only the order in which the charts are shared out,
the largest first, so that the two drawing processes finish at about the same time."""
DEFAULT_DRAW_COST_S = 0.15
"""The cost assumed for a chart not in :data:`DRAW_COST_S`."""


def write_report(out: Path, res: Results, counterfactual: Results | None,
                 integration: dict[str, Any] | None = None, diagnostics: list[dict[str, str]] | None = None, *,
                 summary: dict[str, Any] | None = None, positions: pd.DataFrame | None = None,
                 html: bool = True, with_plots: bool = True, parallel: bool = False) -> None:
    """Write ``report.md``, ``plots/*.png`` and (with plotly installed) ``report.html`` into ``out``; with
    ``with_plots`` False (``--no-plots``) the same report without any chart and no ``plots/``.

    ``summary`` is the run's summary (``summary.json``: with ``integration``, ``planning`` and, when present,
    ``diagnostics``); by default ``res.summary()`` with ``integration`` and ``diagnostics``. ``positions``: map positions (see
    :func:`energymodel.inputs.data.read_map_positions`), None for a schematic map. ``parallel``: share the
    charts and the page with a forked child (:func:`energymodel.outputs.charts.share`; the run's report
    process does: the drawing is most of a short run's report). A run draws the charts of
    :func:`results_charts` earlier, while its summary is computed (:class:`Draft`); the files are the same.
    """
    if summary is None:
        summary = {**res.summary(), "integration": integration or {}}
    if diagnostics is not None:
        summary = {**summary, "diagnostics": diagnostics}
    Draft(out, res, counterfactual, cf_label(summary), positions, html=html, with_plots=with_plots).finish(
        summary, parallel=parallel)


class Draft:
    """A report begun before the run's summary exists. :meth:`begin` draws the PNGs of the charts of
    :func:`results_charts` in a forked child; :meth:`step` draws their parts of ``report.html`` here, one at a
    time, kept in memory; :meth:`finish` writes the rest once the summary is known: ``report.md``, the other
    charts, the early PNGs the child has not begun yet, and ``report.html``; it returns once the child is done
    too. The files are those :func:`write_report` writes (it is ``Draft(…).finish(summary)``).

    ``label``: the counterfactual's (:func:`cf_label` of the summary to come); if the summary names another,
    the early charts are drawn again. ``with_plots`` False: no charts (nothing to do before :meth:`finish`)."""

    def __init__(self, out: Path, res: Results, counterfactual: Results | None, label: str,
                 positions: pd.DataFrame | None = None, *, html: bool = True, with_plots: bool = True) -> None:
        self.out, self.res, self.counterfactual, self.label = Path(out), res, counterfactual, label
        self.positions, self.html, self.with_plots = positions, html, with_plots
        self.early = sorted(results_charts(res, counterfactual, label) if with_plots else [],
                            key=lambda chart: -DRAW_COST_S.get(chart.name, DEFAULT_DRAW_COST_S))
        self.divs: dict[str, str] = {}
        """report.html's part of each early chart drawn already (plotly's ``<div>``), by chart name."""
        self._divs_left = list(self.early) if html and _has_plotly() else []
        self._claims = None
        self._child: Callable[[], None] | None = None

    def begin(self) -> None:
        """Start drawing the early charts' PNGs in a forked child (any left when :meth:`finish` comes are
        shared out with the other charts)."""
        from energymodel.outputs.charts import Claims, forked
        if not self.early or self._claims is not None:
            return
        (self.out / "plots").mkdir(exist_ok=True)
        self._claims = Claims([partial(_draw, chart, self.out) for chart in self.early])
        self._child = forked(self._claims.run_all)

    def step(self) -> bool:
        """Draw the next early chart's part of the page; False when none is left."""
        if not self._divs_left:
            return False
        chart = self._divs_left.pop(0)
        try:
            from energymodel.outputs.html import interactive
        except ImportError:  # plotly cannot be imported: the page says so when it is written (finish)
            self._divs_left = []
            return False
        self.divs[chart.name] = interactive.to_div(chart.html())
        return True

    def abandon(self) -> None:
        """Stop drawing: the child finishes the chart it draws and ends; returns then (ignoring its error)."""
        try:
            self._end(drop=True)
        except RuntimeError:
            pass

    def _end(self, drop: bool) -> None:
        """Wait for the child (RuntimeError with its traceback if it failed), after dropping the early charts
        no one has begun when ``drop``."""
        claims, child, self._claims, self._child = self._claims, self._child, None, None
        if claims is None:
            return
        try:
            if drop:
                claims.drop()
            child()
        finally:
            claims.close()

    def finish(self, summary: dict[str, Any], parallel: bool = False) -> None:
        """Write ``report.md``, the charts not drawn yet and ``report.html`` (``parallel``: see
        :func:`write_report`)."""
        try:
            self._finish(summary, parallel)
        except BaseException:
            self.abandon()
            raise
        self._end(drop=False)

    def _finish(self, summary: dict[str, Any], parallel: bool) -> None:
        out = self.out
        if cf_label(summary) != self.label:  # the early charts were drawn for another counterfactual
            self._end(drop=True)
            self.divs = {}
        if self.with_plots:
            (out / "plots").mkdir(exist_ok=True)
        items = blocks(self.res, self.counterfactual, summary, self.positions)
        if not self.with_plots:
            items = [item for item in items if not isinstance(item, Chart)]
        (out / "report.md").write_text(_markdown(items), encoding="utf-8")
        begun = {chart.name for chart in self.early} if self._claims is not None else set()
        # the largest jobs first (the page, the early charts not begun yet, then the other charts by
        # DRAW_COST_S), so that the processes finish together: each takes the next job when it is free
        charts = sorted((item for item in items if isinstance(item, Chart) and item.name not in begun),
                        key=lambda chart: -DRAW_COST_S.get(chart.name, DEFAULT_DRAW_COST_S))
        jobs = [partial(_write_html, out, items, summary["scenario"], self.divs)] if self.html else []
        if begun:
            jobs += [self._claims.run_one] * len(begun)
        jobs += [partial(_draw, chart, out) for chart in charts]
        if parallel:
            from energymodel.outputs.charts import share
            share(jobs)
        else:
            for job in jobs:
                job()


def _has_plotly() -> bool:
    import importlib.util
    return importlib.util.find_spec("plotly") is not None


def _write_html(out: Path, items: list, title: str, divs: dict[str, str] | None = None) -> None:
    try:
        from energymodel.outputs.html import render
    except ImportError as exc:  # plotly is an optional extra
        log.warning("report.html not written: %s (pip install -e \".[report]\")", exc)
        return
    (out / "report.html").write_text(render(items, title, divs), encoding="utf-8")
