"""``energymodel sweep``: a sweep file → cases → solved on the engine → stored → report.

Cases are resolved (base scenario + the case's values as ``--set`` overrides + the horizon) and hashed in
the main process; the cases already in the store are skipped; the rest are submitted grouped by LP
structure: parameters under :data:`VALUE_KEYS` change only costs, bounds and right-hand sides, so cases
are ordered with the other (structural) parameters varying slowest and every worker re-solves a run of
same-structure cases warm. The worker checks the structure itself (``vectors.structure_key``): the
grouping only decides the order.
"""
from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

import pandas as pd

from energymodel.analysis.sweep import design as designs
from energymodel.analysis.sweep.engine import run_tasks
from energymodel.analysis.sweep.spec import SweepSpec
from energymodel.analysis.sweep.store import Store, case_id
from energymodel.errors import InputError

log = logging.getLogger(__name__)

VALUE_KEYS = ("interconnectors.", "gas_links.", "prices.", "demand.", "generators.", "voll_usd_per_mwh",
              "hydrology")
"""Key prefixes that usually change only costs, bounds or right-hand sides (capacities, prices, demand
levels, inflows). A value that adds or removes an element (a link from nothing) still rebuilds."""


def _plain(value: Any) -> Any:
    """numpy scalars → Python numbers (for YAML-like scenario data and JSON hashes)."""
    return value.item() if hasattr(value, "item") else value


def resolve_cases(spec: SweepSpec, *, data: Path | None = None) -> tuple[pd.DataFrame, list[dict[str, Any]], dict]:
    """(cases, tasks, data hashes): the design's cases with their ``case_id``, and one task per distinct
    case that validates (a case that does not is returned as a failed record in ``tasks``)."""
    from energymodel.inputs.data import read_tables
    from energymodel.inputs.scenario import apply_overrides, scenario_dict, validate_scenario

    base = scenario_dict(spec.base, hours=spec.horizon.hours, resolution_h=spec.horizon.resolution_h,
                         start=spec.horizon.start, data=data)
    base_scenario = validate_scenario(base, spec.base)
    tables = read_tables(base_scenario.data)
    # the base scenario on the data, once: an error in the data (a bad row of a table read only while the
    # network is built) is an input error of the sweep (exit 2), not a failure of every case
    from energymodel.network.network import build_network
    build_network(base_scenario, tables)
    hashes = tables.file_hashes
    table = designs.cases(spec)
    ids, tasks, seen = [], [], set()
    extra = {"counterfactual": spec.counterfactual, "outputs": sorted(spec.outputs)}
    for i, row in table.iterrows():
        overrides = [(k, _plain(v)) for k, v in row.items()]
        try:
            raw = apply_overrides(base, overrides, file=spec.source_file)
            scenario = validate_scenario(raw, spec.source_file)
        except InputError as exc:
            _unknown_key(spec, exc)
            cid = case_id({"invalid": overrides}, hashes, extra)
            ids.append(cid)
            if cid not in seen:
                seen.add(cid)
                tasks.append({"case_id": cid, "invalid": f"InputError: {exc}"})
            continue
        cid = case_id(scenario.resolved_dict(), hashes, extra)
        ids.append(cid)
        if cid in seen:
            continue
        seen.add(cid)
        raw = {**raw, "name": f"{scenario.name}-{cid[:8]}"}
        tasks.append({"case_id": cid, "scenario": raw, "counterfactual": spec.counterfactual,
                      "outputs": list(spec.outputs), "order": _order(spec, row), "sweep": spec.name})
    table["case_id"] = ids
    return table, tasks, hashes


def _unknown_key(spec: SweepSpec, exc: InputError) -> None:
    """A parameter key the scenario schema does not know is an error in the sweep file (exit 2)."""
    for i, key in enumerate(spec.keys):
        if exc.key and (exc.key == key or key.startswith(exc.key + ".") or exc.key.startswith(key + ".")) and (
                "unknown key" in exc.detail or "not a mapping" in exc.detail):
            raise InputError(f"not a scenario key path ({exc.detail})", file=spec.source_file,
                             key=f"parameters.{i}.key") from None


def _order(spec: SweepSpec, row: pd.Series) -> tuple:
    """Sort key: structural parameters slowest, link capacities fastest (cases that differ only in them
    share the isolated counterfactual, which a worker then re-uses)."""
    structural = [str(row[k]) for k in spec.keys if not k.startswith(VALUE_KEYS)]
    capacity = [k for k in spec.keys if k.startswith(("interconnectors.", "gas_links.")) and "capacity" in k]
    values = [_sortable(row[k]) for k in spec.keys if k.startswith(VALUE_KEYS) and k not in capacity]
    return (tuple(structural), tuple(values), tuple(_sortable(row[k]) for k in capacity))


def _sortable(value: Any) -> tuple:
    """Numbers (numpy's too: ``numpy.int64`` is not an ``int``) in numeric order, then anything else as text."""
    value = _plain(value)
    return (0, float(value), "") if isinstance(value, (int, float)) and not isinstance(value, bool) else (1, 0.0, str(value))


def run_sweep(spec: SweepSpec, out: Path, backend, *, data: Path | None = None) -> dict[str, Any]:
    """Solve every case not yet in ``out``'s store, then write the tables and the report. Returns the
    run's summary (cases, solved now, skipped, failed, warm, seconds)."""
    from energymodel.analysis.sweep import worker
    from energymodel.analysis.sweep.report import write_report
    from energymodel.results.folder import MARKER, check_output_folder

    t0 = time.perf_counter()
    out = check_output_folder(out)
    cases, tasks, _ = resolve_cases(spec, data=data)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("written by energymodel sweep; re-running the same sweep resumes here\n")
    store = Store(out)
    stored = store.status()
    finished = {cid for cid, status in stored.items() if status == "ok"}
    todo = [t for t in tasks if t["case_id"] not in finished]
    retried = sum(stored.get(t["case_id"]) == "failed" for t in todo)
    for t in [t for t in todo if "invalid" in t]:
        store.write({"case_id": t["case_id"], "status": "failed", "error": t["invalid"], "warm": False, "rows": [],
                     "timings": {}})
    todo = sorted([t for t in todo if "invalid" not in t], key=lambda t: t["order"])
    if spec.full_results:
        for t in todo:
            t["cases_dir"] = str(out / "cases")
    log.info("sweep %s: %d cases (%d distinct) by %s design; %d already finished, %d to solve%s on %s",
             spec.name, len(cases), len(tasks), spec.design.method, sum(t["case_id"] in finished for t in tasks),
             len(todo), f" ({retried} failed before, retried)" if retried else "", backend.name)
    counts = run_tasks(backend, worker.solve_case, todo, store.write)
    results, case_table = store.tables(cases)
    files = store.export(results, case_table)
    summary = {"sweep": spec.name, "cases": len(cases), "distinct_cases": len(tasks),
               "solved_now": counts["done"], "skipped_finished": len(tasks) - len(todo),
               "failed": int((case_table.drop_duplicates("case_id")["status"] == "failed").sum()),
               "warm_now": counts["warm"], "seconds": time.perf_counter() - t0, "backend": backend.name}
    write_report(out, spec, case_table, results, summary)
    (out / "sweep.json").write_text(json.dumps(summary, indent=2))
    log.info("sweep %s: %d solved now (%d warm), %d skipped as finished, %d failed in all; %s, sweep.md in %s",
             spec.name, counts["done"], counts["warm"], summary["skipped_finished"], summary["failed"],
             ", ".join(files), out)
    return summary
