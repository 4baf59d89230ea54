"""Central American (GT, CAM, PA) part of the 2023 backcast, called by ``build_data.py``: the sugar-cane
harvest (zafra) profile of bagasse units (``profiles/bagasse_pu.csv``), Panama's coal plant as the grid sees
it, Panama's take-or-pay LNG (``generation_limits.csv``) and the source rows of all three (``CA_SOURCES``,
appended to data/sources.csv).

Bagasse (source ``bagasse_zafra``, an ESTIMATE): sugar mills burn bagasse only while they crush cane, from
November to the end of April or early May in Guatemala (ACI via Prensa Libre; Azúcar de Guatemala); the same
dry-season calendar is taken for the rest of Central America and Panama. A month's profile value is the
share of the month inside the harvest × one level per region; the level is set so that the year's energy at
full use of the profile equals Ember's 2023 bioenergy generation (``calibration/generation_by_technology.csv``),
because no monthly generation by source was found for any of the three. Guatemala's level (0.95) is checked
against ACI's figures: 1,842 GWh sold to the grid in the 2022/23 harvest and 35 % used by the mills
themselves give 2.83 TWh gross, 0.81 of 870 MW over the harvest's hours.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from licences import EST, NEWS

YEAR = 2023
HOURS = 8760
DAYS = pd.date_range(f"{YEAR}-01-01", periods=12, freq="MS").days_in_month.to_numpy()

# [bagasse_zafra] share of each month (Jan..Dec) inside the harvest: November to the end of April or the first
# days of May (prensalibre_zafra, azucar_gt_zafra). ESTIMATE: the harvest taken to start mid-November and end
# in the first week of May (0.25 of May); the same calendar for CAM and PA (no monthly series found).
HARVEST_SHARE = np.array([1.0, 1.0, 1.0, 1.0, 0.25, 0.0, 0.0, 0.0, 0.0, 0.0, 0.5, 1.0])
BAGASSE_REGIONS = ("GT", "CAM", "PA")
BAGASSE_PROFILE = "bagasse"

# [pa_coal_grid] Panama's only coal plant (Cobre Panamá, 2 x 150 MW at Punta Rincón) was built for the copper
# mine; the grid got what the mine did not use (ivasi_2018, destinopanama_2024). Its grid output in 2023 was
# Ember's 0.46 TWh (owid_ember_2025): availability for the grid = 0.46e6 / (300 MW x 8760 h).
PA_COAL_GRID_TWH = 0.46
# [pa_lng_take_or_pay] AES Colón (381 MW CC) burns LNG bought under a long-term supply contract (Engie, up to
# 0.4 Mt/yr; AES: 20 trillion Btu/yr, 5.86 TWh_th), its output contracted to distributors until 2028. The
# contract quantity is not published: ESTIMATE = the fuel its reported 2023 output (Ember gas 2.79 TWh) takes
# at the unit's heat rate.
PA_GAS_TWH = 2.79
AES_COLON_TBTU_PER_YEAR = 20.0
MWH_TH_PER_MMBTU = 0.293071                                                          # [unit_conversions]


def bagasse_levels(generators: pd.DataFrame, reported: pd.DataFrame) -> dict[str, float]:
    """Region → harvest-season availability [p.u.] = Ember 2023 bioenergy [TWh] · 1e6 / (biomass capacity [MW]
    · harvest hours), capped at 1."""
    harvest_h = float((HARVEST_SHARE * DAYS * 24).sum())
    rep = reported[(reported["year"] == YEAR) & (reported["reported_technology"] == "bioenergy")] \
        .set_index("region")["generation_twh"]
    out = {}
    for region in BAGASSE_REGIONS:
        mw = float(generators.loc[(generators["region"] == region) & (generators["technology"] == "biomass"),
                                  "capacity_mw"].sum())
        out[region] = round(min(1.0, float(rep[region]) * 1e6 / (mw * harvest_h)), 4)
    return out


def build_bagasse_pu(levels: dict[str, float]) -> pd.DataFrame:
    """8760 × BAGASSE_REGIONS: the month's harvest share × the region's level (month steps on the UTC axis;
    the 5-6 h between local and UTC month ends are ignored)."""
    month_of_hour = np.repeat(np.arange(12), DAYS * 24)
    return pd.DataFrame({r: HARVEST_SHARE[month_of_hour] * levels[r] for r in BAGASSE_REGIONS})


def apply_to_generators(generators: pd.DataFrame) -> pd.DataFrame:
    """Biomass units of GT, CAM and PA take the bagasse profile; Panama's coal plant its grid availability."""
    g = generators.copy()
    if "profile" not in g:
        g["profile"] = ""
    bag = g["region"].isin(BAGASSE_REGIONS) & (g["technology"] == "biomass")
    g.loc[bag, "profile"] = BAGASSE_PROFILE          # capacity stays IRENA's; the profile's source is in profiles.csv
    coal = (g["region"] == "PA") & (g["technology"] == "coal")
    g.loc[coal, "availability_pu"] = round(PA_COAL_GRID_TWH * 1e6 / (float(g.loc[coal, "capacity_mw"].sum()) * HOURS), 4)
    g.loc[coal, "source_id"] = "pa_coal_grid"
    return g


def take_or_pay_rows(generators: pd.DataFrame) -> list[dict]:
    """generation_limits.csv rows of rule take_or_pay (least fuel use, TWh_th/yr)."""
    hr = generators.loc[(generators["region"] == "PA") & (generators["technology"] == "ccgt"),
                        "heat_rate_mwh_th_per_mwh"].astype(float)
    fuel_twh_th = PA_GAS_TWH * float(hr.mean())
    return [dict(limit="PA-gas-take-or-pay", region="PA", technology="ccgt", bound="min", basis="fuel",
                 annual_twh=round(fuel_twh_th, 4), rule="take_or_pay", source_id="pa_lng_take_or_pay",
                 note="AES Colon LNG under a long-term supply contract: least fuel burnt in a year")]


def month_budget_rows(hydro: pd.DataFrame) -> list[dict]:
    """reservoir_levels.csv rows of rule month_budget for MONTH_BUDGET: every month ends at the start level."""
    start = hydro.set_index("hydro")["start_level_pu"]
    return [dict(hydro=h, month=m, min_level_pu=float(start[h]), max_level_pu=float(start[h]), rule="month_budget",
                 source_id="ca_month_budget") for h in MONTH_BUDGET for m in range(1, 13)]


# [pa_export_stop_2023] ETESA suspended Panama's electricity exports to Central America from 10 May 2023 (El Nino);
# Panama kept importing. The date exports resumed was not found. ESTIMATE: 30 September, the end of the period whose
# hydro is reported as 38.1 % below 2022 (pa_hydro_periods_2023). Held to 31 December, Panama's reported gas (the
# take-or-pay LNG) and its reported October-December hydro (2.60 TWh) do not both fit at home: the model spills
# 0.49 TWh at a price of 0 in October-December, where Ember reports the hydro as generated; so exports most likely
# resumed within the last quarter. data/README.md gives the calibration with the stop ending 30 September,
# 31 October and 31 December.
# CAM-PA runs CAM -> PA forward, so Panama's export is bwd. The stop answered 2023's water: hydrology_year 2023
# (a 2023 scenario on another year's inflows keeps the link open).
LINK_LIMITS = [dict(link="CAM-PA", direction="bwd", start_date="2023-05-10", end_date="2023-09-30", available_pu=0.0,
                    hydrology_year=2023, source_id="pa_export_stop_2023",
                    note="Panama -> CAM export suspended by ETESA from 10 May 2023; imports continued. ESTIMATE: "
                         "resumed 1 October (date not found; held to 31 December, Panama's reported Q4 hydro spills)")]


def link_limit_rows() -> pd.DataFrame:
    """link_limits.csv: dated limits on one direction of an interconnector (network/linklimits.py)."""
    return pd.DataFrame(LINK_LIMITS, columns=["link", "direction", "start_date", "end_date", "available_pu",
                                              "hydrology_year", "source_id", "note"])


def profiles_meta(levels: dict[str, float]) -> list[dict]:
    shares = ", ".join(f"{m}: {s:g}" for m, s in zip("JFMAMJJASOND", HARVEST_SHARE))
    return [dict(profile=BAGASSE_PROFILE, column=r, source_id="bagasse_zafra",
                 note=f"harvest share by month ({shares}) x level {levels[r]:.4f}") for r in BAGASSE_REGIONS]


# [ca_month_budget] Reservoirs whose month-end level is held at the start level (rule month_budget, as Peru's):
# CAM, whose monthly inflow is a measured monthly hydro generation (Costa Rica's IEA shape, hydrology_derived)
# that already carries the operators' seasonal regulation; a perfect-foresight reservoir would otherwise move the
# dry season's water a second time. Not GT and PA, whose monthly shape is the PLEXOS-World climatology, not a
# 2023 measurement (with the rule Panama's reservoir could not carry water into its dry season and Panama shed
# load in March at 3-hour resolution).
MONTH_BUDGET = ["CAM-hydro_reservoir"]


CA_SOURCES = [
    dict(source_id="prensalibre_zafra",
         citation="Prensa Libre (Guatemala), Ingenios azucareros ofrecen la generacion de mas de 560 MW incluso despues "
                  "de la zafra: the harvest runs from November to the end of April or early May; outside it the mills "
                  "would have to burn coal; biomass 13 % of generation in the year before and 30 % in the harvest (ACI)",
         url="https://www.prensalibre.com/economia/ingenios-azucareros-ofrecen-la-generacion-de-mas-de-560-mw-incluso-despues-de-la-zafra/",
         year="2024", licence=NEWS, note="harvest calendar of Guatemala's sugar mills (bagasse_zafra)"),
    dict(source_id="azucar_gt_zafra",
         citation="Azucar de Guatemala, Proyectan un incremento en la generacion de energia renovable con bagazo de cana "
                  "para la zafra 2022-2023: the harvest starts in November and ends in May; cogenerators injected 1,750 "
                  "GWh per harvest on average over the last 10 (1,842 GWh projected for 2022/23); 988 MW installed; the "
                  "mills use 35 % of their output themselves",
         url="https://azucardeguatemala.gt/proyectan-un-incremento-en-la-generacion-de-energia-renovable-con-bagazo-de-cana-para-la-zafra-2022-2023/",
         year="2022", licence=NEWS,
         note="cross-check of the Guatemalan level: 1,842 / 0.65 = 2.83 TWh gross in the harvest = 0.81 of 870 MW "
              "over 4,014 harvest hours (Ember's 3.46 TWh for the year gives 0.95)"),
    dict(source_id="bagasse_zafra",
         citation="ESTIMATE: availability of the biomass (bagasse) units of GT, CAM and PA = share of the month inside "
                  "the sugar-cane harvest (mid-November to the first week of May; prensalibre_zafra, azucar_gt_zafra) x "
                  "a level per region set so that the year's energy equals Ember's 2023 bioenergy generation "
                  "(owid_ember_2025): GT 3.46, CAM 2.58, PA 0.04 TWh",
         url="", year="2025", licence=EST,
         note="ESTIMATE: no monthly generation by source was found for GT (AMM), CAM (ENEE, UT, CNDC, CENCE) or PA (CND); "
              "the Guatemalan calendar stands for CAM and PA, and the whole reported bioenergy is put in the harvest "
              "(biogas and wood are small). The level replaces the flat 0.60 of tech_biomass for these units, so their "
              "annual energy matches Ember by construction; what the profile adds is when they run. "
              "scripts/central_america.py"),
    dict(source_id="ivasi_2018",
         citation="Ivasi (Panama), Minera Panama se prepara para iniciar produccion de cobre: the 300 MW coal plant at "
                  "Punta Rincon (two 150 MW units) serves first the Cobre Panama mine; the surplus goes to the national grid "
                  "through Llano Sanchez",
         url="http://ivasi.com/sitio/minera-panama-se-prepara-para-iniciar-produccion-de-cobre/", year="2018",
         licence=NEWS, note="the plant is captive (pa_coal_grid)"),
    dict(source_id="destinopanama_2024",
         citation="Destino Panama, Por que es necesaria la activacion de la planta de generacion electrica de Punta Rincon "
                  "(May 2024): before the mine was halted by the Supreme Court ruling of 28 Nov 2023, what the mine did "
                  "not use could be sold to the national grid",
         url="https://destinopanama.com.pa/2024/05/por-que-es-necesaria-la-activacion-de-la-planta-de-generacion-electrica-de-punta-rincon",
         year="2024", licence=NEWS, note="the grid got the mine's surplus only (pa_coal_grid)"),
    dict(source_id="pa_coal_grid",
         citation="Panama's coal plant (Cobre Panama, 300 MW; irena) as the grid saw it: availability_pu = Ember's 2023 "
                  "coal generation of Panama (owid_ember_2025, 0.46 TWh) / (300 MW x 8760 h) = 0.1750",
         url="", year="2025", licence=EST,
         note="ESTIMATE: the plant first served its captive copper mine (ivasi_2018, destinopanama_2024), whose load is "
              "not in Panama's reported demand; the share left for the grid is taken from the reported grid output, as "
              "a constant derate (no monthly figure found). scripts/central_america.py"),
    dict(source_id="engie_aes_colon_lng",
         citation="Natural Gas World, AES, Engie Extend LNG Pact to Panama (May 2017): Engie supplies up to 0.4 Mt/yr of "
                  "LNG to the 380 MW AES Colon CCGT from 2018 under a supply deal signed in 2016; Costa Norte terminal "
                  "1.5 Mt/yr",
         url="https://www.naturalgasworld.com/aes-engie-extend-lng-pact-to-panama-37434", year="2017", licence=NEWS,
         note="the LNG contract behind pa_lng_take_or_pay"),
    dict(source_id="aes_colon_2018",
         citation="LNG Industry, AES inaugurates new combined cycle power plant and LNG terminal (20 Aug 2018): 'the "
                  "company will use 20 trillion Btu/yr'; NS Energy (2021): AES Colon is backed by contracts for 100 % of "
                  "its output until 2028",
         url="https://www.lngindustry.com/liquid-natural-gas/20082018/aes-inaugurates-new-combined-cycle-power-plant-and-lng-terminal/ ; "
             "https://www.nsenergybusiness.com/news/aes-acquires-aes-colon/",
         year="2018", licence=NEWS,
         note=f"20 trillion Btu/yr = {AES_COLON_TBTU_PER_YEAR * 1e6 * MWH_TH_PER_MMBTU / 1e6:.2f} TWh_th/yr "
              "(0.293071 MWh_th/MMBtu)"),
    dict(source_id="pa_lng_take_or_pay",
         citation="Take-or-pay LNG of AES Colon (Panama): least annual fuel use of Panama's ccgt = fuel for Ember's 2023 "
                  "gas generation (owid_ember_2025, 2.79 TWh) at the unit's heat rate (tier_ccgt_vintage, 1.9501 "
                  "MWh_th/MWh) = 5.44 TWh_th",
         url="", year="2025", licence=EST,
         note="ESTIMATE: the contract quantity is not published; the plant's fuel is bought under a long-term supply deal "
              "(engie_aes_colon_lng: up to 0.4 Mt/yr) and its output is fully contracted (aes_colon_2018); AES's stated "
              "use of 20 trillion Btu/yr (5.86 TWh_th) is more than the model's unit can burn at its 0.88 availability "
              "(5.73 TWh_th), so the reported 2023 burn (93 % of it) is taken. Rule take_or_pay (switch "
              "rules.take_or_pay); scripts/central_america.py"),
    dict(source_id="tier_oil_engine_hn",
         citation="Honduras' private oil-fired plants: of 894 MW, 467 MW (85 % of the energy) at a variable price of 10 US "
                  "c/kWh, the rest (bunker) at 12-14 c/kWh (Comision Reguladora de Energia Electrica via La Prensa, "
                  "2019); in 2023 the variable cost of bunker plants rose from 9.876 to 11.2864 c/kWh between April and "
                  "June as bunker went from 64.58 (Mar) to 72.28 (Apr) and 66.05 USD/bbl (May) (CND via El Heraldo, "
                  "Jun 2023)",
         url="https://www.laprensa.hn/honduras/1247079-410/caen-precios-energia-termica-honduras ; "
             "https://elheraldo.hn/economia/tarifa-electrica-puede-aumentar-partir-julio-alzas-bunker-HM13975543",
         year="2023", licence=NEWS,
         note="ESTIMATE: efficiency tiers of CAM's oil engines (scripts/fleet_tiers.py): 467/894 of the capacity at the "
              "generic engine heat rate (tech_oil_engine, 2.5445 MWh_th/MWh), the rest at 1.3 x (3.3079): the cost "
              "ratio 13/10 taken as a heat-rate ratio at one bunker price; Honduras' split stands for El Salvador, "
              "Nicaragua and Costa Rica. The CND's 2023 figures (98.8-112.9 USD/MWh) bracket the model's base tier "
              "(108.2 USD/MWh)."),
    dict(source_id="ca_month_budget",
         citation="ESTIMATE (rule): the CAM reservoir ends every month at its start level (rule month_budget, as "
                  "Peru's, hydrology_month_budget), so a month's hydro energy is its reported hydro generation "
                  "(hydrology_derived, with Costa Rica's measured monthly shape)",
         url="", year="2025", licence=EST,
         note="ESTIMATE: the monthly inflow of these regions is their reported (already regulated) hydro generation; "
              "without the rule the model's CAM reservoir (2 TWh) emptied by April and refilled in November-December, "
              "holding one water value all year. Not applied to GT and PA (climatological monthly shape, not measured). "
              "Switch rules.hydro_month_budget; scripts/central_america.py"),
    dict(source_id="pa_export_stop_2023",
         citation="ETESA suspended Panama's electricity exports to Central American countries from 10 May 2023 "
                  "(El Nino) (Panama Dispatch, 2023-06-21; Panama America, 2023-06-14); the 2023 water-saving strategy "
                  "held Bayano and Fortuna's water for the 2024 dry season, exports suspended (Sindicato de "
                  "Industriales de Panama, 2024-01-18)",
         url="https://panamadispatch.com/2023/06/21/panama-suspends-electrical-energy-exports/ ; "
             "https://www.panamaamerica.com.pa/economia/suspenden-exportacion-de-energia-hacia-centroamerica-frente-el-nino-1223114 ; "
             "https://industriales.org/2024/01/18/por-que-pagar-por-la-falta-de-planificacion",
         year="2024", licence=NEWS,
         note="Quote: '...Etesa ... reported that since May 10 it has suspended the export of electrical energy from "
              "Panama to Central American countries.' The date exports resumed was not found (CND, EOR monthly "
              "reports not in reach): ESTIMATE, 30 September 2023, the end of the period of Panama's reported hydro "
              "deficit (pa_hydro_periods_2023); held to 31 December, Panama's reported gas (take-or-pay LNG) and "
              "its reported October-December hydro do not both fit at home and the model spills 0.49 TWh at a price "
              "of 0, so exports most likely resumed in that quarter. Panama was buying energy from "
              "May (EOR director via AFP, June 2023), so imports stay open. Ember net 2023 = 0.14 TWh Panama -> CAM "
              "(owid_ember_2025). link_limits.csv; switch rules.link_limits; scripts/central_america.py"),
    dict(source_id="ca_flows_derived",
         citation="ESTIMATE: 2023 net flows on the northern links from Ember's net imports (owid_ember_2025): Mexico "
                  "-> Guatemala = Guatemala 0.88 + CAM 0.92 + Panama -0.14 = 1.66 TWh; Guatemala -> CAM = CAM 0.92 - "
                  "Panama's 0.14 = 0.78 TWh",
         url="", year="2025", licence=EST,
         note="ESTIMATE: assumes Guatemala, CAM and Panama traded with nobody else in 2023 (the PA-CO link does not "
              "exist; Belize is supplied by Mexico, not Guatemala). Used as direction checks only "
              "(data/calibration/flows_by_direction.csv, hand-maintained)."),
]
