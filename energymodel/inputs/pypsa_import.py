"""``energymodel import-pypsa``: a PyPSA network → an energymodel data directory, a scenario and a
conversion note.

Layout written under ``OUT_DIR``: ``data/`` (docs/data_format.md), ``<name>.yaml`` and ``conversion.md``
(what was carried over, what was approximated and what was left out). Each bus becomes a region, each
carrier a technology; generators keep their own marginal cost and availability; loads become demand
(buses without load have none); storage units and stores become storage (standing loss, inflow, dispatch
cost, cyclic or initial state of charge); links become interconnectors (two arcs); AC lines and
transformers become ``lines.csv`` (DC power flow, ``power_flow: dc``); snapshot weightings become
``snapshot_weights.csv``. Reading: ``pypsa_read.py``; component mappings: ``pypsa_components.py``.
"""
from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from energymodel.errors import InputError
from energymodel.inputs import pypsa_components as comp
from energymodel.inputs import pypsa_storage
from energymodel.inputs.pypsa_components import SOURCE_ID, Conversion
from energymodel.inputs.pypsa_read import read_pypsa, value

log = logging.getLogger(__name__)

IMPORT_VOLL_USD_PER_MWH = 10000.0
"""VOLL written into an imported scenario: PyPSA has no load shedding, so it is set well above usual
marginal costs; shedding in the results means the PyPSA network could not meet its load there."""
STAMP = "%Y-%m-%dT%H:%MZ"


def links(conv: Conversion, region: pd.Series) -> None:
    lk = comp.active(conv, "links")
    comp.capacity_note(conv, lk, "links", "p_nom")
    extra = [c for c in lk.columns if c.startswith("bus") and c not in ("bus0", "bus1")
             and (lk[c].fillna("").astype(str) != "").any()]
    if extra:
        conv.note(f"Links with more outputs ({', '.join(extra)}) NOT carried as such: an energymodel link has one "
                  "input and one output, so only bus0 → bus1 (efficiency) is kept and the flows to "
                  f"{', '.join(extra)} (e.g. a CHP's heat, captured CO2) are dropped.")
    eff = lk["efficiency"].astype(float)
    if ((eff <= 0) | (eff > 1)).any():
        conv.note("Link efficiencies outside (0, 1] (e.g. heat pumps) clipped into (0, 1].")
    bidirectional = lk["p_min_pu"].astype(float) < 0
    if (bidirectional & (eff < 1)).any():
        conv.note("Bidirectional links with efficiency < 1: energymodel loses energy both ways (PyPSA's "
                  "single signed flow gains it running backwards).")
    if (bidirectional & (lk["marginal_cost"].astype(float) != 0)).any():
        conv.note("Bidirectional links with a marginal cost: energymodel charges it per MWh sent each way "
                  "(PyPSA on the signed flow, so it pays back running backwards).")
    p_nom = comp.capacity(lk, "p_nom")
    name = conv.names("link", lk.index)
    year = int(conv.src.snapshots.index[0].year)
    fwd_pu, bwd_pu, profile = _link_ratings(conv, lk, name)
    conv.files["interconnectors"] = pd.DataFrame({
        "link": name.to_numpy(), "from_region": region.reindex(lk["bus0"].astype(str)).to_numpy(),
        "to_region": region.reindex(lk["bus1"].astype(str)).to_numpy(),
        "capacity_fwd_mw": (p_nom * fwd_pu).to_numpy(), "capacity_bwd_mw": (p_nom * bwd_pu).to_numpy(),
        "profile": profile.to_numpy(), "profile_column": "",
        "efficiency": eff.clip(1e-6, 1.0).to_numpy(), "wheeling_usd_per_mwh": lk["marginal_cost"].astype(float).abs().to_numpy(),
        "status": "existing", "year": year, "source_id": SOURCE_ID})


def _link_ratings(conv: Conversion, lk: pd.DataFrame, name: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Per link: forward and backward rating [p.u. of p_nom] and the availability profile's name ("" if
    none). A time-varying p_max_pu becomes the profile ``link_availability`` (p_max_pu / its peak, column
    = the link's name); it scales both directions, so a bidirectional link's p_min_pu must vary alike."""
    pmax = value(conv.src, "links", "p_max_pu")[lk.index]
    pmin = value(conv.src, "links", "p_min_pu")[lk.index]
    if (pmin > 0).to_numpy().any():
        conv.note("Link p_min_pu > 0 (a must-flow) not carried: energymodel's arcs may carry nothing.")
    peak = pmax.max().clip(lower=0.0)
    varying = (pmax.max() - pmax.min()) > 1e-12
    back = (-pmin).clip(lower=0.0)
    bwd = back.max() + 0.0  # no -0.0 in the file
    shares = pmax.clip(lower=0.0).div(peak.where(peak > 0, 1.0), axis=1)
    if varying.any():
        alike = np.isclose(back.to_numpy(), bwd.to_numpy()[None, :] * shares.to_numpy(), atol=1e-9).all(axis=0)
        if (varying & (bwd > 0) & ~alike).any():
            conv.note("Bidirectional links with a time-varying p_max_pu: the profile scales both directions "
                      "(PyPSA's p_min_pu did not vary alike).")
        conv.profiles["link_availability"] = shares.loc[:, varying.to_numpy()].set_axis(
            name[varying].to_numpy(), axis=1)
    elif ((back.max() - back.min()) > 1e-12).any():
        conv.note("Time-varying link p_min_pu replaced by its largest magnitude.")
    return peak, bwd, pd.Series(np.where(varying, "link_availability", ""), index=lk.index)


def lines(conv: Conversion, region: pd.Series) -> None:
    """AC lines and transformers → ``lines.csv``: capacity s_nom · s_max_pu, reactance in per unit of a
    1 MVA base (PyPSA's ``x_pu_eff``: x / v_nom² for a line, x / s_nom for a transformer). A transformer
    named like a line is written as ``transformer_<name>`` (one namespace in lines.csv)."""
    v_nom = conv.src.static["buses"]["v_nom"].astype(float)
    frames = []
    for component in ("lines", "transformers"):
        df = comp.active(conv, component)
        if df.empty:
            continue
        comp.capacity_note(conv, df, component, "s_nom")
        s_nom = comp.capacity(df, "s_nom")
        x = df["x"].astype(float)
        if component == "lines":
            x_pu = x / v_nom.reindex(df["bus0"].astype(str)).to_numpy() ** 2
            label = df.index.astype(str)
        else:
            x_pu = x / s_nom.where(s_nom > 0, 1.0)
        if "x_pu_eff" in df:  # read with PyPSA: its own per-unit reactance (line types, tap ratios applied)
            x_pu = df["x_pu_eff"].astype(float)
        if component == "lines":  # a DC grid's flows follow resistance (PyPSA's linear power flow on DC)
            dc = conv.src.static["buses"]["carrier"].reindex(df["bus0"].astype(str)).astype(str).to_numpy() == "DC"
            r_pu = df["r_pu_eff"].astype(float) if "r_pu_eff" in df else \
                df["r"].astype(float) / v_nom.reindex(df["bus0"].astype(str)).to_numpy() ** 2
            x_pu = x_pu.where(~dc, r_pu)
        elif "type" in df and (df["type"].fillna("").astype(str) != "").any():
            raise InputError(f"{component} with a standard type need PyPSA to resolve their reactance: pip "
                             "install 'energymodel[pypsa]'", file=conv.src.name, key=f"{component}.type")
        if component == "transformers":
            if (df["phase_shift"].astype(float) != 0).any():
                conv.note("Transformer phase shifts not carried (DC power flow without angle offsets).")
            if (df["tap_ratio"].astype(float) != 1).any() and "x_pu_eff" not in df:
                conv.note("Transformer tap ratios not carried (read with PyPSA, they scale the reactance).")
            taken = set(frames[0]["label"]) if frames else set()
            label = pd.Index([f"transformer_{i}" if i in taken else i for i in df.index.astype(str)])
            conv.renamed += [("transformer", i, f"transformer_{i}") for i in df.index.astype(str) if i in taken]
        frames.append(pd.DataFrame({"label": label, "from_region": region.reindex(df["bus0"].astype(str)).to_numpy(),
                                    "to_region": region.reindex(df["bus1"].astype(str)).to_numpy(),
                                    "capacity_mw": (s_nom * df["s_max_pu"].astype(float)).to_numpy(),
                                    "reactance_pu": x_pu.to_numpy(), "source_id": SOURCE_ID}))
    if frames:
        out = pd.concat(frames, ignore_index=True)
        out.insert(0, "line", conv.names("line", pd.Index(out.pop("label"))).to_numpy())
        conv.files["lines"] = out


USED_SERIES = {"generators": {"p_max_pu", "p_min_pu", "marginal_cost"}, "loads": {"p_set"},
               "storage_units": {"inflow"}, "links": {"p_max_pu", "p_min_pu"}}
"""Time-varying input attributes the import carries (others are named in the conversion note)."""


def _unused_series(conv: Conversion) -> None:
    for component, frames in conv.src.series.items():
        unused = sorted(set(frames) - USED_SERIES.get(component, set()))
        if unused:
            conv.note(f"Time series of {component} not carried: {', '.join(unused)}.")


def _durations(conv: Conversion) -> np.ndarray:
    return conv.src.snapshots["stores"].to_numpy(dtype=float)


def convert(path: str | Path) -> tuple[Conversion, pd.DatetimeIndex]:
    """Read the network at ``path`` and map every component (nothing is written)."""
    conv = Conversion(read_pypsa(path))
    stamps = comp.time_index(conv)
    region = comp.bus_regions(conv)
    comp.demand(conv, region)
    comp.generators(conv, region)
    positive = _durations(conv)[_durations(conv) > 0]
    conv.files["storage"] = pd.concat([pypsa_storage.storage_units(conv, region), pypsa_storage.stores(
        conv, region, float(positive.min()) if len(positive) else 1.0)], ignore_index=True)
    links(conv, region)
    lines(conv, region)
    conv.co2_cap = comp.co2_cap(conv)
    _unused_series(conv)
    if conv.src.other_components:
        conv.note(f"Components not carried: {', '.join(conv.src.other_components)}.")
    conv.note("Not carried in general: capital costs and expansion, unit commitment, ramp limits, reactive "
              "power, line losses.")
    return conv, stamps


def _profile_frame(df: pd.DataFrame, stamps: pd.DatetimeIndex) -> pd.DataFrame:
    out = df.reset_index(drop=True).copy()
    out.insert(0, "snapshot", stamps.strftime(STAMP))
    return out


def _write_data(conv: Conversion, stamps: pd.DatetimeIndex, data: Path, source: Path) -> None:
    (data / "profiles").mkdir(parents=True)
    pd.DataFrame([{"source_id": SOURCE_ID, "citation": f"PyPSA network {source.name}, converted by energymodel "
                   "import-pypsa", "url": "", "year": str(stamps[0].year), "licence": "as the source network",
                   "note": "see conversion.md next to this folder for what was carried over"}]).to_csv(
        data / "sources.csv", index=False)
    empty = {"hydro": ["hydro", "region", "capacity_mw", "energy_mwh", "inflow_profile", "source_id"],
             "interconnectors": ["link", "from_region", "to_region", "capacity_fwd_mw", "capacity_bwd_mw",
                                 "profile", "profile_column", "efficiency", "wheeling_usd_per_mwh", "status", "year",
                                 "source_id"]}
    for name, cols in empty.items():
        conv.files.setdefault(name, pd.DataFrame(columns=cols))
    for name, df in conv.files.items():
        df.to_csv(data / f"{name}.csv", index=False)
    manifest = []
    for name, df in conv.profiles.items():
        _profile_frame(df, stamps).to_csv(data / "profiles" / f"{name}_pu.csv", index=False)
        manifest += [{"profile": name, "column": c, "source_id": SOURCE_ID, "note": ""} for c in df.columns]
    pd.DataFrame(manifest, columns=["profile", "column", "source_id", "note"]).to_csv(data / "profiles.csv", index=False)
    w = conv.src.snapshots
    _profile_frame(pd.DataFrame({"weight_h": w["objective"].to_numpy(), "duration_h": w["stores"].to_numpy()}),
                   stamps).to_csv(data / "snapshot_weights.csv", index=False)


def _scenario(conv: Conversion, name: str, year: int) -> dict:
    scenario = {"name": name, "description": f"Imported from PyPSA network {conv.src.name} (see conversion.md)",
                "data": "data", "year": year, "voll_usd_per_mwh": IMPORT_VOLL_USD_PER_MWH}
    if "lines" in conv.files:
        scenario["power_flow"] = "dc"
    if conv.co2_cap is not None:
        scenario["co2_cap_tco2_per_year"] = conv.co2_cap
    if conv.files["regions"]["countries"].nunique() < 2:
        scenario["integration"] = {"counterfactual": "none"}
    return scenario


def _note_text(conv: Conversion, source: Path, name: str) -> str:
    counts = ", ".join(f"{len(df)} {k}" for k, df in conv.files.items() if len(df))
    lines_ = [f"# Conversion of {source.name} (PyPSA) into energymodel", "",
              f"Scenario `{name}.yaml`, data directory `data/`: {counts}; {len(conv.src.snapshots)} snapshots.", "",
              "## What changed or was left out", ""]
    lines_ += [f"- {n}" for n in conv.notes] or ["- Nothing: every component was carried over."]
    if conv.renamed:
        lines_ += ["", "## Renamed (spaces and separators replaced)", "", "| kind | PyPSA name | energymodel name |",
                   "|---|---|---|"] + [f"| {k} | {a} | {b} |" for k, a, b in conv.renamed]
    return "\n".join(lines_) + "\n"


def import_pypsa(network: str | Path, out_dir: str | Path, name: str | None = None) -> Path:
    """Convert the PyPSA network at ``network`` (``.nc`` or CSV folder) into ``out_dir`` (which must not
    exist or be empty): ``data/``, ``<name>.yaml`` and ``conversion.md``. Returns the scenario's path.

    Raises InputError for an unreadable network or an ``out_dir`` that holds files (nothing is replaced)."""
    source, out = Path(network), Path(out_dir)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise InputError("the output folder exists and is not empty; choose a new folder", file=out)
    conv, stamps = convert(source)
    name = name or source.stem.replace(" ", "_") or "imported"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".import-", dir=out.parent))
    try:
        _write_data(conv, stamps, tmp / "data", source)
        with open(tmp / f"{name}.yaml", "w", encoding="utf-8") as fh:
            yaml.safe_dump(_scenario(conv, name, int(stamps[0].year)), fh, sort_keys=False)
        (tmp / "conversion.md").write_text(_note_text(conv, source, name), encoding="utf-8")
        if out.exists():
            out.rmdir()  # empty, checked above
        tmp.rename(out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    log.info("imported %s into %s (%d notes in conversion.md)", source, out, len(conv.notes))
    return out / f"{name}.yaml"
