"""Helpers shared by the result extractors (electricity and gas): tidy frames from solver arrays."""
from __future__ import annotations

import numpy as np
import pandas as pd


_TEXT = pd.Series(["x"]).dtype
"""The dtype pandas gives text (``str``, Arrow-backed, from pandas 3; ``object`` before)."""


def tile_labels(labels, n_t: int):
    """``labels`` (one per name) repeated for each of ``n_t`` snapshots, as a column of a frame ordered by
    snapshot, then name: what ``np.tile`` gives, built by pyarrow's ``take`` straight into pandas' text
    dtype (ten times faster than converting a tiled object array for a year of hourly rows)."""
    labels = np.asarray(labels, dtype=object)
    if _TEXT == object or not len(labels) or not all(isinstance(v, str) for v in labels):
        return np.tile(labels, n_t)
    import pyarrow as pa
    taken = pa.array(labels, type=pa.string()).take(pa.array(np.tile(np.arange(len(labels), dtype=np.int32), n_t)))
    return pd.array(taken, dtype=_TEXT)


def long_frame(values: np.ndarray, names, snapshots: pd.DatetimeIndex, name_col: str,
               value_col: str) -> pd.DataFrame:
    """(n_names × T) array → tidy frame ordered by snapshot, then name."""
    n, n_t = values.shape
    return pd.DataFrame({
        "snapshot": snapshots.repeat(n),
        name_col: tile_labels(names, n_t),
        value_col: values.T.ravel(),
    })


def clean(a: np.ndarray) -> np.ndarray:
    """Solver noise below 1e-9 in magnitude reported as 0."""
    a = np.asarray(a, dtype=float).copy()
    a[np.abs(a) < 1e-9] = 0.0
    return a
