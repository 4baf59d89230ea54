"""Units and conversions. Every model quantity is in MW, MWh, MWh_th, USD (real, base year) and tCO2.

No other module holds a conversion factor.
"""
from __future__ import annotations

HOURS_PER_YEAR = 8760
"""Hours in a (non-leap) model year [h]. Snapshots are UTC hours of a 365-day year."""

MWH_TH_PER_MMBTU = 0.293071
"""1 MMBtu = 0.293071 MWh_th (1 Btu = 1055.056 J; US EIA energy conversion)."""

MWH_PER_TWH = 1.0e6
MWH_PER_GWH = 1.0e3
MW_PER_GW = 1.0e3
T_PER_MT = 1.0e6
MILLION = 1.0e6
"""Display scaling: million USD in tables and charts."""
THOUSAND = 1.0e3
"""Display scaling: thousand USD per MW-year in charts."""

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


# ------------------------------------------------------------------------------------ natural gas
# Gas is modelled in energy units (MW_th, MWh_th, gross heating value). Volumes are converted with one
# heat content so that every figure in data/gas_*.csv is on the same basis.

BTU_PER_CF_GAS = 1036.0
"""Heat content of natural gas, 1,036 Btu per cubic foot (gross), US natural gas consumed in 2023
(US EIA, "Heat Content of Natural Gas Consumed", https://www.eia.gov/dnav/ng/ng_cons_heat_a_EPG0_VGTH_btucf_a.htm).
Used for every volume → energy conversion; LatAm pipeline gas and regasified LNG lie within a few % of it."""

CF_PER_M3 = 1.0 / 0.3048 ** 3
"""Cubic feet per cubic metre, 35.3147 (1 ft = 0.3048 m exactly, international foot)."""

BCF_GAS_PER_MT_LNG = 48.7
"""1 million tonnes of LNG regasify to 48.7 Bcf of gas (= 1.379 bcm)
(Enerdynamics, "Understanding Liquefied Natural Gas (LNG) Units",
https://www.enerdynamics.com/Energy-Currents_Blog/Understanding-Liquefied-Natural-Gas-LNG-Units.aspx)."""

MW_TH_PER_MMCFD = 1.0e6 * BTU_PER_CF_GAS / 1.0e6 * MWH_TH_PER_MMBTU / 24.0
"""1 MMcf/d = 1,036 MMBtu/d = 12.65 MW_th (BTU_PER_CF_GAS, MWH_TH_PER_MMBTU)."""


def mmcfd_to_mw_th(mmcfd: float) -> float:
    """Gas flow [million cubic feet per day] → [MW_th]."""
    return mmcfd * MW_TH_PER_MMCFD


def mw_th_to_mmcfd(mw_th: float) -> float:
    """[MW_th] → gas flow [million cubic feet per day]."""
    return mw_th / MW_TH_PER_MMCFD


def bcfd_to_mw_th(bcfd: float) -> float:
    """Gas flow [billion cubic feet per day] → [MW_th]."""
    return mmcfd_to_mw_th(bcfd * 1000.0)


def mmm3d_to_mw_th(mmm3d: float) -> float:
    """Gas flow [million cubic metres per day] → [MW_th] (1 MMm³/d = 35.31 MMcf/d = 446.8 MW_th)."""
    return mmcfd_to_mw_th(mmm3d * CF_PER_M3)


def bcm_per_year_to_mw_th(bcm: float) -> float:
    """Gas flow [billion cubic metres per year] → average [MW_th] over 8,760 h (1 bcm/yr = 1,224 MW_th)."""
    return mmm3d_to_mw_th(bcm * 1000.0 / 365.0)


def mtpa_to_mw_th(mtpa: float) -> float:
    """LNG [million tonnes per year] → average [MW_th] of regasified gas (1 Mtpa = 48.7 Bcf/yr = 1,688 MW_th)."""
    return bcfd_to_mw_th(mtpa * BCF_GAS_PER_MT_LNG / 365.0)


def mw_th_to_mtpa(mw_th: float) -> float:
    """Average [MW_th] → LNG [million tonnes per year]."""
    return mw_th / mtpa_to_mw_th(1.0)


LINK_LIFETIME_YEARS = 40.0
"""Economic life of an interconnector [years]: GTD v1.0 / OSeMOSYS Global transmission parameters
("life 40 y")."""


def annuity_factor(discount_rate: float, lifetime_years: float) -> float:
    """Capital recovery factor r / (1 − (1 + r)^−n) [1/yr]; 1/n at r = 0."""
    if discount_rate == 0:
        return 1.0 / lifetime_years
    return discount_rate / (1.0 - (1.0 + discount_rate) ** -lifetime_years)

SOLVER_INFINITY = 1.0e20
"""HiGHS treats any bound or cost of magnitude ≥ 1e20 as infinite (its options ``infinite_bound`` and
``infinite_cost``, default 1e20; HiGHS documentation, "Options"). Every input number must lie below it:
a larger one is rejected with its key named (``inputs/data.py``, ``inputs/scenario.py``); quantities that
may be unlimited are written empty (data) or left out (scenario)."""
