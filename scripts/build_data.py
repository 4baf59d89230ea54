#!/usr/bin/env python3
"""Build the default data set of energymodel (base year 2023, USD of 2023).

This script is the provenance record of every number in ``data/``. It reads the reference extracts
in ``../shared/data/reference/`` (IRENA capacity and generation, monthly hydro scalers, GTD
cross-border capacities) and the constants below, each of which carries a ``[source_id]`` comment
that resolves in the ``SOURCES`` list (written to ``data/sources.csv``). Figures marked ESTIMATE are
derived or assumed; the reasoning is in the note of their source row and in ``data/README.md``.

Usage (from the repository root)::

    python scripts/build_data.py                       # writes data/
    python scripts/build_data.py --reference PATH --out DIR

Needs pandas, numpy and pvlib (the optional extra ``.[data]``) for the clear-sky solar profiles; all offline.
"""
from __future__ import annotations

import argparse
import logging
from pathlib import Path

import numpy as np
import pandas as pd

import backcast_chile
import fuel_months
import backcast_data
import central_america
import fleet_tiers
from milestone_sources import MILESTONE_SOURCES
from backcast_sources import BACKCAST_SOURCES
from licences import EST, NEWS

LOG = logging.getLogger("build_data")

REPO = Path(__file__).resolve().parents[1]
YEAR = 2023                     # base year of the data set
HOURS = 8760                    # 2023 is not a leap year
IRENA_CAP_YEAR = 2023           # [irena] end-2023 installed capacity
IRENA_GEN_YEAR = 2022           # [irena] latest year with generation (2023 rows are "-")

# --------------------------------------------------------------------------------------------
# Unit conversions                                                           [unit_conversions]
# --------------------------------------------------------------------------------------------
MWH_TH_PER_MMBTU = 0.293071     # [unit_conversions] 1 MMBtu = 0.293071 MWh_th
BTU_PER_KWH_PER_MWH = 3412.14   # [unit_conversions] heat rate (Btu/kWh) / 3412.14 = MWh_th/MWh
KJ_PER_KCAL = 4.1868            # [unit_conversions] international-table calorie
MMBTU_PER_BBL_CRUDE = 5.8       # [unit_conversions] EIA: crude oil ≈ 5.8 MMBtu per barrel
MWH_TH_PER_BBL = MMBTU_PER_BBL_CRUDE * MWH_TH_PER_MMBTU   # = 1.700 MWh_th/bbl
EUR2013_TO_USD2013 = 1.3281     # [ecb_eurusd_2013] ECB euro reference rate, 2013 annual average
CPI_U = {2013: 232.957, 2020: 258.811, 2023: 304.702}   # [bls_cpi_u] US CPI-U annual averages
EUR2013_TO_USD2023 = EUR2013_TO_USD2013 * CPI_U[2023] / CPI_U[2013]   # = 1.737
USD2020_TO_USD2023 = CPI_U[2023] / CPI_U[2020]                        # = 1.177

# --------------------------------------------------------------------------------------------
# Regions                                                                        [regions_def]
# --------------------------------------------------------------------------------------------
# code: (name, IRENA country names, ISO3 codes, UTC offset of local standard time)
REGIONS = {
    "MX": ("Mexico (SIN)", ["Mexico"], ["MEX"], -6),      # [regions_def] no DST since Oct 2022
    "GT": ("Guatemala", ["Guatemala"], ["GTM"], -6),      # [regions_def]
    "CAM": ("El Salvador, Honduras, Nicaragua, Costa Rica",
            ["El Salvador", "Honduras", "Nicaragua", "Costa Rica"],
            ["SLV", "HND", "NIC", "CRI"], -6),            # [regions_def]
    "PA": ("Panama", ["Panama"], ["PAN"], -5),            # [regions_def]
    "CO": ("Colombia", ["Colombia"], ["COL"], -5),        # [regions_def]
    "EC": ("Ecuador", ["Ecuador"], ["ECU"], -5),          # [regions_def]
    "PE": ("Peru", ["Peru"], ["PER"], -5),                # [regions_def]
    "CL": ("Chile", ["Chile"], ["CHL"], -4),              # [regions_def] standard time; DST ignored
}
ISO_OF_COUNTRY = {"Mexico": "MEX", "Guatemala": "GTM", "El Salvador": "SLV", "Honduras": "HND",
                  "Nicaragua": "NIC", "Costa Rica": "CRI", "Panama": "PAN", "Colombia": "COL",
                  "Ecuador": "ECU", "Peru": "PER", "Chile": "CHL"}

# IRENA technology -> model technology (None = not modelled; see README)
IRENA_TECH = {
    "Solar photovoltaic": "solar_pv", "Onshore wind energy": "wind", "Offshore wind energy": "wind",
    "Renewable hydropower": "hydro", "Mixed Hydro Plants": "hydro",
    "Solid biofuels": "biomass", "Biogas": "biomass", "Liquid biofuels": "biomass",
    "Renewable municipal waste": "biomass", "Geothermal energy": "geothermal",
    "Coal and peat": "coal", "Oil": "oil", "Natural gas": "gas", "Nuclear": "nuclear",
    "Pumped storage": None,   # Honduras 6 MW only; energy capacity unknown -> omitted
    "Marine energy": None,    # 0 MW in all countries
}
TECH_ORDER = ["nuclear", "coal", "ccgt", "ocgt", "oil", "oil_engine", "biomass", "geothermal", "csp", "hydro_ror",
              "wind", "solar_pv"]

# CCGT share of gas-fired capacity. GEM Global Gas Plant Tracker, Feb 2022, operating units
# >= 50 MW (region_data.md §2b): share = CC / (CC + GT + ST + other).          [gem_gas_split]
GEM_GAS_MW = {  # region: (CC, GT + ST + other)
    "MX": (39684, 2635 + 5641),      # [gem_gas_split]
    "CL": (3800, 1086),              # [gem_gas_split]
    "PE": (3188, 1593),              # [gem_gas_split]
    "CO": (2907, 741 + 127 + 50),    # [gem_gas_split]
    "PA": (381, 0),                  # [gem_gas_split] AES Colón CCGT = all of IRENA's 381 MW
}
CCGT_SHARE_ESTIMATE = {"EC": 0.0, "CAM": 0.0, "GT": 0.0}   # [est_gas_split] ESTIMATE
# Peru: IRENA's natural-gas capacity counts the Nodo Energético del Sur, two simple-cycle dual-fuel plants
# (Puerto Bravo at Mollendo, NEPI at Ilo; 2 x 500 MW contracted) that have no gas in the south and ran on
# diesel in 2023 [pe_nes_diesel]. Their capacity is taken out of gas and put in oil (the fuel burned), and
# Peru's CCGT capacity is GEM's operating CC units themselves (not the CC share x IRENA's total, which made
# simple-cycle units combined cycles); the rest of IRENA's gas is ocgt.              [pe_gas_fleet]
CC_MW = {"PE": 3188}                      # [pe_gas_fleet] GEM operating CC units, Feb 2022
GAS_UNITS_ON_OIL_MW = {"PE": 1000.0}      # [pe_nes_diesel] Nodo Energético del Sur, 2 x 500 MW, on diesel

# Reservoir share of renewable hydro capacity = GEM "conventional storage" MW (May 2023) / IRENA 2023 hydro
# MW, capped at 1.                                                          [gem_hydro_2023, est_hydro_split]
# Peru: Mantaro (798 MW) is listed twice in GEM, removed once (backcast_sources.md §5).
GEM_STORAGE_MW = {"MX": 11434, "GT": 497, "CAM": 2408, "PA": 901, "CO": 10104, "EC": 1979,
                  "PE": 4509 - 798, "CL": 4450}
RESERVOIR_SHARE: dict[str, float] = {}     # filled in main() from GEM_STORAGE_MW and IRENA 2023 capacity
# Reservoir level on 1 Jan 2023 as a fraction of energy_mwh, and the least level at the end of 2023
# (end_level_pu; empty: the start level, so the LP ends at least as full as it started).
# CO: XM reported 79.04 % of useful volume at the end of December 2022 [bnamericas_xm_2023_01; the November
# figure, 87.14 %, matches the ~87 % of momentozero_2023] and 70.19 % at the end of December 2023
# [elheraldo_2024_02_embalses]: the year starts at the first and ends at least at the second.
# Elsewhere no reported level was found: ESTIMATE 0.5 (half full), end ≥ start.  [est_hydro_reservoir]
START_LEVEL_PU = {"CO": backcast_data.CO_LEVEL_END_2022}
END_LEVEL_PU = {"CO": backcast_data.CO_LEVEL_END_2023}
START_LEVEL_DEFAULT_PU = 0.5
# Ecuador's thermal fleet: 1,862 MW installed, ~850 MW available (CELEC, 2024 articles; assumed for 2023).
EC_THERMAL_AVAILABILITY = round(850 / 1862, 4)                                 # [portalecuador_2024]
# Central American oil plants are medium-speed engines burning fuel oil: generic oil-engine efficiency
# 0.393 (PyPSA-Earth costs.csv, region_data.md §3b); no country heat rates found.   [tech_oil_engine]
OIL_ENGINE_EFFICIENCY = 0.393
OIL_ENGINE_REGIONS = ("GT", "CAM", "PA")
# Reservoir energy as hours at full reservoir power: ESTIMATE by system class. [est_hydro_reservoir]
RESERVOIR_HOURS = {"MX": 2000, "CO": 2000,                 # large multi-seasonal reservoirs
                   "CL": 1000, "CAM": 1000, "PE": 1000,    # seasonal
                   "GT": 500, "PA": 500, "EC": 500}        # weekly to monthly regulation

# --------------------------------------------------------------------------------------------
# Annual demand (TWh) and peak (MW)                                    [demand_<region> rows]
# --------------------------------------------------------------------------------------------
DEMAND = {
    # SENER PRODESEN 2023-2037: SEN net consumption 2022 (incl. losses and imports)  [demand_mx]
    "MX": dict(twh=333.662, peak_mw=52993, source_id="demand_mx"),   # peak: CENACE SIN 20 Jun 2023
    # AMM: 2024 SNI consumption 13,397.08 GWh at +6.76 % -> 2023 = 13,397.08 / 1.0676
    # peak May 2024 2,121.8 MW at +7.7 % -> 2023 = 2,121.8 / 1.077                  [demand_gt]
    "GT": dict(twh=13.39708 / 1.0676, peak_mw=2121.8 / 1.077, source_id="demand_gt"),
    # IRENA 2022 generation of SLV + HND + NIC + CRI (computed from the extract)   [demand_cam]
    "CAM": dict(twh=None, peak_mw=None, source_id="demand_cam"),
    # IRENA 2022 generation (computed); ETESA peak 2,222 MW on 21 Jul 2023          [demand_pa]
    "PA": dict(twh=None, peak_mw=2222, source_id="demand_pa"),
    # National scope, like CL and like IRENA's capacity (which includes self-generators outside the
    # SIN): US EIA net generation 2023 = 90 TWh minus net exports to Ecuador 2023 (ESTIMATE
    # 1.67 TWh, see CO_NET_EXPORTS_2023). XM's SIN-only demand (80.24 TWh in 2023) is kept
    # in the source note.                                                              [demand_co]
    "CO": dict(twh=None, peak_mw=None, source_id="demand_co"),
    # IRENA 2022 generation (computed); peak ~4,500 MW (El Universo 2025)            [demand_ec]
    "EC": dict(twh=None, peak_mw=4500, source_id="demand_ec"),
    # SNMPE: Jan-Oct 2023 production 48,519 GWh, annualised x 365/304;
    # COES record 8,263 MW (8 Feb 2024)                                              [demand_pe]
    "PE": dict(twh=48.519 * 365 / 304, peak_mw=8263, source_id="demand_pe"),
    # US EIA international: Chile net generation 2023 = 91 TWh                       [demand_cl]
    "CL": dict(twh=91.0, peak_mw=None, source_id="demand_cl"),
}
CO_NET_GEN_2023_TWH = 90.0       # [demand_co] US EIA international, Colombia net generation 2023
# [demand_co] ESTIMATE: 2023 exports to Ecuador ~ USD 30 M/month (ANDEG via La Veintitrés) at the
# average 2023 import price paid by Ecuador, 0.216 USD/kWh (e-comex) -> 30e6 x 12 / 0.216 / 1e9 TWh
CO_NET_EXPORTS_2023_TWH = 30e6 * 12 / 0.216 / 1e9          # = 1.67 TWh
CO_SIN_DEMAND_2023_TWH = 82.0849 / 1.023                   # [demand_co] XM, for the note only
DEMAND["CO"]["twh"] = CO_NET_GEN_2023_TWH - CO_NET_EXPORTS_2023_TWH   # = 88.33 TWh
# Peak/average ratio used for the demand shape where no peak is cited: ESTIMATE [est_load_factor]
PEAK_RATIO_ESTIMATE = {"CO": 1 / 0.78, "CL": 1 / 0.80}   # load factors of region_data.md §1b
# CAM: no peak found; use Guatemala's derived ratio (neighbouring, similar climate)  [est_load_factor]

# --------------------------------------------------------------------------------------------
# Fuel prices                                                          [price_* source rows]
# --------------------------------------------------------------------------------------------
HENRY_HUB_2023 = 2.54            # [price_gas_mx] USD/MMBtu, EIA annual average 2023
IPGN_JAN2024 = 3.765             # [price_gas_mx] Mexico gas price index, Jan 2024 (NGI)
HENRY_HUB_JAN2024 = 3.25         # [price_gas_mx] Henry Hub, Jan 2024 (EIA via OilMonster)
MX_BASIS = IPGN_JAN2024 - HENRY_HUB_JAN2024   # ESTIMATE: basis + transport = 0.515 USD/MMBtu
CAMISEA_POWER_CAP = 1.6          # [price_gas_pe] USD/MMBtu, Lot 88 price cap for generators
PE_TRANSPORT = 1.0               # [price_gas_pe] ESTIMATE USD/MMBtu pipeline transport to plants
# [price_gas_co] one Colombian gas price, the gas network's domestic supply price (gas_co_supply in
# gas_sources.csv): BMC 2022 average contract 4.6 USD/MMBtu + ESTIMATE transport 1.0
CO_GAS = 4.6 + 1.0
LNG_JAPAN_2023 = 14.39           # [price_gas_lng] USD/MMBtu, World Bank Pink Sheet
LNG_REGAS = 1.0                  # [price_gas_lng] ESTIMATE USD/MMBtu regas + local delivery
LNG_REGIONS = ["GT", "CAM", "PA", "CL"]
# Ecuador: thermal plants burn fuel oil, bunker and diesel from the three state refineries and gas
# from the domestic Campo Amistad at regulated prices (Decreto 338/2005); the Regulation Agency gives
# thermal generation a cost of 4-6 US cents/kWh (via VF Comunicación 2024) and Ecuador paid 21.6
# c/kWh for Colombian imports in 2023, "almost four times the cost of its own energy" (e-comex).
# ESTIMATE: the EC oil and gas prices are set so that the variable cost of oil and ocgt plants is
# the midpoint, 5 c/kWh: price = (50 - VOM) / heat rate.                          [price_ec_thermal]
EC_THERMAL_COST = 50.0           # [price_ec_thermal] USD/MWh_e
COAL_NEWCASTLE_2023 = 172.8      # [price_coal] USD/t, World Bank Pink Sheet (Jan 2025 edition)
COAL_KCAL_PER_KG = 6000          # [price_coal] Newcastle benchmark grade, NAR
COAL_MWH_TH_PER_T = COAL_KCAL_PER_KG * KJ_PER_KCAL / 3600.0   # = 6.978 MWh_th/t
BRENT_2023 = 82.6                # [price_oil] USD/bbl, World Bank Pink Sheet
# [price_hfo_ca] Honduras imported 6.8 million barrels of bunker (fuel oil for power) for US$507.3 M in
# Jan-Nov 2023 (BCH via Dinero.hn); residual fuel oil 6.287 MMBtu/bbl (US EIA). Used for the oil engines
# of GT, CAM and PA (ESTIMATE for GT and PA: the Honduran import price as the regional one).
HN_BUNKER_USD_PER_BBL = 507.3e6 / 6.8e6
MMBTU_PER_BBL_RESIDUAL = 6.287
OIL_MARKUP = 1.30                # [price_oil] ESTIMATE delivered diesel/fuel-oil mix vs crude
BIOMASS_PRICE = 10.0             # [price_biomass] ESTIMATE USD/MWh_th (residues: bagasse, forestry)
URANIUM_PRICE = 2.0              # [price_uranium] ESTIMATE USD/MWh_th (nuclear fuel ≈ 6 USD/MWh_e)

CARBON = {("CL", "*"): (5.0, "carbon_cl"),   # [carbon_cl] Ley 20.780 green tax, USD 5/tCO2
          ("CO", "*"): (5.0, "carbon_co"),   # [carbon_co] ESTIMATE ≈ COP 20,500/t at ~4,000 COP/USD
          # [gyd_dian_4122_2025] Ley 2277/2022 art. 48: coal pays 0 % of its carbon-tax rate in 2023-24
          ("CO", "coal"): (0.0, "gyd_dian_4122_2025"),
          ("*", "*"): (0.0, "carbon_none")}  # [carbon_none] no effective carbon price found elsewhere

# --------------------------------------------------------------------------------------------
# Technologies                                                           [tech_* source rows]
# --------------------------------------------------------------------------------------------
HR_BTU = {"ccgt": 7340, "ocgt": 9788,     # [eia_tie_32572] Btu/kWh
          "coal": 10689, "oil": 11166}    # [eia_epa_2022] US fleet averages 2022
VOM_EUR2013 = {"ccgt": 4.0, "ocgt": 3.0, "coal": 6.0, "nuclear": 8.0}   # [pypsa_earth_costs]
EF = {"gas": 0.187, "coal": 0.354, "oil": 0.248}   # [pypsa_earth_costs] tCO2/MWh_th
TECHS = {
    # technology: fuel, heat rate (MWh_th/MWh), VOM (USD2023/MWh), availability, profile, source
    "nuclear": ("uranium", 3.0, VOM_EUR2013["nuclear"] * EUR2013_TO_USD2023, 0.90, "", "tech_nuclear"),
    "coal": ("coal", HR_BTU["coal"] / BTU_PER_KWH_PER_MWH, VOM_EUR2013["coal"] * EUR2013_TO_USD2023,
             0.85, "", "tech_coal"),
    "ccgt": ("gas", HR_BTU["ccgt"] / BTU_PER_KWH_PER_MWH, VOM_EUR2013["ccgt"] * EUR2013_TO_USD2023,
             0.88, "", "tech_ccgt"),
    "ocgt": ("gas", HR_BTU["ocgt"] / BTU_PER_KWH_PER_MWH, VOM_EUR2013["ocgt"] * EUR2013_TO_USD2023,
             0.90, "", "tech_ocgt"),
    # oil VOM: OCGT value used as proxy (ESTIMATE)
    "oil": ("oil", HR_BTU["oil"] / BTU_PER_KWH_PER_MWH, VOM_EUR2013["ocgt"] * EUR2013_TO_USD2023,
            0.85, "", "tech_oil"),
    # reciprocating engines on fuel oil (GT, CAM, PA): efficiency 0.393, oil VOM and availability [tech_oil_engine]
    "oil_engine": ("oil", 1.0 / OIL_ENGINE_EFFICIENCY, VOM_EUR2013["ocgt"] * EUR2013_TO_USD2023,
                   0.85, "", "tech_oil_engine"),
    # biomass: 25 % efficiency (ESTIMATE), coal VOM as steam-cycle proxy, derate 0.6 (ESTIMATE)
    "biomass": ("biomass", 4.0, VOM_EUR2013["coal"] * EUR2013_TO_USD2023, 0.60, "", "tech_biomass"),
    "geothermal": ("none", 0.0, 0.0, 0.85, "", "tech_geothermal"),
    # CSP tower with 17.5 h molten-salt storage: dispatchable, availability ESTIMATE 0.60  [tech_csp]
    "csp": ("none", 0.0, 0.0, 0.60, "", "tech_csp"),
    "hydro_ror": ("none", 0.0, 0.0, 1.0, "ror", "tech_renewable"),
    "wind": ("none", 0.0, 0.0, 1.0, "wind", "tech_renewable"),
    "solar_pv": ("none", 0.0, 0.0, 1.0, "solar", "tech_renewable"),
}

# --------------------------------------------------------------------------------------------
# Interconnectors                                                        [link_* source rows]
# --------------------------------------------------------------------------------------------
HVAC_LOSS_PER_1000KM = 0.0675    # [gtd_v1] GTD "Input - Config"
HVDC_LOSS_PER_1000KM = 0.035     # [gtd_v1]
CONVERTER_PAIR_LOSS = 0.013      # [gtd_v1] per converter pair (HVDC or back-to-back)
WHEELING_USD2020 = 4.0           # [gtd_v1] transmission VOM, USD2020/MWh
SIEPAC_KM = 1796.0               # [link_siepac] CAF 2008: ~1,796 km for 6 border pairs
LINKS = [
    # link, from, to, fwd MW, bwd MW, km, kind, status, year, source_id
    ("MX-GT", "MX", "GT", 200, 70, 98.6, "ac", "existing", 2010, "link_mx_gt"),
    ("GT-CAM", "GT", "CAM", 300, 300, SIEPAC_KM / 6, "ac", "existing", 2014, "link_siepac"),
    ("CAM-PA", "CAM", "PA", 300, 300, SIEPAC_KM / 6, "ac", "existing", 2014, "link_siepac"),
    ("PA-CO", "PA", "CO", 400, 400, 500.0, "hvdc", "planned", 2028, "link_pa_co"),
    ("CO-EC", "CO", "EC", 460, 363, 213.0, "ac", "existing", 2003, "link_co_ec"),
    ("EC-PE", "EC", "PE", 100, 100, 104.0, "ac", "existing", 2004, "link_ec_pe"),
    ("EC-PE-500kV", "EC", "PE", 500, 550, 574.0, "ac", "planned", 2028, "link_ec_pe_500kv"),
    ("PE-CL", "PE", "CL", 200, 200, 55.0, "ac_b2b", "planned", 2030, "link_pe_cl"),
]

# Project cost of each link, as reported (nominal USD of cost_year; whole link, both countries).
# None = not found. Conflicts and choices are in data/README.md.                [link_* source rows]
LINK_COST = {   # link: (voltage kV, capex USD, cost year)
    "MX-GT": (400, 55e6 + 12e6, 2009),     # [link_mx_gt] GTM US$55 M (IDB) + MEX US$12 M
    "GT-CAM": (230, 494e6 / 6, 2014),      # [link_siepac] SIEPAC US$494 M (IDB, final) / 6 border pairs
    "CAM-PA": (230, 494e6 / 6, 2014),      # [link_siepac]
    "PA-CO": (None, 800e6, 2024),          # [link_pa_co] 2024 government roadmap (HVDC; kV disputed)
    "CO-EC": (230, 45.4e6, 2003),          # [link_co_ec] first line (COL 14.8 + ECU 30.6), 260 MW
    "EC-PE": (230, 20e6 + 2e6, 2004),      # [link_ec_pe] ECU US$20 M + PER US$2 M
    "EC-PE-500kV": (500, None, 2023),      # [link_ec_pe_500kv] Peru section US$217 M only; total not found
    "PE-CL": (220, 57e6, 2019),            # [link_pe_cl] IDB/AF-Mercados 2019 feasibility, incl. DC conversion
}
# Generic cost per GTD v1.0 / OSeMOSYS Global (USD2020): line per MW-km and terminals per MW.  [gtd_v1]
GTD_LINE_USD2020_PER_MW_KM = {"ac": 779.0, "ac_b2b": 779.0, "hvdc": 238.0}
GTD_TERMINAL_USD2020_PER_MW = {"ac": 95400.0, "ac_b2b": 95400.0 + 297509.0, "hvdc": 297509.0}
HVDC_SUBSEA_USD2020_PER_MW_KM = 295.0    # [gtd_v1]
PA_CO_SUBSEA_KM = 130.0                  # [link_pa_co] of the ~500 km
LINK_COST_MW = {"CO-EC": 260.0}          # [link_co_ec] capacity the reported cost bought (first line)

# CSP: not in the IRENA extract (no "Concentrated solar power" rows). Chile: Cerro Dominador tower,
# 110 MW, 17.5 h molten-salt storage, inaugurated Jun 2021.                              [csp_cl]
CSP_MW = {"CL": 110.0}

# Storage: Chile BESS in operation mid-2023, 64 MW standalone + 113 MW in renewable parks (Acera via
# BNamericas); energy at the 3.7 h of the end-January-2025 stock (886 MW / 3,318 MWh), ESTIMATE [storage_cl]
CL_BESS_MW = 64.0 + 113.0
CL_BESS_HOURS = 3318.0 / 886.0
STORAGE = [("CL-battery", "CL", "battery", CL_BESS_MW, round(CL_BESS_MW * CL_BESS_HOURS), 0.95, 0.95, "storage_cl")]

# --------------------------------------------------------------------------------------------
# Profile parameters (all ESTIMATE; documented in README and profiles.csv)
# --------------------------------------------------------------------------------------------
# Demand: daily bumps (local hour centre, width h, height) + seasonal peak day + amplitude. [profile_demand]
DEMAND_SHAPE = {
    "MX": dict(bumps=[(14.0, 4.0, 0.20), (20.0, 2.0, 0.25)], peak_doy=172, season_amp=0.15),
    "GT": dict(bumps=[(11.0, 3.0, 0.15), (19.0, 1.5, 0.45)], peak_doy=125, season_amp=0.04),
    "CAM": dict(bumps=[(12.0, 3.5, 0.20), (19.0, 1.8, 0.35)], peak_doy=110, season_amp=0.04),
    # PA: seasonal peak on 21 July (day 202), the day of the cited 2023 peak, July the month of highest
    # consumption [demand_pa] (was day 120, a dry-season guess that put the peak where hydro is lowest)
    "PA": dict(bumps=[(14.5, 2.5, 0.45), (19.5, 1.5, 0.10)], peak_doy=202, season_amp=0.10),
    "CO": dict(bumps=[(7.0, 1.2, 0.05), (11.5, 3.0, 0.20), (19.5, 1.8, 0.35)], peak_doy=75,
               season_amp=0.02),
    "EC": dict(bumps=[(12.0, 3.0, 0.20), (19.5, 1.7, 0.35)], peak_doy=75, season_amp=0.045),
    "PE": dict(bumps=[(11.5, 2.5, 0.25), (19.75, 1.5, 0.25)], peak_doy=40, season_amp=0.03),
    "CL": dict(bumps=[(12.0, 3.5, 0.15), (21.0, 2.0, 0.20)], peak_doy=190, season_amp=0.03),
}
WEEKDAY_FACTOR = [1.0, 1.0, 1.0, 1.0, 1.0, 0.94, 0.87]   # Mon..Sun [profile_demand] ESTIMATE
# Solar: one representative PV site per region (lat, lon in degrees).            [profile_solar]
SOLAR_SITE = {"MX": (25.6, -103.1),   # Villanueva area, Coahuila
              "GT": (14.3, -90.8),    # Escuintla, Pacific lowlands
              "CAM": (13.4, -87.4),   # Choluteca/Nacaome, southern Honduras
              "PA": (8.4, -82.4),     # David, Chiriquí
              "CO": (9.7, -73.7),     # El Paso, Cesar
              "EC": (-1.5, -78.5),    # central Andes
              "PE": (-17.0, -70.9),   # Moquegua
              "CL": (-23.0, -69.5)}   # Antofagasta region, Atacama
# Wind: seasonal peak day, seasonal amplitude, diurnal peak local hour, diurnal amplitude. [profile_wind]
WIND_SHAPE = {"MX": (15, 0.30, 15, 0.15), "GT": (40, 0.40, 14, 0.20),
              "CAM": (40, 0.40, 14, 0.20), "PA": (50, 0.40, 14, 0.20),
              "CO": (190, 0.20, 14, 0.15), "EC": (210, 0.30, 14, 0.15),
              "PE": (250, 0.20, 15, 0.30), "CL": (15, 0.15, 17, 0.30)}
WIND_AR1_PHI = 0.95              # [profile_wind] hourly AR(1) coefficient (ESTIMATE)
WIND_AR1_SIGMA = 0.6             # [profile_wind] stationary std of log-noise (ESTIMATE)
WIND_SEED = 2023                 # [profile_wind] seed of region i is WIND_SEED + i

# --------------------------------------------------------------------------------------------
# Sources (written to sources.csv)
# --------------------------------------------------------------------------------------------
IRENA_URL = "https://www.irena.org/Data/Downloads/IRENASTAT"
SOURCES = [
    dict(source_id="irena", citation="IRENA (2024), IRENASTAT Electricity statistics: installed capacity (MW) and generation (GWh) by country and technology; extract re-published in OSeMOSYS Global resources/data/validation/irena_capacity.csv and irena_generation.csv (commit 5983d6b)",
         url=IRENA_URL + " ; https://github.com/OSeMOSYS/osemosys_global", year=2024, licence="IRENA terms: free use with attribution (Source: IRENA)",
         note="Capacity = end-2023; generation = 2022 (2023 not yet published). Bio = solid biofuels + biogas + liquid biofuels + municipal waste. Hydro = renewable hydropower + mixed hydro plants; pumped storage (HND 6 MW) omitted."),
    dict(source_id="regions_def", citation="energymodel DESIGN.md §2 (region chain MX-GT-CAM-PA-CO-EC-PE-CL); UTC offsets of local standard time from the IANA time zone database; Mexico abolished DST by the Ley de los Husos Horarios (DOF 28 Oct 2022)",
         url="https://www.iana.org/time-zones ; https://www.dof.gob.mx/nota_detalle.php?codigo=5669536&fecha=28/10/2022", year=2022, licence="public domain (tz database); law text",
         note="Chile's DST (UTC-3 in southern summer) is ignored: CL uses UTC-4 all year."),
    dict(source_id="gem_gas_split", citation="Global Energy Monitor, Global Gas Plant Tracker, Feb 2022 (operating units >= 50 MW; as summarised in shared/research/region_data.md §2b); applied as CCGT share to IRENA 2023 natural-gas capacity",
         url="https://globalenergymonitor.org/projects/global-oil-gas-plant-tracker/", year=2022, licence="CC BY-NC-SA 4.0: figures cited with attribution; the tracker file is NOT shipped",
         note="ccgt share = CC/(CC+GT+ST+other): MX 39684/47960=0.827; CL 3800/4886=0.778; PE 3188/4781=0.667; CO 2907/3825=0.760 (ST and n/a units counted with ocgt, whose heat rate is closer); PA 381/381=1.0. Capacity = IRENA 2023 gas x share."),
    dict(source_id="pe_gas_fleet", citation="Peru's gas-fired fleet: CCGT = the operating combined cycles of the GEM Global Gas Plant Tracker (Feb 2022), 3,188 MW (gem_gas_split; Kallpa 870 and Chilca Uno 852 MW after their 2012 steam turbines, Desarrollo Peruano 2014); ocgt = IRENA 2023 natural gas (6,694 MW) less that and less the Nodo Energetico del Sur moved to oil (pe_nes_diesel)",
         url="https://globalenergymonitor.org/projects/global-oil-gas-plant-tracker/ ; http://desarrolloperuano.blogspot.com/2014/03/el-polo-energetico-de-chilca-entra.html?m=1", year=2022, licence="GEM CC BY-NC-SA 4.0: figures cited with attribution; blog: single figures cited with attribution",
         note="derived: ccgt 3,188 MW; ocgt 6,694 - 1,000 - 3,188 = 2,506 MW. The CC share x IRENA total used before (0.667 x 6,694 = 4,464 MW of CCGT) counted IRENA's simple-cycle dual-fuel units as combined cycles: IRENA's Peru gas capacity rose by 1,297 MW in 2016 and 794 MW in 2017 (oil fell 790 MW in 2017), the years the Nodo Energetico del Sur came on line. ESTIMATE: the remaining ocgt (Santa Rosa, Las Flores, Pisco, northern units on local gas, reserve units) all draw Camisea gas through TGP."),
    dict(source_id="pe_nes_diesel", citation="Nodo Energetico del Sur (Peru): two simple-cycle plants with dual-fuel turbines, 500 MW each, at Mollendo (Samay I, Puerto Bravo) and Ilo (Enersur/Engie), to run on diesel until the southern gas pipeline arrives (ProInversion via Serperuano 2013-12; Proactivo); Puerto Bravo 600 MW on diesel, 720 MW on gas (Revista Constructivo via Construccion Minera); in 2023 'dos plantas duales que pueden producir mas de 1,000 MW, ubicadas en Ilo y Mollendo, que, como no tienen gas (por falta del gasoducto sur), operan con diesel' (MINEM / LQE via Gestion 2023-11)",
         url="https://serperuano.com/2013/12/conoce-mas-del-nodo-energetico-del-sur-y-del-gasoducto-sur-andino ; http://www.construccionminera.cl/central-termica-puerto-bravo-nuevo-polo-de-generacion-electrica-en-peru/ ; https://gestion.pe/economia/el-mayor-uso-de-diesel-para-generacion-pasa-factura-cuesta-us2473-millones-noticia/", year=2023, licence=NEWS,
         note="1,000 MW (the contracted 2 x 500 MW; 'more than 1,000 MW' in 2023, so a lower bound) taken out of IRENA's Peru natural gas and put in oil, the fuel they burned in 2023: diesel at the delivered oil price, not Camisea gas. IRENA counts them as gas (its Peru gas capacity rose with their commissioning in 2016-17). ESTIMATE: the plants keep the oil technology's heat rate and availability."),
    dict(source_id="est_gas_split", citation="ESTIMATE: gas-fired capacity of EC, CAM and GT classified as ocgt", url="", year=2023, licence=EST,
         note="ESTIMATE. GEM lists only a 130 MW gas turbine for Ecuador and no gas CC for CAM or GT; IRENA 2023 gas capacity (EC 964 MW, CAM 378 MW, GT 4 MW) is therefore put entirely in ocgt."),
    dict(source_id="est_hydro_split", citation="Split of IRENA 2023 renewable hydropower into reservoir (hydro.csv) and run-of-river (generators.csv hydro_ror): reservoir share = GEM Global Hydropower Tracker conventional-storage MW (gem_hydro_2023) / IRENA 2023 hydro MW", url="https://globalenergymonitor.org/projects/global-hydropower-tracker/", year=2023, licence="GEM: figures cited with attribution (tracker file not shipped)",
         note="derived: GEM storage MW MX 11,434, GT 497, CAM 2,408, PA 901, CO 10,104, EC 1,979, PE 3,711 (4,509 less Mantaro listed twice), CL 4,450, divided by IRENA 2023 hydro capacity, capped at 1; the rest is run-of-river. ESTIMATE: GEM's classification, not the operators' registries (not retrieved); small plants missing from GEM count as run-of-river."),
    dict(source_id="est_hydro_reservoir", citation="ESTIMATE: reservoir hydro = IRENA 2023 renewable hydropower x reservoir share (est_hydro_split); energy = reservoir capacity x hours of storage at full power; start level on 1 Jan 2023", url=IRENA_URL, year=2023, licence=EST,
         note="ESTIMATE for the hours (no source): 2000 h (MX, CO: large multi-seasonal reservoirs), 1000 h (CL, CAM, PE: seasonal), 500 h (GT, PA, EC: weekly to monthly regulation). Start level (start_level_pu) and least end level (end_level_pu; empty = the start level): CO starts at 0.7904 = XM's reported end-December 2022 level (bnamericas_xm_2023_01) and ends at least at 0.7019 = XM's reported end-December 2023 level, 70.19 % of useful volume (elheraldo_2024_02_embalses); elsewhere ESTIMATE 0.5 (no reported level found), end at least the start. Inflow = capacity x inflow_pu (profile_hydro), scaled per month by hydrology.csv."),
    dict(source_id="plexos_hydro", citation="Brinkerink M., Deane P. (2020), PLEXOS-World 2015, Harvard Dataverse doi:10.7910/DVN/CBYXBY, after Gernaat et al. (2017) Nature Energy doi:10.1038/s41560-017-0006-y; file 'Hydro_Monthly_Profiles (15 year average).csv' via OSeMOSYS Global",
         url="https://doi.org/10.7910/DVN/CBYXBY", year=2020, licence="Harvard Dataverse record terms (cite the record); only derived hourly profiles are shipped",
         note="Monthly hydro availability scalers (% of capacity, capped at 80). CAM = mean of CRI/HND/NIC/SLV weighted by IRENA 2023 hydro capacity. Used as shape only; level rescaled to IRENA 2022 hydro generation."),
    dict(source_id="demand_mx", citation="SENER, PRODESEN 2023-2037: SEN net consumption 2022 = 333,662 GWh (via Oil & Gas Alliance blog); CENACE SIN peak 52,993 MW on 20 Jun 2023 19:48 (via Publimetro 2023-06-22)",
         url="https://blog.oilandgasalliance.com/articulos/consumo-neto-de-energia-electrica-en-mexico/ ; https://www.publimetro.com.mx/nacional/2023/06/22/cenace-descarta-fallas-en-sistema-electrico-del-pais/", year=2023, licence=NEWS,
         note="2022 SEN net consumption (incl. losses and imports) is the cited figure closest to 2023. Peak is SIN only (excludes Baja California systems)."),
    dict(source_id="demand_gt", citation="AMM (Administrador del Mercado Mayorista): 2024 SNI consumption 13,397.08 GWh (+6.76 %), 2024 peak 2,121.8 MW (+7.7 %), via CIER 2025-02-24",
         url="https://cier.org/noticia/cuatro-factores-impulsaron-el-crecimiento-record-del-consumo-y-de-la-demanda-de-energia-en-el-2024", year=2025, licence=NEWS,
         note="derived: 2023 energy = 13,397.08/1.0676 = 12,549 GWh; 2023 peak = 2,121.8/1.077 = 1,970 MW."),
    dict(source_id="demand_cam", citation="IRENA IRENASTAT generation 2022 of El Salvador, Honduras, Nicaragua and Costa Rica (sum)", url=IRENA_URL, year=2024,
         licence="IRENA terms: free use with attribution",
         note="Fallback (no 2023 consumption figures retrieved). Peak not found; shape uses GT's peak/average ratio (ESTIMATE, see est_load_factor)."),
    dict(source_id="demand_pa", citation="IRENA IRENASTAT generation 2022 (Panama); peak 2,222 MW on 21 Jul 2023 (ETESA/CND via Prensa Latina 2023-08-22)",
         url=IRENA_URL + " ; https://archivo.prensa-latina.cu/2023/08/22/julio-el-mes-de-mayor-consumo-electrico-en-panama", year=2023, licence="IRENA terms; " + NEWS,
         note="Fallback to IRENA 2022 generation (no 2023 annual figure found)."),
    dict(source_id="demand_co", citation="US EIA International Energy Data: Colombia net generation 2023 = 90 TWh (eia_generation.json in OSeMOSYS Global); 2023 exports to Ecuador ~USD 30 M a month (ANDEG, via La Veintitrés) at 0.216 USD/kWh (average 2023 price paid by Ecuador, e-comex); XM 2024 SIN demand 82,084.9 GWh (+2.3 %), via Noticias de Colombia",
         url="https://www.eia.gov/international/data/world ; https://laveintitres.com/colombia-perder-usd-274-millones-mensuales-por-suspender-energa-a-ecuador ; https://e-comex.com/emergencia-electrica-la-compra-de-energia-a-colombia-se-dispara ; https://noticiasdecolombia.com.co/demanda-de-energia-subio-2-3-en-2024-detalles-de-las-regiones-y-sectores-donde-hubo-mas-consumo-28639.html", year=2025, licence="US government work, public domain; " + NEWS,
         note="National scope (like CL, and like IRENA capacity, which includes self-generators outside the SIN): 90 TWh net generation minus ESTIMATE net exports to Ecuador 30e6 x 12 / 0.216 = 1.67 TWh -> 88.33 TWh. XM's SIN-only demand 2023 = 82,084.9/1.023 = 80,240 GWh excludes self-generation (oil fields, industry); it is 7 % below IRENA's national 2022 generation (87.05 TWh) that calibration compares with. Peak not found (ESTIMATE load factor 0.78 used for the shape only)."),
    dict(source_id="demand_ec", citation="IRENA IRENASTAT generation 2022 (Ecuador); peak ~4,500 MW (El Universo 2025)",
         url=IRENA_URL + " ; https://eluniverso-el-universo-prod.cdn.arcpublishing.com/noticias/economia/consumo-energia-ecuador-calor-uso-aire-acondicionado-apagones-2025-nota", year=2025, licence="IRENA terms; " + NEWS,
         note="IRENA 2022 (33.0 TWh) chosen over CENACE-EC 2024 net energy delivered (30.86 TWh) because 2024 was a drought year with rationing. Peak is a rounded 2025 figure (hot season ~5,000 MW)."),
    dict(source_id="demand_pe", citation="SNMPE Boletín: Peru electricity production Jan-Oct 2023 = 48,519 GWh (via EnerNews); COES record peak 8,263 MW on 8 Feb 2024 (via Peru21)",
         url="http://enernews.com/359344/produccion-energetica-crecio-5-en-peru-durante-2023 ; https://peru21.pe/opinion/opina21-abraham-levy/opinion-abraham-levy-el-clima-y-la-demanda-de-energia-energia-electrica-demanda-cambio-climatico-nino-costero-economia-sistema-interconectado-verano-noticia/", year=2024, licence=NEWS,
         note="ESTIMATE (annualised): 48,519 x 365/304 = 58,254 GWh. Cross-check: Osinergmin 2024 demand to ~23 Dec (58,598 GWh, +2.9 %) gives 58,598/1.029 x 365/358 = 58,060 GWh. Peak is the 2024 record (El Nino summer), slightly above a 2023 peak."),
    dict(source_id="demand_cl", citation="US EIA International Energy Data: Chile net generation 2023 = 91 TWh (eia_generation.json in OSeMOSYS Global)",
         url="https://www.eia.gov/international/data/world ; https://github.com/OSeMOSYS/osemosys_global", year=2024, licence="US government work, public domain",
         note="Same scope as IRENA (national, 90.9 TWh in 2022). CEN's SEN-only generation is ~85.2 TWh (2024). Peak not found (ESTIMATE load factor 0.80 used for the shape only)."),
    dict(source_id="est_load_factor", citation="ESTIMATE: peak/average ratio of the demand shape where no peak was found (region_data.md §1b)", url="", year=2023, licence=EST,
         note="ESTIMATE: CO load factor 0.78 (ratio 1.282), CL 0.80 (1.25), CAM = GT's derived ratio (1.375). Used for the shape only; peak_mw left empty."),
    dict(source_id="eia_tie_32572", citation="US EIA, Today in Energy #32572: average heat rates CCGT 7,340 Btu/kWh, gas turbine 9,788 Btu/kWh",
         url="https://www.eia.gov/todayinenergy/detail.php?id=32572", year=2017, licence="US government work, public domain", note="converted Btu/kWh / 3412.14 = MWh_th/MWh."),
    dict(source_id="eia_epa_2022", citation="US EIA, Electric Power Annual, Table 8.1: average heat rates 2022, coal 10,689 and petroleum 11,166 Btu/kWh",
         url="https://www.eia.gov/electricity/annual/html/epa_08_01.html", year=2023, licence="US government work, public domain", note="US fleet averages used as generic values (no country fleet heat rates found)."),
    dict(source_id="pypsa_earth_costs", citation="PyPSA-Earth data/costs.csv (commit 082b56e): VOM CCGT 4, OCGT 3, coal 6, nuclear 8 EUR2013/MWh_el; CO2 intensity gas 0.187, coal 0.354, oil 0.248 tCO2/MWh_th",
         url="https://github.com/pypsa-meets-earth/pypsa-earth/blob/main/data/costs.csv", year=2024, licence="CC-BY-4.0",
         note="EUR2013 -> USD2023 factor 1.3281 (ecb_eurusd_2013) x 304.702/232.957 (bls_cpi_u) = 1.737."),
    dict(source_id="ecb_eurusd_2013", citation="European Central Bank, euro foreign exchange reference rates: USD per EUR, 2013 annual average 1.3281",
         url="https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/html/eurofxref-graph-usd.en.html", year=2014, licence="ECB statistics, reuse with attribution", note="unit conversion"),
    dict(source_id="bls_cpi_u", citation="US Bureau of Labor Statistics, CPI-U (CUUR0000SA0) annual averages: 2013 232.957, 2020 258.811, 2023 304.702",
         url="https://www.bls.gov/cpi/tables/supplemental-files/", year=2024, licence="US government work, public domain", note="price-level conversion to USD of 2023"),
    dict(source_id="unit_conversions", citation="Unit conversions: 1 MMBtu = 0.293071 MWh; 1 kWh = 3412.14 Btu; 1 kcal = 4.1868 kJ; crude oil 5.8 MMBtu/bbl (US EIA, Energy Explained: British thermal units)",
         url="https://www.eia.gov/energyexplained/units-and-calculators/british-thermal-units.php", year=2024, licence="US government work, public domain", note="physical constants and EIA conventions"),
    dict(source_id="tech_nuclear", citation="Compiled: heat rate ESTIMATE 3.0 MWh_th/MWh (~33 % LWR efficiency); VOM 8 EUR2013 (pypsa_earth_costs) x 1.737; availability ESTIMATE 0.90", url="", year=2023, licence="see component sources",
         note="ESTIMATE for heat rate and availability; fuel 'uranium' priced in fuel_prices.csv (price_uranium)."),
    dict(source_id="tech_coal", citation="Compiled: heat rate 10,689 Btu/kWh (eia_epa_2022); VOM 6 EUR2013 (pypsa_earth_costs) x 1.737; EF 0.354 tCO2/MWh_th (pypsa_earth_costs); availability ESTIMATE 0.85", url="https://www.eia.gov/electricity/annual/html/epa_08_01.html", year=2023, licence="see component sources",
         note="Btu/kWh / 3412.14 (unit_conversions). availability 0.85 is an ESTIMATE (forced + planned outage derate); heat rate is HHV-based while the coal price uses an NAR heating value (~5 % optimistic)."),
    dict(source_id="tech_ccgt", citation="Compiled: heat rate 7,340 Btu/kWh (eia_tie_32572); VOM 4 EUR2013 (pypsa_earth_costs) x 1.737; EF 0.187 (pypsa_earth_costs); availability ESTIMATE 0.88", url="https://www.eia.gov/todayinenergy/detail.php?id=32572", year=2023, licence="see component sources", note="Btu/kWh / 3412.14 (unit_conversions). availability is an ESTIMATE"),
    dict(source_id="tech_ocgt", citation="Compiled: heat rate 9,788 Btu/kWh (eia_tie_32572); VOM 3 EUR2013 (pypsa_earth_costs) x 1.737; EF 0.187 (pypsa_earth_costs); availability ESTIMATE 0.90", url="https://www.eia.gov/todayinenergy/detail.php?id=32572", year=2023, licence="see component sources", note="Btu/kWh / 3412.14 (unit_conversions). availability is an ESTIMATE; also stands for gas steam and engine units"),
    dict(source_id="tech_oil", citation="Compiled: heat rate 11,166 Btu/kWh (eia_epa_2022); VOM = OCGT value 3 EUR2013 x 1.737 (ESTIMATE proxy); EF 0.248 (pypsa_earth_costs); availability ESTIMATE 0.85", url="https://www.eia.gov/electricity/annual/html/epa_08_01.html", year=2023, licence="see component sources", note="Btu/kWh / 3412.14 (unit_conversions). VOM and availability are ESTIMATEs"),
    dict(source_id="tech_biomass", citation="ESTIMATE: biomass heat rate 4.0 MWh_th/MWh (25 % efficiency, bagasse/residue boilers); VOM = coal value (steam-cycle proxy); availability 0.60 (seasonal fuel, e.g. sugar harvest); EF 0 (biogenic CO2 by convention)", url="", year=2023, licence=EST, note="ESTIMATE throughout; no regional source found"),
    dict(source_id="tech_geothermal", citation="ESTIMATE: geothermal dispatch cost 0 (no fuel, fixed O&M excluded); availability 0.85", url="", year=2023, licence=EST, note="ESTIMATE"),
    dict(source_id="tech_csp", citation="ESTIMATE: CSP tower with 17.5 h thermal storage modelled as a zero-marginal-cost plant with a constant availability of 0.60 (no fuel; fixed O&M excluded)", url="", year=2023, licence=EST,
         note="ESTIMATE: the plant is designed for round-the-clock output from its 17.5 h storage; no annual generation figure was found, so availability 0.60 (below a ~0.7-0.8 design capacity factor, allowing for the reported early under-performance of large towers) is a judgement."),
    dict(source_id="csp_cl", citation="Cerro Dominador CSP tower, Chile: 110 MW with 17.5 h molten-salt storage, inaugurated June 2021 (SolarPACES country page; CSP ERA-NET)",
         url="https://www.solarpaces.org/worldwide-csp/csp-potential-solar-thermal-energy-by-country/chile/ ; https://csp-eranet.eu/new/cerro-dominador-inaugurates-its-csp-plant-which-will-provide-100-renewable-energy-247", year=2021, licence=NEWS,
         note="Added to IRENA's capacity, whose extract has no CSP rows; the 100 MW PV plant of the same complex is in IRENA's solar PV."),
    dict(source_id="tech_renewable", citation="Convention: run-of-river, wind and solar PV have no fuel and zero dispatch cost (fixed O&M excluded); availability from hourly profiles", url="", year=2023, licence=EST, note="availability_pu unused when a profile is given"),
    dict(source_id="price_gas_mx", citation="Henry Hub 2023 annual average 2.54 USD/MMBtu (US EIA via OilMonster); basis ESTIMATE from Mexico IPGN Jan 2024 3.765 (NGI) minus Henry Hub Jan 2024 3.25 USD/MMBtu",
         url="https://oilmonster.com/article/spot-henry-hub-natural-gas-prices-hit-a-historic-low-in-2024/6569 ; https://www.naturalgasintel.com/eia-cuts-u-s-natural-gas-price-forecast-amid-warm-winter-temps-stout-supply/", year=2024, licence=NEWS,
         note="Conversions: unit_conversions. ESTIMATE basis+transport 0.515 USD/MMBtu. (2.54 + 0.515) USD/MMBtu / 0.293071 MWh_th/MMBtu = 10.42 USD/MWh_th."),
    dict(source_id="price_gas_pe", citation="Camisea Lot 88 regulated price cap for power generators 1.6 USD/MMBtu (Gestión reprint, ~2012-13); pipeline transport ESTIMATE 1.0 USD/MMBtu",
         url="https://ws.net360.info/es/wsnoticias/106167/el-gas-distorsionado", year=2013, licence=NEWS,
         note="Conversions: unit_conversions. ESTIMATE: 2023 regulated value not found, older cap used; transport to the Chilca power hub not found, 1.0 USD/MMBtu assumed. (1.6 + 1.0)/0.293071 = 8.87 USD/MWh_th."),
    dict(source_id="price_gas_co", citation="Colombia gas price for power = the gas network's domestic supply price (gas_co_supply in gas_sources.csv): average gas contract price 2022 = 4.6 USD/MMBtu (Bolsa Mercantil de Colombia, via Valora Analitik 2025-11-06) plus 1.0 USD/MMBtu transport (ESTIMATE)",
         url="https://www.valoraanalitik.com/precio-promedio-anual-contratos-gas-duplico/", year=2025, licence=NEWS,
         note="One Colombian gas price in the data set (the former 8.0 USD/MMBtu ESTIMATE is withdrawn). ESTIMATE: 2022 contract price used for 2023, transport not found. 5.6/0.293071 = 19.11 USD/MWh_th. Used only without the gas network (with it, CO plants pay the CO gas node price)."),
    dict(source_id="price_gas_lng", citation="World Bank Commodities Price Data (Pink Sheet), June 2024: LNG Japan 2023 = 14.39 USD/MMBtu; regasification and local delivery ESTIMATE 1.0 USD/MMBtu",
         url="https://www.worldbank.org/en/research/commodity-markets", year=2024, licence="World Bank data, CC BY 4.0",
         note="Conversions: unit_conversions. ESTIMATE adder (regas + delivery). (14.39 + 1.0)/0.293071 = 52.51 USD/MWh_th. Used for CL, PA, CAM, GT and EC (EC/GT burn little or domestic associated gas, price not found; LNG parity used)."),
    dict(source_id="price_coal", citation="World Bank Pink Sheet, January 2025: coal, Australia (Newcastle) 2023 = 172.8 USD/t; heating value 6,000 kcal/kg NAR (benchmark grade)",
         url="https://www.worldbank.org/en/research/commodity-markets", year=2025, licence="World Bank data, CC BY 4.0",
         note="Conversions: unit_conversions. derived: 6,000 kcal/kg x 4.1868 kJ/kcal = 25.12 GJ/t = 6.978 MWh_th/t; 172.8/6.978 = 24.76 USD/MWh_th (FOB, no freight added)."),
    dict(source_id="price_oil", citation="World Bank Pink Sheet, June 2024: Brent 2023 = 82.6 USD/bbl; 5.8 MMBtu/bbl (EIA) = 1.700 MWh_th/bbl; delivered-product markup ESTIMATE x1.30",
         url="https://www.worldbank.org/en/research/commodity-markets", year=2024, licence="World Bank data, CC BY 4.0",
         note="Conversions: unit_conversions. ESTIMATE markup for a diesel/fuel-oil mix delivered to plants (refining margin + logistics; delivered prices not found). 82.6/1.700 x 1.30 = 63.17 USD/MWh_th."),
    dict(source_id="price_ec_thermal", citation="Ecuador thermal generation cost 4-6 US cents/kWh with diesel, fuel oil and bunker from the three state refineries (Agencia de Regulación y Control, via VF Comunicación 2024); Ecuador paid 21.6 c/kWh for Colombian imports in 2023, almost four times the cost of its own energy (e-comex); thermal and industrial users buy fuels at local regulated prices since Decreto Ejecutivo 338 (El Universo 2005-07-28); Termogas Machala runs on domestic Campo Amistad gas, ~20 MMcfd (Teleamazonas 2025-08-18)",
         url="https://vfcomunicacion.com/gobierno-gasta-cerca-de-usd-1-6-millones-diarios-en-mantener-el-nivel-de-los-embalses-de-las-hidroelectricas ; https://e-comex.com/emergencia-electrica-la-compra-de-energia-a-colombia-se-dispara ; https://www.eluniverso.com/2005/07/28/0001/9/6D1CD77428F74468BB230C29BA0186D2.html ; https://www.teleamazonas.com/actualidad/noticias/economia/petroecuador-duplicara-produccion-gas-campo-amistad-empresa-china-100750/", year=2024, licence=NEWS,
         note="ESTIMATE: fuel prices for EC set so that the variable cost of its oil and ocgt plants equals the midpoint of the cited range, 50 USD/MWh: oil (50 - 5.21)/3.2724 = 13.69 USD/MWh_th; gas (50 - 5.21)/2.8686 = 15.61 USD/MWh_th (4.58 USD/MMBtu). Only the gas price is used (Campo Amistad gas, limited by ec_gas_limit). Oil plants pay the delivered oil price of price_oil (63.17 USD/MWh_th): the regulated 13.69 is a SUBSIDY of about 49.5 USD/MWh_th (about 162 USD/MWh_e at the oil heat rate), stated here and not modelled as a cost; Ecuador does not import LNG."),
    dict(source_id="price_biomass", citation="ESTIMATE: biomass fuel 10 USD/MWh_th (residues: bagasse, forestry residues)", url="", year=2023, licence=EST, note="ESTIMATE, no source found"),
    dict(source_id="price_uranium", citation="ESTIMATE: nuclear fuel 2.0 USD/MWh_th (about 6 USD/MWh_e at heat rate 3.0)", url="", year=2023, licence=EST, note="ESTIMATE, no source found"),
    dict(source_id="carbon_cl", citation="Chile Ley 20.780 art. 8 green tax, US$5/tCO2 on fixed sources >= 50 MWth (BCN Asesoría Técnica Parlamentaria 2018)",
         url="https://es.scribd.com/document/426129745/obtienearchivo-pdf", year=2018, licence="law text / parliamentary report",
         note="2020 reform changed the threshold to annual emissions; level unchanged at 5 USD/t."),
    dict(source_id="carbon_co", citation="ESTIMATE: Colombia carbon tax ~5 USD/tCO2 (region_data.md §3c: COP 39.70/m3 gas in 2024, DIAN Res. 000007/2024, scaled from the 2017 pair COP 15,000/t <-> COP 29/m3 = COP ~20,500/t, at ~4,000 COP/USD)",
         url="https://infobae.com/colombia/2024/02/10/dian-establecio-nuevas-tarifas-del-impuesto-a-la-gasolina-acpm-y-gas-y-ahora-habra-que-pagar-mas", year=2024, licence=EST,
         note="ESTIMATE; whether power-sector gas is taxed after Ley 2277/2022 not confirmed; coal at 0 % of rate in 2023-24."),
    dict(source_id="carbon_none", citation="No effective carbon price on power found for MX (ETS pilot without economic effect), PE, EC, PA, GT, CAM (region_data.md §3c)", url="", year=2024, licence=EST, note="default 0 USD/t"),
    dict(source_id="gtd_v1", citation="Brinkerink M. et al. (2024), Global Transmission Database v1.0, Zenodo doi:10.5281/zenodo.10063446 (repository Electricity-Transmission-Database, data/global_transmission_data.xlsx, commit f89125b)",
         url="https://doi.org/10.5281/zenodo.10063446", year=2024, licence="repository MIT; Zenodo record licence not confirmed",
         note="Losses HVAC 6.75 %/1000 km, HVDC 3.5 %/1000 km + 1.3 % per converter pair; VOM 4 USD2020/MWh (x 304.702/258.811 = 1.177, bls_cpi_u, = 4.71 USD2023/MWh used as wheeling on every arc). Generic capex (interconnectors.csv generic_capex_usd_per_mw): HVAC 779 USD2020/MW-km + 95,400 USD/MW terminal pair; HVDC 238 USD2020/MW-km overhead, 295 submarine, + 297,509 USD/MW converter pair (back-to-back counted as one converter pair); x 1.177 to USD2023."),
    dict(source_id="link_mx_gt", citation="EPR/SIEPAC: Mexico-Guatemala interconnection Tapachula-Los Brillantes, 400 kV, 98.6 km, 200 MW MX->GT, 70 MW GT->MX; EOR authorisation 26 Feb 2010",
         url="https://www.eprsiepac.com/contenido/interconexion-mexico-guatemala/", year=2010, licence="operator web page; figures cited with attribution",
         note="efficiency = 1 - 0.0675 x 0.0986 = 0.9933 (gtd_v1 losses); wheeling 4.71 USD2023/MWh (gtd_v1). Cost: Guatemala US$55 M (IDB loan US$37.5 M, https://www.iadb.org/es/noticias/bid-aprueba-prestamo-de-us-375-millones-guatemala-para-interconexion-electrica-en-plan) + Mexico US$12 M (https://intencionaleconomia.blogspot.com/2009/10/amplian-mexico-y-guatemala.html) = US$67 M (2009, nominal) for 200 MW, 98.6 km."),
    dict(source_id="link_siepac", citation="SIEPAC 230 kV: 300 MW per border pair (GTD v1.0, citing CEPAL/CIER); ~1,796 km for six border pairs (CAF 2008)",
         url="https://www.cepal.org/sites/default/files/events/files/foreplen_sesion5_cier_0.pdf ; https://caf.com/es/actualidad/noticias/2008/12/aprobacion-para-interconexion-electrica-mesoamericana", year=2024, licence="GTD: MIT; CAF press release cited with attribution",
         note="GTD lists 300 MW on both GTM-SLV and GTM-HND; SIEPAC is one 230 kV circuit, so the GT-CAM corridor is given 300 MW (not 600; DESIGN.md §2). Distance per border ESTIMATE = 1,796/6 = 299 km; efficiency 1 - 0.0675 x 0.299 = 0.9798. Completed 2014. Cost: US$494 M for the whole corridor (IDB, https://www.iadb.org/en/who-we-are/results-and-effectiveness/impact-stories/driving-energy-integration-in-central-america-through-siepac-and-mer) taken over CAF 2008 US$405 M (an estimate before completion); per border pair ESTIMATE 494/6 = US$82.3 M; per MW-km 494e6/(300 x 1,796) = 917 USD."),
    dict(source_id="link_pa_co", citation="Colombia-Panama interconnection (ICP): 400 MW HVDC, ~500 km (130 km submarine), COD 2028 per the 2024 government roadmap (Global Energy)",
         url="https://globalenergy.mx/noticias/colombia-y-panama-invertiran-800-mdd-en-la-interconexion-electrica-que-abarcara-500-km", year=2024, licence=NEWS,
         note="planned. efficiency = 1 - (0.035 x 0.5 + 0.013) = 0.9695 (gtd_v1 HVDC losses). ISA CEO says 2029-30 (conflict noted). Cost US$800 M (same 2024 roadmap, taken with its COD) vs US$1.0-1.4 bn (ISA CEO, BNamericas) and US$500 M (2019 estimate); ~130 km of the route is submarine."),
    dict(source_id="link_co_ec", citation="Colombia-Ecuador (Jamondino-Pomasqui 230 kV): 460 MW Colombia->Ecuador transfer capacity (Primicias, Apr 2024); GTD v1.0 363 MW each way, 213 km",
         url="https://primicias.ec/noticias/economia/colombia-desconecta-linea-electrica-ecuador-apagon", year=2024, licence=NEWS + "; GTD MIT",
         note="Conflict GTD 363 vs 460 (Primicias) vs 'up to 450' (Dec 2024): fwd CO->EC = 460 (the stated directional transfer capacity, consistent with 450 in Dec 2024); bwd EC->CO = 363 (GTD, no directional figure found). efficiency 1 - 0.0675 x 0.213 = 0.9856. First line 2003. Cost of the first line US$45.4 M (COL 14.8 + ECU 30.6) for 260 MW, 211 km (Presidencia de Colombia/ISA 2003-03-04, http://historico.presidencia.gov.co/prensa_new/sne/2003/marzo/04/06042003.htm): 175,000 USD/MW, 820 USD/MW-km (2003, nominal); the cost of the later circuits was not found."),
    dict(source_id="link_ec_pe", citation="Ecuador-Peru Zorritos-Machala 230 kV: 100 MW each way, 104 km (GTD v1.0); commissioned Nov 2004 (El Universo 2004-10-20)",
         url="https://www.eluniverso.com/2004/10/20/0001/9/A6F32EE3E2C74F63A43869E75361FA59.html", year=2004, licence="GTD MIT; " + NEWS,
         note="efficiency 1 - 0.0675 x 0.104 = 0.9930. Cost ECU US$20 M + PER US$2 M (same El Universo article). Operated radially: to receive Peruvian power El Oro province is disconnected from Ecuador's SNI (El Comercio, https://www.elcomercio.com/actualidad/machala-suspendieron-cortes.html), and the line is enabled on request in emergencies (MEM Ecuador press release 140, 25 Feb 2025, https://recursosyenergia.gob.ec/gestion-del-gobierno-nacional-permite-exportaciones-de-energia-a-peru-con-la-habilitacion-de-la-linea-machala-zorritos-a-230-mil-voltios); scenarios/base.yaml therefore gives it no commercial capacity."),
    dict(source_id="link_ec_pe_500kv", citation="Ecuador-Peru 500 kV: GTD v1.0 planned_additional 500 MW EC->PE / 550 MW PE->EC, 574 km; Peru section award scheduled 31 Jul 2023 (DFSUD 2023-07-05)",
         url="https://dfsud.com/america/como-avanza-el-proyecto-de-interconexion-electrica-peru-ecuador-y-cual", year=2023, licence="GTD MIT; " + NEWS,
         note="planned upgrade of EC-PE, a separate asset. YEAR 2028 is an ASSUMPTION (GTD's 2024 was not met; award outcome not found). efficiency 1 - 0.0675 x 0.574 = 0.9613. Cost: Peru section (Piura Nueva-border, 270.3 km) US$217 M excl. VAT (ProInversion via L Energy Group); the Ecuador section (~280 km, IDB/EIB-financed) cost was not found, so capex_usd is empty."),
    dict(source_id="link_pe_cl", citation="Peru-Chile Tacna (Los Héroes)-Arica (Parinacota): 200 MW, 220 kV, ~53-55 km with DC conversion (60/50 Hz), IDB/AF-Mercados EMI feasibility 2019 (Revista EI 2019-11-19); GTD v1.0 200 MW, 55 km",
         url="https://www.revistaei.cl/2019/11/19/interconexion-chile-peru-es-factible-tecnicamente-con-linea-de-200-mw-de-capacidad/", year=2019, licence=NEWS + "; GTD MIT",
         note="planned. YEAR 2030 is an ASSUMPTION (no construction or year found; GTD assumed 2024, not met). efficiency = 1 - (0.0675 x 0.055 + 0.013 back-to-back converter) = 0.9833. Cost US$57 M incl. DC conversion (same study): 285,000 USD/MW."),
    dict(source_id="storage_cl", citation="Acera data via BNamericas, 'Chile's energy storage sector: the state of play' (2023): 64 MW of standalone storage and 113 MW in renewable parks operational; energy/power ratio of the Ministry of Energy stock at end-January 2025, 886 MW / 3,318 MWh (via Centra UAI 2025-03-17)",
         url="https://bnamericas.com/en/news/chiles-energy-storage-sector-the-state-of-play ; https://centra.uai.cl/el-boom-de-los-proyectos-de-almacenamiento-de-energia-en-la-zona/?lang=es", year=2023, licence=NEWS,
         note="derived: 64 + 113 = 177 MW (mid-2023, the nearest stock to the base year found; CEN reports only 21.1 GWh injected by batteries in 2023). ESTIMATE: energy 177 x 3318/886 = 663 MWh (the 2025 fleet's 3.7 h); efficiencies 0.95 charge / 0.95 discharge (round trip ~0.90)."),
    dict(source_id="profile_demand", citation="ESTIMATE: synthetic local-time demand shape (daily bumps x weekday factor x seasonal cosine) from the qualitative notes of region_data.md §1c (CENACE, COES, AGER/AMM, ETESA, XM, CENACE-EC, CEN via news reports)", url="", year=2023, licence=EST,
         note="No hourly series with a redistributable licence found. Deviation from the mean scaled so max/mean equals peak_mw/average (or est_load_factor); mean exactly 1. Holidays ignored."),
    dict(source_id="profile_solar", citation="Clear-sky PV shape computed offline with pvlib (Holmgren, Hansen & Mikofski 2018, JOSS 3(29):884, doi:10.21105/joss.00884): NREL SPA solar position, Ineichen-Perez clear-sky model with pvlib's Linke turbidity climatology, site altitude from pvlib's elevation map, Hay-Davies transposition onto a horizontal N-S single-axis tracker (max 60 deg, backtracking, GCR 0.35); scaled to the IRENA-implied capacity factor",
         url="https://pvlib-python.readthedocs.io ; https://doi.org/10.21105/joss.00884", year=2023, licence="pvlib BSD-3-Clause (software); profile: " + EST,
         note="ESTIMATE: clear-sky POA/1000 x c, clipped at 1, c chosen by bisection so the annual CF equals IRENA 2022 generation / mean(end-2021, end-2022) capacity (c lumps cloudiness, losses, DC/AC ratio). Tracker design is an ESTIMATE for the utility fleet. Computed in UTC from the site position, 15-min steps averaged to the hour."),
    dict(source_id="profile_wind", citation="ESTIMATE: synthetic wind shape = seasonal cosine x diurnal cosine x exp(AR(1) noise), fixed seeds, scaled to the IRENA-implied capacity factor", url="", year=2023, licence=EST,
         note="ESTIMATE, illustrative timing only (no LatAm wind series with a clear licence found offline). phi 0.95, sigma 0.6, seed 2023 + region index; clipped to [0, 1]; CF = IRENA 2022 generation / mean(end-2021, end-2022) capacity."),
    dict(source_id="profile_hydro", citation="Monthly PLEXOS-World hydro scalers (plexos_hydro) interpolated between mid-month values, rescaled so run-of-river + reservoir energy equals IRENA 2022 hydro generation with 2023 capacity", url="https://doi.org/10.7910/DVN/CBYXBY", year=2020, licence="see plexos_hydro",
         note="ror_pu and inflow_pu share one shape per region: the hourly shape within each month. The energy of each month is set by the scenario's hydrology year (hydrology.csv, hydrology_derived): energymodel scales both profiles per region and month."),
    dict(source_id="map_positions", citation="Coordinates of named places (regions: the capital city as the region's load centre - Mexico City, Guatemala City, Tegucigalpa for CAM, Panama City, Bogota, Quito, Lima, Santiago; gas nodes: Camisea (Malvinas plant), Pampa Melchorita LNG, Quintero LNG, Mejillones LNG, SPEC LNG Cartagena, Costa Norte LNG Colon, Altamira LNG, Manzanillo LNG) as given by GeoNames / the places' Wikipedia articles, rounded to 0.01 degrees", url='https://www.geonames.org', year='2024', licence='GeoNames CC BY 4.0',
         note='ESTIMATE: one representative point per region or gas node, used only to draw the map (outputs/maps.py); not used by the LP. A region spanning several countries (CAM) is drawn at one capital.'),
    dict(source_id="price_hfo_ca", citation="Banco Central de Honduras via Dinero.hn (2023): bunker imports Jan-Nov 2023 6.8 million barrels for US$507.3 million; residual fuel oil 6.287 MMBtu/bbl (US EIA, Energy Explained: units)", url="https://dinero.hn/?p=63386 ; https://www.eia.gov/energyexplained/units-and-calculators/british-thermal-units.php", year=2024, licence=NEWS,
         note="derived: 507.3/6.8 = 74.6 USD/bbl CIF Honduras; / (6.287 x 0.293071) = 40.49 USD/MWh_th. ESTIMATE: the Honduran import price stands for GT and PA too, and for all of CAM; inland delivery not added. Delivered cost, no subsidy (Honduras' subsidies apply to consumer prices)."),
    dict(source_id="tech_oil_engine", citation="Oil engine (reciprocating, fuel oil) for GT, CAM and PA: efficiency 0.393 (PyPSA-Earth data/costs.csv, oil; region_data.md §3b) = 2.545 MWh_th/MWh; VOM, emission factor and availability as tech_oil", url="https://github.com/pypsa-meets-earth/pypsa-earth/blob/main/data/costs.csv", year=2024, licence="CC-BY-4.0",
         note="ESTIMATE: generic value; no Central American plant heat rates found. The oil capacity of GT, CAM and PA (IRENA) is mostly medium-speed engines on bunker (backcast_sources.md §6)."),
    dict(source_id="ec_thermal_fleet", citation="Capacity: IRENA 2023 (irena); availability: 46 thermal plants, 1,862 MW installed, about 850 MW available, age over 40 years (CELEC via Portal Ecuador, Jul 2024)", url="https://portalecuador.com/noticias/se-necesitarn-ms-de-dos-aos-para-restaurar-la-capacidad-de-generacin-de-energa-en-ecuador.html", year=2024, licence=NEWS,
         note="derived: availability_pu = 850/1862 = 0.4565 for EC oil and ocgt. ESTIMATE: the 2024 state assumed for 2023."),
    dict(source_id="demand_ember_2023", citation="Annual demand 2023 = Ember electricity demand (generation + net imports) per country (owid_ember_2025), CAM = SLV + HND + NIC + CRI; peaks as cited in the demand_<region> rows", url="https://github.com/owid/energy-data", year=2025, licence="CC BY 4.0",
         note="Replaces the earlier mix of 2022 and 2023 figures (kept in the demand_<region> rows): one consistent 2023 source for every region, the same one the calibration compares generation with."),
]


# ============================================================================================
# Reading the reference extracts
# ============================================================================================
def read_irena(reference: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """IRENA capacity (MW) and generation (GWh), '-' read as 0, tagged with model region/tech."""
    cap = pd.read_csv(reference / "irena_capacity_2015_2023.csv", na_values="-")
    gen = pd.read_csv(reference / "irena_generation_2015_2023.csv", na_values="-")
    region_of = {c: r for r, (_, countries, _, _) in REGIONS.items() for c in countries}
    for df in (cap, gen):
        df["region"] = df["country"].map(region_of)
        df["tech"] = df["technology"].map(IRENA_TECH)
        unknown = set(df["technology"]) - set(IRENA_TECH)
        if unknown:
            raise ValueError(f"unmapped IRENA technologies: {sorted(unknown)}")
    cap["capacity_mw"] = cap["capacity_mw"].fillna(0.0)
    gen["generation_gwh"] = gen["generation_gwh"].fillna(0.0)
    return cap, gen


def irena_capacity(cap: pd.DataFrame, year: int) -> pd.DataFrame:
    """Capacity (MW) by region x model tech (hydro unsplit, gas unsplit) for one year."""
    sel = cap[(cap["year"] == year) & cap["tech"].notna()]
    return sel.pivot_table(index="region", columns="tech", values="capacity_mw", aggfunc="sum",
                           fill_value=0.0).reindex(list(REGIONS), fill_value=0.0)


def irena_generation(gen: pd.DataFrame, year: int) -> pd.DataFrame:
    sel = gen[(gen["year"] == year) & gen["tech"].notna()]
    return sel.pivot_table(index="region", columns="tech", values="generation_gwh", aggfunc="sum",
                           fill_value=0.0).reindex(list(REGIONS), fill_value=0.0)


def implied_cf(cap: pd.DataFrame, gen: pd.DataFrame, tech: str) -> pd.Series:
    """IRENA 2022 generation / (mean of end-2021 and end-2022 capacity x 8760 h)."""
    c21 = irena_capacity(cap, IRENA_GEN_YEAR - 1)[tech]
    c22 = irena_capacity(cap, IRENA_GEN_YEAR)[tech]
    g22 = irena_generation(gen, IRENA_GEN_YEAR)[tech]
    return g22 * 1000.0 / ((c21 + c22) / 2.0 * HOURS)


# ============================================================================================
# Tables
# ============================================================================================
def build_regions() -> pd.DataFrame:
    rows = [dict(region=r, name=name, countries=";".join(iso), utc_offset_h=off,
                 source_id="regions_def") for r, (name, _, iso, off) in REGIONS.items()]
    return pd.DataFrame(rows)


def ccgt_share(region: str) -> tuple[float, str]:
    if region in GEM_GAS_MW:
        cc, other = GEM_GAS_MW[region]
        return cc / (cc + other), "gem_gas_split"
    return CCGT_SHARE_ESTIMATE[region], "est_gas_split"


def build_generators(cap23: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for region in REGIONS:
        c = cap23.loc[region]
        share, gas_src = ccgt_share(region)
        on_oil = GAS_UNITS_ON_OIL_MW.get(region, 0.0)          # [pe_nes_diesel]
        gas = c.get("gas", 0.0) - on_oil
        ccgt = (CC_MW[region], "pe_gas_fleet") if region in CC_MW else (gas * share, gas_src)
        ocgt_src = "pe_gas_fleet" if region in CC_MW else gas_src
        mw = {
            "nuclear": (c.get("nuclear", 0.0), "irena"),
            "coal": (c.get("coal", 0.0), "irena"),
            "ccgt": ccgt,
            "ocgt": (gas - ccgt[0], ocgt_src),
            "oil": (c.get("oil", 0.0) + on_oil if region not in OIL_ENGINE_REGIONS else 0.0,
                    "pe_nes_diesel" if on_oil else "irena"),
            "oil_engine": (c.get("oil", 0.0) if region in OIL_ENGINE_REGIONS else 0.0, "irena"),
            "biomass": (c.get("biomass", 0.0), "irena"),
            "geothermal": (c.get("geothermal", 0.0), "irena"),
            "hydro_ror": (c.get("hydro", 0.0) * (1.0 - RESERVOIR_SHARE[region]), "est_hydro_split"),
            "wind": (c.get("wind", 0.0), "irena"),
            "solar_pv": (c.get("solar_pv", 0.0), "irena"),
            "csp": (CSP_MW.get(region, 0.0), "csp_cl"),
        }
        for tech in TECH_ORDER:
            value, src = mw[tech]
            value = round(float(value), 1)
            if value > 0:
                avail = EC_THERMAL_AVAILABILITY if region == "EC" and tech in ("oil", "ocgt") else None
                for suffix, tier_mw, hr, tier_src in fleet_tiers.split(region, tech, value):   # [tier_* sources]
                    rows.append(dict(generator=f"{region}-{tech}" + (f"-{suffix}" if suffix else ""),
                                     region=region, technology=tech, capacity_mw=tier_mw, availability_pu=avail,
                                     heat_rate_mwh_th_per_mwh=hr,
                                     source_id=tier_src or ("ec_thermal_fleet" if avail is not None else src)))
    return pd.DataFrame(rows)


def build_hydro(cap23: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for region in REGIONS:
        mw = round(float(cap23.loc[region, "hydro"]) * RESERVOIR_SHARE[region], 1)
        if mw > 0:
            rows.append(dict(hydro=f"{region}-hydro_reservoir", region=region, capacity_mw=mw,
                             energy_mwh=round(mw * RESERVOIR_HOURS[region]), inflow_profile=region,
                             start_level_pu=START_LEVEL_PU.get(region, START_LEVEL_DEFAULT_PU),
                             end_level_pu=END_LEVEL_PU.get(region),
                             source_id="est_hydro_reservoir"))
    return pd.DataFrame(rows)


def build_technologies() -> pd.DataFrame:
    rows = []
    for tech in TECH_ORDER:
        fuel, hr, vom, avail, profile, src = TECHS[tech]
        rows.append(dict(technology=tech, fuel=fuel, heat_rate_mwh_th_per_mwh=round(hr, 4),
                         vom_usd_per_mwh=round(vom, 2),
                         emission_factor_tco2_per_mwh_th=EF.get(fuel, 0.0),
                         availability_pu=avail, profile=profile, source_id=src))
    return pd.DataFrame(rows)


def build_demand(gen22: pd.DataFrame, calib: Path) -> pd.DataFrame:
    """Annual demand 2023 from Ember [demand_ember_2023]; peaks from the demand_<region> sources."""
    ember = pd.read_csv(calib / "annual_balance.csv").set_index("region")["demand_twh"]
    rows = []
    for region, d in DEMAND.items():
        twh = float(ember[region])
        peak = d["peak_mw"]
        rows.append(dict(region=region, annual_twh=round(twh, 3),
                         peak_mw=round(peak) if peak is not None else None,
                         source_id="demand_ember_2023"))
    df = pd.DataFrame(rows)
    df["peak_mw"] = df["peak_mw"].astype("Int64")   # empty where no peak is cited
    return df


def build_fuel_prices() -> pd.DataFrame:
    per_mmbtu = {"MX": (HENRY_HUB_2023 + MX_BASIS, "price_gas_mx"),
                 "PE": (CAMISEA_POWER_CAP + PE_TRANSPORT, "price_gas_pe"),
                 "CO": (CO_GAS, "price_gas_co")}
    for r in LNG_REGIONS:
        per_mmbtu[r] = (LNG_JAPAN_2023 + LNG_REGAS, "price_gas_lng")
    _, hr_ocgt, vom_ocgt, *_ = TECHS["ocgt"]
    per_mmbtu["EC"] = ((EC_THERMAL_COST - vom_ocgt) / hr_ocgt * MWH_TH_PER_MMBTU, "price_ec_thermal")
    rows = [dict(fuel="gas", region=r, price_usd_per_mwh_th=round(per_mmbtu[r][0] / MWH_TH_PER_MMBTU, 2),
                 source_id=per_mmbtu[r][1]) for r in REGIONS]
    # Ecuador's oil plants pay the delivered (import-parity) oil price of every region: the regulated price
    # (≈13.7 USD/MWh_th, price_ec_thermal) is a subsidy, stated in that source's note, not a cost.
    hfo = HN_BUNKER_USD_PER_BBL / (MMBTU_PER_BBL_RESIDUAL * MWH_TH_PER_MMBTU)
    rows += [dict(fuel="oil", region=r, price_usd_per_mwh_th=round(hfo, 2), source_id="price_hfo_ca")
             for r in OIL_ENGINE_REGIONS]
    rows += [
        dict(fuel="coal", region="*", price_usd_per_mwh_th=round(COAL_NEWCASTLE_2023 / COAL_MWH_TH_PER_T, 2),
             source_id="price_coal"),
        dict(fuel="oil", region="*", price_usd_per_mwh_th=round(BRENT_2023 / MWH_TH_PER_BBL * OIL_MARKUP, 2),
             source_id="price_oil"),
        dict(fuel="biomass", region="*", price_usd_per_mwh_th=BIOMASS_PRICE, source_id="price_biomass"),
        dict(fuel="uranium", region="*", price_usd_per_mwh_th=URANIUM_PRICE, source_id="price_uranium"),
    ]
    return pd.DataFrame(rows)


def build_carbon_prices() -> pd.DataFrame:
    return pd.DataFrame([dict(region=r, fuel=f, carbon_usd_per_t=v, source_id=s)
                         for (r, f), (v, s) in CARBON.items()])


def link_efficiency(km: float, kind: str) -> float:
    if kind == "ac":
        loss = HVAC_LOSS_PER_1000KM * km / 1000.0
    elif kind == "hvdc":
        loss = HVDC_LOSS_PER_1000KM * km / 1000.0 + CONVERTER_PAIR_LOSS
    elif kind == "ac_b2b":   # AC line plus a back-to-back converter (60/50 Hz)
        loss = HVAC_LOSS_PER_1000KM * km / 1000.0 + CONVERTER_PAIR_LOSS
    else:
        raise ValueError(kind)
    return 1.0 - loss


def build_interconnectors() -> pd.DataFrame:
    wheeling = round(WHEELING_USD2020 * USD2020_TO_USD2023, 2)
    rows = []
    for name, a, b, fwd, bwd, km, kind, status, year, src in LINKS:
        kv, capex, cost_year = LINK_COST[name]
        mw = LINK_COST_MW.get(name, max(fwd, bwd))
        line = GTD_LINE_USD2020_PER_MW_KM[kind] * km
        if name == "PA-CO":   # 130 km of the HVDC route is submarine cable
            line += (HVDC_SUBSEA_USD2020_PER_MW_KM - GTD_LINE_USD2020_PER_MW_KM[kind]) * PA_CO_SUBSEA_KM
        generic = (line + GTD_TERMINAL_USD2020_PER_MW[kind]) * USD2020_TO_USD2023
        rows.append(dict(
            link=name, from_region=a, to_region=b, capacity_fwd_mw=fwd, capacity_bwd_mw=bwd,
            efficiency=round(link_efficiency(km, kind), 4), wheeling_usd_per_mwh=wheeling,
            status=status, year=year, source_id=src,
            # optional columns (not read by the loader): route, and cost where known
            length_km=round(km, 1), voltage_kv=kv, link_type=kind,
            capex_usd=round(capex) if capex else None, cost_year=cost_year,
            capex_usd_per_mw=round(capex / mw) if capex else None,
            capex_usd_per_mw_km=round(capex / mw / km) if capex else None,
            generic_capex_usd_per_mw=round(generic)))
    df = pd.DataFrame(rows)
    for col in ("voltage_kv", "capex_usd", "capex_usd_per_mw", "capex_usd_per_mw_km"):
        df[col] = df[col].astype("Int64")
    return df


def build_storage() -> pd.DataFrame:
    cols = ["storage", "region", "technology", "power_mw", "energy_mwh", "efficiency_charge",
            "efficiency_discharge", "source_id"]
    return pd.DataFrame(STORAGE, columns=cols)


# ============================================================================================
# Profiles
# ============================================================================================
def utc_index() -> pd.DatetimeIndex:
    return pd.date_range(f"{YEAR}-01-01", periods=HOURS, freq="h")


def local_calendar(offset_h: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Local mid-hour clock (h), day of year (fractional) and weekday for each UTC hour."""
    local = utc_index() + pd.Timedelta(hours=offset_h)
    hour = local.hour.to_numpy() + 0.5
    doy = local.day_of_year.to_numpy() - 1 + hour / 24.0
    return hour, doy, local.day_of_week.to_numpy()


def periodic_gauss(hour: np.ndarray, centre: float, width: float) -> np.ndarray:
    d = (hour - centre + 12.0) % 24.0 - 12.0
    return np.exp(-0.5 * (d / width) ** 2)


def demand_shape(region: str, ratio: float) -> np.ndarray:
    p = DEMAND_SHAPE[region]
    hour, doy, wday = local_calendar(REGIONS[region][3])
    daily = 1.0 + sum(h * periodic_gauss(hour, c, w) for c, w, h in p["bumps"])
    season = 1.0 + p["season_amp"] * np.cos(2 * np.pi * (doy - p["peak_doy"]) / 365.0)
    week = np.asarray(WEEKDAY_FACTOR)[wday]
    d = daily * season * week
    d = d / d.mean()
    k = (ratio - 1.0) / (d.max() - 1.0)       # scale deviations so max/mean = ratio
    d = 1.0 + k * (d - 1.0)
    if d.min() <= 0.2:
        raise ValueError(f"demand shape of {region} too deep (min {d.min():.3f})")
    return d


def round_sig(x: np.ndarray, sig: int = 4) -> np.ndarray:
    return np.array([float(f"{v:.{sig}g}") for v in x])


def round_mean_one(d: np.ndarray) -> np.ndarray:
    """4 significant digits with the decimal sum kept at exactly len(d) (mean exactly 1)."""
    r = round_sig(d)
    units = np.rint(r * 1e4).astype(np.int64)          # every value is a multiple of 1e-4
    n = len(d) * 10_000 - int(units.sum())             # missing units of 1e-4
    small = np.flatnonzero(r < 0.9999)                 # values printed with 4 decimals
    order = small[np.argsort(-(d[small] - r[small]) * np.sign(n))]
    while n != 0:                                      # nudge the largest rounding residuals first
        step = order[:abs(n)]
        units[step] += int(np.sign(n))
        n -= int(np.sign(n)) * len(step)
    return units / 1e4


def demand_ratios(demand: pd.DataFrame) -> dict[str, float]:
    ratio = {}
    for row in demand.itertuples():
        avg_mw = row.annual_twh * 1e6 / HOURS
        if pd.notna(row.peak_mw):
            ratio[row.region] = row.peak_mw / avg_mw
        elif row.region in PEAK_RATIO_ESTIMATE:
            ratio[row.region] = PEAK_RATIO_ESTIMATE[row.region]
    ratio["CAM"] = ratio["GT"]   # [est_load_factor]
    return ratio


def build_demand_pu(demand: pd.DataFrame) -> pd.DataFrame:
    ratio = demand_ratios(demand)
    out = {}
    for r in REGIONS:
        out[r] = round_mean_one(demand_shape(r, ratio[r]))
        LOG.info("demand_pu %-3s peak/avg target %.3f  min %.3f", r, ratio[r], out[r].min())
    return pd.DataFrame(out)


SOLAR_TRACKER = dict(axis_tilt=0.0, axis_azimuth=0.0, max_angle=60.0, backtrack=True, gcr=0.35)
"""[profile_solar] ESTIMATE fleet design: horizontal north-south single-axis trackers (utility PV)."""
SOLAR_SUBSTEPS = 4               # [profile_solar] 15-min steps averaged to each UTC hour


def clear_sky_poa(lat: float, lon: float) -> np.ndarray:
    """Hourly mean clear-sky plane-of-array irradiance (W/m2) on a single-axis tracker; hour t = [t, t+1) UTC.

    pvlib (offline): solar position (NREL SPA), Ineichen-Perez clear sky with the Linke turbidity
    climatology shipped with pvlib, site altitude from pvlib's bundled elevation map, Hay-Davies
    transposition onto a north-south single-axis tracker with backtracking.
    """
    try:
        import pvlib
    except ImportError as exc:   # pvlib is the optional extra ".[data]"
        raise SystemExit("build_data.py needs pvlib for the solar profiles: pip install -e '.[data]'") from exc
    step = 60 // SOLAR_SUBSTEPS
    times = (pd.date_range(f"{YEAR}-01-01", periods=HOURS * SOLAR_SUBSTEPS, freq=f"{step}min", tz="UTC")
             + pd.Timedelta(minutes=step / 2))
    altitude = float(pvlib.location.lookup_altitude(lat, lon))
    loc = pvlib.location.Location(lat, lon, tz="UTC", altitude=altitude)
    sp = loc.get_solarposition(times)
    cs = loc.get_clearsky(times, model="ineichen", solar_position=sp)
    trk = pvlib.tracking.singleaxis(sp["apparent_zenith"], sp["azimuth"], **SOLAR_TRACKER)
    surf_tilt = trk["surface_tilt"].fillna(0.0)
    surf_az = trk["surface_azimuth"].fillna(90.0)
    poa = pvlib.irradiance.get_total_irradiance(
        surf_tilt, surf_az, sp["apparent_zenith"], sp["azimuth"], cs["dni"], cs["ghi"], cs["dhi"],
        dni_extra=pvlib.irradiance.get_extra_radiation(times), model="haydavies")["poa_global"]
    poa = poa.fillna(0.0).clip(lower=0.0).to_numpy()
    return poa.reshape(HOURS, SOLAR_SUBSTEPS).mean(axis=1)


def scale_to_cf(raw: np.ndarray, cf: float) -> tuple[np.ndarray, float]:
    """Find s with mean(clip(s * raw, 0, 1)) = cf by bisection."""
    lo, hi = 0.0, 1.0
    while np.clip(hi * raw, 0, 1).mean() < cf:
        hi *= 2.0
        if hi > 1e6:
            raise ValueError(f"capacity factor {cf:.3f} not reachable")
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        if np.clip(mid * raw, 0, 1).mean() < cf:
            lo = mid
        else:
            hi = mid
    s = 0.5 * (lo + hi)
    return np.clip(s * raw, 0, 1), s


def build_solar_pu(cf: pd.Series) -> pd.DataFrame:
    out = {}
    for r in REGIONS:
        lat, lon = SOLAR_SITE[r]
        poa = clear_sky_poa(lat, lon)
        out[r], c = scale_to_cf(poa / 1000.0, float(cf[r]))
        LOG.info("solar_pu %-3s site (%.1f, %.1f) clear-sky CF %.3f -> target %.3f (c = %.3f)",
                 r, lat, lon, (poa / 1000).clip(0, 1).mean(), cf[r], c)
    return pd.DataFrame(out)


def build_wind_pu(cf: pd.Series) -> pd.DataFrame:
    out = {}
    for i, r in enumerate(REGIONS):
        peak_doy, s_amp, peak_h, d_amp = WIND_SHAPE[r]
        hour, doy, _ = local_calendar(REGIONS[r][3])
        base = ((1 + s_amp * np.cos(2 * np.pi * (doy - peak_doy) / 365.0))
                * (1 + d_amp * np.cos(2 * np.pi * (hour - peak_h) / 24.0)))
        rng = np.random.default_rng(WIND_SEED + i)
        eps = rng.standard_normal(HOURS)
        x = np.empty(HOURS)
        x[0] = WIND_AR1_SIGMA * eps[0]
        innov = WIND_AR1_SIGMA * np.sqrt(1 - WIND_AR1_PHI ** 2)
        for t in range(1, HOURS):
            x[t] = WIND_AR1_PHI * x[t - 1] + innov * eps[t]
        raw = base * np.exp(x - WIND_AR1_SIGMA ** 2 / 2)
        out[r], s = scale_to_cf(raw, float(cf[r]))
        LOG.info("wind_pu  %-3s target CF %.3f (scale %.3f, share of hours at 1: %.3f)",
                 r, cf[r], s, (out[r] >= 1).mean())
    return pd.DataFrame(out)


def monthly_to_hourly(monthly: np.ndarray) -> np.ndarray:
    """Periodic linear interpolation between mid-month values (hour-of-year axis)."""
    days = pd.date_range(f"{YEAR}-01-01", periods=12, freq="MS").days_in_month.to_numpy()
    mid_h = (np.cumsum(days) - days / 2.0) * 24.0
    x = np.concatenate([mid_h - HOURS, mid_h, mid_h + HOURS])
    y = np.tile(monthly, 3)
    return np.interp(np.arange(HOURS) + 0.5, x, y)


def hydro_fleet(cap_df: pd.DataFrame) -> dict[tuple[str, int], float]:
    """(region, year) → IRENA end-of-year hydro capacity [MW], 2015-2023 [irena]."""
    hyd = cap_df[cap_df["tech"] == "hydro"].groupby(["region", "year"])["capacity_mw"].sum()
    return {(r, int(y)): float(v) for (r, y), v in hyd.items()}


def hydro_weights(cap_df: pd.DataFrame) -> dict[str, dict[str, float]]:
    """Per region, IRENA 2023 hydro capacity of each of its countries (weights of the climatology)."""
    hyd = cap_df[(cap_df["year"] == IRENA_CAP_YEAR) & (cap_df["tech"] == "hydro")]
    by_iso = hyd.groupby(hyd["country"].map(ISO_OF_COUNTRY))["capacity_mw"].sum()
    return {r: {iso: float(by_iso.get(iso, 0.0)) for iso in isos} for r, (_, _, isos, _) in REGIONS.items()}


def hydro_monthly(reference: Path, cap_df: pd.DataFrame) -> pd.DataFrame:
    """Monthly scaler (fraction) per region; CAM weighted by IRENA 2023 hydro capacity."""
    sc = pd.read_csv(reference / "hydro_monthly_capacity_scaler_pct.csv").set_index("country_iso3") / 100.0
    hyd = cap_df[(cap_df["year"] == IRENA_CAP_YEAR) & (cap_df["tech"] == "hydro")]
    hyd_by_iso = hyd.groupby(hyd["country"].map(ISO_OF_COUNTRY))["capacity_mw"].sum()
    out = {}
    for r, (_, _, iso, _) in REGIONS.items():
        w = hyd_by_iso.reindex(iso).fillna(0.0)
        out[r] = (sc.loc[iso].mul(w, axis=0).sum() / w.sum()).to_numpy()
    return pd.DataFrame(out, index=[f"m{i}" for i in range(1, 13)])


def build_hydro_pu(monthly: pd.DataFrame, cap23: pd.DataFrame, gen22: pd.DataFrame) -> pd.DataFrame:
    out = {}
    for r in REGIONS:
        shape = monthly_to_hourly(monthly[r].to_numpy())
        target_mwh = float(gen22.loc[r, "hydro"]) * 1000.0
        cap_mw = float(cap23.loc[r, "hydro"])
        k = target_mwh / (cap_mw * shape.sum())
        out[r] = k * shape
        LOG.info("hydro    %-3s IRENA 2022 %.0f GWh on %.0f MW -> CF %.3f (scale %.3f, max %.3f)",
                 r, target_mwh / 1000, cap_mw, out[r].mean(), k, out[r].max())
    return pd.DataFrame(out)


def write_profile(df: pd.DataFrame, path: Path, exact: bool = False) -> None:
    df = df.copy()
    df.insert(0, "hour", np.arange(HOURS))
    # demand values are already rounded (exact mean); others rounded to 4 significant digits
    df.to_csv(path, index=False, float_format="%.4g" if not exact else "%.6g")


def build_profiles_meta(cf_solar: pd.Series, cf_wind: pd.Series, ratios: dict) -> pd.DataFrame:
    rows = []
    for r in REGIONS:
        p = DEMAND_SHAPE[r]
        bumps = "; ".join(f"{h:+.2f} at {c:g}h (width {w:g}h)" for c, w, h in p["bumps"])
        rows.append(dict(profile="demand", column=r, source_id="profile_demand",
                         note=f"local UTC{REGIONS[r][3]:+d}; bumps {bumps}; seasonal peak day {p['peak_doy']} "
                              f"amp {p['season_amp']}; peak/avg {ratios[r]:.3f}"))
    for r in REGIONS:
        lat, lon = SOLAR_SITE[r]
        rows.append(dict(profile="solar", column=r, source_id="profile_solar",
                         note=f"site lat {lat}, lon {lon}; target CF {cf_solar[r]:.3f}"))
    for i, r in enumerate(REGIONS):
        pdoy, samp, ph, damp = WIND_SHAPE[r]
        rows.append(dict(profile="wind", column=r, source_id="profile_wind",
                         note=f"seasonal peak day {pdoy} amp {samp}; diurnal peak {ph}h local amp {damp}; "
                              f"seed {WIND_SEED + i}; target CF {cf_wind[r]:.3f}"))
    for name in ("ror", "inflow"):
        for r in REGIONS:
            src = "CRI/HND/NIC/SLV capacity-weighted" if r == "CAM" else REGIONS[r][2][0]
            rows.append(dict(profile=name, column=r, source_id="profile_hydro",
                             note=f"monthly scaler {src}; scaled to IRENA 2022 hydro generation"))
    return pd.DataFrame(rows)


# ============================================================================================
# Checks and main
# ============================================================================================
def validate(out: Path) -> None:
    """Fail loudly if the written data set breaks the contract of docs/data_format.md."""
    src = set(pd.read_csv(out / "sources.csv")["source_id"])
    for f in sorted(out.glob("*.csv")) + sorted((out / "calibration").glob("*.csv")):
        if f.name.startswith("gas_") or f.name == "map_positions.csv":   # not written by this script (GAS.md, the map)
            continue
        df = pd.read_csv(f)
        if "source_id" in df:
            missing = set(df["source_id"]) - src
            assert not missing, f"{f.name}: unknown source_id {missing}"
            assert df["source_id"].notna().all(), f"{f.name}: empty source_id"
        num = df.select_dtypes("number").drop(columns=["utc_offset_h", "net_imports_twh"], errors="ignore")
        assert np.isfinite(num.fillna(0).to_numpy()).all(), f"{f.name}: non-finite"
        assert (num.fillna(0) >= 0).all().all(), f"{f.name}: negative value"
    for f in sorted((out / "profiles").glob("*_pu.csv")):
        df = pd.read_csv(f)
        regions = REGIONS if f.stem != f"{central_america.BAGASSE_PROFILE}_pu" else central_america.BAGASSE_REGIONS
        assert len(df) == HOURS and list(df.columns) == ["hour", *regions], f.name
        assert (df["hour"] == np.arange(HOURS)).all(), f.name
        v = df[list(regions)]
        if f.stem == "demand_pu":
            assert np.allclose(v.mean(), 1.0, atol=1e-12), v.mean()
        else:
            assert ((v >= 0) & (v <= 1)).all().all(), f"{f.name} outside [0, 1]"
    ic = pd.read_csv(out / "interconnectors.csv")
    assert ((ic["efficiency"] > 0) & (ic["efficiency"] <= 1)).all()
    LOG.info("validation passed for %s", out)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reference", type=Path, default=REPO.parent / "shared" / "data" / "reference",
                    help="directory of the reference extracts (default ../shared/data/reference)")
    ap.add_argument("--out", type=Path, default=REPO / "data", help="output data directory")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")

    out = args.out
    (out / "profiles").mkdir(parents=True, exist_ok=True)
    cap_df, gen_df = read_irena(args.reference)
    cap23 = irena_capacity(cap_df, IRENA_CAP_YEAR)
    gen22 = irena_generation(gen_df, IRENA_GEN_YEAR)

    calib = out / "calibration"        # reported 2023 figures (extracts, each row with its source_id)
    storage_mw = cap23["hydro"]
    RESERVOIR_SHARE.update({r: min(1.0, GEM_STORAGE_MW[r] / float(storage_mw[r])) for r in REGIONS})
    tables = {
        "regions": build_regions(),
        "demand": build_demand(gen22, calib),
        "technologies": build_technologies(),
        "generators": build_generators(cap23),
        "fuel_prices": build_fuel_prices(),
        "carbon_prices": build_carbon_prices(),
        "storage": build_storage(),
        "hydro": build_hydro(cap23),
        "interconnectors": build_interconnectors(),
        "hydrology": backcast_data.build_hydrology(args.reference, calib, hydro_weights(cap_df), hydro_fleet(cap_df)),
    }
    tables["hydrology"] = backcast_data.add_storage_change(tables["hydrology"], tables["hydro"])
    bagasse = central_america.bagasse_levels(tables["generators"], pd.read_csv(calib / "generation_by_technology.csv"))
    tables["generators"] = central_america.apply_to_generators(tables["generators"])   # [bagasse_zafra, pa_coal_grid]
    tables |= {
        "generation_limits": pd.concat([backcast_data.build_generation_limits(),
                                        backcast_chile.build_take_or_pay(calib, tables["technologies"]),
                                        pd.DataFrame(central_america.take_or_pay_rows(tables["generators"]))],
                                       ignore_index=True),
        "reservoir_levels": pd.concat([backcast_data.build_reservoir_levels(tables["hydro"]),
                                       pd.DataFrame(central_america.month_budget_rows(tables["hydro"]))],
                                      ignore_index=True),
        "capacity_ramp": backcast_chile.build_capacity_ramp(cap_df),
        "fuel_price_months": fuel_months.build_fuel_price_months(),
        "link_limits": central_america.link_limit_rows(),
    }
    cf_solar = implied_cf(cap_df, gen_df, "solar_pv")
    cf_wind = implied_cf(cap_df, gen_df, "wind")
    ratios = demand_ratios(tables["demand"])
    monthly = hydro_monthly(args.reference, cap_df)
    hydro_pu = build_hydro_pu(monthly, cap23, gen22)
    profiles = {
        "demand_pu": build_demand_pu(tables["demand"]),
        "solar_pu": build_solar_pu(cf_solar),
        "wind_pu": build_wind_pu(cf_wind),
        "ror_pu": hydro_pu,
        "inflow_pu": hydro_pu,
        "bagasse_pu": central_america.build_bagasse_pu(bagasse),
    }
    tables["profiles"] = pd.concat([build_profiles_meta(cf_solar, cf_wind, ratios),
                                    pd.DataFrame(central_america.profiles_meta(bagasse))], ignore_index=True)
    all_sources = pd.DataFrame(SOURCES + backcast_data.RULE_SOURCES + BACKCAST_SOURCES + fleet_tiers.TIER_SOURCES
                               + MILESTONE_SOURCES + backcast_chile.CHILE_SOURCES + central_america.CA_SOURCES
                               + fuel_months.FUEL_MONTH_SOURCES)
    tables["sources"] = pd.concat([all_sources, hand_maintained_sources(out)], ignore_index=True)[
        ["source_id", "citation", "url", "year", "licence", "note"]]

    for name, df in tables.items():
        df.to_csv(out / f"{name}.csv", index=False)
        LOG.info("wrote %s (%d rows)", out / f"{name}.csv", len(df))
    for name, df in profiles.items():
        write_profile(df, out / "profiles" / f"{name}.csv", exact=(name == "demand_pu"))
        LOG.info("wrote %s", out / "profiles" / f"{name}.csv")
    validate(out)


def hand_maintained_sources(out: Path) -> pd.DataFrame:
    """Rows of the existing sources.csv cited by the hand-maintained files (zones*.csv, zone_links.csv,
    zone_landings.csv, studies/*.yaml), which this script does not write: kept across rebuilds."""
    path = out / "sources.csv"
    if not path.exists():
        return pd.DataFrame(columns=["source_id"])
    old = pd.read_csv(path, dtype=str, keep_default_na=False)
    keep = old["source_id"].str.startswith(HAND_MAINTAINED_PREFIXES) & ~old["source_id"].isin(
        [s["source_id"] for s in SOURCES])
    return old[keep]


HAND_MAINTAINED_PREFIXES = ("zones_", "corridor_", "landing_", "study_")
"""source_id prefixes of the sources of hand-maintained files (zones, published studies)."""


if __name__ == "__main__":
    main()
