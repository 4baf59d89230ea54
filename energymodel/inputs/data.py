"""Read a data directory (format: ``data/README.md``) into typed, checked pandas tables.

Each table has a schema: required columns and their kind. A missing file, an empty file, a missing
column, a value of the wrong type, a negative or non-finite number is an :class:`InputError` naming the
file, the column and the first offending row (row numbers count the header as line 1).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from energymodel.errors import InputError
from energymodel.inputs.units import SOLVER_INFINITY

STR, NUM, NUM_SIGNED, NUM_OPT, INT = "str", "num", "num_signed", "num_opt", "int"
NUM_OPT_SIGNED = "num_opt_signed"
"""An optional number that may be negative (``generators.csv:min_output_pu``)."""

SCHEMAS: dict[str, dict[str, str]] = {
    "sources": {"source_id": STR, "citation": STR, "url": "str_opt", "year": "str_opt",
                "licence": "str_opt", "note": "str_opt"},
    "regions": {"region": STR, "name": STR, "countries": STR, "utc_offset_h": NUM_SIGNED,
                "source_id": STR},
    "demand": {"region": STR, "annual_twh": NUM, "peak_mw": NUM_OPT, "source_id": STR},
    "technologies": {"technology": STR, "fuel": STR, "heat_rate_mwh_th_per_mwh": NUM,
                     "vom_usd_per_mwh": NUM, "emission_factor_tco2_per_mwh_th": NUM,
                     "availability_pu": NUM, "profile": "str_opt", "source_id": STR},
    "generators": {"generator": STR, "region": STR, "technology": STR, "capacity_mw": NUM,
                   "source_id": STR},
    "fuel_prices": {"fuel": STR, "region": STR, "price_usd_per_mwh_th": NUM, "source_id": STR},
    "carbon_prices": {"region": STR, "carbon_usd_per_t": NUM, "source_id": STR},
    "storage": {"storage": STR, "region": STR, "technology": STR, "power_mw": NUM,
                "energy_mwh": NUM, "efficiency_charge": NUM, "efficiency_discharge": NUM,
                "source_id": STR},
    "hydro": {"hydro": STR, "region": STR, "capacity_mw": NUM, "energy_mwh": NUM,
              "inflow_profile": STR, "source_id": STR},
    "interconnectors": {"link": STR, "from_region": STR, "to_region": STR,
                        "capacity_fwd_mw": NUM, "capacity_bwd_mw": NUM, "efficiency": NUM,
                        "wheeling_usd_per_mwh": NUM, "status": STR, "year": NUM_OPT,
                        "source_id": STR},
    "profiles": {"profile": STR, "column": STR, "source_id": STR, "note": "str_opt"},
    # ---- optional backcast tables (hydrology, operating rules)
    "hydrology": {"region": STR, "year": NUM, "month": NUM, "inflow_twh": NUM, "source_id": STR},
    "generation_limits": {"limit": STR, "region": STR, "technology": STR, "bound": STR, "basis": STR,
                          "annual_twh": NUM, "rule": STR, "source_id": STR},
    "reservoir_levels": {"hydro": STR, "month": NUM, "min_level_pu": NUM, "source_id": STR},
    "capacity_ramp": {"region": STR, "technology": STR, "year": NUM, "month": NUM, "in_service_pu": NUM,
                      "source_id": STR},
    "fuel_price_months": {"fuel": STR, "region": STR, "year": NUM, "month": NUM, "price_usd_per_mwh_th": NUM,
                          "source_id": STR},
    "link_limits": {"link": STR, "direction": STR, "start_date": STR, "end_date": STR, "available_pu": NUM,
                    "source_id": STR},
    "lines": {"line": STR, "from_region": STR, "to_region": STR, "capacity_mw": NUM, "reactance_pu": NUM,
              "source_id": STR},
    # ---- optional gas network (data/GAS.md); all five gas_* tables come together, led by gas_nodes
    "gas_sources": {"source_id": STR, "citation": STR, "url": "str_opt", "year": "str_opt",
                    "licence": "str_opt", "note": "str_opt"},
    "gas_nodes": {"node": STR, "kind": STR, "region": "str_opt", "country": "str_opt", "source_id": STR},
    "gas_reference_prices": {"reference": STR, "price_usd_per_mwh_th": NUM, "source_id": STR},
    "gas_supply": {"supply": STR, "node": STR, "kind": STR, "capacity_mw_th": NUM_OPT,
                   "price_reference": STR, "adder_usd_per_mwh_th": NUM_SIGNED, "source_id": STR},
    "gas_demand": {"node": STR, "nonpower_mw_th": NUM, "source_id": STR},
    "gas_links": {"gas_link": STR, "from_node": STR, "to_node": STR, "kind": STR, "capacity_mw_th": NUM_OPT,
                  "cost_usd_per_mwh_th": NUM, "loss_pu": NUM, "source_id": STR},
    # ---- optional zones inside regions (network/zones.py); zones.csv leads, the other three may be absent
    "zones": {"zone": STR, "region": STR, "name": STR, "main": NUM, "demand_share_pu": NUM,
              "utc_offset_h": NUM_SIGNED, "source_id": STR},
    "zone_shares": {"zone": STR, "technology": STR, "share_pu": NUM, "source_id": STR},
    "zone_links": {"link": STR, "from_zone": STR, "to_zone": STR, "capacity_fwd_mw": NUM,
                   "capacity_bwd_mw": NUM, "efficiency": NUM, "wheeling_usd_per_mwh": NUM, "source_id": STR},
    "zone_landings": {"link": STR, "from_zone": "str_opt", "to_zone": "str_opt", "source_id": STR},
}
"""Required columns of each table. Extra columns are kept (e.g. notes)."""

ABSENT_MEANS_EMPTY = {"fuel_prices", "carbon_prices"}
"""Tables whose file may be absent: read as header only (no fuel priced, no carbon price)."""

GAS_TABLES = ("gas_nodes", "gas_reference_prices", "gas_supply", "gas_demand", "gas_links")
"""The gas network: optional as a whole. Without ``gas_nodes.csv`` gas plants pay the exogenous fuel price
of ``fuel_prices.csv``; with it, the other four files are required too."""

ZONE_TABLES = ("zones", "zone_shares", "zone_links", "zone_landings")
"""Zones inside regions (network/zones.py): optional; used only when a scenario turns zones on."""

OPTIONAL = {"gas_sources", "lines", "hydrology", "generation_limits", "reservoir_levels", "capacity_ramp",
            "fuel_price_months", "link_limits", *GAS_TABLES,
            *ZONE_TABLES}
"""Tables whose file may be absent (see :data:`GAS_TABLES`; ``gas_sources.csv`` extends ``sources.csv``;
``hydrology.csv``, ``generation_limits.csv``, ``reservoir_levels.csv``, ``capacity_ramp.csv``,
``fuel_price_months.csv`` and ``link_limits.csv`` are the backcast tables of data/README.md)."""

OPTIONAL_COLUMNS: dict[str, dict[str, str]] = {
    "generators": {"availability_pu": NUM_OPT, "marginal_cost_usd_per_mwh": NUM_OPT, "profile_column": "str_opt",
                   "profile": "str_opt",
                   "min_output_pu": NUM_OPT_SIGNED, "heat_rate_mwh_th_per_mwh": NUM_OPT},
    "interconnectors": {"profile": "str_opt", "profile_column": "str_opt"},
    "link_limits": {"note": "str_opt", "hydrology_year": NUM_OPT},
    "hydro": {"start_level_pu": NUM_OPT, "end_level_pu": NUM_OPT}, "carbon_prices": {"fuel": "str_opt"},
    "reservoir_levels": {"max_level_pu": NUM_OPT, "rule": "str_opt"},
    "storage": {"charge_power_mw": NUM_OPT, "dispatch_cost_usd_per_mwh": NUM_OPT,
                "standing_loss_pu_per_h": NUM_OPT, "inflow_profile": "str_opt", "cyclic": "str_opt",
                "initial_soc_pu": NUM_OPT, "min_soc_pu": NUM_OPT},
}
"""Columns a table may leave out; read as empty (the default, docs/data_format.md) when absent, and checked
like required ones."""

MAY_BE_EMPTY = {"lines", "storage", "hydro", "generation_limits", "reservoir_levels", "capacity_ramp",
                "fuel_price_months", "link_limits", "carbon_prices", "interconnectors", "gas_reference_prices",
                "gas_supply", "gas_demand", "gas_links", "zone_links", "zone_landings"}
"""Tables that may have a header and no rows."""

KEYS: dict[str, tuple[str, ...]] = {
    "sources": ("source_id",), "regions": ("region",), "demand": ("region",), "technologies": ("technology",),
    "generators": ("generator",), "fuel_prices": ("fuel", "region"), "carbon_prices": ("region", "fuel"),
    "storage": ("storage",), "hydro": ("hydro",), "interconnectors": ("link",), "profiles": ("profile", "column"),
    "gas_sources": ("source_id",), "gas_nodes": ("node",), "gas_reference_prices": ("reference",),
    "gas_supply": ("supply",), "gas_demand": ("node",), "gas_links": ("gas_link",), "zones": ("zone",),
    "zone_shares": ("zone", "technology"), "zone_links": ("link",), "zone_landings": ("link",),
    "hydrology": ("region", "year", "month"), "generation_limits": ("limit",), "reservoir_levels": ("hydro", "month"),
    "capacity_ramp": ("region", "technology", "year", "month"), "lines": ("line",),
    "fuel_price_months": ("fuel", "region", "year", "month"),
    "link_limits": ("link", "direction", "start_date")}
"""Key of every table (one or more columns): a key given twice is an error, whatever the table. A key column
that is optional and absent from the file (``carbon_prices.csv:fuel``) is left out of the key."""



@dataclass(frozen=True)
class Tables:
    """The raw tables of a data directory, checked one by one (cross-table checks: ``checks.py``)."""

    directory: Path
    tables: dict[str, pd.DataFrame]
    profiles: dict[str, pd.DataFrame]
    """``name`` → DataFrame indexed by row 0..N-1 (N = 8760 for a year of hours), one column per region or
    named profile. Every profile has the same N."""
    file_hashes: dict[str, str] = field(default_factory=dict)
    timestamps: pd.DatetimeIndex | None = None
    """UTC start of each profile row when the profiles give a ``snapshot`` column; None when they give
    ``hour`` (row i is hour i of the scenario year, UTC)."""

    weights: pd.DataFrame | None = None
    """Optional ``snapshot_weights.csv``: per profile row, ``weight_h`` (hours of the year it stands for, in the
    objective) and ``duration_h`` (hours it lasts, in storage continuity); None: both are the row's length."""

    @property
    def n_rows(self) -> int:
        """Rows of every profile (the longest horizon that can be modelled)."""
        return len(self.profiles["demand"])

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    @property
    def has_gas(self) -> bool:
        """True when the directory describes a gas network (``gas_nodes.csv`` and its companions)."""
        return "gas_nodes" in self.tables

    def source_ids(self) -> set[str]:
        """Every known source_id: ``sources.csv`` ∪ ``gas_sources.csv``."""
        ids = set(self.tables["sources"]["source_id"])
        if "gas_sources" in self.tables:
            ids |= set(self.tables["gas_sources"]["source_id"])
        return ids


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read_csv(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise InputError("data file not found", file=path)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
    except pd.errors.EmptyDataError:
        raise InputError("the file is empty; expected a header row and data rows", file=path) from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise InputError(f"not a readable CSV file ({exc})", file=path) from None
    header = pd.read_csv(path, header=None, nrows=1, dtype=str, keep_default_na=False).iloc[0]
    names = [str(c).strip() for c in header]
    seen = set()
    for name in names:
        if name in seen:
            raise InputError(f"column {name!r} appears twice in the header (the second would be renamed "
                             "and silently ignored)", file=path, key=name)
        seen.add(name)
    df.columns = [str(c).strip() for c in df.columns]
    return df


def _to_number(df: pd.DataFrame, col: str, path: Path, kind: str) -> pd.Series:
    text = df[col].str.strip()
    missing = text == ""
    values = pd.to_numeric(text.where(~missing, "nan"), errors="coerce")
    bad = values.isna() & ~missing
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(f"row {i + 2}: expected a number, found {df[col].iloc[i]!r}", file=path, key=col)
    if missing.any() and kind not in (NUM_OPT, NUM_OPT_SIGNED):
        i = int(np.flatnonzero(missing.to_numpy())[0])
        raise InputError(f"row {i + 2}: value is missing; expected a number", file=path, key=col)
    arr = values.to_numpy(dtype=float)
    present = ~np.isnan(arr)
    if np.isinf(arr).any():
        i = int(np.flatnonzero(np.isinf(arr))[0])
        raise InputError(f"row {i + 2}: expected a finite number, found {df[col].iloc[i]!r}", file=path, key=col)
    huge = present & (np.abs(np.where(present, arr, 0.0)) >= SOLVER_INFINITY)
    if huge.any():
        i = int(np.flatnonzero(huge)[0])
        unlimited = " (leave the cell empty for no limit)" if kind == NUM_OPT else ""
        raise InputError(f"row {i + 2}: {df[col].iloc[i]} is at or beyond the solver's infinity "
                         f"({SOLVER_INFINITY:g}); expected a number below it{unlimited}", file=path, key=col)
    if kind not in (NUM_SIGNED, NUM_OPT_SIGNED) and (arr[present] < 0).any():
        i = int(np.flatnonzero(present & (arr < 0))[0])
        raise InputError(f"row {i + 2}: expected a non-negative number, found {arr[i]:g}", file=path, key=col)
    return pd.Series(arr, index=df.index, name=col)


def read_table(path: Path, name: str) -> pd.DataFrame:
    """Read one table and check it against ``SCHEMAS[name]``."""
    df = _read_csv(path)
    absent = [col for col in OPTIONAL_COLUMNS.get(name, {}) if col not in df.columns]
    for col in absent:
        df[col] = ""
    schema = {**SCHEMAS[name], **OPTIONAL_COLUMNS.get(name, {})}
    missing = [c for c in schema if c not in df.columns]
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(missing)}; expected columns: {', '.join(schema)}", file=path
        )
    if df.empty and name not in MAY_BE_EMPTY:
        raise InputError("the file has a header but no data rows", file=path)
    extra = {c: k for c, k in OPTIONAL_COLUMNS.get(name, {}).items() if c in df.columns}
    for col, kind in {**schema, **extra}.items():
        if kind.startswith("num"):
            df[col] = _to_number(df, col, path, kind)
        else:
            df[col] = df[col].str.strip()
            if kind == STR:
                empty = df[col] == ""
                if empty.any():
                    i = int(np.flatnonzero(empty.to_numpy())[0])
                    raise InputError(f"row {i + 2}: value is missing; expected text", file=path, key=col)
    check_unique_key(df, tuple(k for k in KEYS[name] if k in df.columns and k not in absent), path)
    return df


def check_unique_key(df: pd.DataFrame, key: tuple[str, ...], path: Path) -> None:
    """The one duplicate-key check of every keyed table: the first repeated key names its row."""
    dup = df.duplicated(list(key))
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        first = int(np.flatnonzero((df[list(key)] == df[list(key)].iloc[i]).all(axis=1).to_numpy())[0])
        value = ", ".join(f"{k}={df[k].iloc[i]!r}" for k in key)
        raise InputError(f"row {i + 2}: duplicate key ({value}), already given in row {first + 2}", file=path,
                         key="/".join(key))


def _read_profile_fast(path: Path) -> pd.DataFrame | None:
    """The profile parsed by pandas' C reader (about 10× faster than the checked path), or None when
    anything is unusual (missing file, repeated headers, a ``snapshot`` column, text, empty cells,
    infinities, huge or negative numbers, wrong hours): then
    :func:`read_profile` takes the checked path, which names the problem."""
    try:
        df = pd.read_csv(path, skipinitialspace=True)
        header = [str(c).strip() for c in pd.read_csv(path, header=None, nrows=1, dtype=str).iloc[0]]
    except Exception:  # noqa: BLE001 - any problem: the checked path reports it
        return None
    df.columns = [str(c).strip() for c in df.columns]
    if (len(set(header)) != len(header) or header != list(df.columns) or "hour" not in df.columns or len(df) == 0 or df.columns.duplicated().any()
            or not all(pd.api.types.is_numeric_dtype(t) and not pd.api.types.is_bool_dtype(t) for t in df.dtypes)
            or not np.array_equal(df["hour"].to_numpy(), np.arange(len(df)))):
        return None
    values = df.drop(columns="hour").to_numpy(dtype=float)
    if not np.isfinite(values).all() or (values < 0).any() or (values >= SOLVER_INFINITY).any():
        return None
    return pd.DataFrame(values, columns=[c for c in df.columns if c != "hour"],
                        index=pd.RangeIndex(len(df), name="hour"))


def _profile_axis(df: pd.DataFrame, path: Path) -> pd.DatetimeIndex | None:
    """The time column of a profile: ``hour`` (0, 1, …, N-1; None returned) or ``snapshot`` (ISO 8601
    timestamps, strictly increasing; with a UTC offset they are converted to UTC, without one they are UTC)."""
    if "snapshot" in df.columns:
        try:
            stamps = pd.to_datetime(df["snapshot"].str.strip(), utc=True, format="ISO8601")
        except (ValueError, TypeError) as exc:
            raise InputError(f"column 'snapshot' must hold ISO 8601 timestamps ({exc})", file=path,
                             key="snapshot") from None
        index = pd.DatetimeIndex(stamps)
        if not index.is_monotonic_increasing or index.has_duplicates:
            raise InputError("column 'snapshot' must increase strictly", file=path, key="snapshot")
        return index
    if "hour" not in df.columns:
        raise InputError("missing time column: 'hour' (0, 1, …, N-1 from 1 January of the scenario year, UTC)"
                         " or 'snapshot' (ISO 8601 timestamps)", file=path)
    hours = _to_number(df, "hour", path, NUM)
    if not np.array_equal(hours.to_numpy(), np.arange(len(df))):
        raise InputError(f"column 'hour' must run 0, 1, …, {len(df) - 1} in order", file=path, key="hour")
    return None


def read_profile(path: Path) -> tuple[pd.DataFrame, pd.DatetimeIndex | None]:
    """Read a wide time series: a time column (``hour`` or ``snapshot``, :func:`_profile_axis`) then one
    numeric column per region or profile. Any number of rows (8760 for a year of hours).

    Returns the values indexed 0..N-1 and the UTC timestamps (None for an ``hour`` column)."""
    fast = _read_profile_fast(path)
    if fast is not None:
        return fast, None
    df = _read_csv(path)
    if df.empty:
        raise InputError("the file has a header but no data rows", file=path)
    axis = _profile_axis(df, path)
    cols = [c for c in df.columns if c not in ("hour", "snapshot")]
    values = df[cols].apply(lambda col: pd.to_numeric(col.str.strip(), errors="coerce")).to_numpy(dtype=float)
    if not (np.isfinite(values).all() and (values >= 0).all()):  # name the first bad cell
        for c in cols:
            _to_number(df, c, path, NUM)
    return pd.DataFrame(values, columns=cols, index=pd.RangeIndex(len(df), name="hour")), axis


def _common_axis(axes: dict[Path, tuple[int, pd.DatetimeIndex | None]]) -> pd.DatetimeIndex | int:
    """All profiles share one time axis: the same length and, where timestamps are given, the same ones.
    Returns the timestamps, or the number of rows when every profile uses ``hour``."""
    (first, (n, stamps)), *rest = axes.items()
    for path, (m, other) in rest:
        if m != n:
            raise InputError(f"{m} rows, but {first.name} has {n}: every profile must cover the same "
                             "snapshots", file=path)
        if stamps is None:
            stamps = other
        elif other is not None and not other.equals(stamps):
            raise InputError(f"timestamps differ from those of {first.name}: every profile must cover the "
                             "same snapshots", file=path, key="snapshot")
    return stamps if stamps is not None else n


def _check_gas_files_together(directory: Path) -> None:
    """The gas network is all or nothing: either no gas_* table (gas_sources.csv aside) or all of them."""
    present = [n for n in GAS_TABLES if (directory / f"{n}.csv").exists()]
    if present and len(present) < len(GAS_TABLES):
        missing = [n for n in GAS_TABLES if n not in present]
        raise InputError(f"a gas network needs all of {', '.join(f'{n}.csv' for n in GAS_TABLES)}; "
                         f"found {', '.join(f'{n}.csv' for n in present)} but not "
                         f"{', '.join(f'{n}.csv' for n in missing)} (data/GAS.md)",
                         file=directory / f"{missing[0]}.csv")


def read_tables(directory: str | Path) -> Tables:
    """Read every table and profile of a data directory (through the cache of checked tables,
    :mod:`energymodel.inputs.table_cache`, unless ``ENERGYMODEL_CACHE=off``)."""
    from energymodel.inputs.table_cache import cached

    directory = Path(directory)
    if not directory.is_dir():
        raise InputError("data directory not found", file=directory)
    return cached(directory, _read_tables)


def _read_tables(directory: Path) -> Tables:
    tables, hashes = {}, {}
    _check_gas_files_together(directory)
    for name in SCHEMAS:
        path = directory / f"{name}.csv"
        if name in OPTIONAL and not path.exists():
            continue
        if name in ABSENT_MEANS_EMPTY and not path.exists():
            tables[name] = pd.DataFrame({c: pd.Series(dtype=float if k.startswith("num") else object)
                                         for c, k in {**SCHEMAS[name], **OPTIONAL_COLUMNS.get(name, {})}.items()})
            continue
        tables[name] = read_table(path, name)
        hashes[f"{name}.csv"] = _sha256(path)
    techs = tables["technologies"]
    for i, prof in enumerate(techs["profile"]):
        if prof and not re.fullmatch(r"[a-z0-9_]+", prof):
            raise InputError(f"row {i + 2}: expected a profile name of lower-case letters, digits and _"
                             f" (a file profiles/<name>_pu.csv), found {prof!r}",
                             file=directory / "technologies.csv", key="profile")
    link_profiles = {p for p in tables["interconnectors"]["profile"] if p}
    gen_profiles = {p for p in tables["generators"]["profile"] if p}   # a unit's own profile (generators.csv)
    for prof, table in [*((p, "interconnectors.csv") for p in link_profiles),
                        *((p, "generators.csv") for p in gen_profiles)]:
        if not re.fullmatch(r"[a-z0-9_]+", prof):
            raise InputError(f"expected a profile name of lower-case letters, digits and _ (a file "
                             f"profiles/<name>_pu.csv), found {prof!r}", file=directory / table,
                             key="profile")
    needed = ["demand"] + sorted({p for p in techs["profile"] if p} | link_profiles | gen_profiles)
    if len(tables["hydro"]) or (tables["storage"]["inflow_profile"] != "").any():
        needed.append("inflow")
    profiles, axes = {}, {}
    for name in needed:
        path = directory / "profiles" / f"{name}_pu.csv"
        profiles[name], stamps = read_profile(path)
        axes[path] = (len(profiles[name]), stamps)
        hashes[f"profiles/{name}_pu.csv"] = _sha256(path)
    weights = None
    path = directory / "snapshot_weights.csv"
    if path.exists():
        weights, stamps = read_profile(path)
        missing = {"weight_h", "duration_h"} - set(weights.columns)
        if missing:
            raise InputError(f"missing column(s) {', '.join(sorted(missing))}; expected a time column, weight_h "
                             "and duration_h", file=path)
        axes[path] = (len(weights), stamps)
        hashes["snapshot_weights.csv"] = _sha256(path)
    axis = _common_axis(axes)
    return Tables(directory=directory.resolve(), tables=tables, profiles=profiles, file_hashes=hashes,
                  timestamps=None if isinstance(axis, int) else axis, weights=weights)


MAP_POSITIONS = "map_positions.csv"
"""Optional: ``place, lat_deg, lon_deg, source_id`` (regions and gas nodes), used only to draw the map."""


def read_map_positions(directory: str | Path) -> pd.DataFrame | None:
    """``map_positions.csv`` of a data directory indexed by place, with float ``lat_deg`` and ``lon_deg``
    [degrees]; None when the file is absent. Raises :class:`InputError` for a missing column or a
    coordinate outside [-90, 90] × [-180, 180]."""
    path = Path(directory) / MAP_POSITIONS
    if not path.exists():
        return None
    df = _read_csv(path)
    for col in ("place", "lat_deg", "lon_deg"):
        if col not in df:
            raise InputError(f"expected a column {col!r}", file=path, key=col)
    df = df.set_index("place")
    out = pd.DataFrame(index=df.index)
    for col, limit in (("lat_deg", 90.0), ("lon_deg", 180.0)):
        values = pd.to_numeric(df[col], errors="coerce")
        bad = values.isna() | (values.abs() > limit)
        if bad.any():
            raise InputError(f"expected a number between -{limit:g} and {limit:g}, got {df[col][bad].iloc[0]!r}",
                             file=path, key=f"{col} of {bad.idxmax()}")
        out[col] = values.astype(float)
    return out
