"""Helpers shared by the result extractors (electricity and gas): tidy frames from solver arrays."""
from __future__ import annotations

import numpy as np
import pandas as pd


def long_frame(values: np.ndarray, names, snapshots: pd.DatetimeIndex, name_col: str,
               value_col: str) -> pd.DataFrame:
    """(n_names × T) array → tidy frame ordered by snapshot, then name."""
    n, n_t = values.shape
    return pd.DataFrame({
        "snapshot": np.repeat(snapshots.to_numpy(), n),
        name_col: np.tile(np.asarray(names, dtype=object), n_t),
        value_col: values.T.ravel(),
    })


def clean(a: np.ndarray) -> np.ndarray:
    """Solver noise below 1e-9 in magnitude reported as 0."""
    a = np.asarray(a, dtype=float).copy()
    a[np.abs(a) < 1e-9] = 0.0
    return a
