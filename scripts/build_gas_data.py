#!/usr/bin/env python3
"""Build the gas network of the default data set (base year 2023, USD of 2023): data/gas_*.csv.

This script is the provenance record of every gas number. Each constant carries a ``[source_id]``
comment resolving in ``SOURCES`` (written to ``data/gas_sources.csv``, same columns as sources.csv).
Figures marked ESTIMATE are derived or assumed; the reasoning is in the note of their source row and
in ``data/GAS.md``. Volumes are converted to energy (MW_th) with ``energymodel.inputs.units`` (one heat
content, 1,036 Btu/cf, for every volume).

Usage (from the repository root)::

    python scripts/build_gas_data.py            # writes data/gas_*.csv
    python scripts/build_gas_data.py --out DIR
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from energymodel.inputs import units as u  # noqa: E402  (conversion factors live in one place)
from licences import EST, NEWS

MMBTU = u.usd_per_mmbtu_to_usd_per_mwh_th   # USD/MMBtu -> USD/MWh_th

# --------------------------------------------------------------------------------------------
# Reference prices                                                                 [USD/MMBtu]
# --------------------------------------------------------------------------------------------
HENRY_HUB_2023 = 2.54          # [gas_henry_hub] EIA spot, 2023 annual average
MX_BASIS = 3.765 - 3.25        # [gas_mx_basis] ESTIMATE: IPGN Jan 2024 minus Henry Hub Jan 2024 = 0.515
LNG_JAPAN_2023 = 14.39         # [gas_lng_japan] World Bank Pink Sheet, LNG Japan 2023
REGAS_COST = 1.0               # [gas_regas_cost] ESTIMATE: regasification + local delivery

# --------------------------------------------------------------------------------------------
# Production and imports
# --------------------------------------------------------------------------------------------
MX_PROD_2024_MMCFD = 3731      # [gas_mx_supply] Pemex 2024, -8.1 % on 2023
MX_PROD_MMCFD = MX_PROD_2024_MMCFD / (1 - 0.081)   # derived: 2023 = 4,060 MMcfd, priced at Henry Hub
US_MX_BCFD = 14.8              # [gas_us_mx] US-Mexico import corridors, combined capacity (EIA)
CO_PROD_MMCFD = 1058           # [gas_co_supply] Colombia production 2023 (ANH)
CO_PRICE = 4.6 + 1.0           # [gas_co_supply] BMC 2022 average contract price 4.6 + transport ESTIMATE 1.0
PE_PROD_MMCFD = 1346 + 350     # [gas_pe_supply] ESTIMATE: SNMPE Mar 2024 production + ~350 reinjected (DF Sud)
PE_PRICE = 1.6                 # [gas_pe_supply] Camisea Lot 88 price cap for power generators
AR_CL_MMM3D = 0.20 * (8.5 + 7.1 + 10.8 + 12.5)   # [gas_ar_cl] ESTIMATE: 20 % use (2023) of the 4 SEN pipelines
AR_CL_PRICE = 7.73             # [gas_ar_cl] Argentina's minimum gas export price, 2023

# --------------------------------------------------------------------------------------------
# Non-power demand (flat over the year)
# --------------------------------------------------------------------------------------------
MX_NONPOWER_MMCFD = 0.40 * 8000                  # [gas_mx_demand] ESTIMATE: >8,000 MMcfd, 60 % power
CO_TOTAL_MMCFD = 961 / 1.08                      # [gas_co_demand] 2024 consumption 961 MMcfd, +8 % on 2023
CO_THERMAL_GBTUD = 21478 / 119                   # [gas_co_demand] thermal Jan-Apr 2023: 21,478 GBTU / 119 d
PE_NONPOWER_MMCFD = 662 - 432                    # [gas_pe_demand] Calidda: 662 total, 432 to generators
CL_NONPOWER_MMM3D = 3.0                          # [gas_cl_demand] ESTIMATE
PA_NONPOWER_MW_TH = 0.0                          # [gas_pa_demand] ESTIMATE: no gas distribution grid

# --------------------------------------------------------------------------------------------
# Pipelines, liquefaction, regasification
# --------------------------------------------------------------------------------------------
TGP_LIMA_MMCFD = 920           # [gas_tgp] TGP sierra and coast sections to Lima
TGP_COST = 1.0                 # [gas_tgp] ESTIMATE: transport Camisea -> Lima/Chilca, USD/MMBtu
PERU_LNG_FEED_MMCFD = 620      # [gas_peru_lng] Peru LNG processes 620 MMcfd
LIQUEFACTION_LOSS = 0.085      # [gas_liquefaction_loss] ESTIMATE: midpoint of 7-10 % of feed
REGAS = {  # terminal node: (country node, capacity MW_th, source_id)
    "CL_QUINTERO": ("CL", u.mmm3d_to_mw_th(15.0), "gas_quintero"),        # 15 MMm3/d
    "CL_MEJILLONES": ("CL", u.mmm3d_to_mw_th(5.5), "gas_mejillones"),     # 5.5 MMm3/d
    "CO_SPEC": ("CO", u.mmcfd_to_mw_th(400), "gas_spec"),                 # 400 MMcfd (2023)
    "PA_COSTANORTE": ("PA", u.mtpa_to_mw_th(1.5), "gas_costa_norte"),     # 1.5 Mtpa
    "MX_ALTAMIRA": ("MX", u.mmcfd_to_mw_th(500), "gas_mx_regas"),         # 500 MMcfd (SENER 2009)
    "MX_MANZANILLO": ("MX", u.mmcfd_to_mw_th(500), "gas_mx_regas"),       # 500 MMcfd
}
COUNTRY_OF = {"MX": "MEX", "CO": "COL", "PA": "PAN", "PE": "PER", "CL": "CHL"}

# --------------------------------------------------------------------------------------------
# LNG shipping (ESTIMATE from Platts' standard voyage assumptions)                 [gas_lng_shipping]
# --------------------------------------------------------------------------------------------
CHARTER_USD_PER_DAY = 63000    # [gas_lng_shipping] OIES (Rogers 2018): short-term rate, Dec 2017
SPEED_KNOTS = 17               # [gas_lng_shipping] Platts standard assumption
PORT_DAYS = 3                  # [gas_lng_shipping] Platts: loading/delivery time per round trip
SHIP_M3, FILL = 160000, 0.985  # [gas_lng_shipping] Platts: 155-180k m3 vessel, 98.5 % fillable
BOIL_OFF_PER_DAY = 0.0012      # [gas_lng_shipping] Platts: 0.12 %/day laden
PANAMA_CANAL = 0.18            # [gas_lng_shipping] Platts estimate of a Panama Canal transit, USD/MMBtu
MMBTU_PER_M3_LNG = 1e9 / 45000 * u.BTU_PER_CF_GAS / 1e6   # 1 Bcf gas = 45,000 m3 LNG (Enerdynamics)
NM_FROM_MELCHORITA = {  # ESTIMATE: approximate sea distances (nautical miles); canal transit?
    "CL_MEJILLONES": (720, False), "CL_QUINTERO": (1300, False), "MX_MANZANILLO": (2700, False),
    "PA_COSTANORTE": (1350, True), "CO_SPEC": (1620, True), "MX_ALTAMIRA": (2850, True),
}
NM_TO_JAPAN = 8400             # ESTIMATE: Pampa Melchorita -> Tokyo Bay, the LNG Japan benchmark's market


def voyage(nm: float, canal: bool) -> tuple[float, float]:
    """(cost USD/MMBtu delivered, boil-off loss p.u.) of one laden voyage with its ballast return."""
    laden_days = nm / (SPEED_KNOTS * 24)
    round_trip = 2 * laden_days + PORT_DAYS
    cargo = SHIP_M3 * FILL * MMBTU_PER_M3_LNG
    return CHARTER_USD_PER_DAY * round_trip / cargo + (PANAMA_CANAL if canal else 0.0), BOIL_OFF_PER_DAY * laden_days


# --------------------------------------------------------------------------------------------
# Sources (written to gas_sources.csv)
# --------------------------------------------------------------------------------------------
SOURCES = [
    dict(source_id="gas_units", citation="Gas unit conversions: heat content 1,036 Btu/cf (US EIA, Heat Content of Natural Gas Consumed, 2023); 1 Mt LNG = 48.7 Bcf = 1.379 bcm and 1 Bcf = 45,000 m3 LNG (Enerdynamics, Understanding LNG Units); 1 ft = 0.3048 m; 1 MMBtu = 0.293071 MWh",
         url="https://www.eia.gov/dnav/ng/ng_cons_heat_a_EPG0_VGTH_btucf_a.htm ; https://www.enerdynamics.com/Energy-Currents_Blog/Understanding-Liquefied-Natural-Gas-LNG-Units.aspx", year="2025", licence="US government work (EIA); cited with attribution",
         note="Applied in energymodel/units.py: 1 MMcfd = 12.65 MW_th; 1 MMm3/d = 446.8 MW_th; 1 bcm/yr = 1,224 MW_th; 1 Mtpa = 1,688 MW_th. One heat content for all gas in the model (ESTIMATE for LatAm gas, within a few %)."),
    dict(source_id="gas_nodes_def", citation="energymodel DESIGN.md §2: one gas node per country with gas, a world LNG market, terminals as LNG nodes; Camisea production hub and Peru LNG (Pampa Melchorita) after region_data.md §5",
         url="", year="2026", licence=EST, note="Model structure. GT, CAM and EC have no gas node: their few gas units keep the exogenous price of fuel_prices.csv."),
    dict(source_id="gas_henry_hub", citation="Henry Hub spot 2023 annual average 2.54 USD/MMBtu (US EIA, via OilMonster)",
         url="https://oilmonster.com/article/spot-henry-hub-natural-gas-prices-hit-a-historic-low-in-2024/6569", year="2024", licence=NEWS, note="2.54 USD/MMBtu / 0.293071 = 8.667 USD/MWh_th."),
    dict(source_id="gas_lng_japan", citation="World Bank Commodities Price Data (Pink Sheet), June 2024: LNG Japan 2023 = 14.39 USD/MMBtu",
         url="https://www.worldbank.org/en/research/commodity-markets", year="2024", licence="World Bank data, CC BY 4.0",
         note="Used as the delivered (DES) price of world LNG at every terminal of the region: ESTIMATE, no Chile/Colombia/Mexico/Panama import price found (region_data.md §8); routes from the world market cost 0."),
    dict(source_id="gas_mx_supply", citation="Pemex natural-gas production 2024 = 3,731 MMcfd, -8.1 % on 2023 (Pemex BDI via Buzos); priced at Henry Hub + basis (import parity)",
         url="https://buzos.com.mx/noticia/cae-produccion-de-gas-natural-de-pemex", year="2025", licence=NEWS,
         note="derived: 2023 = 3,731/0.919 = 4,060 MMcfd = 51,361 MW_th. ESTIMATE: priced at Henry Hub (import parity less the cross-border basis of gas_mx_basis), so domestic gas is used before imports and imports set Mexico's price; Pemex production cost not found."),
    dict(source_id="gas_mx_basis", citation="ESTIMATE: Mexico basis + transport over Henry Hub = IPGN Jan 2024 3.765 USD/MMBtu (NGI) minus Henry Hub Jan 2024 3.25 (EIA via OilMonster)",
         url="https://www.naturalgasintel.com/eia-cuts-u-s-natural-gas-price-forecast-amid-warm-winter-temps-stout-supply/", year="2024", licence=EST,
         note="ESTIMATE: one month's spread used for the year. 0.515 USD/MMBtu = 1.757 USD/MWh_th."),
    dict(source_id="gas_us_mx", citation="US EIA Today in Energy (2025-10-20): US-Mexico pipeline import corridors 14.8 Bcf/d combined, 43 % used in 2024; pipeline gas priced at Henry Hub + basis",
         url="https://www.eia.gov/todayinenergy/detail.php?id=66404", year="2025", licence="US government work, public domain",
         note="14.8 Bcf/d = 187,233 MW_th (gas_units). Price HH + 0.515 USD/MMBtu (gas_mx_basis)."),
    dict(source_id="gas_mx_demand", citation="SENER SIE / Pemex via CMIC: Mexico total gas demand >8,000 MMcfd, 60 % for power (2024)",
         url="https://www.cmic.org.mx/sectores/energetica/noticmic.cfm?seleccion=1265", year="2025", licence=NEWS,
         note="ESTIMATE: non-power = 40 % x 8,000 = 3,200 MMcfd (the '>' ignored; 2024 figure used for 2023)."),
    dict(source_id="gas_mx_regas", citation="SENER outlook via La Jornada (2009-12-30): LNG terminals Altamira max 500 MMcfd, Manzanillo max 500 MMcfd",
         url="https://jornada.com.mx/2009/12/30/economia/018n2eco", year="2009", licence=NEWS,
         note="Conflict: Altamira 'emission capacity 261.33 bcf/yr' (~0.72 Bcf/d, Mexico Business News 2013); 500 MMcfd kept. Energia Costa Azul import capacity not found (omitted; being converted to export). Regas cost ESTIMATE 1.0 USD/MMBtu (gas_regas_cost)."),
    dict(source_id="gas_co_supply", citation="Colombia gas production 2023 = 1,058 MMcfd (ANH, via Mas Radios); average gas contract price 2022 = 4.6 USD/MMBtu (Bolsa Mercantil de Colombia, via Valora Analitik 2025-11-06)",
         url="https://noticias.masradios.com.ar/base/alerta-en-el-gas-nacional-la-produccion-cae-a-minimos-de-7-anos-y-el-pais-enfrenta-un-futuro-incierto ; https://www.valoraanalitik.com/precio-promedio-anual-contratos-gas-duplico/", year="2025", licence=NEWS,
         note="ESTIMATE: 2022 price used for 2023 (contracts signed before the 2024 rise) plus 1.0 USD/MMBtu transport to plants (not found); 5.6 USD/MMBtu = 19.11 USD/MWh_th, consistent with the 5.6-6 range of 2019-22 (Semana)."),
    dict(source_id="gas_co_demand", citation="Colombia consumption 2024 = 961 MMcfd, +8 % on 2023 (Promigas via El Heraldo 2025-09-17); gas to thermal plants 1 Jan-29 Apr 2023 = 21,478 GBTU (Naturgas)",
         url="https://www.elheraldo.co/economia/2025/09/17/reservas-probadas-de-gas-natural-mantuvieron-la-tendencia-a-la-baja-indico-promigas/ ; https://naturgas.com.co/gas-natural-garantizo-seguridad-energetica-durante-fenomeno-de-el-nino", year="2025", licence=NEWS,
         note="ESTIMATE: non-power = 961/1.08 = 890 MMcfd (11,259 MW_th) minus the Jan-Apr 2023 thermal rate 180.5 GBTUD (2,204 MW_th) = 9,055 MW_th. Thermal burn later in 2023 (El Nino) was higher, so this is an upper bound."),
    dict(source_id="gas_pe_supply", citation="Peru gas production 1,346 MMcfd incl. LNG feed (SNMPE, Mar 2024, via EFE/Swissinfo); Camisea ~1,300 MMcfd extracted of which ~350 reinjected for lack of demand (DF Sud 2025); Lot 88 price cap 1.6 USD/MMBtu for generators (Gestion reprint)",
         url="https://www.swissinfo.ch/spa/per%C3%BA-reporta-ca%C3%ADda-de-4%2C4-%25-en-producci%C3%B3n-de-hidrocarburos-l%C3%ADquidos%2C-frente-a-marzo-2023/75542505 ; https://dfsud.com/ripe/actualmente-sin-exploracion-de-gas-natural-peru-tendria-que-empezar-a ; https://ws.net360.info/es/wsnoticias/106167/el-gas-distorsionado", year="2025", licence=NEWS,
         note="ESTIMATE: deliverable capacity = 1,346 + 350 = 1,696 MMcfd (reinjected gas taken as spare deliverability); processing-plant capacity not found. Price: the older Lot 88 cap (2023 value not found) at the Camisea hub; transport to Lima on the TGP link."),
    dict(source_id="gas_pe_demand", citation="Calidda (Lima and Callao) gas demand 662 MMcfd of which 432 to power generators, 129 industry (Macroconsult, via mineriaenergia.com)",
         url="https://mineriaenergia.com/gas-natural-clave-en-oferta-de-energia-pero-uso-para-cocinar-aun-es-minimo", year="2022", licence=NEWS,
         note="derived: non-power = 662 - 432 = 230 MMcfd = 2,910 MW_th. ESTIMATE: demand outside Lima (Ica, Piura, Ucayali) not included."),
    dict(source_id="gas_tgp", citation="TGP Camisea-Lima: 920 MMcfd in the sierra and coast sections to Lurin after KP-127 and the Chilca-Lurin loop (Plataforma Energetica; EnerNews)",
         url="https://plataformaenergetica.org/bancos-de-noticias/energia-al-dia/camisea-aprobaron-modificaciones-de-tgp-para-ampliar-gasoducto/", year="2016", licence=NEWS,
         note="920 MMcfd = 11,638 MW_th. ESTIMATE: transport cost 1.0 USD/MMBtu (tariff not found; as in price_gas_pe); compressor fuel not modelled (loss 0). The 1,540 MMcfd jungle section equals 920 + 620 and is not a separate limit."),
    dict(source_id="gas_peru_lng", citation="Peru LNG, Pampa Melchorita: processes 620 MMcfd of gas, online June 2010 (La Razon 2010; NS Energy)",
         url="https://www.nsenergybusiness.com/projects/peru-lng-peru/", year="2010", licence=NEWS,
         note="Liquefaction arc Camisea hub -> Pampa Melchorita, 620 MMcfd = 7,844 MW_th of feed; the 408 km export pipeline is part of it. Liquefaction tolling is sunk: cost 0 (ESTIMATE); fuel as loss (gas_liquefaction_loss)."),
    dict(source_id="gas_liquefaction_loss", citation="Liquefaction plants typically consume 7-10 % of feed gas (industry benchmarks 2024-25, via flowershow.com.tr 'Consumption fuel trends')",
         url="https://www.flowershow.com.tr/latest/consumption-fuel-trends-early-clues-for-lng-demand-876475", year="2025", licence=NEWS,
         note="ESTIMATE: 8.5 % (midpoint) for Peru LNG; weak secondary source."),
    dict(source_id="gas_lng_export", citation="Peru LNG output sold to the world market at the LNG Japan price (gas_lng_japan) net of shipping to Japan (gas_lng_shipping)",
         url="", year="2026", licence=EST,
         note="ESTIMATE: capacity = 620 x (1 - 0.085) MMcfd of LNG; netback = 14.39 x (1 - boil-off) - charter, ~8,400 nm to Tokyo Bay. Peru LNG's actual long-term contracts are not modelled: its cargoes go where they are worth most."),
    dict(source_id="gas_lng_shipping", citation="LNG voyage cost: Platts standard freight assumptions (17 knots, 155-180k m3 vessel, 98.5 % fillable, boil-off 0.12 %/day laden, 3 days loading/delivery, Panama Canal transit 0.18 USD/MMBtu; S&P Global Platts subscriber note 2016-08-01); short-term charter 63,000 USD/day in Dec 2017 (H. Rogers, OIES Energy Insight 27, 2018)",
         url="https://www.spglobal.com/commodity-insights/en/pricing-benchmarks/our-methodology/subscriber-notes/080116-platts-adds-panama-canal-option-to-lng-freight-route-costs ; https://id.scribd.com/document/380664824/The-LNG-Shipping-Forecast-Costs-Rebounding-Outlook-Uncertain-Insight-27", year="2018", licence=NEWS,
         note="ESTIMATE: cost = charter x (2 x distance / (17 kn x 24) + 3 d) / cargo (160,000 m3 x 0.985 x 23.0 MMBtu/m3) + canal; loss = 0.12 %/day x laden days. Sea distances are ESTIMATEs (Melchorita to Mejillones 720 nm, Quintero 1,300, Manzanillo 2,700, Balboa 1,350 then Colon 0, Cartagena +270, Altamira +1,500, Tokyo Bay 8,400). Bunker fuel beyond boil-off and 2023 charter rates not included."),
    dict(source_id="gas_world_routes", citation="World LNG delivered to each terminal at the LNG Japan benchmark (gas_lng_japan)",
         url="", year="2026", licence=EST, note="ESTIMATE: route cost 0 and no loss, since the market price is a delivered price; destination differentials not found."),
    dict(source_id="gas_regas_cost", citation="ESTIMATE: regasification and local delivery 1.0 USD/MMBtu (as price_gas_lng in sources.csv)",
         url="", year="2023", licence=EST, note="ESTIMATE, no terminal tariff found. 1.0 USD/MMBtu = 3.412 USD/MWh_th; regas fuel not modelled (loss 0)."),
    dict(source_id="gas_quintero", citation="GNL Quintero: 15 MMm3/d after the first expansion (EnerNews; La Tercera)",
         url="http://enernews.com/283054/gnl-quintero-inicia-tramite-ambiental-de-planta-regasificadora", year="2018", licence=NEWS,
         note="15 MMm3/d = 6,701 MW_th (gas_units). Regas cost ESTIMATE 1.0 USD/MMBtu (gas_regas_cost)."),
    dict(source_id="gas_mejillones", citation="GNL Mejillones: 5.5 MMm3/d nominal (Revista EI 2014-05-15)",
         url="https://www.revistaei.cl/2014/05/15/bachelet-inaugura-segunda-fase-operacional-de-terminal-de-gnl-mejillones/", year="2014", licence=NEWS,
         note="5.5 MMm3/d = 2,457 MW_th. Regas cost ESTIMATE (gas_regas_cost)."),
    dict(source_id="gas_spec", citation="SPEC LNG Cartagena (FSRU Hoegh Grace): 400 MMcfd until Aug 2025, 475 MMcfd from 1 Sep 2025 (Valora Analitik 2025-09-04; GEM wiki)",
         url="https://www.valoraanalitik.com/planta-de-regasificacion-spec-expande-su-capacidad-para-garantizar-mas-gas-en-colombia/", year="2025", licence=NEWS,
         note="2023 capacity 400 MMcfd = 5,060 MW_th. Regas cost ESTIMATE (gas_regas_cost)."),
    dict(source_id="gas_costa_norte", citation="Costa Norte LNG terminal (AES Colon, Panama): 1.5 Mtpa, commercial since Oct 2019 (GEM wiki)",
         url="https://gem.wiki/Colon_LNG_Terminal", year="2024", licence="GEM wiki CC BY-NC-SA 4.0: figure cited with attribution",
         note="1.5 Mtpa = 2,532 MW_th. Regas cost ESTIMATE (gas_regas_cost)."),
    dict(source_id="gas_ar_cl", citation="Chile-Argentina pipelines: Atacama 8.5, Norandino 7.1, GasAndes 10.8, Pacifico 12.5, Methanex 8.4 MMm3/d; ~20 % used in 2023 (Alpes Energy 2025-08-29); Argentina's minimum gas export price 7.73 USD/MMBtu (Secretaria de Energia, via Telam 2023-05)",
         url="https://www.alpesenergy.com/blog/2025/08/29/chile-como-es-la-infraestructura-de-abastecimiento-de-gas-natural ; https://www.telam.com.ar/notas/202305/627646-federico-bernal-importacion-exportacion-gas.html", year="2025", licence=NEWS,
         note="ESTIMATE: supply capacity = 20 % x (8.5 + 7.1 + 10.8 + 12.5) = 7.78 MMm3/d = 3,476 MW_th (the 2023 use rate applied to the four pipelines into the SEN; Methanex serves Magallanes). Argentine export permits, not pipes, limit the flow. Transport to Chilean plants not added."),
    dict(source_id="gas_cl_demand", citation="ESTIMATE: Chile non-power gas demand 3.0 MMm3/d; Metrogas Santiago winter average 2.5-3 MMm3/d in 2010 (chile-hoy blog citing El Mercurio)",
         url="http://chile-hoy.blogspot.com/2010/07/uso-del-gas-natural-en-santiago-se.html?m=1", year="2010", licence=EST,
         note="ESTIMATE: no national non-power figure found; 3.0 MMm3/d = 1,340 MW_th for distribution, industry and refining (ENAP) together."),
    dict(source_id="gas_pa_demand", citation="ESTIMATE: no non-power gas demand in Panama (no distribution grid found; Costa Norte feeds the 381 MW AES Colon CCGT)",
         url="https://gem.wiki/Colon_LNG_Terminal", year="2024", licence=EST, note="ESTIMATE: 0 MW_th; truck and small-scale LNG to Central America ignored."),
]


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------
def build_nodes() -> pd.DataFrame:
    rows = [dict(node=r, kind="country", region=r, country=COUNTRY_OF[r], source_id="gas_nodes_def")
            for r in ("MX", "PA", "CO", "PE", "CL")]
    rows.append(dict(node="PE_CAMISEA", kind="country", region="", country="PER", source_id="gas_nodes_def"))
    rows.append(dict(node="PE_MELCHORITA", kind="lng", region="", country="PER", source_id="gas_nodes_def"))
    rows += [dict(node=t, kind="lng", region="", country=COUNTRY_OF[c], source_id="gas_nodes_def")
             for t, (c, _, _) in REGAS.items()]
    rows.append(dict(node="WORLD_LNG", kind="lng_market", region="", country="", source_id="gas_nodes_def"))
    return pd.DataFrame(rows)


def build_reference_prices() -> pd.DataFrame:
    return pd.DataFrame([
        dict(reference="henry_hub", price_usd_per_mwh_th=MMBTU(HENRY_HUB_2023), source_id="gas_henry_hub"),
        dict(reference="lng", price_usd_per_mwh_th=MMBTU(LNG_JAPAN_2023), source_id="gas_lng_japan"),
    ])


def build_supply() -> pd.DataFrame:
    jp_cost, jp_loss = voyage(NM_TO_JAPAN, False)
    netback_adder = -(jp_cost + jp_loss * LNG_JAPAN_2023)        # USD/MMBtu below the LNG reference
    return pd.DataFrame([
        dict(supply="MX-domestic", node="MX", kind="domestic", capacity_mw_th=u.mmcfd_to_mw_th(MX_PROD_MMCFD),
             price_reference="henry_hub", adder_usd_per_mwh_th=0.0, source_id="gas_mx_supply"),
        dict(supply="US-MX-pipelines", node="MX", kind="pipeline_import", capacity_mw_th=u.bcfd_to_mw_th(US_MX_BCFD),
             price_reference="henry_hub", adder_usd_per_mwh_th=MMBTU(MX_BASIS), source_id="gas_us_mx"),
        dict(supply="CO-domestic", node="CO", kind="domestic", capacity_mw_th=u.mmcfd_to_mw_th(CO_PROD_MMCFD),
             price_reference="none", adder_usd_per_mwh_th=MMBTU(CO_PRICE), source_id="gas_co_supply"),
        dict(supply="PE-camisea", node="PE_CAMISEA", kind="domestic", capacity_mw_th=u.mmcfd_to_mw_th(PE_PROD_MMCFD),
             price_reference="none", adder_usd_per_mwh_th=MMBTU(PE_PRICE), source_id="gas_pe_supply"),
        dict(supply="AR-CL-pipelines", node="CL", kind="pipeline_import", capacity_mw_th=u.mmm3d_to_mw_th(AR_CL_MMM3D),
             price_reference="none", adder_usd_per_mwh_th=MMBTU(AR_CL_PRICE), source_id="gas_ar_cl"),
        dict(supply="world-LNG", node="WORLD_LNG", kind="lng_import", capacity_mw_th=None,
             price_reference="lng", adder_usd_per_mwh_th=0.0, source_id="gas_lng_japan"),
        dict(supply="PE-LNG-export", node="PE_MELCHORITA", kind="export",
             capacity_mw_th=u.mmcfd_to_mw_th(PERU_LNG_FEED_MMCFD) * (1 - LIQUEFACTION_LOSS),
             price_reference="lng", adder_usd_per_mwh_th=MMBTU(netback_adder), source_id="gas_lng_export"),
    ])


def build_demand() -> pd.DataFrame:
    co_thermal = CO_THERMAL_GBTUD * 1000 * u.MWH_TH_PER_MMBTU / 24   # GBTU/d -> MW_th
    return pd.DataFrame([
        dict(node="MX", nonpower_mw_th=u.mmcfd_to_mw_th(MX_NONPOWER_MMCFD), source_id="gas_mx_demand"),
        dict(node="CO", nonpower_mw_th=u.mmcfd_to_mw_th(CO_TOTAL_MMCFD) - co_thermal, source_id="gas_co_demand"),
        dict(node="PE", nonpower_mw_th=u.mmcfd_to_mw_th(PE_NONPOWER_MMCFD), source_id="gas_pe_demand"),
        dict(node="CL", nonpower_mw_th=u.mmm3d_to_mw_th(CL_NONPOWER_MMM3D), source_id="gas_cl_demand"),
        dict(node="PA", nonpower_mw_th=PA_NONPOWER_MW_TH, source_id="gas_pa_demand"),
    ])


def build_links() -> pd.DataFrame:
    rows = [
        dict(gas_link="PE_CAMISEA-PE", from_node="PE_CAMISEA", to_node="PE", kind="pipeline",
             capacity_mw_th=u.mmcfd_to_mw_th(TGP_LIMA_MMCFD), cost_usd_per_mwh_th=MMBTU(TGP_COST), loss_pu=0.0,
             source_id="gas_tgp"),
        dict(gas_link="PE_CAMISEA-PE_MELCHORITA", from_node="PE_CAMISEA", to_node="PE_MELCHORITA", kind="liquefaction",
             capacity_mw_th=u.mmcfd_to_mw_th(PERU_LNG_FEED_MMCFD), cost_usd_per_mwh_th=0.0, loss_pu=LIQUEFACTION_LOSS,
             source_id="gas_peru_lng"),
    ]
    for terminal, (country, cap, source) in REGAS.items():
        rows.append(dict(gas_link=f"{terminal}-{country}", from_node=terminal, to_node=country, kind="regasification",
                         capacity_mw_th=cap, cost_usd_per_mwh_th=MMBTU(REGAS_COST), loss_pu=0.0, source_id=source))
    for terminal in REGAS:
        rows.append(dict(gas_link=f"WORLD_LNG-{terminal}", from_node="WORLD_LNG", to_node=terminal, kind="lng_route",
                         capacity_mw_th=None, cost_usd_per_mwh_th=0.0, loss_pu=0.0, source_id="gas_world_routes"))
    for terminal, (nm, canal) in NM_FROM_MELCHORITA.items():
        cost, loss = voyage(nm, canal)
        rows.append(dict(gas_link=f"PE_MELCHORITA-{terminal}", from_node="PE_MELCHORITA", to_node=terminal,
                         kind="lng_route", capacity_mw_th=None, cost_usd_per_mwh_th=MMBTU(cost), loss_pu=loss,
                         source_id="gas_lng_shipping"))
    return pd.DataFrame(rows)


def _round(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    for col in df.columns:
        if col.endswith(("_mw_th", "_usd_per_mwh_th")):
            df[col] = df[col].astype(float).round(3)
        elif col.endswith("_pu"):
            df[col] = df[col].astype(float).round(5)
    return df


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=REPO / "data")
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    tables = {"gas_nodes": build_nodes(), "gas_reference_prices": build_reference_prices(),
              "gas_supply": build_supply(), "gas_demand": build_demand(), "gas_links": build_links(),
              "gas_sources": pd.DataFrame(SOURCES)[["source_id", "citation", "url", "year", "licence", "note"]]}
    known = set(tables["gas_sources"]["source_id"])
    for name, df in tables.items():
        missing = set(df["source_id"]) - known
        assert not missing or name == "gas_sources", f"{name}: unknown source_id {missing}"
        _round(df).to_csv(args.out / f"{name}.csv", index=False)
        print(f"wrote {args.out / (name + '.csv')} ({len(df)} rows)")


if __name__ == "__main__":
    main()
