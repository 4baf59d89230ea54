"""``energymodel reproduce``: run the scenario that mirrors each registered study (with its counterfactual),
put the model's answer on the study's basis and compare it with the published figure.

For each figure of a study (analysis/studies.py):

* ``annual_benefit_usd``: the model's value of integration against the scenario's counterfactual
  (``summary.integration.value_usd``, or Σ ``by_country[c].value_usd`` over the figure's countries);
* ``pv_benefit_usd`` / ``npv_usd`` / ``irr``: that annual benefit B, constant over the conversion's horizon n
  at its discount rate r, against its capex C (analysis/finance.py);
* ``price_change_usd_per_mwh``: scenario − counterfactual average price, demand-weighted over the countries;
* ``emissions_change_tco2``: Σ Δ emissions over the countries (annual).

Verdict: ``within tolerance`` when the model is within ``tolerance_abs`` of the published figure (when given)
or within a factor ``tolerance_ratio`` of it with the same sign; ``outside tolerance`` otherwise;
``no model figure`` when the conversion has no answer (e.g. no IRR for a benefit ≤ 0). Verdicts are
information, not failures.
"""
from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from energymodel.analysis import finance
from energymodel.analysis.studies import METRICS, Figure, Study
from energymodel.inputs import units

log = logging.getLogger(__name__)

COLUMNS = ["study", "links", "metric", "basis", "published", "model", "ratio", "tolerance", "verdict",
           "model_annual_benefit_usd", "unserved_share_of_benefit", "diagnostics", "conversion", "hours_modelled",
           "resolution_h", "source_id", "reasons"]
"""Columns of ``reproduce.csv``."""


def solve_study(study: Study, *, hours: int | None = None, resolution_h: int | None = None,
                data: str | Path | None = None, start=None) -> dict[str, Any]:
    """Load and solve the study's scenario with its counterfactual; the summary (with ``integration``)."""
    from energymodel import pipeline
    from energymodel.api import resolve_counterfactual
    from energymodel.inputs.data import read_tables
    from energymodel.inputs.scenario import load_scenario
    from energymodel.network.network import build_network

    scenario = load_scenario(study.scenario_path, hours=hours, resolution_h=resolution_h, data=data, start=start)
    tables = read_tables(scenario.data)
    network = build_network(scenario, tables)
    cf = resolve_counterfactual(scenario, network, tables, data)
    if cf is None:
        from energymodel.errors import InputError
        raise InputError("a study's scenario needs a counterfactual (not 'none')", file=scenario.source_file,
                         key="integration.counterfactual")
    log.info("study %s: solving %s against %s", study.id, scenario.name, cf[0])
    run = pipeline.solve_scenario(scenario, network, tables, cf)
    return {"summary": run.summary, "resolved": scenario.resolved_dict(), "time": scenario.time.model_dump()}


def annual_benefit(summary: dict[str, Any], countries: list[str]) -> float:
    """Annual value of integration [USD/yr] of the system, or of the named countries."""
    integ = summary["integration"]
    if not countries:
        return float(integ["value_usd"])
    return float(sum(integ["by_country"][c]["value_usd"] for c in countries))


def _price_change(summary: dict[str, Any], countries: list[str]) -> float:
    by = summary["integration"]["by_country"]
    names = countries or list(by)
    demand = np.array([summary["countries"][c]["demand_twh"] for c in names])
    change = np.array([by[c]["avg_price_usd_per_mwh"] - by[c]["counterfactual_avg_price_usd_per_mwh"]
                       for c in names])
    return float((change * demand).sum() / demand.sum())


def model_figure(fig: Figure, study: Study, summary: dict[str, Any]) -> float | None:
    """The model's answer on the figure's basis (see the module docstring)."""
    b = annual_benefit(summary, fig.countries)
    conv = study.conversion
    if fig.metric == "annual_benefit_usd":
        return b
    if fig.metric == "pv_benefit_usd":
        return finance.present_value(b, conv.discount_rate, conv.horizon_years)
    if fig.metric == "npv_usd":
        return finance.npv(b, conv.capex_usd, conv.discount_rate, conv.horizon_years)
    if fig.metric == "irr":
        return finance.irr(b, conv.capex_usd, conv.horizon_years)
    if fig.metric == "price_change_usd_per_mwh":
        return _price_change(summary, fig.countries)
    if fig.metric == "emissions_change_tco2":
        by = summary["integration"]["by_country"]
        return float(sum(by[c]["delta_emissions_tco2"] for c in (fig.countries or by)))
    raise ValueError(fig.metric)


def verdict(fig: Figure, model: float | None) -> str:
    if model is None or not np.isfinite(model):
        return "no model figure"
    if fig.tolerance_abs is not None:
        return "within tolerance" if abs(model - fig.value) <= fig.tolerance_abs else "outside tolerance"
    if fig.value == 0 or model * fig.value <= 0:
        return "outside tolerance"
    ratio = model / fig.value
    return "within tolerance" if 1 / fig.tolerance_ratio <= ratio <= fig.tolerance_ratio else "outside tolerance"


SYSTEM_WIDE = ("unserved_energy", "shortage_pricing")
"""Diagnostic codes that bear on every study's figure wherever they occur: shed load priced at VOLL moves
the value of integration and the prices of the whole system."""


def _places(study: Study) -> set[str]:
    """The links of the study and the regions or zones they join (``PE_S-CL_C`` → PE_S, CL_C, PE, CL)."""
    places = set(study.links) | {"value_usd"}
    for link in study.links:
        for end in link.split("-"):
            places |= {end, end.split("_")[0]}
    return places


def caveats(study: Study, summary: dict[str, Any]) -> list[dict[str, str]]:
    """The run's warnings (results/diagnostics.py) that bear on the study's figures: shed load and shortage
    pricing anywhere, and any other warning on the study's links or on the regions they join."""
    places = _places(study)
    return [d for d in summary.get("diagnostics", []) if d.get("severity") == "warning"
            and (d["code"] in SYSTEM_WIDE or d.get("where", "") in places
                 or d.get("where", "").split("_")[0] in places)]


def unserved_share(summary: dict[str, Any], countries: list[str]) -> float | None:
    """Share of the annual benefit (:func:`annual_benefit`, the system's or the named countries') that is
    shed load avoided at VOLL [-]: −Σ ``by_country[c].delta_unserved_cost_usd`` / benefit; None when the
    benefit is not positive."""
    by = summary["integration"]["by_country"]
    benefit = annual_benefit(summary, countries)
    if benefit <= 0:
        return None
    return float(-sum(by[c]["delta_unserved_cost_usd"] for c in (countries or by))) / benefit


def _tolerance(fig: Figure) -> str:
    return f"±{fig.tolerance_abs:g}" if fig.tolerance_abs is not None else f"×/÷{fig.tolerance_ratio:g}"


def _conversion(fig: Figure, study: Study) -> str:
    c = study.conversion
    if fig.metric in ("pv_benefit_usd", "npv_usd", "irr"):
        capex = f", capex {c.capex_usd / units.MILLION:,.0f} M USD" if c.capex_usd is not None else ""
        return f"r = {c.discount_rate:g}, {c.horizon_years:g} years{capex}"
    return "annual, as modelled"


def rows(study: Study, solved: dict[str, Any]) -> list[dict[str, Any]]:
    """One row of ``reproduce.csv`` per published figure."""
    summary = solved["summary"]
    codes = " ".join(sorted({d["code"] for d in caveats(study, summary)}))
    out = []
    for fig in study.figures:
        model = model_figure(fig, study, summary)
        ratio = model / fig.value if model is not None and fig.value else None
        out.append({"study": study.id, "links": " ".join(study.links), "metric": fig.metric, "basis": fig.basis,
                    "published": fig.value, "model": model, "ratio": ratio, "tolerance": _tolerance(fig),
                    "verdict": verdict(fig, model), "model_annual_benefit_usd": annual_benefit(summary, fig.countries),
                    "unserved_share_of_benefit": unserved_share(summary, fig.countries), "diagnostics": codes,
                    "conversion": _conversion(fig, study), "hours_modelled": summary["hours_modelled"],
                    "resolution_h": solved["time"]["resolution_h"], "source_id": fig.source_id,
                    "reasons": " | ".join(study.reasons)})
    return out


def _fmt(metric: str, v) -> str:
    if v is None or (isinstance(v, float) and not np.isfinite(v)):
        return "–"
    if metric == "irr":
        return f"{100 * v:.1f} %"
    if metric.endswith("_usd"):
        return f"{v / units.MILLION:,.1f} M USD"
    if metric == "emissions_change_tco2":
        return f"{v / units.T_PER_MT:,.2f} MtCO2"
    return f"{v:,.1f} USD/MWh"


def _flag(row) -> str:
    """The table's diagnostics cell: the share of the benefit that is shed load at VOLL, then the codes."""
    share = row["unserved_share_of_benefit"]
    parts = [f"{100 * share:.0f} % of the benefit is shed load at VOLL"] if share is not None and not pd.isna(share) \
        and share > 0.05 else []
    if row["diagnostics"]:
        parts.append(" ".join(f"`{c}`" for c in row["diagnostics"].split()))
    return "; ".join(parts) or "–"


def markdown(table: pd.DataFrame, studies: list[Study], options: dict[str, Any],
             solved: dict[str, dict[str, Any]] | None = None) -> str:
    """``reproduce.md``: the side-by-side table, then each study's assumptions, unknowns, the run's
    diagnostics that bear on it (``solved``: study id → :func:`solve_study`'s answer) and reasons."""
    solved = solved or {}
    horizon = ("the full year" if not options.get("hours") and not options.get("start") else
               f"{options.get('hours') or 'the rest of the year:'} h from {options.get('start') or '1 January'}")
    lines = ["# Reproducing published studies", "",
             f"Each study's scenario solved over {horizon} at {options.get('resolution_h') or 1}-hour resolution "
             "against its counterfactual; the model's annual benefit converted to the study's basis. Verdicts "
             "are information, not failures.", "",
             "| study | link(s) | basis | published | model | ratio | tolerance | verdict | model diagnostics |",
             "|---|---|---|---|---|---|---|---|---|"]
    for _, r in table.iterrows():
        ratio = "–" if r["ratio"] is None or pd.isna(r["ratio"]) else f"{r['ratio']:.2f}"
        lines.append(f"| {r['study']} | {r['links']} | {METRICS[r['metric']]} | {_fmt(r['metric'], r['published'])} | "
                     f"{_fmt(r['metric'], r['model'])} | {ratio} | {r['tolerance']} | {r['verdict']} | {_flag(r)} |")
    for study in studies:
        a, c = study.assumptions, study.conversion
        sub = table[table["study"] == study.id]
        lines += ["", f"## {study.id}: {study.title}", "", f"{study.authors} ({study.published}). Links: "
                  f"{', '.join(study.links)}. Scenario: `{Path(study.scenario).name}`.", ""]
        for _, r in sub.iterrows():
            lines.append(f"* Published ({r['source_id']}): {r['basis']}")
        lines.append(f"* Model annual benefit: {sub['model_annual_benefit_usd'].iloc[0] / units.MILLION:,.1f} M USD/yr; "
                     f"conversion: r = {c.discount_rate:g}, {c.horizon_years:g} years"
                     + (f", capex {c.capex_usd / units.MILLION:,.0f} M USD" if c.capex_usd is not None else "")
                     + f" ({c.why})")
        found = caveats(study, solved[study.id]["summary"]) if study.id in solved else []
        if found:
            lines.append("* Model diagnostics that bear on this figure (warnings of the run; read before the "
                         "verdict):")
            lines += [f"  * `{d['code']}` ({d['where']}): {d['message']}" for d in found]
        stated = {k: v for k, v in a.model_dump().items() if v is not None}
        lines.append("* Study's assumptions: " + "; ".join(f"{k} = {v}" for k, v in stated.items()))
        if study.not_known:
            lines.append("* Not known: " + "; ".join(study.not_known))
        lines += ["* Main reasons for a difference:"] + [f"  * {x}" for x in study.reasons]
    return "\n".join(lines) + "\n"


def reproduce(studies: list[Study], out: Path, *, hours: int | None = None, resolution_h: int | None = None,
              data: str | Path | None = None, start=None) -> pd.DataFrame:
    """Solve every study, write ``reproduce.csv``, ``reproduce.md``, ``studies/<id>/summary.json`` (and the
    resolved scenario) and ``metadata.json`` into ``out`` atomically; return the table."""
    from energymodel.results.folder import write_folder
    from energymodel.results.provenance import code_version

    solved, timings, all_rows = {}, {}, []
    for study in studies:
        t0 = time.perf_counter()
        solved[study.id] = solve_study(study, hours=hours, resolution_h=resolution_h, data=data, start=start)
        timings[study.id] = time.perf_counter() - t0
        all_rows += rows(study, solved[study.id])
    table = pd.DataFrame(all_rows, columns=COLUMNS)
    options = {"hours": hours, "start": start, "resolution_h": resolution_h, "data": str(data) if data else None}

    def write(folder: Path) -> None:
        table.to_csv(folder / "reproduce.csv", index=False, float_format="%.10g")
        (folder / "reproduce.md").write_text(markdown(table, studies, options, solved), encoding="utf-8")
        for sid, s in solved.items():
            (folder / "studies" / sid).mkdir(parents=True)
            (folder / "studies" / sid / "summary.json").write_text(json.dumps(s["summary"], indent=2, allow_nan=False))
            with open(folder / "studies" / sid / "scenario.resolved.yaml", "w", encoding="utf-8") as fh:
                yaml.safe_dump(s["resolved"], fh, sort_keys=False)
        meta = {"code": code_version(), "options": options, "studies": {s.id: str(s.source_file) for s in studies},
                "timings_s": timings}
        (folder / "metadata.json").write_text(json.dumps(meta, indent=2, default=str), encoding="utf-8")

    write_folder(out, write)
    return table
