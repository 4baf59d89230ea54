"""Writing a run's results folder: the resolved inputs (``inputs/``), the tidy tables, the summary, the
resolved scenario and the metadata, atomically (:func:`energymodel.results.folder.write_folder`)."""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd
import yaml

from energymodel.network.network import Network
from energymodel.results.csvfile import write_csv
from energymodel.results.extract import INPUT_DIGITS, SNAPSHOT_FORMAT, Results, summarise
from energymodel.results.folder import write_folder
from energymodel.results.gas import gas_inputs, write_gas
from energymodel.results.provenance import code_version



def _inputs(net: Network) -> dict[str, pd.DataFrame]:
    """The resolved LP inputs: enough to rebuild the same LP in another tool."""
    snaps = pd.DataFrame({"snapshot": net.snapshots, "weight_h": net.weight_h, "duration_h": net.duration_h})
    regions = net.regions.assign(countries=[";".join(c) for c in net.regions["countries"]])

    labels = net.snapshots.strftime(SNAPSHOT_FORMAT)
    snaps["snapshot"] = labels

    def ts(df: pd.DataFrame) -> pd.DataFrame:
        return df.set_axis(labels, axis=0).rename_axis("snapshot")

    return {
        "snapshots.csv": snaps, "regions.csv": regions, "generators.csv": net.generators,
        "storage.csv": net.storage, "hydro.csv": net.hydro, "links.csv": net.links,
        "demand_mw.csv": ts(net.demand_mw), "availability_pu.csv": ts(net.availability_pu),
        "inflow_mw.csv": ts(net.inflow_mw),
        "settings.csv": pd.DataFrame({"voll_usd_per_mwh": [net.voll_usd_per_mwh],
                                      "co2_cap_tco2_per_year": [net.co2_cap_tco2_per_year]}),
        **({"generation_limits.csv": net.gen_limits.assign(generators=[";".join(g) for g in net.gen_limits["generators"]])}
           if net.gen_limits is not None and len(net.gen_limits) else {}),
        **gas_inputs(net, labels),
        **({"lines.csv": net.lines} if net.lines is not None else {}),
        **({"storage_inflow_mw.csv": ts(net.storage_inflow_mw)} if net.storage_inflow_mw is not None else {}),
        **({"link_availability_pu.csv": ts(net.link_availability_pu)} if net.link_availability_pu is not None
           else {}),
        **({"link_limit_pu.csv": ts(net.link_limit_pu)} if net.link_limit_pu is not None else {}),
        **({"fuel_price_mwh_th.csv": ts(net.fuel_price_mwh_th)} if net.fuel_price_mwh_th is not None else {}),
    }


def write_inputs(net: Network, out: Path) -> None:
    """``out/inputs/*.csv``: the resolved LP inputs (they need no solution: written while the model builds)."""
    (out / "inputs").mkdir(exist_ok=True)
    for name, df in _inputs(net).items():
        index = name not in ("snapshots.csv", "settings.csv")
        write_csv(df, out / "inputs" / name, digits=INPUT_DIGITS, index=index)


def write_tables(res: Results, out: Path) -> None:
    """The tidy result tables of §6 (``dispatch.csv`` … ``link_values.csv``, the gas tables) into ``out``."""
    labels = np.asarray(res.network.snapshots.strftime(SNAPSHOT_FORMAT), dtype=object)
    tables = [("dispatch.csv", res.dispatch), ("flows.csv", res.flows), ("prices.csv", res.prices),
              ("storage.csv", res.storage), ("hydro.csv", res.hydro), ("shedding.csv", res.shedding)]
    if res.line_flows is not None:
        tables.append(("line_flows.csv", res.line_flows))
    for name, df in tables:
        # format the T snapshot labels once, not once per row (formatting timestamps dominated writing)
        pos = res.network.snapshots.get_indexer(df["snapshot"])
        df = df.assign(snapshot=labels[pos])
        if name == "prices.csv":
            df.insert(1, "local_time", local_time_labels(res.network, df["region"].to_numpy(), pos))
        write_csv(df, out / name)
    write_csv(res.link_values, out / "link_values.csv", index=True)
    if res.water_values is not None:
        write_csv(res.water_values, out / "water_values.csv")
    if res.limits is not None and len(res.limits):
        write_csv(res.limits, out / "limits.csv", index=True)
    write_gas(res.network, res.gas, out, labels)


def _write_tree(res: Results, out: Path, resolved: dict[str, Any], metadata: dict[str, Any],
                summary: dict[str, Any] | None, extra_writer: Callable[[Path], Any] | None,
                written: bool = False) -> None:
    t0 = time.perf_counter()
    # the extra writer starts first: what it returns (if callable) finishes its work once the rest is written
    finish = extra_writer(out) if extra_writer is not None else None
    if not written:
        write_tables(res, out)
        write_inputs(res.network, out)
    with open(out / "summary.json", "w", encoding="utf-8") as fh:
        json.dump(summary if summary is not None else summarise(res), fh, indent=2, allow_nan=False)
    with open(out / "scenario.resolved.yaml", "w", encoding="utf-8") as fh:
        yaml.safe_dump(resolved, fh, sort_keys=False)
    if callable(finish):
        finish()
    timings = {**metadata.get("timings_s", {}), "write results": time.perf_counter() - t0}
    with open(out / "metadata.json", "w", encoding="utf-8") as fh:
        json.dump({"code": code_version(), **metadata, "timings_s": timings}, fh, indent=2, default=str)


def local_time_labels(net: Network, regions: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """Each row's snapshot in its region's local standard time, with the offset written out
    (``2023-01-01T02:00-05:00`` is 07:00 UTC); formatted once per distinct offset, not once per row."""
    offsets = net.regions["utc_offset_h"].astype(float)
    out = np.empty(len(regions), dtype=object)
    region_offset = offsets.reindex(regions).to_numpy()
    for offset in np.unique(region_offset):
        minutes = int(round(offset * 60))
        sign, whole = ("+" if minutes >= 0 else "-"), abs(minutes)
        shifted = (net.snapshots + pd.Timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M")
        labels = np.asarray(shifted, dtype=object) + f"{sign}{whole // 60:02d}:{whole % 60:02d}"
        rows = region_offset == offset
        out[rows] = labels[pos[rows]]
    return out


def write_results(res: Results, out: str | Path, *, resolved_scenario: dict[str, Any],
                  metadata: dict[str, Any], summary: dict[str, Any] | None = None,
                  extra_writer: Callable[[Path], Any] | None = None) -> Path:
    """Write the results folder atomically (see :func:`write_folder`).

    ``summary`` replaces the default ``summarise(res)`` (e.g. with the integration block filled in);
    ``extra_writer(folder)`` adds files (report, plots) inside the same atomic write; it is called before
    the other files are written, and if it returns a callable, that is called after them (to wait for
    work it started in the background, such as charts drawn in a child process).
    """
    return write_folder(out, lambda tmp: _write_tree(res, tmp, resolved_scenario, metadata, summary,
                                                     extra_writer))


def write_rest(res: Results, out: Path, *, resolved_scenario: dict[str, Any], metadata: dict[str, Any],
               summary: dict[str, Any] | None = None, extra_writer: Callable[[Path], Any] | None = None) -> None:
    """Inside a :func:`write_folder` writer whose folder already holds :func:`write_tables` and
    :func:`write_inputs`: the summary, the resolved scenario, ``extra_writer``'s files and the metadata."""
    _write_tree(res, Path(out), resolved_scenario, metadata, summary, extra_writer, written=True)
