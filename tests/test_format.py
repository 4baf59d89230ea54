"""Formatting rules for people (energymodel/outputs/format.py)."""
import math

import pandas as pd
import pytest

from energymodel.outputs import format as fmt


@pytest.mark.parametrize("usd, text", [
    (1.24e8, "124"), (12_345_678.9, "12.3"), (420_000, "0.42"), (-1.56e-11, "0"), (-0.0, "0"),
    (-4_000, "0"), (1.9e9, "1,900"), (-35.2e9, "-35,200"), (None, ""), (math.nan, ""),
])
def test_money_in_million_usd_with_precision_by_size(usd, text):
    assert fmt.musd(usd) == text


def test_no_scientific_notation_anywhere():
    for v in (1.91e3, 1.24e8, 3.3e-7, 7.7e15):
        for f in (fmt.musd, fmt.mw, fmt.twh, fmt.mt_co2, fmt.price, fmt.kusd_per_mw_yr, fmt.number):
            assert "e" not in f(v).lower()


def test_mw_are_integers_and_blanks_where_not_applicable():
    assert fmt.mw(1.91e3) == "1,910"
    assert fmt.mw(0.4) == "0"
    assert fmt.mw(-0.3) == "0"
    assert fmt.mw(float("nan")) == ""


def test_emissions_in_mt_and_signed_deltas():
    assert fmt.mt_co2(12_345_678.9) == "12.3"
    assert fmt.mt_co2(0.1) == "0"
    assert fmt.musd(3.2e6, signed=True) == "+3.20"
    assert fmt.musd(-3.2e6, signed=True) == "-3.20"
    assert fmt.musd_text(1.9e9) == "1.9 bn USD"
    assert fmt.musd_text(13.2e6) == "13.2 M USD"


def test_frame_formatting_by_kind():
    df = pd.DataFrame({"value_usd": [1.24e8, None], "capacity_mw": [1910.4, 70.0]}, index=["a", "b"])
    out = fmt.format_frame(df, {"value_usd": "musd", "capacity_mw": "mw"})
    assert out.loc["a"].tolist() == ["124", "1,910"]
    assert out.loc["b"].tolist() == ["", "70"]
    md = fmt.markdown_table(out)
    assert "nan" not in md and md.splitlines()[1] == "|---|---:|---:|"
    with pytest.raises(KeyError):
        fmt.format_frame(df, {"value_usd": "no such kind"})
