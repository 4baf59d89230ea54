"""The 2023 backcast part of the default data set, called by ``build_data.py``: the hydrology (monthly
inflow energy per region, 2015-2023), the operating rules (``generation_limits.csv``) and the source rows
of both. Reads the calibration extracts in ``data/calibration/`` (each row with its ``source_id``) and the
PLEXOS-World monthly hydro climatology of the reference extracts.

Hydrology method (source ``hydrology_derived``, an ESTIMATE): the inflow energy of a month is taken equal
to the hydro generation reported for that month (storage changes and spill are not in any public monthly
series found; Colombia's base year adds the change of stored energy from XM's reported level path, source
``hydrology_water_balance``: add_storage_change), scaled to the end-2023 fleet by IRENA's end-of-year hydro capacity (2023 / that year).
Annual hydro generation per region and year is Ember's (``owid_ember_2025``); it is spread
over the months with the measured monthly shape of that year where the IEA Monthly Electricity Statistics
give all twelve months (``iea_mes_2023``: CO, PE, CL, MX and Costa Rica, whose shape stands for CAM, in
2022 and 2023), else with the 15-year-average monthly capacity factors of PLEXOS-World (``plexos_hydro``)
weighted by the days of each month.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from licences import EST, NEWS

DAYS = pd.date_range("2023-01-01", periods=12, freq="MS").days_in_month.to_numpy()
BASE_YEAR = 2023

# [revistagestion_2023_07] Campo Amistad (Ecuador's only domestic gas for power) produced 21 MMcfd in
# April 2023, declining. [unit_conversions] 1 Mcf = 1.038 MMBtu (US EIA), 1 MMBtu = 0.293071 MWh_th.
EC_GAS_MMCFD = 21.0
MMBTU_PER_MCF = 1.038
EC_GAS_TWH_TH = EC_GAS_MMCFD * 1e3 * MMBTU_PER_MCF * 365 * 0.293071 / 1e6   # = 2.33 TWh_th/yr

# Minimum annual generation (must-run) from Ember 2023 [owid_ember_2025], region → (technology, TWh).
# Mexico: CFE dispatched its fuel-oil and coal plants ahead of cheaper gas (policy of the 2021-24
# administration favouring CFE plants and Pemex fuel oil); Colombia: mine-mouth coal plants under fuel
# contracts and firm-energy (cargo por confiabilidad) obligations. An economic LP with delivered
# fuel prices does not see either rule, so it is modelled as a switchable minimum (rules.must_run).
# Ecuador: oil plants are dispatched at regulated (subsidised) fuel prices, so Colombian imports were
# bought only when Ecuador ran short (Q4 2023); at delivered cost an economic LP would import instead.
MUST_RUN = {("MX", "coal"): 13.53, ("MX", "oil"): 35.26, ("CO", "coal"): 9.20, ("EC", "oil"): 8.50}
# Peru's only coal unit, Ilo21 (135 MW, Engie), was announced for closure by 2022; IRENA still lists it for
# 2023 and Ember reports 0.04 TWh of Peruvian coal in 2023: that output as its maximum.     [pe_coal_ilo21]
PE_COAL_MAX_TWH = 0.04

# Colombia's reported month-end reservoir levels, share of useful volume (XM via El Heraldo; ~81 % at the
# El Niño onset in May-June via IFM): the path the operator managed the reservoirs to in 2023, applied as
# a band on the month-end level (rules.reservoir_path; build_reservoir_levels). hydro -> {month: (level_pu,
# source_id)}
RESERVOIR_PATH = {"CO-hydro_reservoir": {6: (0.81, "ifm_2023"), 9: (0.7368, "elheraldo_2023_12_embalses"),
                                         10: (0.7279, "elheraldo_2023_12_embalses"),
                                         11: (0.7481, "elheraldo_2023_12_embalses"),
                                         12: (0.7019, "elheraldo_2024_02_embalses")}}

# The June figure is approximate ("~81 %" at the El Niño onset): a band of ±2 points around it.
APPROXIMATE_LEVELS = {("CO-hydro_reservoir", 6)}
LEVEL_BAND_APPROX_PU = 0.02
# Reservoirs whose month-end level is held at the start level (rule month_budget): Peru, whose inflow is its
# reported (regulated) monthly hydro generation.
MONTH_BUDGET = ["PE-hydro_reservoir"]
PERIOD_BUDGET = {"PA-hydro_reservoir": (6, 9)}
"""[pa_period_budget] reservoir → the months at whose end it is back at its start level (rule period_budget):
the reported periods of period_hydro."""

# Colombia's aggregate reservoir level at the end of December 2022 and 2023, share of useful volume (XM):
# the start level of the base year and the least level at its end (hydro.csv start_level_pu/end_level_pu).
CO_LEVEL_END_2022 = 0.7904          # [bnamericas_xm_2023_01] (79.04 %; Nov 2022 87.14 % ≈ momentozero_2023's 87 %)
CO_LEVEL_END_2023 = RESERVOIR_PATH["CO-hydro_reservoir"][12][0]  # [elheraldo_2024_02_embalses] 70.19 %

# Water balance of the base year where the reservoir path is reported (Colombia): the inflow energy of a
# month = its hydro generation + the change of stored energy, the change taken from the reported level path
# (end-2022 level, then RESERVOIR_PATH's month-ends) × the reservoir's energy_mwh and spread over the months
# between two reported levels in proportion to their days. Spill is left out: the reported spill (Oct 454,
# Nov 556 GWh, mostly at Hidroituango, elheraldo_2023_12_embalses) passed plants whose turbines or small
# reservoirs could not take it, so it was never usable by the aggregate reservoir of the model.
STORAGE_CHANGE_PATH = {"CO": ("CO-hydro_reservoir", CO_LEVEL_END_2022)}

# [pa_hydro_periods_2023] Panama's 2023 hydro generation by period, where no 12-month series was found:
# January-September 2022 5,728 GWh (Contraloria, preliminary, via Energias Renovables 2022-12-31) and its
# change in January-September 2023, -38.1 % (Contraloria via TVN-2, 2023-12-29): 5,728 x 0.619 = 3,546 GWh;
# October-December = the year (Ember, annual_hydro.csv) less that. ESTIMATE: inside each period the months
# keep the climatological shape. The model's shape had 3,985 GWh in January-September.
# January-June: ASEP's hydro share of the first half, 35.77 % (La Prensa 2023), of the half-year's generation;
# ESTIMATE: that generation = Ember's 2023 total (calibration/generation_by_technology.csv, 13.11 TWh) x 181/365
# (no half-year total was found; Panama's demand has no strong season). July-September = January-September less that.
PA_JAN_SEP_2023_TWH = 5728.023 * (1 - 0.381) / 1000.0
PA_H1_2023_HYDRO_SHARE = 0.3577
FIRST_HALF_DAYS = 181


def period_hydro(calib: Path) -> dict[tuple[str, int], list]:
    """(region, year) → [((first month, last month), TWh), …]: reported hydro of a period; the rest of the year
    is the annual figure less the periods. Panama's first half reads Ember's 2023 total generation from
    ``calib``."""
    gen = pd.read_csv(calib / "generation_by_technology.csv")
    total = gen.loc[(gen["region"] == "PA") & (gen["year"] == 2023) & (gen["reported_technology"] == "total_generation"),
                    "generation_twh"]
    h1 = PA_H1_2023_HYDRO_SHARE * float(total.iloc[0]) * FIRST_HALF_DAYS / 365
    return {("PA", 2023): [((1, 6), h1), ((7, 9), PA_JAN_SEP_2023_TWH - h1)]}

RULE_SOURCES = [
    dict(source_id="pa_hydro_periods_2023",
         citation="Panama 2023 hydro generation by period: January-September 2022 hydro 5,728,023 MWh (Contraloria "
                  "General, preliminary, via Energias Renovables 2022-12-31); January-September 2023 change -38.1 % "
                  "(Contraloria via TVN-2, 2023-12-29); year 2023 -23 % (INEC via En Segundos, 2024-03-18); first "
                  "half 2023: hydro 35.77 % of generation, thermal 49.40 % (ASEP via La Prensa, 2023)",
         url="https://energias-renovables.com/hidraulica/panama-cerca-del-100--renovable-gracias-20221231 ; "
             "https://www.tvn-2.com/nacionales/contraloria-dice-producto-interno-bruto-crecio_1_2099338.html ; "
             "https://ensegundos.com.pa/2024/03/18/economia-crecio-73-en-el-2023-impulsada-por-construccion-y-manufactura ; "
             "https://prensa.com/economia/matriz-energetica-del-pais-se-refuerza-con-las-renovables",
         year="2024", licence="news reports of official statistics; figures cited with attribution",
         note="derived: January-September 2023 = 5,728 x (1 - 0.381) = 3,546 GWh; January-June = 35.77 % x the "
              "half-year's generation, ESTIMATE Ember's 13.11 TWh x 181/365 = 6.50 TWh (no half-year total found), "
              "= 2,325 GWh; July-September = 3,546 - 2,325 = 1,221 GWh; October-December = Ember's 6.15 TWh "
              "(annual_hydro.csv) - 3.546 = 2.60 TWh. ESTIMATE: the months inside each period keep the PLEXOS-World "
              "climatological shape (plexos_hydro); no monthly 2023 series was found (CND, ASEP, SNE). The reservoir "
              "ends June and September at its start level (reservoir_levels.csv, pa_period_budget)."),
    dict(source_id="pa_period_budget",
         citation="ESTIMATE (rule): Panama's reservoir ends June and September 2023 at its start level (rule "
                  "period_budget), so each reported period's hydro (pa_hydro_periods_2023: "
                  "January-June, July-September, October-December) is generated in that period",
         url="", year="2025", licence="ESTIMATE (no licence: project assumption)",
         note="ESTIMATE: without it the perfect-foresight reservoir moved about 1.1 TWh of the first half's water "
              "into July-September, where the bunker price is dearer (fuel_price_month.csv), and burnt bunker in "
              "May-June instead (Panama's oil 2.57 TWh against Ember's 1.91). Whole months are not used: the "
              "climatological shape inside a period is not a 2023 measurement. Applied with the 2023 hydrology only; "
              "switch rules.hydro_month_budget; scripts/backcast_data.py PERIOD_BUDGET"),
    dict(source_id="hydrology_derived",
         citation="ESTIMATE: monthly hydro inflow energy per region = reported monthly hydro generation: Ember "
                  "annual hydro (owid_ember_2025) spread with the IEA Monthly Electricity Statistics shape of the "
                  "same year where all 12 months exist (iea_mes_2023: CO, PE, CL, MX; Costa Rica for CAM; 2022-23), "
                  "else with the PLEXOS-World 15-year-average monthly capacity factors x days (plexos_hydro); "
                  "scaled to the end-2023 fleet by IRENA hydro capacity end-2023 / end of that year (irena)",
         url="", year="2025", licence=EST,
         note="ESTIMATE: inflow is taken equal to generation (monthly storage change and spill not found); "
              "scripts/backcast_data.py. CAM uses Costa Rica's measured shape (8.5 of 14.6 TWh of CAM hydro in 2023)."),
    dict(source_id="hydrology_water_balance",
         citation="ESTIMATE: Colombia 2023 monthly inflow energy = monthly hydro generation (hydrology_derived) + "
                  "change of stored energy from XM's reported aggregate reservoir levels (end-Dec 2022 79.04 %, "
                  "bnamericas_xm_2023_01; ~81 % end-Jun, ifm_2023; end-Sep 73.68 %, end-Oct 72.79 %, end-Nov 74.81 %, "
                  "elheraldo_2023_12_embalses; end-Dec 70.19 %, elheraldo_2024_02_embalses) x the reservoir's energy_mwh "
                  "(est_hydro_reservoir)",
         url="", year="2025", licence=EST,
         note="ESTIMATE: water balance without spill (reported spill passed plants that could not use it); the "
              "change between two reported levels is spread over the months in between by days; "
              "scripts/backcast_data.py add_storage_change. XM's monthly inflow series (AporEner) was not found."),
    dict(source_id="hydrology_month_budget",
         citation="ESTIMATE (rule): where the monthly inflow energy is the reported monthly hydro generation "
                  "(hydrology_derived), the reservoir ends every month at its start level, so a month's hydro "
                  "energy is the reported one and the model re-times water only within the month",
         url="", year="2025", licence=EST,
         note="ESTIMATE: reported generation already includes the operators' seasonal regulation; without this "
              "rule the model's reservoir (Peru 3.7 TWh, est_hydro_reservoir) regulates it a second time and "
              "flattens the dry season. Applied to Peru (MONTH_BUDGET in scripts/backcast_data.py); "
              "switch rules.hydro_month_budget."),
    dict(source_id="ec_gas_limit",
         citation="Campo Amistad gas 21 MMcfd in April 2023, declining (Primicias via Revista Gestion 2023-07-14; "
                  "see revistagestion_2023_07); converted at 1.038 MMBtu/Mcf (US EIA) and 0.293071 MWh/MMBtu",
         url="https://revistagestion.ec/noticias/gobierno-definira-licitacion-del-campo-amistad-el-21-de-julio-de-2023",
         year="2023", licence=NEWS,
         note=f"derived: 21 MMcfd x 1.038 x 365 x 0.293071 = {EC_GAS_TWH_TH:.3f} TWh_th/yr of fuel for Ecuador's "
              "gas plants (ESTIMATE: the April rate held all year; the only gas for power in Ecuador)."),
    dict(source_id="pe_coal_ilo21",
         citation="Ilo21 (Ilo, Moquegua; 135 MW coal steam unit, in commercial operation since August 2000), Peru's only "
                  "coal plant: Engie announced at COP25 (December 2019) that it would close it in 2022 (Energiminas; "
                  "Proactivo); Peru's 2023 coal generation was 0.04 TWh (Ember via owid_ember_2025)",
         url="https://energiminas.com/engie-tambien-le-dira-adios-a-su-planta-electrica-a-carbon-en-ilo-dentro-de-dos-anos/ ; "
             "https://proactivo.com.pe/engie-cerrara-planta-de-carbon-en-ilo-mientras-migra-hacia-energias-renovables",
         year="2019", licence=NEWS,
         note="Rule, not a cost: IRENA still lists Peru's 135 MW of coal for 2023 (irena), but the unit was being "
              "withdrawn; an economic dispatch would run it whenever diesel sets the price (it did in every dry "
              "month before this rule: 0.28-0.29 TWh against 0.04 reported). ESTIMATE: the reported 2023 output "
              "as its maximum (rule fuel_supply, basis electric); whether it closed during 2023 was not found. "
              "Switch off with rules.fuel_supply: false."),
    dict(source_id="must_run_ember_2023",
         citation="Minimum annual generation = Ember 2023 generation by fuel (owid_ember_2025): Mexico coal "
                  "13.53 TWh, oil 35.26 TWh; Colombia coal 9.20 TWh; Ecuador oil 8.50 TWh",
         url="https://github.com/owid/energy-data", year="2025", licence="CC BY 4.0",
         note="Rule, not a cost: these fleets ran in 2023 for reasons an economic dispatch does not see (Mexico: "
              "dispatch priority of CFE plants and Pemex fuel oil; Colombia: mine-mouth coal under fuel contracts and "
              "firm-energy obligations; Ecuador: thermal plants dispatched at regulated fuel prices, imports bought only "
              "when short). ESTIMATE that the whole reported output was must-run; switch off with "
              "rules.must_run: false."),
]


def climatology(reference: Path, weights: dict[str, dict[str, float]]) -> dict[str, np.ndarray]:
    """Per region, the share of each month in a year's hydro energy under the PLEXOS-World climatology
    (capacity factor × days, capacity-weighted over a region's countries)."""
    sc = pd.read_csv(reference / "hydro_monthly_capacity_scaler_pct.csv").set_index("country_iso3")
    out = {}
    for region, w in weights.items():
        cf = sum(sc.loc[iso].to_numpy() * mw for iso, mw in w.items()) / sum(w.values())
        energy = cf * DAYS
        out[region] = energy / energy.sum()
    return out


def build_hydrology(reference: Path, calib: Path, weights: dict[str, dict[str, float]],
                    fleet: dict[tuple[str, int], float] | None = None) -> pd.DataFrame:
    """region, year, month, inflow_twh, source_id for every region and year of ``annual_hydro.csv``.

    ``fleet``: (region, year) → end-of-year hydro capacity [MW] (IRENA). A year's energy is scaled to the
    base year's fleet, × capacity(2023) / capacity(year), so that a year's hydrology does not carry the
    plants built since (Ecuador's Coca Codo Sinclair, 2016, doubled its hydro); 2023 is unchanged."""
    annual = pd.read_csv(calib / "annual_hydro.csv")
    measured = pd.read_csv(calib / "monthly_hydro.csv")
    clim = climatology(reference, weights)
    periods = period_hydro(calib)
    rows = []
    for region, year, twh in zip(annual["region"], annual["year"], annual["hydro_twh"]):
        if fleet is not None:
            twh = twh * fleet[(region, BASE_YEAR)] / fleet[(region, int(year))]
        m = measured[(measured["region"] == region) & (measured["year"] == year)].sort_values("month")
        source = "hydrology_derived"
        if len(m) == 12:
            shape = m["hydro_generation_gwh"].to_numpy() / m["hydro_generation_gwh"].sum()
        else:
            shape = np.asarray(clim[region], dtype=float)
            if (region, int(year)) in periods:
                shape, source = period_shape(shape, float(twh), periods[region, int(year)]), "pa_hydro_periods_2023"
        rows += [dict(region=region, year=int(year), month=i + 1, inflow_twh=round(float(twh * s), 5),
                      source_id=source) for i, s in enumerate(shape)]
    return pd.DataFrame(rows)


def period_shape(shape: np.ndarray, annual_twh: float, periods: list) -> np.ndarray:
    """``shape`` (12 monthly shares) rescaled so that each reported period holds its share of the year
    (``periods``: [((first month, last month), TWh)]) and the remaining months the rest, keeping the shape
    inside each."""
    out = np.asarray(shape, dtype=float).copy()
    rest = np.ones(12, dtype=bool)
    left = 1.0
    for (a, b), twh in periods:
        idx = slice(a - 1, b)
        out[idx] = shape[idx] / shape[idx].sum() * (twh / annual_twh)
        rest[idx] = False
        left -= twh / annual_twh
    out[rest] = shape[rest] / shape[rest].sum() * left
    return out


def add_storage_change(hydrology: pd.DataFrame, hydro: pd.DataFrame) -> pd.DataFrame:
    """The base year's rows of the regions in STORAGE_CHANGE_PATH with the monthly change of stored energy
    added (see STORAGE_CHANGE_PATH); source ``hydrology_water_balance``. Other rows unchanged.

    The reported level path (start, then RESERVOIR_PATH's month-ends) is interpolated by days between
    reported months; Δlevel × energy_mwh [MWh] is added to the month's inflow energy."""
    out = hydrology.copy()
    for region, (res, start) in STORAGE_CHANGE_PATH.items():
        energy_twh = float(hydro.set_index("hydro").at[res, "energy_mwh"]) / 1e6
        known = {0: start} | {m: pu for m, (pu, _) in RESERVOIR_PATH[res].items()}
        ends = np.cumsum(DAYS)                       # day of year at each month end
        days = np.concatenate([[0], ends])
        level = np.interp(days, [days[m] for m in sorted(known)], [known[m] for m in sorted(known)])
        delta_twh = np.diff(level) * energy_twh      # change of stored energy in each month
        rows = (out["region"] == region) & (out["year"] == BASE_YEAR)
        months = out.loc[rows, "month"].astype(int).to_numpy()
        out.loc[rows, "inflow_twh"] = (out.loc[rows, "inflow_twh"].to_numpy() + delta_twh[months - 1]).round(5)
        out.loc[rows, "source_id"] = "hydrology_water_balance"
    return out


def build_reservoir_levels(hydro: pd.DataFrame) -> pd.DataFrame:
    """hydro, month, min_level_pu, max_level_pu, rule, source_id.

    ``reported_path`` rows: Colombia's reported month-ends as a two-sided band, exact where XM gives the
    level to 0.01 % and ±LEVEL_BAND_APPROX_PU around the approximate June figure ("~81 %"). With inflows
    from the water balance (add_storage_change) the band holds the aggregate reservoir to the path it
    followed, so a perfect-foresight LP cannot carry the wet first half's water into the El Niño months
    (measured at 3-hour resolution: Jan-Jun 88, Jul-Sep 138, Oct 152, Nov 88, Dec 152 USD/MWh; with floors
    only, 88 all year; before the water balance, a ±2-point band gave 88 all year as well).
    ``month_budget`` rows (MONTH_BUDGET regions): the level at every month end equals the start level, so a
    month's hydro energy is that month's inflow — the inflow derived from reported generation already carries
    the operators' seasonal regulation, and letting the model's reservoir regulate it again would move the
    dry season's water away from it (source hydrology_month_budget)."""
    rows = []
    for h, path in RESERVOIR_PATH.items():
        for m, (pu, src) in path.items():
            band = LEVEL_BAND_APPROX_PU if (h, m) in APPROXIMATE_LEVELS else 0.0
            rows.append(dict(hydro=h, month=m, min_level_pu=round(pu - band, 4), max_level_pu=round(pu + band, 4),
                             rule="reported_path", source_id=src))
    start = hydro.set_index("hydro")["start_level_pu"]
    for h in MONTH_BUDGET:
        rows += [dict(hydro=h, month=m, min_level_pu=float(start[h]), max_level_pu=float(start[h]),
                      rule="month_budget", source_id="hydrology_month_budget") for m in range(1, 13)]
    for h, months in PERIOD_BUDGET.items():
        rows += [dict(hydro=h, month=m, min_level_pu=float(start[h]), max_level_pu=float(start[h]),
                      rule="period_budget", source_id="pa_period_budget") for m in months]
    return pd.DataFrame(rows)


def build_generation_limits() -> pd.DataFrame:
    rows = [dict(limit="EC-gas-supply", region="EC", technology="ocgt", bound="max", basis="fuel",
                 annual_twh=round(EC_GAS_TWH_TH, 4), rule="fuel_supply", source_id="ec_gas_limit",
                 note="Campo Amistad 21 MMcfd (Apr 2023), all of Ecuador's gas for power")]
    for (region, tech), twh in MUST_RUN.items():
        rows.append(dict(limit=f"{region}-{tech}-must-run", region=region, technology=tech, bound="min",
                         basis="electric", annual_twh=twh, rule="must_run", source_id="must_run_ember_2023",
                         note="reported 2023 generation (Ember) as a minimum"))
    rows.append(dict(limit="PE-coal-supply", region="PE", technology="coal", bound="max", basis="electric",
                     annual_twh=PE_COAL_MAX_TWH, rule="fuel_supply", source_id="pe_coal_ilo21",
                     note="Ilo21, announced for closure by 2022: its reported 2023 output (Ember) as a maximum"))
    return pd.DataFrame(rows)
