"""Chile's part of the 2023 backcast, called by ``build_data.py``: the take-or-pay gas rule (a row of
``generation_limits.csv``), the solar and wind capacity commissioned through 2023 (``capacity_ramp.csv``) and
the source rows of both, appended after the other sources of ``data/sources.csv``.

Take-or-pay gas (rule ``take_or_pay``, switch ``rules.take_or_pay``). Chile's combined cycles ran in 2023 on
LNG bought under long-term take-or-pay contracts and on Argentine pipeline gas sold "en firme" (firm,
Plan Gas.Ar). The CNE's technical standard for units on regasified LNG (NT GNL 2021, Res. 411 of October
2021, upheld in February 2024) lets a generator declare contracted LNG that must be used before the next
cargo as *inflexible*: the Coordinador then dispatches it at zero variable cost, ahead of coal and even of
renewables. In 2019 the declared inflexible LNG averaged 2.3 MMm3/d, about 60 % of the LNG the combined cycles
burnt (CEN via El Mostrador). In the shipped gas network (data/GAS.md) Chile's gas node gets Argentine
pipeline gas up to an ESTIMATE of 3,476 MW_th at 7.73 USD/MMBtu, less 1,340 MW_th of non-power demand, and
beyond that LNG at about 49.4 USD/MWh_th (14.5 USD/MMBtu): a combined cycle on LNG costs about 115 USD/MWh
against 94 for coal, so an economic LP burns the pipeline gas and little LNG (9.35 TWh of gas in the zoned
full-year run against 16.76 reported). The rule is a least annual fuel use of Chile's combined cycles:
Ember's 2023 gas generation (16.76 TWh) at the CCGT heat rate, 36.05 TWh_th (about 9.1 MMm3/d at 9,300
kcal/m3). ESTIMATE in one respect, as the must-run rows: the whole reported gas output is taken as
contracted (take-or-pay LNG and firm Argentine gas); no 2023 figure of the declared inflexible volumes or of
the gas burnt for power was found.

Capacity ramp (``capacity_ramp.csv``, switch ``rules.capacity_ramp``). IRENA gives Chile's solar PV at 6,578.67
MW at the end of 2022 and 8,790.06 MW at the end of 2023, and wind at 3,829.68 and 4,510.21 MW; generators.csv
carries the end-2023 figure all year. The in-service share of the end-2023 capacity in month m is the linear
interpolation between the two year-ends at mid-month, (C22 + (C23 - C22) (m - 0.5) / 12) / C23: solar 0.759
in January to 0.990 in December, mean 0.874 (7,684 MW, the 2023 average). ESTIMATE: linear growth (CEN's
monthly capacity reports were not found). The solar and wind profiles are scaled to IRENA's 2022 generation on
the mean of the end-2021 and end-2022 capacity, so the 2023 average capacity is the consistent one to apply
them to.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from licences import EST, NEWS

REGION = "CL"
YEAR = 2023
TAKE_OR_PAY_TECH = "ccgt"
RAMP_TECHS = {"solar_pv": "Solar photovoltaic", "wind": "Onshore wind energy"}   # model → IRENA technology


def _reported_gas_twh(calib: Path) -> float:
    """Chile's 2023 gas generation, Ember [owid_ember_2025] (data/calibration/generation_by_technology.csv)."""
    gen = pd.read_csv(calib / "generation_by_technology.csv")
    row = gen[(gen["region"] == REGION) & (gen["reported_technology"] == "gas") & (gen["year"] == YEAR)]
    return float(row["generation_twh"].iloc[0])


def build_take_or_pay(calib: Path, technologies: pd.DataFrame) -> pd.DataFrame:
    """The ``take_or_pay`` row of generation_limits.csv: least fuel of Chile's combined cycles [TWh_th/yr] =
    Ember's 2023 gas generation x the CCGT heat rate (technologies.csv) [cl_gas_take_or_pay]."""
    heat_rate = float(technologies.set_index("technology").at[TAKE_OR_PAY_TECH, "heat_rate_mwh_th_per_mwh"])
    twh_th = round(_reported_gas_twh(calib) * heat_rate, 4)
    return pd.DataFrame([dict(limit=f"{REGION}-gas-take-or-pay", region=REGION, technology=TAKE_OR_PAY_TECH,
                              bound="min", basis="fuel", annual_twh=twh_th, rule="take_or_pay",
                              source_id="cl_gas_take_or_pay",
                              note="inflexible LNG and firm Argentine gas: Ember 2023 gas generation x CCGT heat "
                                   "rate, least fuel use of the combined cycles")])


def build_capacity_ramp(cap_df: pd.DataFrame) -> pd.DataFrame:
    """region, technology, year, month, in_service_pu, source_id: Chile's solar and wind in service in each
    month of 2023 as a share of the end-2023 capacity, linear between IRENA's year-ends at mid-month
    [irena; cl_capacity_ramp_2023]. ``cap_df``: the IRENA capacity extract (country, technology, year, capacity_mw)."""
    rows = []
    chile = cap_df[cap_df["country"] == "Chile"]
    for tech, irena_tech in RAMP_TECHS.items():
        mw = chile[chile["technology"] == irena_tech].set_index("year")["capacity_mw"].astype(float)
        start, end = float(mw.loc[YEAR - 1]), float(mw.loc[YEAR])
        for m in range(1, 13):
            pu = (start + (end - start) * (m - 0.5) / 12) / end
            rows.append(dict(region=REGION, technology=tech, year=YEAR, month=m, in_service_pu=round(pu, 4),
                             source_id="cl_capacity_ramp_2023"))
    return pd.DataFrame(rows)


CHILE_SOURCES = [
    dict(source_id="cl_gas_take_or_pay",
         citation="ESTIMATE (rule take_or_pay): least annual fuel use of Chile's combined cycles = Ember 2023 gas "
                  "generation 16.76 TWh (owid_ember_2025) x CCGT heat rate 2.1511 MWh_th/MWh (technologies.csv, "
                  "eia_tie_32572) = 36.05 TWh_th; the contracts behind it: cne_nt_gnl_2021, cen_gnl_inflexible_2019, "
                  "ar_cl_firm_gas_2023, colbun_enap_nehuenco",
         url="", year="2025", licence=EST,
         note="ESTIMATE: the whole reported gas output taken as contracted gas that had to be burnt (inflexible LNG "
              "declared under the NT GNL and firm Argentine pipeline gas); no 2023 figure of the declared inflexible "
              "volumes or of gas burnt for power was found. With the gas network's prices (Argentine pipeline gas "
              "up to its ESTIMATE capacity, then LNG at about 49.4 USD/MWh_th) an economic LP burns 9.35 TWh of gas "
              "(zoned full year). 36.05 TWh_th = about 9.1 MMm3/d at 9,300 "
              "kcal/m3. scripts/backcast_chile.py; switch rules.take_or_pay."),
    dict(source_id="cne_nt_gnl_2021",
         citation="Comision Nacional de Energia, Norma Tecnica para Programacion de la Operacion de Unidades que "
                  "utilicen Gas Natural Regasificado (Res. N 411, Oct 2021); request to invalidate it rejected by "
                  "Res. Exenta N 37 of 2 Feb 2024 (Portal Innova)",
         url="https://portalinnova.cl/cne-rechazo-solicitud-de-invalidacion-de-la-norma-tecnica-de-gnl-de-2021",
         year="2024", licence=NEWS,
         note="The standard in force through 2023 under which generators declare regasified LNG as inflexible; the "
              "Coordinador then dispatches it at zero variable cost (La Tercera 2022-01, 'La otra batalla del gas')."),
    dict(source_id="cen_gnl_inflexible_2019",
         citation="El Mostrador, Gas natural licuado inflexible y su impacto en el Sistema Electrico Nacional "
                  "(2020-11-05), citing CEN operation data",
         url="https://elmostrador.cl/agenda-pais/2020/11/05/gas-natural-licuado-inflexible-y-su-impacto-en-el-sistema-electrico-nacional",
         year="2020", licence=NEWS,
         note="2019: LNG declared inflexible averaged 2.3 MMm3/d, about 60 % of the LNG used in the combined cycles, "
              "5 % of all energy generated; LNG 8.4 % of generation. Quintero supplies Enel's combined cycles and "
              "indirectly Colbun and Generadora Metropolitana; Mejillones supplies Engie, Tamakaya and Enel."),
    dict(source_id="ar_cl_firm_gas_2023",
         citation="Argentine Foreign Ministry and Secretaria de Energia via Del Fuego Noticias (Oct 2023) and Hora12 "
                  "(2023-09-13): firm (Plan Gas.Ar) gas exports to Chile",
         url="https://delfuegonoticias.com.ar/noticias/nacionales-5/argentina-vuelve-a-exportar-gas-de-salta-a-chile-44281 ; "
             "https://hora12.cl/2023/09/13/gasoducto-vaca-muerta-hualpen-se-garantiza-exportacion-de-gas-desde-argentina-a-chile-hasta-fines-de-2024-por-us1-000-millones/",
         year="2023", licence=NEWS,
         note="Firm exports authorised at 9 MMm3/d from the Neuquen basin (GasAndes) for October 2022-April 2023 "
              "and about 9 MMm3/d for October 2023-April 2024; 0.4 MMm3/d firm through Norandino from 1 Oct 2023; "
              "January-July 2023 exports to Chile worth US$556.4 M (INDEC). Authorised volumes, not flows."),
    dict(source_id="colbun_enap_nehuenco",
         citation="La Tercera, Se cae expansion de GNL Quintero tras decision de Gener y Colbun: Colbun's gas supply "
                  "and regasification contract with ENAP for Nehuenco",
         url="https://latercera.com/noticia/se-cae-expansion-gnl-quintero-tras-decision-gener-colbun/?outputType=amp",
         year="2018", licence=NEWS,
         note="Minimum payment of US$400 M over 12 years from January 2019: an example of the take-or-pay terms of "
              "the gas supplying Chile's combined cycles."),
    dict(source_id="cl_capacity_ramp_2023",
         citation="ESTIMATE: Chile's solar PV and wind in service in each month of 2023 = linear interpolation at "
                  "mid-month between IRENA's end-2022 and end-2023 capacity (irena: solar 6,578.67 -> 8,790.06 MW, "
                  "wind 3,829.68 -> 4,510.21 MW), as a share of the end-2023 capacity",
         url="", year="2025", licence=EST,
         note="ESTIMATE: linear growth through the year (CEN's monthly capacity reports not found). Solar 0.759 "
              "(January) to 0.990 (December), mean 0.874 = 7,684 MW; wind 0.855 to 0.994, mean 0.925. The profiles' "
              "capacity factors are IRENA 2022 generation over mean(end-2021, end-2022) capacity, so they apply to "
              "the year's mean capacity. scripts/backcast_chile.py; switch rules.capacity_ramp."),
    dict(source_id="cen_curtailment_2023",
         citation="Coordinador Electrico Nacional via Radio Amiga Vallenar (2025-01): renewable curtailment "
                  "(vertimientos) 2,375.86 GWh in 2023, 5,908.71 GWh in 2024",
         url="https://www.radioamigavallenar.cl/?p=87974", year="2025", licence=NEWS,
         note="Solar and wind together; compared with the model's spilled solar and wind (data/README.md, "
              "Calibration). Not an input."),
    dict(source_id="cl_coal_fleet_check",
         citation="Coal fleet: CEN about 5,500 MW of coal in 2019 and 3,500 MW in November 2025 (La Tercera "
                  "2025-12-29, CEN 2025 balance); first decarbonisation phase of 1,334 MW to close before 2024, incl. "
                  "Engie's CTM 1 and CTM 2 and AES Gener's Ventanas 1 and 2 (Diario Financiero 2019-12-09); Enel "
                  "disconnected Bocamina II (350 MW) on 30 September 2022 (Prodelcobre)",
         url="https://www.latercera.com/pulso/noticia/coordinador-esta-analizando-7-ofertas-para-auditoria-a-transelec-espera-adjudicarla-en-enero/ ; "
             "https://www.df.cl/noticias/tendencias/tecnologia/jobet-acuerda-con-engie-y-aes-gener-que-adelanten-cierre-de-cuatro/2019-12-09/122612.html ; "
             "https://prodelcobre.cl/nueva/enel-se-convierte-en-la-primera-compania-electrica-en-abandonar-las-operaciones-con-carbon",
         year="2025", licence=NEWS,
         note="Check of IRENA's end-2023 coal capacity (4,209.8 MW, generators.csv): roughly 3,800-4,200 MW left in "
              "2023 after the first phase and Bocamina II, bracketed by IRENA's 4,629.5 MW (end-2022) and 4,209.8 MW "
              "(end-2023); the coal capacity is kept. Not an input."),
]
