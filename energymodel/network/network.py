"""The resolved system a model is built from: pandas only, no Pyomo.

:func:`build_network` applies a scenario to the tables of a data directory as a chain of pure functions
(time selection, demand, capacities, prices, links). A counterfactual is another pure function
``Network -> Network`` (``integration.py``); nothing downstream branches on a scenario name.
"""
from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd

from energymodel.inputs import checks, units
from energymodel.inputs.data import Tables, read_tables
from energymodel.errors import InputError
from energymodel.network import zones
from energymodel.network.fuelprices import fuel_price_series
from energymodel.network.gas import gas_tables, generator_gas_nodes
from energymodel.network.hydrology import end_levels, hydrology_year, level_floors, scale_hydro, start_levels
from energymodel.network.ramp import combine, ramp_multipliers
from energymodel.network.rules import check_minimums, generation_limits
from energymodel.network.interconnectors import LINK_COLUMNS
from energymodel.network.interconnectors import link_availability
from energymodel.network.interconnectors import links_table as _links
from energymodel.network.lines import lines_as_links, lines_table
from energymodel.network.linklimits import link_limits
from energymodel.network.storage import storage_table
from energymodel.network.timeaxis import aggregate as _aggregate
from energymodel.network.timeaxis import Window, snapshot_axis, time_blocks
from energymodel.inputs.scenario import ALL, GAS_REFERENCES, Scenario, by_region

log = logging.getLogger(__name__)

DEMAND_MEAN_TOLERANCE = 0.01
"""A demand shape whose mean is further than this from 1 is reported: demand is scaled by 1/mean."""


@dataclass(frozen=True)
class Network:
    """Everything the LP needs, in model units. Time series are indexed by snapshot position 0..T-1."""

    name: str
    year: int
    snapshots: pd.DatetimeIndex
    """UTC start of each snapshot."""
    weight_h: np.ndarray
    """Hours of the year each snapshot stands for [h] (objective and annual totals)."""
    duration_h: np.ndarray
    """Hours each snapshot lasts [h] (storage and reservoir continuity)."""
    regions: pd.DataFrame
    """index ``region``: name, countries (tuple of ISO3), utc_offset_h, country (the region code of the
    country it belongs to: itself, or for a zone its parent region; per-country outputs group on it)."""
    demand_mw: pd.DataFrame
    """snapshots × regions [MW]."""
    generators: pd.DataFrame
    """index ``generator``: region, technology, fuel, capacity_mw, heat_rate_mwh_th_per_mwh,
    fuel_price_usd_per_mwh_th, vom_usd_per_mwh, carbon_usd_per_t, emission_tco2_per_mwh,
    marginal_cost_usd_per_mwh, and (with a gas network) gas_node: the gas node a gas-fired unit draws
    heat_rate × output from, "" if it pays the exogenous fuel price. min_output_pu: least output as a
    fraction of capacity_mw (0 by default; negative: the unit may absorb, e.g. PyPSA's p_min_pu < 0). For a unit with a gas_node the
    marginal cost excludes fuel (it is paid through the gas balance) and fuel_price_usd_per_mwh_th is NaN.
    fuel_price_series: the column of ``fuel_price_mwh_th`` whose price the unit pays in each snapshot instead
    of fuel_price_usd_per_mwh_th ("" for none); marginal_cost_usd_per_mwh is then the annual price's cost, and
    ``network/fuelprices.generator_costs`` the cost per snapshot."""
    availability_pu: pd.DataFrame
    """snapshots × generators: available fraction of capacity [p.u.]."""
    storage: pd.DataFrame
    """index ``storage``: region, technology, power_mw (discharge), energy_mwh, efficiency_charge,
    efficiency_discharge; optional (defaults: ``network/storage.py:STORAGE_DEFAULTS``): charge_power_mw,
    dispatch_cost_usd_per_mwh, standing_loss_pu_per_h, cyclic, initial_soc_pu."""
    hydro: pd.DataFrame
    """index ``hydro``: region, capacity_mw, energy_mwh and (optional) start_level_mwh: the level the
    reservoir starts from [MWh], and end_level_mwh: the least level at the end of the horizon [MWh] (absent:
    the start level); NaN or absent start = cyclic (end = start, free)."""
    inflow_mw: pd.DataFrame
    """snapshots × hydro: natural inflow to each reservoir [MW]."""
    links: pd.DataFrame
    """index ``link``: from_region, to_region, capacity_fwd_mw, capacity_bwd_mw, efficiency,
    wheeling_usd_per_mwh, status, year, cross_border, expandable, max_new_mw, annuity_usd_per_mw_yr."""
    voll_usd_per_mwh: float
    """Value of lost load [USD/MWh]."""
    gen_limits: pd.DataFrame | None = None
    """index ``limit``: region, technology, bound (min|max), basis (electric|fuel), rule, mwh_per_year,
    generators (tuple): annual minimum or maximum generation (or fuel use) of a group of generators
    (``network/rules.py``). None or empty: no limit."""
    hydrology_year: int | None = None
    """Historical year of the inflows (``hydrology.csv``); None: the profiles as they are."""
    level_floor_mwh: pd.DataFrame | None = None
    """snapshots × hydro: least reservoir level at the end of the snapshot [MWh] (``reservoir_levels.csv``);
    None or NaN: none."""
    level_cap_mwh: pd.DataFrame | None = None
    """snapshots × hydro: most reservoir level at the end of the snapshot [MWh]; None or NaN: energy_mwh."""
    lines: pd.DataFrame | None = None
    """index ``line``: from_region, to_region, capacity_mw, reactance_pu, cross_border: AC lines under DC
    power flow (``power_flow: dc``); None without such lines (under ``transport`` they are in ``links``)."""
    storage_inflow_mw: pd.DataFrame | None = None
    """snapshots × storage units with a natural inflow [MW] (e.g. pumped hydro on a river); None: none."""
    co2_cap_tco2_per_year: float | None = None
    """Cap on emissions of power generation [tCO2/yr] (scenario key); None: none."""
    link_availability_pu: pd.DataFrame | None = None
    """snapshots × links with an availability profile: available fraction of both capacities [p.u.];
    None (or a link not in it): always 1."""
    link_limit_pu: pd.DataFrame | None = None
    """snapshots × ``"<link> fwd"``/``"<link> bwd"``: available fraction of that direction's capacity in the
    dated limits of ``link_limits.csv`` (``network/linklimits.py``) [p.u.], on top of
    ``link_availability_pu``; None (or a direction not in it): 1."""
    gas_nodes: pd.DataFrame | None = None
    """index ``node``: kind (country, lng, lng_market, external), region ("" if none), country. None: no
    gas network (gas plants pay exogenous fuel prices)."""
    gas_supply: pd.DataFrame | None = None
    """index ``supply``: node, kind (domestic, pipeline_import, lng_import, export), capacity_mw_th (inf if
    unlimited), price_reference, price_usd_per_mwh_th (paid for a supply, received for an export)."""
    gas_demand_mw_th: pd.DataFrame | None = None
    """snapshots × gas nodes: non-power gas demand [MW_th] (0 where none)."""
    gas_links: pd.DataFrame | None = None
    """index ``gas_link``: from_node, to_node, kind (pipeline, liquefaction, lng_route, regasification),
    capacity_mw_th (inf if unlimited), cost_usd_per_mwh_th, loss_pu, cross_border."""
    fuel_price_mwh_th: pd.DataFrame | None = None
    """snapshots × fuel price series (``fuel_price_months.csv``, named ``fuel:region``): the month's delivered
    fuel price, averaged over each snapshot's hours [USD/MWh_th]; None: every unit pays one price all year."""

    @property
    def has_gas(self) -> bool:
        """True when gas is a network (gas balance per node) rather than an exogenous fuel price."""
        return self.gas_nodes is not None

    @property
    def n_snapshots(self) -> int:
        return len(self.snapshots)

    @property
    def annualisation(self) -> float:
        """Factor from modelled-horizon totals to one year: 8760 / Σ weight_h."""
        return units.HOURS_PER_YEAR / float(self.weight_h.sum())

    def replace(self, **changes) -> "Network":
        """A copy with some fields replaced (the Network itself is never changed)."""
        return dataclasses.replace(self, **changes)


# ---------------------------------------------------------------------------------------------- demand


def _scale(scenario: Scenario, region: str) -> float:
    factor = by_region(scenario.demand.scale, region) if scenario.demand.scale else None
    return 1.0 if factor is None else factor


def _demand(tables: Tables, scenario: Scenario, regions: list[str], window: Window) -> pd.DataFrame:
    annual = tables["demand"].set_index("region")["annual_twh"].astype(float).to_dict()
    for region, twh in scenario.demand.annual_twh.items():
        if region not in annual:
            raise InputError(f"unknown region {region!r}; known regions: {', '.join(regions)}",
                             file=scenario.source_file, key=f"demand.annual_twh.{region}")
        annual[region] = twh
    for region in scenario.demand.scale:
        if region != ALL and region not in annual:
            raise InputError(f"unknown region {region!r}; known regions: {', '.join(regions)}",
                             file=scenario.source_file, key=f"demand.scale.{region}")
    shape = pd.DataFrame({r: tables.profiles["demand"][r] if annual[r] > 0 else 0.0 for r in regions},
                         index=tables.profiles["demand"].index)
    mean = shape.mean()
    loaded = [r for r in regions if annual[r] > 0]
    _check_demand_shape(tables, mean[loaded])
    scale = pd.Series({r: annual[r] * units.MWH_PER_TWH / units.HOURS_PER_YEAR * _scale(scenario, r) / mean[r]
                       if r in loaded else 0.0 for r in regions})
    return _aggregate(shape * scale, window)


def _check_demand_shape(tables: Tables, mean: pd.Series) -> None:
    """A shape must have a positive mean; one whose mean is not 1 is scaled to its annual energy by 1/mean,
    which is said plainly (a shape padded with zeros, or not normalised, changes the demand it stands for)."""
    path = tables.directory / "profiles" / "demand_pu.csv"
    if (mean <= 0).any():
        bad = mean.index[mean <= 0][0]
        raise InputError("the demand shape must have a positive mean (a region without load has annual_twh 0)",
                         key=bad, file=path)
    off = mean[(mean - 1.0).abs() > DEMAND_MEAN_TOLERANCE]
    for region, m in off.items():
        log.warning("%s: column %s has mean %.4g over its %d rows, not 1: demand is scaled by 1/mean = %.4g so "
                    "that it averages annual_twh / 8760 h. If annual_twh holds only the energy of the rows "
                    "with data (a short horizon padded with zeros), demand is %.4g times too high: give the "
                    "profile only the modelled rows (any length) and annual_twh = its mean MW × 8760 / 1e6",
                    path, region, m, tables.n_rows, 1.0 / m, 1.0 / m)


# ------------------------------------------------------------------------------------------ generators

_PRICE_KEYS = {
    "gas": ("gas_usd_per_mmbtu", units.usd_per_mmbtu_to_usd_per_mwh_th),
    "coal": ("coal_usd_per_t", units.usd_per_t_coal_to_usd_per_mwh_th),
    "oil": ("oil_usd_per_bbl", units.usd_per_bbl_to_usd_per_mwh_th),
    "biomass": ("biomass_usd_per_mwh_th", float),
    "uranium": ("uranium_usd_per_mwh_th", float),
}
"""Scenario price key and its conversion to USD/MWh_th, per fuel."""


def _check_price_regions(scenario: Scenario, regions: list[str], has_gas: bool) -> None:
    for key in ("gas_usd_per_mmbtu", "coal_usd_per_t", "oil_usd_per_bbl", "biomass_usd_per_mwh_th",
                "uranium_usd_per_mwh_th", "carbon_usd_per_t"):
        value = getattr(scenario.prices, key)
        if isinstance(value, dict):
            for region in value:
                if key == "gas_usd_per_mmbtu" and region in GAS_REFERENCES:
                    if not has_gas:
                        raise InputError(f"{region!r} is a gas network reference price, but the data "
                                         "directory has no gas network (gas_nodes.csv); give the gas "
                                         "price per region instead (data/GAS.md)",
                                         file=scenario.source_file, key=f"prices.{key}.{region}")
                    continue
                if region != ALL and region not in regions:
                    extra = ", or henry_hub / lng (gas references)" if key == "gas_usd_per_mmbtu" else ""
                    raise InputError(f"unknown region {region!r}; known regions: {', '.join(regions)}{extra}",
                                     file=scenario.source_file, key=f"prices.{key}.{region}")


def _fuel_price(prices: dict[tuple[str, str], float], scenario: Scenario, fuel: str, region: str) -> float:
    """The scenario's price of ``fuel`` in ``region`` (converted to USD/MWh_th), else ``prices`` (the
    ``fuel_prices.csv`` rows as {(fuel, region): price}) for the region, else for "*"."""
    if fuel == "none":
        return 0.0
    key, convert = _PRICE_KEYS[fuel]
    override = by_region(getattr(scenario.prices, key), region)
    if override is not None:
        return convert(override)
    found = prices.get((fuel, region))
    return float(prices[fuel, ALL] if found is None else found)


def _carbon_prices(tables: Tables, scenario: Scenario, pairs) -> dict[tuple[str, str], float]:
    """Carbon price [USD/t] of each (region, fuel) in ``pairs``: the scenario's override (all fuels), else
    the data row for (region, fuel), (region, all fuels), ("*", fuel), ("*", all fuels), else 0; the first
    such row of ``carbon_prices.csv`` (its ``fuel`` empty or "*" = all fuels)."""
    cp = tables["carbon_prices"]
    fuels = cp["fuel"].replace("", ALL) if "fuel" in cp else pd.Series(ALL, index=cp.index)
    first: dict[tuple[str, str], float] = {}
    for r, f, price in zip(cp["region"], fuels, cp["carbon_usd_per_t"]):
        first.setdefault((r, f), float(price))
    out = {}
    for region, fuel in pairs:
        override = by_region(scenario.prices.carbon_usd_per_t, region)
        if override is not None:
            out[region, fuel] = override
            continue
        keys = ((region, fuel), (region, ALL), (ALL, fuel), (ALL, ALL))
        out[region, fuel] = next((first[k] for k in keys if k in first), 0.0)
    return out


def _apply_capacity_overrides(gens: pd.DataFrame, tables: Tables, scenario: Scenario,
                              regions: list[str]) -> pd.DataFrame:
    techs = set(tables["technologies"]["technology"])
    gens = gens.copy()
    for region, overrides in scenario.generators.items():
        if region not in regions:
            raise InputError(f"unknown region {region!r}; known regions: {', '.join(regions)}",
                             file=scenario.source_file, key=f"generators.{region}")
        for key, total_mw in overrides.items():
            tech = key[: -len("_mw")]
            if tech not in techs:
                raise InputError(f"unknown technology {tech!r}; known: {', '.join(sorted(techs))}",
                                 file=scenario.source_file, key=f"generators.{region}.{key}")
            mask = (gens["region"] == region) & (gens["technology"] == tech)
            current = gens.loc[mask, "capacity_mw"].sum()
            if mask.any():
                share = gens.loc[mask, "capacity_mw"] / current if current > 0 else 1.0 / mask.sum()
                gens.loc[mask, "capacity_mw"] = total_mw * share
            else:
                name = _new_unit_name(f"{region}-{tech}", set(gens["generator"]) | set(tables["hydro"]["hydro"]))
                new = pd.DataFrame([{"generator": name, "region": region, "technology": tech,
                                     "capacity_mw": float(total_mw), "source_id": "scenario"}])
                gens = pd.concat([gens, new], ignore_index=True)
    return gens


def _new_unit_name(name: str, taken: set[str]) -> str:
    """A unit a scenario adds is named ``REGION-technology``; ``-scenario`` (then a number) is appended
    when the data already use that name for another unit (checks.NAMESPACES)."""
    if name not in taken:
        return name
    candidates = (f"{name}-scenario", *(f"{name}-scenario-{i}" for i in range(2, len(taken) + 3)))
    return next(c for c in candidates if c not in taken)


def _generators(tables: Tables, scenario: Scenario, regions: list[str]) -> pd.DataFrame:
    _check_price_regions(scenario, regions, tables.has_gas)
    gens = _apply_capacity_overrides(tables["generators"], tables, scenario, regions)
    own = gens.pop("availability_pu") if "availability_pu" in gens else None
    gens = gens.rename(columns={"marginal_cost_usd_per_mwh": "marginal_cost_usd_per_mwh_own"})
    own_cost = gens["marginal_cost_usd_per_mwh_own"].notna().to_numpy() if "marginal_cost_usd_per_mwh_own" in gens \
        else np.zeros(len(gens), bool)
    own_hr = gens.pop("heat_rate_mwh_th_per_mwh") if "heat_rate_mwh_th_per_mwh" in gens else None
    own_profile = gens.pop("profile") if "profile" in gens else None
    gens = gens.merge(tables["technologies"].drop(columns=["source_id"]), on="technology", how="left")
    if own_profile is not None:  # a generator's own profile (generators.csv, e.g. a harvest season) beats its technology's
        own_profile = own_profile.fillna("").reindex(gens.index).fillna("")
        gens["profile"] = own_profile.where(own_profile != "", gens["profile"].fillna(""))
    if own_hr is not None:  # a generator's own heat rate (generators.csv) beats its technology's
        own_hr = pd.to_numeric(own_hr, errors="coerce").reindex(gens.index)
        gens["heat_rate_mwh_th_per_mwh"] = own_hr.where(own_hr.notna(), gens["heat_rate_mwh_th_per_mwh"])
    if own is not None:  # a generator's own availability (generators.csv) beats its technology's
        own = pd.to_numeric(own, errors="coerce").reindex(gens.index)
        gens["availability_pu"] = own.where(own.notna(), gens["availability_pu"])
    gas_node = generator_gas_nodes(tables, gens["region"], gens["fuel"]) if tables.has_gas else None
    on_network = (gas_node != "").to_numpy() if gas_node is not None else np.zeros(len(gens), bool)
    table = tables["fuel_prices"]
    prices: dict[tuple[str, str], float] = {}
    for fuel, region, price in zip(table["fuel"], table["region"], table["price_usd_per_mwh_th"]):
        prices.setdefault((fuel, region), float(price))  # the first row, as before
    gens["fuel_price_usd_per_mwh_th"] = [np.nan if net or mine else _fuel_price(prices, scenario, f, r)
                                         for f, r, net, mine in zip(gens["fuel"], gens["region"], on_network, own_cost)]
    carbon = _carbon_prices(tables, scenario, set(zip(gens["region"], gens["fuel"])))
    gens["carbon_usd_per_t"] = [carbon[r, f] for r, f in zip(gens["region"], gens["fuel"])]
    hr = gens["heat_rate_mwh_th_per_mwh"]
    gens["emission_tco2_per_mwh"] = gens["emission_factor_tco2_per_mwh_th"] * hr
    fuel_cost = (gens["fuel_price_usd_per_mwh_th"] * hr).fillna(0.0)  # 0 for units fed by a gas node
    gens["marginal_cost_usd_per_mwh"] = (fuel_cost + gens["vom_usd_per_mwh"]
                                         + gens["carbon_usd_per_t"] * gens["emission_tco2_per_mwh"])
    if "marginal_cost_usd_per_mwh_own" in gens:  # a generator's own cost replaces its technology's
        own = gens.pop("marginal_cost_usd_per_mwh_own")
        gens["marginal_cost_usd_per_mwh"] = own.fillna(gens["marginal_cost_usd_per_mwh"])
    cols = ["region", "technology", "fuel", "capacity_mw", "heat_rate_mwh_th_per_mwh",
            "fuel_price_usd_per_mwh_th", "vom_usd_per_mwh", "carbon_usd_per_t",
            "emission_tco2_per_mwh", "marginal_cost_usd_per_mwh", "availability_pu", "profile", "min_output_pu"]
    gens["min_output_pu"] = gens["min_output_pu"].fillna(0.0) if "min_output_pu" in gens else 0.0
    if "profile_column" in gens:
        gens["profile_column"] = gens["profile_column"].fillna("")
        cols.append("profile_column")
    if gas_node is not None:
        gens["gas_node"] = gas_node.to_numpy()
        cols.append("gas_node")
    return gens.set_index("generator")[cols]


def _availability(tables: Tables, gens: pd.DataFrame, window: Window,
                  multipliers: dict[str, np.ndarray] | None = None) -> pd.DataFrame:
    """Available fraction of each generator: its technology's profile, in the column ``profile_column``
    (default: the generator's region), or its constant ``availability_pu``; times an hourly multiplier where
    given (the hydrology of run-of-river, the in-service share of ``capacity_ramp.csv``); cut to the window,
    aggregated and clipped to [0, 1]."""
    cols = {}
    multipliers = multipliers or {}
    column = gens["profile_column"] if "profile_column" in gens else pd.Series("", index=gens.index)
    for name, region, prof, avail, col in zip(gens.index, gens["region"], gens["profile"],
                                              gens["availability_pu"], column):
        cols[name] = tables.profiles[prof][col or region].to_numpy() if prof else np.full(tables.n_rows, avail)
        if name in multipliers:
            cols[name] = np.minimum(cols[name], 1.0) * multipliers[name]
    df = pd.DataFrame(cols, index=pd.RangeIndex(tables.n_rows))
    return _aggregate(df, window).clip(lower=0.0, upper=1.0)


# ------------------------------------------------------------------------------------------ assemble


def build_network(scenario: Scenario, tables: Tables | None = None) -> Network:
    """Resolve a scenario against its data directory into a :class:`Network`."""
    if tables is None:
        tables = read_tables(scenario.data)
    checks.run_all(tables)
    scenario, zone_keys = zones.split_scenario(scenario, tables)  # keys naming zones apply after the split
    window = time_blocks(scenario, tables)
    hours, res = window.hours, window.res
    regions = tables["regions"].set_index("region")[["name", "countries", "utc_offset_h"]].copy()
    regions["countries"] = [tuple(c.strip() for c in s.split(";") if c.strip()) for s in regions["countries"]]
    regions["country"] = regions.index
    names = list(regions.index)
    gens = _generators(tables, scenario, names)
    series, fuel_prices_h = fuel_price_series(tables, scenario, gens, {f: k for f, (k, _) in _PRICE_KEYS.items()})
    gens["fuel_price_series"] = series
    units_ = gens.index.append(pd.Index(tables["hydro"]["hydro"]))  # checks.NAMESPACES, after the scenario
    if units_.duplicated().any():
        raise InputError(f"two units named {units_[units_.duplicated()][0]!r} would share dispatch.csv's "
                         "generator column", file=scenario.source_file, key="generators")
    storage, storage_inflow = storage_table(tables, window)
    hydro_t = tables["hydro"].set_index("hydro")
    ror_multipliers, inflow = scale_hydro(tables, scenario, gens, hydro_t)
    hydro = hydro_t[["region", "capacity_mw", "energy_mwh"]].copy()
    hydro["start_level_mwh"] = start_levels(hydro_t, scenario)
    hydro["end_level_mwh"] = end_levels(tables, scenario, hydro_t, hydro["start_level_mwh"], hours)
    if len(hydro_t):
        inflow_mw = _aggregate(pd.DataFrame(inflow, columns=hydro_t.index), window)
    else:
        inflow_mw = pd.DataFrame(index=pd.RangeIndex(hours // res, name="snapshot"))
    n_t = hours // res
    links = _links(tables, scenario, regions)
    lines = lines_table(tables, scenario, regions)
    if lines is not None and scenario.power_flow == "transport":
        links = pd.concat([links, lines_as_links(lines, scenario.year, LINK_COLUMNS)])
        if links.index.duplicated().any():
            raise InputError(f"{links.index[links.index.duplicated()][0]!r} names both an interconnector and a "
                             "line; names must differ", file=tables.directory / "lines.csv", key="line")
    snapshots, weight_h, duration_h = snapshot_axis(tables, scenario, window)
    gas = gas_tables(tables, scenario, regions, n_t) if tables.has_gas else {}
    if scenario.gas_links and not tables.has_gas:
        raise InputError("the data directory has no gas network (gas_nodes.csv and companions, data/GAS.md)",
                         file=scenario.source_file, key="gas_links")
    network = Network(
        name=scenario.name,
        year=scenario.year,
        snapshots=snapshots,
        weight_h=weight_h,
        duration_h=duration_h,
        regions=regions,
        demand_mw=_demand(tables, scenario, names, window),
        generators=gens,
        availability_pu=_availability(tables, gens, window,
                                      combine(ror_multipliers, ramp_multipliers(tables, scenario, gens))),
        storage=storage,
        storage_inflow_mw=storage_inflow,
        hydro=hydro,
        inflow_mw=inflow_mw,
        links=links,
        link_availability_pu=link_availability(tables, links, window),
        link_limit_pu=link_limits(tables, scenario, links, window),
        lines=lines if scenario.power_flow == "dc" else None,
        voll_usd_per_mwh=float(scenario.voll_usd_per_mwh),
        co2_cap_tco2_per_year=scenario.co2_cap_tco2_per_year,
        gen_limits=generation_limits(tables, scenario, gens),
        hydrology_year=hydrology_year(tables, scenario),
        level_floor_mwh=level_floors(tables, scenario, hydro_t, snapshots),
        level_cap_mwh=level_floors(tables, scenario, hydro_t, snapshots, "max_level_pu"),
        fuel_price_mwh_th=None if fuel_prices_h is None else _aggregate(fuel_prices_h, window),
        **gas,
    )
    network = zones.apply_zones(network, tables, scenario, zone_keys)
    check_minimums(network, tables.directory / "generation_limits.csv")
    return network
