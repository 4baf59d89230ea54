"""Read a PyPSA network (a netCDF file or a folder of CSV files) into plain pandas tables.

With PyPSA installed (``pip install energymodel[pypsa]``) the network is read by ``pypsa.Network``; a CSV
folder can also be read without it, with PyPSA's defaults for the attributes the import uses
(:data:`DEFAULTS`, from PyPSA's component attribute tables, version 1.x). A netCDF file needs PyPSA.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from energymodel.errors import InputError

log = logging.getLogger(__name__)

COMPONENTS = ("buses", "carriers", "generators", "loads", "storage_units", "stores", "links", "lines",
              "transformers", "global_constraints")
"""PyPSA component lists the import reads (others are listed in the conversion note as not carried)."""

DEFAULTS: dict[str, dict[str, object]] = {
    "buses": {"v_nom": 1.0, "carrier": "AC"},
    "carriers": {"co2_emissions": 0.0},
    "generators": {"bus": "", "p_nom": 0.0, "p_nom_opt": 0.0, "p_nom_extendable": False, "p_max_pu": 1.0,
                   "p_min_pu": 0.0, "marginal_cost": 0.0, "carrier": "", "efficiency": 1.0, "sign": 1.0,
                   "committable": False, "active": True},
    "loads": {"bus": "", "p_set": 0.0, "active": True},
    "storage_units": {"bus": "", "p_nom": 0.0, "p_nom_opt": 0.0, "p_nom_extendable": False, "max_hours": 1.0,
                      "p_max_pu": 1.0, "p_min_pu": -1.0, "efficiency_store": 1.0, "efficiency_dispatch": 1.0,
                      "standing_loss": 0.0, "cyclic_state_of_charge": False, "state_of_charge_initial": 0.0,
                      "marginal_cost": 0.0, "marginal_cost_storage": 0.0, "spill_cost": 0.0, "inflow": 0.0,
                      "carrier": "", "active": True},
    "stores": {"bus": "", "e_nom": 0.0, "e_nom_opt": 0.0, "e_nom_extendable": False, "e_max_pu": 1.0,
               "e_min_pu": 0.0, "e_cyclic": False, "e_initial": 0.0, "standing_loss": 0.0, "marginal_cost": 0.0,
               "marginal_cost_storage": 0.0, "carrier": "", "active": True},
    "links": {"bus0": "", "bus1": "", "p_nom": 0.0, "p_nom_opt": 0.0, "p_nom_extendable": False,
              "efficiency": 1.0, "p_max_pu": 1.0, "p_min_pu": 0.0, "marginal_cost": 0.0, "carrier": "",
              "active": True},
    "lines": {"bus0": "", "bus1": "", "s_nom": 0.0, "s_nom_opt": 0.0, "s_nom_extendable": False, "s_max_pu": 1.0,
              "x": 0.0, "r": 0.0, "active": True},
    "transformers": {"bus0": "", "bus1": "", "s_nom": 0.0, "s_nom_opt": 0.0, "s_nom_extendable": False,
                     "s_max_pu": 1.0, "x": 0.0, "tap_ratio": 1.0, "phase_shift": 0.0, "active": True},
    "global_constraints": {"type": "", "carrier_attribute": "", "sense": "<=", "constant": 0.0},
}
"""PyPSA's default of each attribute the import uses (absent from a CSV when it has the default)."""


@dataclass
class PypsaTables:
    """A PyPSA network as tables: ``static[list]`` indexed by name with every attribute of
    :data:`DEFAULTS`; ``series[list][attr]`` snapshots × names; ``snapshots`` (naive or aware timestamps) with
    ``objective`` and ``stores`` weightings [h]."""

    name: str
    static: dict[str, pd.DataFrame]
    series: dict[str, dict[str, pd.DataFrame]]
    snapshots: pd.DataFrame
    other_components: list[str]
    """Non-empty component lists the import does not read (e.g. shunt impedances, global constraints)."""


def _with_defaults(df: pd.DataFrame, component: str) -> pd.DataFrame:
    df = df.copy()
    df.index = df.index.astype(str)
    for attr, default in DEFAULTS[component].items():
        if attr not in df:
            df[attr] = default
        else:
            df[attr] = df[attr].where(df[attr].notna() & (df[attr].astype(str) != ""), default)
    if "active" in df:
        df["active"] = df["active"].map(lambda v: str(v).lower() not in ("false", "0", "0.0"))
    return df


def _read_with_pypsa(path: Path) -> PypsaTables:
    import pypsa  # noqa: PLC0415 - optional dependency

    n = pypsa.Network(str(path))
    if isinstance(n.snapshots, pd.MultiIndex):
        raise InputError("multi-period (investment period) networks are not supported; export one period",
                         file=path)
    n.calculate_dependent_values()  # x_pu_eff of lines and transformers, with standard line types applied
    static = {c: _with_defaults(getattr(n, c), c) for c in COMPONENTS}
    series = {}
    for c in COMPONENTS:
        frames = getattr(n, f"{c}_t", {})
        status = n.components[c].attrs["status"].astype(str)
        inputs = set(status.index[status.str.startswith("Input")])  # not results of an earlier solve
        series[c] = {k: v.set_axis(v.columns.astype(str), axis=1) for k, v in dict(frames).items()
                     if k in inputs and hasattr(v, "empty") and not v.empty}
    w = n.snapshot_weightings
    snaps = pd.DataFrame({"objective": w["objective"].to_numpy(dtype=float),
                          "stores": w["stores"].to_numpy(dtype=float),
                          "generators": w["generators"].to_numpy(dtype=float)}, index=pd.DatetimeIndex(n.snapshots))
    components = n.components if hasattr(n, "components") and not callable(n.components) else n.iterate_components()
    skip = set(COMPONENTS) | {"sub_networks", "shapes", "line_types", "transformer_types"}
    others = [c.list_name for c in components if c.list_name not in skip and len(c.static)]
    return PypsaTables(name=str(n.name or path.stem), static=static, series=series, snapshots=snaps,
                       other_components=others)


def _csv(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path, keep_default_na=True)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise InputError(f"not a readable CSV file ({exc})", file=path) from None


def _csv_snapshots(folder: Path) -> pd.DataFrame:
    path = folder / "snapshots.csv"
    if not path.exists():
        raise InputError("not a PyPSA CSV folder: snapshots.csv is missing", file=folder)
    df = _csv(path)
    col = "snapshot" if "snapshot" in df else "name" if "name" in df else df.columns[0]
    try:
        stamps = pd.DatetimeIndex(pd.to_datetime(df[col], format="ISO8601"))
    except (ValueError, TypeError):
        raise InputError(f"column {col!r} must hold timestamps", file=path, key=col) from None
    return pd.DataFrame({w: df.get(w, pd.Series(1.0, index=df.index)).astype(float).to_numpy()
                         for w in ("objective", "stores", "generators")}, index=stamps)


def _csv_series(path: Path, snapshots: pd.DatetimeIndex) -> pd.DataFrame:
    df = _csv(path)
    df = df.set_index(df.columns[0])
    if len(df) != len(snapshots):
        raise InputError(f"{len(df)} rows, but snapshots.csv has {len(snapshots)}", file=path)
    df.index = snapshots  # by position: PyPSA writes row numbers or the snapshots themselves
    df.columns = df.columns.astype(str)
    return df.astype(float)


OUTPUTS = {"p", "q", "p0", "p1", "p2", "p3", "q0", "q1", "s", "state_of_charge", "spill", "p_dispatch", "p_store",
           "e", "marginal_price", "v_ang", "v_mag_pu", "status", "start_up", "shut_down"}
"""Time series PyPSA writes as results of a solve (read from a CSV folder, they are not inputs)."""


def _is_output(attr: str) -> bool:
    return attr in OUTPUTS or attr.startswith("mu_")


def _read_csv_folder(folder: Path) -> PypsaTables:
    snaps = _csv_snapshots(folder)
    static, series = {}, {}
    for c in COMPONENTS:
        path = folder / f"{c}.csv"
        df = _csv(path).set_index("name") if path.exists() else pd.DataFrame(index=pd.Index([], name="name"))
        static[c] = _with_defaults(df, c)
        series[c] = {p.stem.split("-", 1)[1]: _csv_series(p, snaps.index) for p in folder.glob(f"{c}-*.csv")
                     if not _is_output(p.stem.split("-", 1)[1])}
    known = {f"{c}.csv" for c in COMPONENTS} | {"snapshots.csv", "network.csv"}
    others = sorted(p.stem for p in folder.glob("*.csv") if p.name not in known and "-" not in p.stem)
    name = folder.name
    if (folder / "network.csv").exists():
        meta = _csv(folder / "network.csv")
        if "name" in meta and len(meta) and isinstance(meta["name"].iloc[0], str):
            name = meta["name"].iloc[0]
    return PypsaTables(name=name, static=static, series=series, snapshots=snaps, other_components=others)


def read_pypsa(path: str | Path) -> PypsaTables:
    """Read a PyPSA network from a ``.nc`` file or a CSV folder (InputError if it cannot be read)."""
    path = Path(path)
    if not path.exists():
        raise InputError("PyPSA network not found (expected a .nc file or a folder of CSV files)", file=path)
    try:
        import pypsa  # noqa: F401, PLC0415
        have_pypsa = True
    except ImportError:
        have_pypsa = False
    if have_pypsa:
        return _read_with_pypsa(path)
    if path.is_dir():
        log.info("PyPSA is not installed: reading the CSV folder with PyPSA's defaults")
        return _read_csv_folder(path)
    raise InputError("reading a netCDF network needs PyPSA: pip install 'energymodel[pypsa]' (or export the "
                     "network to a CSV folder)", file=path)


def value(tables: PypsaTables, component: str, attr: str) -> pd.DataFrame:
    """snapshots × names of ``attr``: the time series where given, else the static value (broadcast)."""
    static = tables.static[component]
    out = pd.DataFrame(np.tile(pd.to_numeric(static[attr]).to_numpy(dtype=float), (len(tables.snapshots), 1)),
                       index=tables.snapshots.index, columns=static.index)
    given = tables.series[component].get(attr)
    if given is not None:
        cols = [c for c in given.columns if c in out.columns]
        out[cols] = given[cols].to_numpy(dtype=float)
    return out
