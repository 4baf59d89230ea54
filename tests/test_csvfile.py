"""The results folder's CSV writer (results/csvfile.py) writes what pandas with ``%.6g`` would."""
from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from energymodel.results.csvfile import round_significant, write_csv


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=1, max_size=50),
       st.integers(1, 15))
def test_rounding_gives_the_value_printf_prints(values, digits):
    x = np.array(values)
    expected = np.array([float(f"{v:.{digits}g}") for v in values])
    got = round_significant(x, digits)
    assert np.array_equal(got, expected, equal_nan=True)


def test_written_tables_read_back_like_pandas_own(tmp_path):
    rng = np.random.default_rng(3)
    df = pd.DataFrame({"snapshot": ["2023-01-01T00:00Z", "2023-01-01T01:00Z"] * 50,
                       "region": pd.Categorical(["MX", "CO"] * 50), "mw": rng.standard_normal(100) * 1e5,
                       "binding": [True, False] * 50, "n": np.arange(100)})
    df.loc[3, "mw"] = np.nan
    write_csv(df, tmp_path / "ours.csv")
    df.to_csv(tmp_path / "pandas.csv", index=False, float_format="%.6g")
    ours, theirs = pd.read_csv(tmp_path / "ours.csv"), pd.read_csv(tmp_path / "pandas.csv")
    pd.testing.assert_frame_equal(ours, theirs)
    lines = (tmp_path / "ours.csv").read_text().splitlines()
    assert lines[0] == "snapshot,region,mw,binding,n"
    assert lines[4] == "2023-01-01T01:00Z,CO,,False,3"  # a missing number is an empty field, as pandas writes it


def test_text_that_needs_quotes_and_an_unnamed_index_are_written_as_pandas_writes_them(tmp_path):
    df = pd.DataFrame({"name": ["a,b", 'say "hi"'], "value": [1.0, 2.5]}, index=["x", "y"])
    write_csv(df, tmp_path / "ours.csv", index=True)
    df.to_csv(tmp_path / "pandas.csv", float_format="%.6g")
    assert (tmp_path / "ours.csv").read_text() == (tmp_path / "pandas.csv").read_text()
    plain = df.assign(name=["a", "b"])
    write_csv(plain, tmp_path / "plain.csv", index=True)
    assert (tmp_path / "plain.csv").read_text() == ",name,value\nx,a,1\ny,b,2.5\n"
