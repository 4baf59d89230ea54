"""An annual benefit on a study's basis: present value, net present value and internal rate of return.

A benefit B [USD/yr] earned every year 1..n after an investment C [USD] at year 0:

    PV(r, n)  = B · (1 − (1 + r)^−n) / r        (B · n at r = 0)
    NPV(r, n) = PV(r, n) − C
    IRR       = the r with NPV(r, n) = 0, found by scipy.optimize.brentq

Real rates and constant benefits (the model values one year; a study's growth of benefits is not
reproduced).
"""
from __future__ import annotations

from scipy.optimize import brentq

IRR_BRACKET = (-0.99, 100.0)
"""Search interval of the IRR [1/yr]: from −99 % to 10,000 %."""


def present_value(annual_usd: float, rate: float, years: float) -> float:
    """Present value [USD] of ``annual_usd`` received at the end of each of ``years`` years at ``rate``."""
    if years <= 0:
        raise ValueError("years must be positive")
    if rate == 0:
        return annual_usd * years
    return annual_usd * (1.0 - (1.0 + rate) ** -years) / rate


def npv(annual_usd: float, capex_usd: float, rate: float, years: float) -> float:
    """Net present value [USD]: present value of the benefits minus the investment at year 0."""
    return present_value(annual_usd, rate, years) - capex_usd


def irr(annual_usd: float, capex_usd: float, years: float) -> float | None:
    """Internal rate of return [1/yr] of paying ``capex_usd`` at year 0 for ``annual_usd`` over ``years``;
    None when no rate in :data:`IRR_BRACKET` returns the investment (benefit ≤ 0, or capex ≤ 0)."""
    if capex_usd <= 0 or annual_usd <= 0:
        return None
    lo, hi = IRR_BRACKET
    f_lo, f_hi = npv(annual_usd, capex_usd, lo, years), npv(annual_usd, capex_usd, hi, years)
    if f_lo * f_hi > 0:
        return None
    return float(brentq(lambda r: npv(annual_usd, capex_usd, r, years), lo, hi, xtol=1e-12))
