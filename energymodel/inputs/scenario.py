"""Scenario files: YAML → merged (``extends``, ``--set``: ``yamlfile.py``) → validated, frozen :class:`Scenario`.

Loading is safe (``yaml.safe_load``: a tag that would construct a Python object is an error). A child
file is merged over its parent key by key (mappings recursively, everything else replaced). Paths in a
file (``data``, ``extends``, a counterfactual scenario) are resolved relative to the file that wrote them,
before merging, so a child in another folder inherits its parent's data directory unchanged.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from energymodel.errors import InputError
from energymodel.inputs.units import SOLVER_INFINITY
from energymodel.inputs.yamlfile import apply_overrides, load_merged, parse_override, read_yaml

_read_yaml = read_yaml  # the names other modules knew
__all__ = ["Scenario", "load_scenario", "scenario_dict", "validate_scenario", "parse_override", "apply_overrides",
           "by_region"]

ALL = "*"
"""Key meaning "every region" in per-region mappings."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _below_solver_infinity(v: float) -> float:
    if abs(v) >= SOLVER_INFINITY:
        raise ValueError(f"must be below {SOLVER_INFINITY:g}, which the solver treats as infinite (leave an "
                         "unlimited quantity out instead)")
    return v


_Solvable = AfterValidator(_below_solver_infinity)
NonNeg = Annotated[float, Field(ge=0, allow_inf_nan=False), _Solvable]
Positive = Annotated[float, Field(gt=0, allow_inf_nan=False), _Solvable]
Efficiency = Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)]
ByRegion = Union[NonNeg, dict[str, NonNeg]]
"""A number for every region, or a mapping region → number where ``"*"`` stands for all others."""


class TimeOptions(_Strict):
    start: Optional[Union[Annotated[int, Field(ge=1, le=365)], dt.date]] = None
    """First modelled day: a date ``YYYY-MM-DD`` (its month and day; not 29 February) or a day of the year
    (1–365); the window starts at 00:00 UTC of that day. Default: 1 January."""
    hours: Optional[Annotated[int, Field(gt=0)]] = None
    """Model ``hours`` profile rows (UTC hours for hourly data) from ``start``; default: to the last row (8760 for
    a year of hours)."""
    resolution_h: Annotated[int, Field(gt=0)] = 1
    """Average consecutive hours into snapshots of this length [h]: weight = duration = resolution_h."""
    representative_days: Optional[int] = None
    """Reserved: representative days are not available in this version; only null is accepted."""

    @field_validator("start", mode="before")
    @classmethod
    def _start_text(cls, value):
        if isinstance(value, str):  # "2023-07-01" from the command line, or "182"
            text = value.strip()
            if text.isdigit():
                return int(text)
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                raise ValueError("expected a date YYYY-MM-DD or a day of the year 1–365") from None
        if isinstance(value, dt.datetime):
            return value.date()
        return value

    @field_validator("start")
    @classmethod
    def _no_leap_day(cls, value):
        if isinstance(value, dt.date) and (value.month, value.day) == (2, 29):
            raise ValueError("29 February is not in the modelled 365-day year; choose another day")
        return value

    @property
    def start_hour(self) -> int:
        """Hour of the (365-day) year at which the modelled window starts [h], 0 for 1 January."""
        if self.start is None:
            return 0
        if isinstance(self.start, int):
            return (self.start - 1) * 24
        day = dt.date(2023, self.start.month, self.start.day).timetuple().tm_yday  # a 365-day year
        return (day - 1) * 24

    @field_validator("representative_days")
    @classmethod
    def _no_representative_days_yet(cls, value):
        if value is not None:
            raise ValueError("representative days are not available in this version; use time.resolution_h "
                             "to coarsen the year, or time.hours to shorten it")
        return value


class DemandOptions(_Strict):
    scale: dict[str, NonNeg] = {}
    """Multiply a region's hourly demand; a region's own entry wins over ``"*"``."""
    annual_twh: dict[str, NonNeg] = {}
    """Replace a region's annual demand [TWh]; the hourly shape is kept."""


class InterconnectorOptions(_Strict):
    capacity_mw: Optional[NonNeg] = None
    """Capacity in both directions [MW]."""
    capacity_fwd_mw: Optional[NonNeg] = None
    """Capacity north → south (from_region → to_region) [MW]."""
    capacity_bwd_mw: Optional[NonNeg] = None
    """Capacity south → north [MW]."""
    efficiency: Optional[Efficiency] = None
    """Fraction of the sent energy that arrives, each direction, in (0, 1]."""
    wheeling_usd_per_mwh: Optional[NonNeg] = None
    """Charge per MWh sent on either arc [USD/MWh]."""
    expandable: bool = False
    """Let the LP choose added capacity (the same in both directions), paying its annuity."""
    max_mw: Optional[NonNeg] = None
    """Most capacity the LP may add to an expandable link [MW] (required when expandable)."""
    capex_usd_per_mw: Optional[NonNeg] = None
    """Overnight cost of a MW of added capacity [USD/MW] (required when expandable)."""
    lifetime_years: Optional[Positive] = None
    """Economic life of added capacity [years] (required when expandable)."""

    @model_validator(mode="after")
    def _one_way_of_giving_capacity(self):
        if self.capacity_mw is not None and (
            self.capacity_fwd_mw is not None or self.capacity_bwd_mw is not None
        ):
            raise ValueError("give either capacity_mw or capacity_fwd_mw/capacity_bwd_mw, not both")
        if self.expandable:
            missing = [k for k in ("max_mw", "capex_usd_per_mw", "lifetime_years") if getattr(self, k) is None]
            if missing:
                raise ValueError(f"an expandable link needs {', '.join(missing)}")
        return self


GAS_REFERENCES = ("henry_hub", "lng")
"""Keys of ``prices.gas_usd_per_mmbtu`` that set a gas reference price instead of a region's."""


class PriceOptions(_Strict):
    gas_usd_per_mmbtu: Optional[ByRegion] = None
    """Gas prices [USD/MMBtu]. Per region (``"*"`` for the rest): the price of gas plants in regions
    without a gas node, and the cost of ``domestic`` gas supplies in that region's country when the data
    has a gas network. ``henry_hub`` and ``lng``: reference prices of the gas network (pipeline imports
    priced off Henry Hub, the delivered world LNG price); data/GAS.md."""
    coal_usd_per_t: Optional[ByRegion] = None
    """Coal price at 6,000 kcal/kg [USD/t]."""
    oil_usd_per_bbl: Optional[ByRegion] = None
    """Delivered oil-product price [USD/bbl]."""
    biomass_usd_per_mwh_th: Optional[ByRegion] = None
    uranium_usd_per_mwh_th: Optional[ByRegion] = None
    carbon_usd_per_t: Optional[ByRegion] = None
    """Carbon price [USD/tCO2]."""


class GasLinkOptions(_Strict):
    """Override of a gas link, or a new one named ``FROM-TO`` between two known gas nodes."""

    kind: Optional[Literal["pipeline", "liquefaction", "lng_route", "regasification"]] = None
    """Required for a new link; an existing link keeps its kind."""
    capacity_mw_th: Optional[NonNeg] = None
    """Capacity at the sending end [MW_th]; required for a new link."""
    cost_usd_per_mwh_th: Optional[NonNeg] = None
    """Transport (or shipping, liquefaction, regasification) cost per MWh_th sent [USD/MWh_th]."""
    loss_pu: Optional[Annotated[float, Field(ge=0, lt=1, allow_inf_nan=False)]] = None
    """Fraction of the sent gas lost on the way (compressor fuel, boil-off, liquefaction fuel), in [0, 1)."""


class SolverOptions(_Strict):
    threads: Annotated[int, Field(ge=1, le=64)] = 1
    time_limit_s: Positive = 3600.0
    method: Literal["auto", "simplex", "ipm", "pdlp"] = "auto"
    """HiGHS algorithm; ``auto`` lets HiGHS choose (serial dual simplex on these LPs)."""
    presolve: bool = True
    """HiGHS presolve. On by default: measured faster on the full-year base LP (serial dual simplex, 0.74× the
    time without presolve, for about 130 MB more peak memory; benchmarks/bench_highs_options.py)."""
    counterfactual_solve: Literal["auto", "concurrent", "sequential"] = "auto"
    """When the counterfactual is solved. ``concurrent``: its LP is built at once and solved from scratch,
    independent block by independent block (each country's system once isolation has cut the links
    between them), in a second thread while HiGHS solves the scenario; the run then takes about as long as
    the scenario's solve alone, for the largest block's memory on top (about +0.5 GB at 8760 h).
    ``sequential``: after the scenario, from the scenario's optimal basis when only link capacities differ
    (fewer iterations, one core, less memory). ``auto``: ``concurrent`` when the process may use two or more
    CPUs, HiGHS runs on one thread, the LP is built directly and the run is not itself one of several
    parallel workers; ``sequential`` otherwise. Both give the same optimum; where it is degenerate, the
    counterfactual's dispatch and prices may be another of the equally cheap ones."""
    builder: Literal["direct", "pyomo"] = "direct"
    """How the LP is built: ``direct`` from the Network's arrays with numpy (about 0.5 s and 125 MB for the
    full-year base scenario), or ``pyomo`` through the Pyomo model (the reference: the same LP entry for
    entry, tests/test_direct_build.py; about 12 s and 1.4 GB in a worker process)."""


class RuleOptions(_Strict):
    """Switches for the operating rules of ``generation_limits.csv`` (docs/formulation.md §4.9), of
    ``reservoir_levels.csv`` (§4.2), of ``capacity_ramp.csv``, of ``fuel_price_months.csv`` (§2.3) and of
    ``link_limits.csv`` (§4.4)."""

    must_run: bool = True
    """Apply the ``must_run`` rows: minimum annual generation of a technology in a region, from reported
    figures, where plants were dispatched for reasons an economic LP does not see (contracts, policy)."""
    reservoir_path: bool = True
    """Apply the ``reported_path`` rows of ``reservoir_levels.csv``: reservoirs end the listed months inside
    the reported level band (the path the operator managed to, e.g. Colombia in the 2023 El Niño)."""
    hydro_month_budget: bool = True
    """Apply the ``month_budget`` rows of ``reservoir_levels.csv``: the reservoir ends every month at its start
    level, so each month's hydro energy is that month's inflow (where the inflow was derived from reported,
    already regulated generation, e.g. Peru): water is re-timed within a month, not across months. Also the
    ``period_budget`` rows: the same at the ends of periods whose hydro was reported (Panama 2023), with the
    base year's hydrology only."""
    fuel_supply: bool = True
    """Apply the ``fuel_supply`` rows: most fuel (or electricity) a technology in a region can use in a year,
    where a fuel supply limited generation (e.g. Ecuador's domestic gas)."""
    take_or_pay: bool = True
    """Apply the ``take_or_pay`` rows: least fuel (or electricity) a technology in a region must use in a year,
    where fuel bought under take-or-pay contracts was burnt whatever its price rather than paid for unused
    (e.g. Chile's inflexible LNG and firm Argentine pipeline gas, Panama's LNG for AES Colón, in 2023)."""
    capacity_ramp: bool = True
    """Apply ``capacity_ramp.csv``: in a scenario whose ``year`` is a row's year, the available capacity of a
    technology in a region is its year-end capacity times the month's in-service share (plants commissioned
    through the year, e.g. Chile's solar and wind in 2023)."""
    monthly_fuel_prices: bool = True
    """Apply ``fuel_price_months.csv``: in a scenario whose ``year`` is a row's year, a unit paying the
    exogenous price of that fuel in that region pays the month's price (e.g. Central America's bunker, which
    rose through 2023); off: the annual price of ``fuel_prices.csv`` all year."""
    link_limits: bool = True
    """Apply ``link_limits.csv``: in the dated periods it lists, one direction of an interconnector carries at
    most a fraction of its capacity (an operator's decision, e.g. ETESA's suspension of Panama's exports to
    Central America from 10 May 2023); off: both directions at their capacity all year."""


class IntegrationOptions(_Strict):
    counterfactual: str = "isolated"
    """``isolated`` (cross-border links at zero), ``status_quo`` (today's links), ``none`` (skip), or a
    path to another scenario file, solved with the same horizon and options."""
    rent_rule: Literal["split", "importer"] = "split"
    """How congestion rent is shared between the two ends of a link: half each, or all to the importer."""


class Scenario(_Strict):
    """A validated scenario. Build it with :func:`load_scenario`."""

    name: str
    description: str = ""
    data: Path
    """Data directory (absolute after loading)."""
    year: Annotated[int, Field(ge=1990, le=2100)]
    time: TimeOptions = TimeOptions()
    demand: DemandOptions = DemandOptions()
    generators: dict[str, dict[str, NonNeg]] = {}
    """Capacity overrides: region → ``{<technology>_mw: MW}``; sets the region's total for that technology."""
    interconnectors: dict[str, InterconnectorOptions] = {}
    gas_links: dict[str, GasLinkOptions] = {}
    """Gas link overrides by name, or new links ``FROM-TO`` between known gas nodes (data/GAS.md)."""
    prices: PriceOptions = PriceOptions()
    discount_rate: Optional[Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]] = None
    """Real discount rate for annuities [1/yr]: required when a link is expandable; with it, the value of
    each link is shown next to the annualised cost of a MW where the data give a capex."""
    voll_usd_per_mwh: Positive = 3000.0
    """Value of lost load: the cost of each MWh of unserved energy [USD/MWh]."""
    integration: IntegrationOptions = IntegrationOptions()
    zones: Union[bool, list[str]] = False
    """Split regions into the zones of the data directory (``zones.csv``): ``true`` for every region that
    has zones, a list of regions (e.g. ``[CL, PE]``), or ``false`` (default: one node per region)."""
    hydrology: Optional[Annotated[int, Field(ge=1900, le=2100)]] = None
    """Historical year whose monthly hydro inflow energy (``hydrology.csv``) scales the run-of-river and
    reservoir inflow profiles; default: the data set's base year (the latest year in ``hydrology.csv``).
    Ignored (profiles used as they are) when the data directory has no ``hydrology.csv``."""
    reservoir_end: Literal["start_level", "cyclic"] = "start_level"
    """End-of-horizon rule of reservoirs: ``start_level`` — each reservoir starts at its
    ``hydro.csv:start_level_pu`` and must end at least that full; ``cyclic`` — end level = start level,
    both free. A reservoir without a start level is always cyclic."""
    rules: RuleOptions = RuleOptions()
    """Which rows of ``generation_limits.csv`` apply."""
    co2_cap_tco2_per_year: Optional[NonNeg] = None
    """Cap on the CO2 emissions of power generation [tCO2/yr], pro rata of the modelled share of the year
    (``model/co2.py``); default none."""
    power_flow: Literal["transport", "dc"] = "transport"
    """How ``lines.csv`` is modelled: ``transport`` (each line a lossless two-way link) or ``dc`` (linearised
    AC power flow: Kirchhoff's voltage law with each line's reactance). Interconnectors stay transport."""
    solver: SolverOptions = SolverOptions()
    source_file: Optional[Path] = Field(default=None, exclude=True)
    """The YAML file this scenario was loaded from (not part of the resolved scenario)."""
    source_chain: tuple[Path, ...] = Field(default=(), exclude=True)
    """That file and its ``extends`` ancestors, child first (for input hashes)."""

    @field_validator("name")
    @classmethod
    def _name_is_a_folder_name(cls, value: str) -> str:
        if not value or value in (".", "..") or any(c in value for c in '/\\:') or value.startswith("."):
            raise ValueError("expected a plain name (letters, digits, - and _): it names the results folder")
        return value

    @field_validator("generators")
    @classmethod
    def _capacity_keys_end_in_mw(cls, value: dict[str, dict[str, float]]):
        for region, techs in value.items():
            for key in techs:
                if not key.endswith("_mw"):
                    raise ValueError(
                        f"generators.{region}.{key}: expected '<technology>_mw' (e.g. solar_pv_mw)"
                    )
        return value

    def resolved_dict(self) -> dict[str, Any]:
        """The fully merged scenario as plain data, for ``scenario.resolved.yaml``."""
        out = self.model_dump(mode="json", exclude={"source_file"})
        return out


# ---------------------------------------------------------------------------------------------- loading


def _is_type_label(part) -> bool:
    """pydantic puts the name of a union branch in an error's location (``constrained-float``…)."""
    return isinstance(part, str) and ("[" in part or part in ("constrained-float", "float", "int", "str", "bool"))


def _format_validation_error(exc: ValidationError) -> tuple[str, str]:
    errors = exc.errors()
    # for a union (a number, or a mapping region → number) the deepest error names the real key
    err = max(errors, key=lambda e: len([p for p in e["loc"] if not _is_type_label(p)]))
    key = ".".join(str(p) for p in err["loc"] if not _is_type_label(p) and p != "[key]") or "(top level)"
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        msg = "unknown key (check the spelling; see README 'Scenario keys')"
    elif err["type"] == "missing":
        msg = "required key is missing"
    elif "[key]" in err["loc"] and isinstance(err.get("input"), (int, float)):
        msg = (f"a name written as a number ({err['input']!r}) must be quoted in YAML, e.g. \"{err['input']}\": …; "
               "region and link names are text")
    inp = err.get("input")
    if err["type"] not in ("extra_forbidden", "missing") and not isinstance(inp, (dict, list)):
        msg += f" (got {inp!r})"
    more = len({tuple(p for p in e["loc"] if not _is_type_label(p)) for e in errors}) - 1
    if more > 0:
        msg += f" [and {more} more problem{'s' if more > 1 else ''}]"
    return key, msg


def scenario_dict(
    path: str | Path,
    *,
    hours: int | None = None,
    resolution_h: int | None = None,
    data: str | Path | None = None,
    start: str | int | dt.date | None = None,
    overrides=(),
) -> dict[str, Any]:
    """The merged scenario file as plain data, before validation: ``extends`` resolved, then
    ``overrides`` ((key path, value) pairs, ``--set``), then the command-line ``hours``, ``resolution_h``,
    ``start`` and ``data``. :func:`validate_scenario` turns it into a :class:`Scenario`."""
    path = Path(path)
    seen: list[Path] = []
    raw = load_merged(path, (), seen)
    raw.setdefault("name", path.stem)
    if overrides:
        raw = apply_overrides(raw, overrides, file=path)
    if data is not None:
        raw["data"] = str(Path(data).resolve())
    given = {k: v for k, v in (("hours", hours), ("resolution_h", resolution_h), ("start", start))
             if v is not None}
    if given:
        time = raw.get("time")
        time = {} if time is None else dict(time) if isinstance(time, dict) else time
        if isinstance(time, dict):
            time.update(given)
            raw["time"] = time
    raw["source_file"] = str(path.resolve())
    raw["source_chain"] = [str(p) for p in seen]
    return raw


def validate_scenario(raw: dict[str, Any], file: str | Path | None = None) -> Scenario:
    """Validate merged scenario data; raises :class:`InputError` naming ``file`` and the key."""
    try:
        return Scenario.model_validate(raw)
    except ValidationError as exc:
        key, msg = _format_validation_error(exc)
        raise InputError(msg, file=file, key=key) from None


def load_scenario(
    path: str | Path,
    *,
    hours: int | None = None,
    resolution_h: int | None = None,
    data: str | Path | None = None,
    start: str | int | dt.date | None = None,
    overrides=(),
) -> Scenario:
    """Read, merge and validate a scenario file. ``overrides`` ((key path, value) pairs from ``--set``)
    apply over the merged file and are validated like it; ``hours``, ``start``… apply last.

    Raises :class:`~energymodel.errors.InputError` naming the file and key for anything invalid."""
    raw = scenario_dict(path, hours=hours, resolution_h=resolution_h, data=data, start=start, overrides=overrides)
    return validate_scenario(raw, Path(path))


def by_region(value: float | dict[str, float] | None, region: str) -> float | None:
    """Look up a per-region setting: the region's own entry, else ``"*"``, else a scalar, else None."""
    if value is None:
        return None
    if isinstance(value, dict):
        if region in value:
            return value[region]
        return value.get(ALL)
    return value
