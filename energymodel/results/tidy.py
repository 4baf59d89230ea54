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


def positions(labels: pd.Series, index) -> np.ndarray:
    """Position of each of ``labels`` in ``index`` (−1 where absent), as ``index.get_indexer(labels)`` gives
    it; text is matched by pyarrow's ``index_in`` without converting a year of Arrow-backed labels to
    Python objects (which dominated the summary's time)."""
    index = pd.Index(index)
    values = labels.array if isinstance(labels, (pd.Series, pd.Index)) else labels
    if isinstance(getattr(values, "dtype", None), pd.StringDtype) and len(index) and \
            all(isinstance(v, str) for v in index):
        import pyarrow as pa
        import pyarrow.compute as pc
        found = pc.index_in(pa.array(values), value_set=pa.array(list(index), type=pa.string()))
        return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.intp)
    return index.get_indexer(values)


def lookup(labels: pd.Series, table: pd.Series, fill: float = np.nan) -> np.ndarray:
    """``table``'s value for each of ``labels`` (``fill`` where absent): ``table.reindex(labels)`` as a
    float array, by :func:`positions`."""
    pos = positions(labels, table.index)
    out = table.to_numpy(dtype=float)[np.maximum(pos, 0)] if len(table) else np.full(len(pos), fill)
    out[pos < 0] = fill
    return out


def snapshot_weights(snapshot: pd.Series, snapshots: pd.DatetimeIndex, weight_h: np.ndarray) -> np.ndarray:
    """The weight [h] of each row's snapshot (``snapshot.map(w)`` by position)."""
    return np.asarray(weight_h, dtype=float)[snapshots.get_indexer(snapshot)]


def sum_by(values: np.ndarray, labels: pd.Series, index) -> pd.Series:
    """Sum of ``values`` per label, on ``index`` (0 for a label without rows; rows whose label is not in
    ``index`` are left out): ``pd.Series(values).groupby(labels).sum().reindex(index, fill_value=0)``."""
    index = pd.Index(index)
    pos = positions(labels, index)
    keep = pos >= 0
    return pd.Series(np.bincount(pos[keep], weights=np.asarray(values, dtype=float)[keep], minlength=len(index)),
                     index=index)
