"""Numbers formatted for people: one place for every rule the report, the map and the tables follow.

* Money in million USD (``M USD``), with precision that follows the size: 0 decimals from 100, 1 from 10,
  2 below (``1,234``, ``56.7``, ``0.42``); thousands separated by commas; never scientific notation.
* Power in MW as integers (``1,910``); energy in TWh and emissions in Mt CO2 with the same adaptive
  precision as money; prices in USD/MWh with one decimal; values per MW-year in thousand USD.
* Solver noise is rounded away: anything that would print as zero prints ``0`` (never ``-0`` or
  ``-0.0``), and values smaller than :data:`NOISE_USD` (money) or :data:`NOISE` (other quantities) are 0.
* A value that does not apply (``None``, NaN) is a blank: :data:`BLANK`.

Every function takes the value in the model's base unit (USD, MW, MWh, t CO2) and returns a string.
"""
from __future__ import annotations

import math
from typing import Any, Callable

import pandas as pd

from energymodel.inputs import units

BLANK = ""
"""What a cell shows when a value does not apply."""
NOISE = 1e-6
"""Magnitudes below this (in the quantity's base unit) are solver noise and shown as 0."""
NOISE_USD = 1.0
"""Money below one dollar (over a year) is solver noise at the scale of this model."""


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def adaptive_decimals(value: float) -> int:
    """Decimals for a value already in display units: 0 from 100, 1 from 10, 2 below."""
    size = abs(value)
    return 0 if size >= 100 else 1 if size >= 10 else 2


def number(value: Any, decimals: int | None = None, *, noise: float = NOISE, signed: bool = False) -> str:
    """A number in fixed notation with thousands separators; ``decimals=None`` picks them by size.

    Values below ``noise`` in magnitude, or that round to zero, print as ``0`` (no ``-0``); a missing value
    (None, NaN) is :data:`BLANK`; infinities are ``∞`` / ``-∞``.
    """
    if _missing(value):
        return BLANK
    value = float(value)
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if abs(value) < noise:
        value = 0.0
    places = adaptive_decimals(value) if decimals is None else decimals
    text = f"{value:,.{places}f}"
    if float(text.replace(",", "")) == 0.0:
        return "0"
    if signed and value > 0:
        text = "+" + text
    return text


def musd(usd: Any, decimals: int | None = None, signed: bool = False) -> str:
    """USD → million USD (``12.3``)."""
    if _missing(usd):
        return BLANK
    usd = 0.0 if abs(float(usd)) < NOISE_USD else float(usd)
    return number(usd / units.MILLION, decimals, signed=signed)


def musd_text(usd: Any, signed: bool = False) -> str:
    """USD → ``12.3 M USD`` (or ``1.2 bn USD`` from a thousand million), for sentences."""
    if _missing(usd):
        return BLANK
    usd = float(usd)
    if abs(usd) >= units.THOUSAND * units.MILLION:
        return f"{number(usd / (units.THOUSAND * units.MILLION), 1, signed=signed)} bn USD"
    return f"{musd(usd, signed=signed)} M USD"


def mw(value: Any) -> str:
    """MW as an integer (``1,910``)."""
    return number(value, 0, noise=0.5)


def twh(value: Any) -> str:
    """TWh with adaptive precision."""
    return number(value)


def mt_co2(tco2: Any, signed: bool = False) -> str:
    """t CO2 → Mt CO2 with adaptive precision (``12.3``)."""
    if _missing(tco2):
        return BLANK
    return number(float(tco2) / units.T_PER_MT, None, noise=NOISE, signed=signed)


def price(usd_per_mwh: Any) -> str:
    """USD/MWh with one decimal."""
    return number(usd_per_mwh, 1)


def kusd_per_mw_yr(usd_per_mw_yr: Any) -> str:
    """USD/MW-yr → thousand USD/MW-yr with adaptive precision."""
    if _missing(usd_per_mw_yr):
        return BLANK
    return number(float(usd_per_mw_yr) / units.THOUSAND, None, noise=NOISE)


def percent(share: Any) -> str:
    """A share (0.123) → ``12.3 %``."""
    if _missing(share):
        return BLANK
    return f"{number(100 * float(share), 1)} %"


FORMATTERS: dict[str, Callable[[Any], str]] = {
    "musd": musd, "musd_signed": lambda v: musd(v, signed=True), "mw": mw, "twh": twh, "mt_co2": mt_co2,
    "price": price, "kusd_per_mw_yr": kusd_per_mw_yr, "percent": percent, "number": number,
    "text": lambda v: BLANK if _missing(v) else str(v),
}
"""Column kinds understood by :func:`format_frame`."""


def format_frame(df: pd.DataFrame, kinds: dict[str, str]) -> pd.DataFrame:
    """A copy of ``df`` with each column in ``kinds`` turned into strings by its formatter (see
    :data:`FORMATTERS`); other columns are formatted with :func:`number`. Raises KeyError for an unknown
    kind."""
    out = pd.DataFrame(index=df.index)
    for col in df.columns:
        fmt = FORMATTERS[kinds.get(col, "number")]
        out[col] = [fmt(v) for v in df[col]]
    return out


def markdown_table(df: pd.DataFrame) -> str:
    """A Markdown table of already formatted strings (index as the first column). Numbers right-aligned."""
    cols = [str(c) for c in df.columns]
    lines = ["| " + " | ".join([str(df.index.name or "")] + cols) + " |",
             "|---|" + "---:|" * len(cols)]
    for idx, row in df.iterrows():
        lines.append("| " + " | ".join([str(idx)] + [str(v) for v in row]) + " |")
    return "\n".join(lines)


def html_table(df: pd.DataFrame) -> str:
    """An HTML table of already formatted strings (index as the first column)."""
    flat = df.reset_index()
    return flat.to_html(classes="num", border=0, escape=True, na_rep=BLANK, index=False)
