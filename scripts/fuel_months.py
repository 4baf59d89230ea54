"""Monthly 2023 fuel prices, called by ``build_data.py``: ``fuel_price_months.csv`` (switch
``rules.monthly_fuel_prices``) and the source rows of its two series (``FUEL_MONTH_SOURCES``, appended to
data/sources.csv).

Oil, every region without its own row (``oil,*``; source ``price_oil_monthly``). ``fuel_prices.csv`` prices
delivered liquids at the 2023 Brent average (World Bank Pink Sheet, 82.6 USD/bbl) ÷ 1.700 MWh_th/bbl × 1.30
(the ESTIMATE delivered-product markup of ``price_oil``). The months use the same formula on the Pink Sheet's
monthly Brent: 83.09 in January, 74.89 in June, 94.00 in September (mean 82.62, so the months average to
the annual price).

Bunker in Guatemala, CAM and Panama (``oil,GT|CAM|PA``; source ``price_hfo_ca_monthly``). Banco Central de
Honduras' year-to-date bunker imports, quoted by the Honduran press, give two cited period prices: January–
June US$239.6 M for 3,534.2 thousand barrels, 67.8 USD/bbl, and July–November (507.3 − 239.6) US$ M for
(6.8 − 3.5342) M bbl, 82.0 USD/bbl. Bunker was cheap against crude in the first half (0.849 × Brent) and
dear in the second (0.943 × Brent). ESTIMATE: inside each half the month follows Brent at its half's ratio
(December at July–November's, its volume was not found); the Honduran price stands for GT, PA and all of CAM,
as in ``price_hfo_ca`` (El Salvador's derived January–October 2023 fuel-oil import price, about 467 USD/t or
70–74 USD/bbl, BCR via El Mundo, agrees within 5 %). Residual fuel oil 6.287 MMBtu/bbl (US EIA) =
1.84254 MWh_th/bbl. The months average 74.2 USD/bbl against the January–November 74.6 of ``fuel_prices.csv``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from licences import NEWS

YEAR = 2023

# [price_brent_monthly] World Bank Pink Sheet (CMO-Historical-Data-Monthly), "Crude oil, Brent", 2023, USD/bbl
BRENT_2023 = np.array([83.09, 82.71, 78.53, 84.11, 75.70, 74.89, 80.10, 86.16, 94.00, 91.06, 83.18, 77.86])

# [price_oil] 5.8 MMBtu/bbl × 0.293071 MWh/MMBtu = 1.700 MWh_th/bbl; ESTIMATE delivered-product markup × 1.30
OIL_MWH_TH_PER_BBL = 1.700
OIL_MARKUP = 1.30

# [price_hfo_ca_monthly] BCH bunker imports 2023, year to date: value (US$ M), volume (M bbl)
BUNKER_H1_USD_M, BUNKER_H1_MBBL = 239.6, 3.5342            # January–June (volume 4,061.3 − 527.1 thousand bbl)
BUNKER_JAN_NOV_USD_M, BUNKER_JAN_NOV_MBBL = 507.3, 6.8
RFO_MWH_TH_PER_BBL = 6.287 * 0.293071                      # 1.84254 (US EIA; as price_hfo_ca)
BUNKER_REGIONS = ("GT", "CAM", "PA")


def bunker_usd_per_bbl() -> np.ndarray:
    """Months 1..12 [USD/bbl]: Brent × the BCH unit value of the half-year ÷ that half's mean Brent."""
    h1 = BUNKER_H1_USD_M / BUNKER_H1_MBBL
    jul_nov = (BUNKER_JAN_NOV_USD_M - BUNKER_H1_USD_M) / (BUNKER_JAN_NOV_MBBL - BUNKER_H1_MBBL)
    ratio = np.where(np.arange(12) < 6, h1 / BRENT_2023[:6].mean(), jul_nov / BRENT_2023[6:11].mean())
    return BRENT_2023 * ratio


def build_fuel_price_months() -> pd.DataFrame:
    """fuel, region, year, month, price_usd_per_mwh_th, source_id."""
    oil = BRENT_2023 / OIL_MWH_TH_PER_BBL * OIL_MARKUP
    bunker = bunker_usd_per_bbl() / RFO_MWH_TH_PER_BBL
    rows = [dict(fuel="oil", region="*", year=YEAR, month=m + 1, price_usd_per_mwh_th=round(float(oil[m]), 2),
                 source_id="price_oil_monthly") for m in range(12)]
    rows += [dict(fuel="oil", region=r, year=YEAR, month=m + 1, price_usd_per_mwh_th=round(float(bunker[m]), 2),
                  source_id="price_hfo_ca_monthly") for r in BUNKER_REGIONS for m in range(12)]
    return pd.DataFrame(rows)


_BRENT_TEXT = ", ".join(f"{v:.2f}" for v in BRENT_2023)

FUEL_MONTH_SOURCES = [
    dict(source_id="price_oil_monthly",
         citation=f"World Bank Commodity Price Data (Pink Sheet), CMO-Historical-Data-Monthly, 'Crude oil, Brent', 2023 "
                  f"January to December: {_BRENT_TEXT} USD/bbl (mean 82.62); cross-check US EIA Europe Brent spot "
                  "FOB monthly (RBRTE, mean 82.47)",
         url="https://www.worldbank.org/en/research/commodity-markets ; https://www.eia.gov/dnav/pet/hist/RBRTEd.htm",
         year="2024", licence="World Bank data, CC BY 4.0; EIA public domain",
         note="Same formula as price_oil, month by month: Brent / 1.700 MWh_th/bbl x 1.30 (ESTIMATE delivered-"
              "product markup). January 83.09/1.700 x 1.30 = 63.54 USD/MWh_th; the months average 63.18 (annual "
              "row 63.17). Read from copies of the workbook in github.com/natatsypora/commodity_price_index (Dec "
              "2024) and github.com/klaus0005/ClaudiuP-SIA2026 (Jul 2026), identical for 2023."),
    dict(source_id="price_hfo_ca_monthly",
         citation="Banco Central de Honduras (BCH), bunker imports 2023 year to date, via the Honduran press: "
                  "January-June US$239.6 million (EFE via TNH, 2024-08-17) for 3,534.2 thousand barrels (Dinero.hn "
                  "2024 H1: 4,061.3 thousand barrels, 527.1 more than 2023); January-November US$507.3 million for 6.8 "
                  "million barrels (Dinero.hn); monthly shape from the World Bank Pink Sheet Brent (price_oil_monthly)",
         url="https://tnh.gob.hn/nacional/honduras-desembolsa-1379-millones-en-importacion-de-combustibles-en-primer-"
             "semestre-de-2024 ; https://dinero.hn/importacion-de-gasolinas-a-junio-subio-125-a-junio ; "
             "https://dinero.hn/?p=63386",
         year="2024", licence=NEWS,
         note="derived unit values: January-June 239.6/3.5342 = 67.8 USD/bbl (0.849 x mean Brent); July-November "
              "(507.3-239.6)/(6.8-3.5342) = 82.0 USD/bbl (0.943 x mean Brent). ESTIMATE: each month = Brent x its "
              "half's ratio (December at July-November's: its volume was not found), / 1.84254 MWh_th/bbl (6.287 "
              "MMBtu/bbl, US EIA), e.g. August 86.16 x 0.943 / 1.84254 = 44.11 USD/MWh_th; the Honduran price "
              "stands for GT, PA and all of CAM (no country split found; El Salvador's January-October 2023 "
              "fuel-oil imports, about US$100.4 M for 215 M kg = 467 USD/t, BCR via El Mundo, agree within 5 %). "
              "The months average 74.2 USD/bbl (40.26 USD/MWh_th) against the January-November 74.6 of price_hfo_ca."),
]
