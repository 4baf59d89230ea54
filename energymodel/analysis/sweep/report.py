"""``sweep.md`` and its charts: the headline output against each parameter, a tornado chart of
one-at-a-time ranges, Sobol' / Morris indices with confidence intervals, and P10 / P50 / P90 tables."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from energymodel.analysis.sweep import sensitivity  # noqa: E402
from energymodel.analysis.sweep.spec import SweepSpec  # noqa: E402
from energymodel.inputs import units  # noqa: E402
from energymodel.outputs.plots import save  # noqa: E402
from energymodel.outputs.format import markdown_table  # noqa: E402

log = logging.getLogger(__name__)
MUSD = units.MILLION
HEADLINES = ("value_of_integration_usd_per_yr[total]", "annual_cost_usd[total]")
QUANTILE_OUTPUTS = ("value_of_integration_usd_per_yr", "unserved_energy_value_usd_per_yr", "congestion_rent_usd_per_yr")


def _table(df: pd.DataFrame, floatfmt: str = ",.1f") -> str:
    """A Markdown table; floats formatted with ``floatfmt``, NaN as –."""
    shown = df.map(lambda v: "–" if isinstance(v, float) and np.isnan(v) else
                   format(v, floatfmt) if isinstance(v, float) else str(v))
    return markdown_table(shown)


def _label(column: str) -> str:
    return column.replace("_usd_per_yr", " (M USD/yr)").replace("_usd", " (M USD)").replace("_", " ")


def value_vs_parameter(table: pd.DataFrame, key: str, column: str, colour_by: str | None) -> plt.Figure:
    fig, ax = plt.subplots(figsize=(6, 4))
    x = table[key]
    numeric = pd.api.types.is_numeric_dtype(x)
    if colour_by is not None and table[colour_by].nunique() <= 8:
        for level, part in table.groupby(colour_by, sort=True):
            part = part.sort_values(key)
            ax.plot(part[key], part[column] / MUSD, marker="o", label=f"{colour_by} = {level}")
        ax.legend(fontsize=7)
    else:
        ax.scatter(x if numeric else x.astype(str), table[column] / MUSD, s=12)
    ax.set_xlabel(key)
    ax.set_ylabel(_label(column))
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def tornado_chart(df: pd.DataFrame, column: str) -> plt.Figure:
    fig, ax = plt.subplots(figsize=(7, 0.6 * len(df) + 1.5))
    y = np.arange(len(df))
    ax.barh(y, (df["high"] - df["low"]) / MUSD, left=df["low"] / MUSD, color="tab:blue", height=0.5)
    ref = df["reference"].iloc[0] if len(df) else np.nan
    if np.isfinite(ref):
        ax.axvline(ref / MUSD, color="black", lw=1)
    ax.set_yticks(y, df.index, fontsize=8)
    ax.set_xlabel(_label(column))
    fig.tight_layout()
    return fig


def indices_chart(df: pd.DataFrame) -> plt.Figure:
    fig, ax = plt.subplots(figsize=(7, 0.6 * len(df) + 1.5))
    y = np.arange(len(df))
    if "S1" in df:
        ax.barh(y - 0.2, df["S1"], xerr=df["S1_conf"], height=0.4, label="first order S1")
        ax.barh(y + 0.2, df["ST"], xerr=df["ST_conf"], height=0.4, label="total order ST")
        ax.set_xlabel(f"Sobol' index (bars: {sensitivity.CONF_LEVEL:.0%} confidence)")
    else:
        ax.barh(y - 0.2, df["mu_star"] / MUSD, xerr=df["mu_star_conf"] / MUSD, height=0.4, label="mu*")
        ax.barh(y + 0.2, df["sigma"] / MUSD, height=0.4, label="sigma")
        ax.set_xlabel(f"Morris elementary effects (M USD/yr; mu* bars: {sensitivity.CONF_LEVEL:.0%} confidence)")
    ax.set_yticks(y, df.index, fontsize=8)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def write_report(out: Path, spec: SweepSpec, cases: pd.DataFrame, results: pd.DataFrame,
                 summary: dict[str, Any]) -> None:
    """Write ``sweep.md`` and ``plots/*.png`` into the sweep folder ``out``."""
    (out / "plots").mkdir(exist_ok=True)
    ok = cases[cases["status"] == "ok"]
    text = [f"# Sweep: {spec.name}", "", spec.description, "",
            f"Base scenario `{spec.base.name}`, {spec.design.method} design over {len(spec.keys)} parameter(s): "
            f"{len(cases)} cases ({summary['distinct_cases']} distinct), counterfactual `{spec.counterfactual}`. "
            f"This run solved {summary['solved_now']} ({summary['warm_now']} re-solved warm in a live HiGHS "
            f"instance, the rest built anew) and skipped {summary['skipped_finished']} finished earlier, "
            f"in {summary['seconds']:.1f} s on {summary['backend']}. {summary['failed']} failed.", ""]
    failed = cases[cases["status"] == "failed"].drop_duplicates("case_id")
    if len(failed):
        text += ["## Failed cases", "", _table(failed.set_index("case_id")[[*spec.keys, "error"]].map(
            lambda v: str(v).splitlines()[0][:160])), ""]
    table = sensitivity.wide(cases, results, spec.keys)
    columns = [c for c in HEADLINES if c in table.columns]
    if not columns or ok.empty:
        (out / "sweep.md").write_text("\n".join(text + ["No case was solved."]), encoding="utf-8")
        return
    column = columns[0]
    text += [f"## {_label(column)} against each parameter", ""]
    for i, key in enumerate(spec.keys):
        others = [k for k in spec.keys if k != key]
        fig = value_vs_parameter(table.dropna(subset=[column]), key, column, others[0] if others else None)
        save(fig, out / "plots" / f"value_vs_{i}.png")
        text += [f"![{key}](plots/value_vs_{i}.png)", ""]
    text += _tornado_section(out, spec, table, column)
    text += _indices_section(out, spec, table, column)
    pct = sensitivity.percentiles(results, QUANTILE_OUTPUTS)
    if len(pct):
        pct.to_csv(out / "percentiles.csv")
        show = pct.copy()
        for c in ("p10", "p50", "p90", "mean"):
            show[c] = (show[c] / MUSD).round(1) + 0.0  # + 0.0: no "-0.0"
        show.index = [f"{o.replace('_usd_per_yr', '')} {i}" for o, i in show.index]
        show.index.name = "M USD/yr"
        text += ["## Across cases: P10 / P50 / P90", "", "Value of integration per country, its part that is "
                 "unserved energy avoided at VOLL, and congestion rent per link, percentiles over the solved cases "
                 "(percentiles.csv).", "", _table(show, ",.1f"), ""]
    text += _diagnostics_section(ok, results)
    cols = [c for c in ("total_s", "cpu_s", "network_s", "build_s", "load_s", "solve_s", "counterfactual_s") if c in ok]
    if cols:
        timing = ok.groupby(ok["warm"].map({True: "warm", False: "rebuilt"}))[cols].mean()
        timing.index.name = "mean per case (s)"
        text += ["## Time per case", "", _table(timing, ",.2f"), ""]
    text += ["Tables: `results.parquet` (tidy: case_id, parameters, output, item, value), `cases.parquet` "
             "(status, error, warm, diagnostic codes, timings), `diagnostics.parquet` (each case's diagnostics in "
             "full), with CSV copies when small.", ""]
    (out / "sweep.md").write_text("\n".join(text), encoding="utf-8")


def _diagnostics_section(ok: pd.DataFrame, results: pd.DataFrame) -> list[str]:
    """How many solved cases raised each diagnostic code, and how much of the value of integration is
    unserved energy avoided at VOLL (P10 / P50 / P90 over the cases)."""
    if "diagnostics" not in ok:
        return []
    per_case = ok.drop_duplicates("case_id")
    codes = per_case["diagnostics"].fillna("").str.split(",").explode()
    counts = codes[codes != ""].value_counts()
    text = ["## Diagnostics", ""]
    if counts.empty:
        text += [f"None of the {len(per_case)} solved cases raised a diagnostic.", ""]
    else:
        df = pd.DataFrame({"cases": counts, "share of cases": counts / len(per_case)})
        df["share of cases"] = df["share of cases"].map(lambda v: f"{v:.0%}")
        df.index.name = "code"
        text += [f"Cases (of {len(per_case)} solved) raising each diagnostic of `energymodel run` "
                 "(codes per case in `cases.parquet:diagnostics`, messages in `diagnostics.csv`).", "",
                 _table(df), ""]
    value = _total(results, "value_of_integration_usd_per_yr")
    voll = _total(results, "unserved_energy_value_usd_per_yr")
    if len(value) and len(voll):
        both = pd.concat({"value": value, "voll": voll}, axis=1).dropna()
        share = (both["voll"] / both["value"]).where(both["value"].abs() > 0)
        q = (both.quantile([0.1, 0.5, 0.9]) / MUSD).round(1) + 0.0  # + 0.0: no "-0.0"
        text += ["Part of the value of integration that is unserved energy avoided at VOLL (an assumption about "
                 "the cost of shedding, not a fuel saving), M USD/yr, over the solved cases: P10 / P50 / P90 "
                 f"{q['voll'].iloc[0]:,.1f} / {q['voll'].iloc[1]:,.1f} / {q['voll'].iloc[2]:,.1f} of a value of "
                 f"{q['value'].iloc[0]:,.1f} / {q['value'].iloc[1]:,.1f} / {q['value'].iloc[2]:,.1f}; "
                 f"median share {share.median():.0%}.", ""]
    return text


def _total(results: pd.DataFrame, output: str) -> pd.Series:
    """``output``'s total per case_id."""
    rows = results[(results["output"] == output) & (results["item"] == "total")]
    return rows.set_index("case_id")["value"]


def _tornado_section(out: Path, spec: SweepSpec, table: pd.DataFrame, column: str) -> list[str]:
    df = sensitivity.tornado(spec, table, column)
    if df[["low", "high"]].isna().all().all():
        return []
    save(tornado_chart(df, column), out / "plots" / "tornado.png")
    how = ("one at a time, the other parameters at their middle value" if spec.design.method == "grid" else
           "means over each parameter's quintiles")
    show = (df[["low", "high", "range"]] / MUSD)
    return ["## Tornado", "", f"Range of {_label(column)} as each parameter moves ({how}).", "", _table(show), "",
            "![tornado](plots/tornado.png)", ""]


def _indices_section(out: Path, spec: SweepSpec, table: pd.DataFrame, column: str) -> list[str]:
    try:
        df = sensitivity.indices(spec, table, column)
    except ValueError as exc:
        return ["## Sensitivity indices", "", f"Not computed: {exc}. Re-run the sweep to retry them.", ""]
    if df is None:
        return []
    df.to_csv(out / "indices.csv")
    save(indices_chart(df), out / "plots" / "indices.png")
    what = ("Sobol' first-order (S1) and total-order (ST) indices" if "S1" in df else
            "Morris mean absolute elementary effect (mu*) and its spread (sigma)")
    return ["## Sensitivity indices", "", f"{what} of {_label(column)} (SALib; `_conf`: half-width of the "
            f"{sensitivity.CONF_LEVEL:.0%} bootstrap confidence interval).", "", _table(df, ",.4g"), "",
            "![indices](plots/indices.png)", ""]
