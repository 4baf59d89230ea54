"""Units and conversions. Every model quantity is in MW, MWh, MWh_th, USD (real, base year) and tCO2.

No other module holds a conversion factor.
"""
from __future__ import annotations

HOURS_PER_YEAR = 8760
"""Hours in a (non-leap) model year [h]. Snapshots are UTC hours of a 365-day year."""

MWH_TH_PER_MMBTU = 0.293071
"""1 MMBtu = 0.293071 MWh_th (1 Btu = 1055.056 J; DESIGN §3, US EIA energy conversion)."""

MWH_PER_TWH = 1.0e6

MWH_TH_PER_T_COAL = 6.978
"""Heating value of thermal coal at the Newcastle benchmark grade, 6,000 kcal/kg NAR
(6,000 kcal/kg × 4.1868 kJ/kcal = 25.12 GJ/t = 6.978 MWh_th/t). Source: World Bank Pink Sheet
definition of the Australian coal price (6,000 kcal/kg)."""

MWH_TH_PER_BBL_OIL = 1.70
"""Energy content of a barrel of crude oil, 5.8 MMBtu/bbl × 0.293071 = 1.70 MWh_th/bbl
(US EIA, "Energy conversion calculators", crude oil 5.8 MMBtu per barrel)."""

BTU_PER_KWH_PER_MWH_TH_PER_MWH = 3412.14
"""A heat rate of 3,412.14 Btu/kWh is 1 MWh_th/MWh (100 % efficiency)."""


def usd_per_mmbtu_to_usd_per_mwh_th(price: float) -> float:
    """[USD/MMBtu] → [USD/MWh_th]."""
    return price / MWH_TH_PER_MMBTU


def usd_per_mwh_th_to_usd_per_mmbtu(price: float) -> float:
    """[USD/MWh_th] → [USD/MMBtu]."""
    return price * MWH_TH_PER_MMBTU


def usd_per_t_coal_to_usd_per_mwh_th(price: float) -> float:
    """Coal price [USD/t] at 6,000 kcal/kg → [USD/MWh_th]."""
    return price / MWH_TH_PER_T_COAL


def usd_per_bbl_to_usd_per_mwh_th(price: float) -> float:
    """Oil price [USD/bbl] → [USD/MWh_th]."""
    return price / MWH_TH_PER_BBL_OIL


def heat_rate_btu_per_kwh_to_mwh_th_per_mwh(heat_rate: float) -> float:
    """Heat rate [Btu/kWh] → [MWh_th/MWh]."""
    return heat_rate / BTU_PER_KWH_PER_MWH_TH_PER_MWH
