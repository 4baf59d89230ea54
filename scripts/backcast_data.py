"""The 2023 backcast part of the default data set, called by ``build_data.py``: the hydrology (monthly
inflow energy per region, 2015-2023), the operating rules (``generation_limits.csv``) and the source rows
of both. Reads the calibration extracts in ``data/calibration/`` (each row with its ``source_id``) and the
PLEXOS-World monthly hydro climatology of the reference extracts.

Hydrology method (source ``hydrology_derived``, an ESTIMATE): the inflow energy of a month is taken equal
to the hydro generation reported for that month (storage changes and spill are not in any public monthly
series found), scaled to the end-2023 fleet by IRENA's end-of-year hydro capacity (2023 / that year).
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

# Colombia's reported month-end reservoir levels, share of useful volume (XM via El Heraldo; ~81 % at the
# El Niño onset in May-June via IFM): the path the operator managed the reservoirs to in 2023, applied as
# floors on the month-end level (rules.reservoir_path). hydro -> {month: (level_pu, source_id)}
RESERVOIR_PATH = {"CO-hydro_reservoir": {6: (0.81, "ifm_2023"), 9: (0.7368, "elheraldo_2023_12_embalses"),
                                         10: (0.7279, "elheraldo_2023_12_embalses"),
                                         11: (0.7481, "elheraldo_2023_12_embalses"),
                                         12: (0.7019, "elheraldo_2024_02_embalses")}}

RULE_SOURCES = [
    dict(source_id="hydrology_derived",
         citation="ESTIMATE: monthly hydro inflow energy per region = reported monthly hydro generation: Ember "
                  "annual hydro (owid_ember_2025) spread with the IEA Monthly Electricity Statistics shape of the "
                  "same year where all 12 months exist (iea_mes_2023: CO, PE, CL, MX; Costa Rica for CAM; 2022-23), "
                  "else with the PLEXOS-World 15-year-average monthly capacity factors x days (plexos_hydro); "
                  "scaled to the end-2023 fleet by IRENA hydro capacity end-2023 / end of that year (irena)",
         url="", year="2025", licence="ESTIMATE (no licence: project assumption)",
         note="ESTIMATE: inflow is taken equal to generation (monthly storage change and spill not found); "
              "scripts/backcast_data.py. CAM uses Costa Rica's measured shape (8.5 of 14.6 TWh of CAM hydro in 2023)."),
    dict(source_id="ec_gas_limit",
         citation="Campo Amistad gas 21 MMcfd in April 2023, declining (Primicias via Revista Gestion 2023-07-14; "
                  "see revistagestion_2023_07); converted at 1.038 MMBtu/Mcf (US EIA) and 0.293071 MWh/MMBtu",
         url="https://revistagestion.ec/noticias/gobierno-definira-licitacion-del-campo-amistad-el-21-de-julio-de-2023",
         year="2023", licence="news report; single figures cited with attribution",
         note=f"derived: 21 MMcfd x 1.038 x 365 x 0.293071 = {EC_GAS_TWH_TH:.3f} TWh_th/yr of fuel for Ecuador's "
              "gas plants (ESTIMATE: the April rate held all year; the only gas for power in Ecuador)."),
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
    rows = []
    for region, year, twh in zip(annual["region"], annual["year"], annual["hydro_twh"]):
        if fleet is not None:
            twh = twh * fleet[(region, BASE_YEAR)] / fleet[(region, int(year))]
        m = measured[(measured["region"] == region) & (measured["year"] == year)].sort_values("month")
        if len(m) == 12:
            shape = m["hydro_generation_gwh"].to_numpy() / m["hydro_generation_gwh"].sum()
        else:
            shape = clim[region]
        rows += [dict(region=region, year=int(year), month=i + 1, inflow_twh=round(float(twh * s), 5),
                      source_id="hydrology_derived") for i, s in enumerate(shape)]
    return pd.DataFrame(rows)


def build_reservoir_levels() -> pd.DataFrame:
    """hydro, month, min_level_pu, source_id: the reported month-end levels, as floors.

    A two-sided band (``max_level_pu``) is supported by energymodel but not used: with Colombia's level held
    to ±2 points of the reported path the base year's price was flat at the coal cost all year (measured at
    3-hour resolution), while with floors only it steps down after June."""
    return pd.DataFrame([dict(hydro=h, month=m, min_level_pu=pu, source_id=src)
                         for h, path in RESERVOIR_PATH.items() for m, (pu, src) in path.items()])


def build_generation_limits() -> pd.DataFrame:
    rows = [dict(limit="EC-gas-supply", region="EC", technology="ocgt", bound="max", basis="fuel",
                 annual_twh=round(EC_GAS_TWH_TH, 4), rule="fuel_supply", source_id="ec_gas_limit",
                 note="Campo Amistad 21 MMcfd (Apr 2023), all of Ecuador's gas for power")]
    for (region, tech), twh in MUST_RUN.items():
        rows.append(dict(limit=f"{region}-{tech}-must-run", region=region, technology=tech, bound="min",
                         basis="electric", annual_twh=twh, rule="must_run", source_id="must_run_ember_2023",
                         note="reported 2023 generation (Ember) as a minimum"))
    return pd.DataFrame(rows)
