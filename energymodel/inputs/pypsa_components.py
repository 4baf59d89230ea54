"""The component mappings of ``import-pypsa`` (``pypsa_import.py``): buses → regions, loads → demand,
carriers → technologies, generators, storage units and stores → storage. Each adds its table to a
:class:`Conversion` and notes what it could not carry over."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from energymodel.errors import InputError
from energymodel.inputs.pypsa_read import PypsaTables, value
from energymodel.inputs.units import HOURS_PER_YEAR, MWH_PER_TWH

SOURCE_ID = "pypsa_import"
"""The one source of every imported row (``sources.csv`` names the PyPSA file)."""


class Conversion:
    """Collects the tables written and the notes for ``conversion.md``."""

    def __init__(self, tables: PypsaTables):
        self.src = tables
        self.notes: list[str] = []
        self.renamed: list[tuple[str, str, str]] = []
        self.files: dict[str, pd.DataFrame] = {}
        self.profiles: dict[str, pd.DataFrame] = {}
        self.co2_cap: float | None = None
        """co2_cap_tco2_per_year for the scenario (a PyPSA CO2 global constraint), None: none."""

    def note(self, text: str) -> None:
        self.notes.append(text)

    def names(self, kind: str, index: pd.Index) -> pd.Series:
        """Names without spaces or commas, unique; renames are listed in the note."""
        out, seen = [], set()
        for raw in index.astype(str):
            name = re.sub(r"[\s,;\"']+", "_", raw.strip()) or "unnamed"
            base, i = name, 1
            while name in seen:
                i += 1
                name = f"{base}_{i}"
            seen.add(name)
            if name != raw:
                self.renamed.append((kind, raw, name))
            out.append(name)
        return pd.Series(out, index=index.astype(str))


def active(conv: Conversion, component: str) -> pd.DataFrame:
    df = conv.src.static[component]
    if (~df["active"]).any():
        conv.note(f"{int((~df['active']).sum())} inactive {component} left out.")
    return df[df["active"]]


def time_index(conv: Conversion) -> pd.DatetimeIndex:
    idx = conv.src.snapshots.index
    if idx.tz is None:
        conv.note("Snapshots had no time zone: read as UTC (give each region its utc_offset_h in "
                  "data/regions.csv for local-time labels).")
        return idx.tz_localize("UTC")
    return idx.tz_convert("UTC")


def bus_regions(conv: Conversion) -> pd.Series:
    buses = conv.src.static["buses"]
    if buses.empty:
        raise InputError("the network has no buses", file=conv.src.name)
    region = conv.names("bus", buses.index)
    country = buses["country"].fillna("").astype(str) if "country" in buses else pd.Series("", index=buses.index)
    if (country == "").all():
        conv.note("Buses have no `country`: every region is in one country, NET, so the isolated "
                  "counterfactual has nothing to cut (the scenario sets `counterfactual: none`).")
    country = country.where(country != "", "NET")
    carriers = buses["carrier"].astype(str)
    other = sorted(set(carriers) - {"AC", "DC"})
    if other:
        conv.note(f"Buses of carrier(s) {', '.join(other)} are regions like the others: their balance and "
                  "price are in that carrier's unit per MWh.")
    conv.files["regions"] = pd.DataFrame({"region": region.to_numpy(), "name": buses.index.astype(str),
                                          "countries": country.to_numpy(), "utc_offset_h": 0.0,
                                          "source_id": SOURCE_ID})
    return region


def demand(conv: Conversion, region: pd.Series) -> None:
    loads = active(conv, "loads")
    p = value(conv.src, "loads", "p_set")[loads.index]
    by_bus = p.T.groupby(loads["bus"].astype(str).to_numpy()).sum().T.reindex(columns=region.index, fill_value=0.0)
    if (by_bus < 0).to_numpy().any():
        conv.note("Negative load (net generation at a bus) set to 0: energymodel demand is non-negative.")
        by_bus = by_bus.clip(lower=0.0)
    mean = by_bus.mean()
    loaded = mean[mean > 0].index
    conv.files["demand"] = pd.DataFrame({"region": region.to_numpy(),
                                         "annual_twh": (mean * HOURS_PER_YEAR / MWH_PER_TWH).to_numpy(),
                                         "peak_mw": by_bus.max().to_numpy(), "source_id": SOURCE_ID})
    shape = (by_bus[loaded] / mean[loaded]).set_axis(region[loaded].to_numpy(), axis=1)
    conv.profiles["demand"] = shape


def _technologies(conv: Conversion, gens: pd.DataFrame, varying: set[str]) -> pd.Series:
    carriers = gens["carrier"].astype(str).replace("", "generator")
    tech = conv.names("carrier", pd.Index(sorted(set(carriers))))
    co2 = conv.src.static["carriers"]["co2_emissions"].astype(float)
    rows = []
    for carrier, name in tech.items():
        eff = gens.loc[carriers == carrier, "efficiency"].astype(float)
        rows.append({"technology": name, "fuel": "none", "heat_rate_mwh_th_per_mwh": 1.0 / float(eff.mean()),
                     "vom_usd_per_mwh": 0.0, "emission_factor_tco2_per_mwh_th": float(co2.get(carrier, 0.0)),
                     "availability_pu": 1.0, "profile": "availability" if carrier in varying else "",
                     "source_id": SOURCE_ID})
    conv.files["technologies"] = pd.DataFrame(rows)
    return carriers.map(tech)


def generators(conv: Conversion, region: pd.Series) -> None:
    gens = active(conv, "generators")
    if (gens["sign"].astype(float) < 0).any():
        conv.note(f"{int((gens['sign'].astype(float) < 0).sum())} generator(s) with negative sign left out.")
        gens = gens[gens["sign"].astype(float) >= 0]
    capacity_note(conv, gens, "generators", "p_nom")
    pmax = value(conv.src, "generators", "p_max_pu")[gens.index]
    if (pmax > 1).to_numpy().any() or (pmax < 0).to_numpy().any():
        conv.note("Generator p_max_pu outside [0, 1] clipped to [0, 1].")
        pmax = pmax.clip(0.0, 1.0)
    floor = min_output(conv, value(conv.src, "generators", "p_min_pu")[gens.index], pmax)
    if gens["committable"].astype(bool).any():
        conv.note("Unit commitment (committable generators) not carried: dispatch is linear.")
    mc = value(conv.src, "generators", "marginal_cost")[gens.index]
    if (mc.std() > 1e-9).any():
        conv.note("Time-varying marginal costs replaced by their mean.")
    carriers = gens["carrier"].astype(str).replace("", "generator")
    not_one = (pmax < 1 - 1e-12).any()
    varying = set(carriers[not_one[not_one].index])
    tech = _technologies(conv, gens, varying)
    name = conv.names("generator", gens.index)
    uses_profile = carriers.isin(varying)
    conv.files["generators"] = pd.DataFrame({
        "generator": name.to_numpy(), "region": region.reindex(gens["bus"].astype(str)).to_numpy(),
        "technology": tech.to_numpy(), "capacity_mw": capacity(gens, "p_nom").to_numpy(), "source_id": SOURCE_ID,
        "marginal_cost_usd_per_mwh": mc.mean().to_numpy(), "min_output_pu": floor.to_numpy(),
        "heat_rate_mwh_th_per_mwh": (1.0 / gens["efficiency"].astype(float)).to_numpy(),
        "profile_column": np.where(uses_profile, name.to_numpy(), "")})
    if uses_profile.any():
        conv.profiles["availability"] = pmax.loc[:, uses_profile.to_numpy()].set_axis(
            name[uses_profile].to_numpy(), axis=1)


def min_output(conv: Conversion, pmin: pd.DataFrame, pmax: pd.DataFrame) -> pd.Series:
    """generators.csv ``min_output_pu`` from PyPSA's ``p_min_pu`` (snapshots × generators): exact when it
    is a constant c capped by p_max_pu (energymodel's floor is min(c, availability)), else its least value
    over time (a looser bound, noted)."""
    top = pmin.max()
    exact = np.isclose(pmin.to_numpy(), np.minimum(top.to_numpy()[None, :], pmax.to_numpy()), atol=1e-9).all(axis=0)
    if not exact.all():
        conv.note(f"Time-varying p_min_pu of {int((~exact).sum())} generator(s) replaced by its least value "
                  "(energymodel's minimum output is one fraction of capacity, capped by availability).")
    floor = top.where(exact, pmin.min())
    if (floor > 0).any():
        conv.note(f"{int((floor > 0).sum())} generator(s) with p_min_pu > 0: must-run floors (min_output_pu).")
    if (floor < 0).any():
        conv.note(f"{int((floor < 0).sum())} generator(s) with p_min_pu < 0 may absorb energy (min_output_pu < 0: "
                  "output down to capacity × min_output_pu, earning marginal cost per MWh absorbed).")
    return floor


UNLIMITED_MW = 1.0e9
"""Capacity given to an extendable asset with no capital cost and no upper limit (PyPSA's way of writing an
unlimited source, sink or arc): far above any flow of a real network, far below the solver's infinity."""


def capacity(df: pd.DataFrame, attr: str) -> pd.Series:
    """Installed capacity: the optimised one of an extendable asset when the network was solved; an
    unsolved extendable asset that costs nothing to expand and has no upper limit is unlimited
    (:data:`UNLIMITED_MW`), any other one keeps ``attr``."""
    opt = df[f"{attr}_opt"].astype(float)
    ext = df[f"{attr}_extendable"].astype(bool)
    free = (ext & (opt <= 0)
            & (df.get("capital_cost", pd.Series(1.0, index=df.index)).astype(float) == 0)
            & ~np.isfinite(df.get(f"{attr}_max", pd.Series(0.0, index=df.index)).astype(float)))
    out = df[attr].astype(float).where(~ext | (opt <= 0), opt)
    return out.where(~free, UNLIMITED_MW)


def capacity_note(conv: Conversion, df: pd.DataFrame, component: str, attr: str) -> None:
    ext = df[f"{attr}_extendable"].astype(bool)
    if ext.any():
        conv.note(f"{int(ext.sum())} extendable {component}: capacity fixed at {attr}_opt where the network was "
                  f"solved, else {attr} (unlimited, {UNLIMITED_MW:.0e} MW, where expanding costs nothing and "
                  f"{attr}_max is infinite); energymodel does not expand them.")


def co2_cap(conv: Conversion) -> float | None:
    """A ``primary_energy`` GlobalConstraint on ``co2_emissions`` (sense <=) as ``co2_cap_tco2_per_year``:
    its constant is for the horizon, the scenario key per year (× 8760 / Σ weight). Other global
    constraints, and the storage terms of this one, are noted as not carried."""
    gc = conv.src.static["global_constraints"]
    if gc.empty:
        return None
    is_cap = (gc["type"].astype(str) == "primary_energy") & (gc["carrier_attribute"].astype(str) == "co2_emissions") \
        & (gc["sense"].astype(str) == "<=")
    if (~is_cap).any():
        conv.note(f"Global constraints not carried: {', '.join(gc.index[~is_cap].astype(str))} (energymodel "
                  "carries a primary_energy cap on co2_emissions only).")
    if not is_cap.any():
        return None
    snaps = conv.src.snapshots
    if not np.allclose(snaps["generators"], snaps["objective"]):
        conv.note("Generator snapshot weightings differ from the objective's: the CO2 cap counts emissions with "
                  "the objective weights (energymodel has one weight per snapshot).")
    co2 = conv.src.static["carriers"]["co2_emissions"].astype(float)
    emitting = set(co2.index[co2 != 0])
    for c in ("storage_units", "stores"):
        if conv.src.static[c]["carrier"].astype(str).isin(emitting).any():
            conv.note(f"CO2 cap: the change in level of {c} with an emitting carrier is not counted.")
    constant = float(gc.loc[is_cap, "constant"].astype(float).min())
    if is_cap.sum() > 1:
        conv.note("Several CO2 caps: the tightest is carried.")
    conv.note(f"Global constraint CO2 cap of {constant:g} t over the horizon carried as co2_cap_tco2_per_year "
              "(power generation: output / efficiency × the carrier's co2_emissions).")
    return constant * HOURS_PER_YEAR / float(snaps["objective"].sum())
