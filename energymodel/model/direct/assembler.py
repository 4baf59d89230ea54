"""Column and row blocks and the matrix's entries, as numpy arrays (the direct build's plumbing).

A block is one named variable or constraint family: ``n`` elements, each repeated over the T snapshots
(``per_t``, index order element-major: element i, snapshot t at ``start + i·T + t``, as Pyomo orders
``Var(SET, T)``) or once. Blocks get consecutive positions in the order they are declared, which is the
order of ``model/build.py``, so both builds give the same layout and the results read either.

Balance contributions are recorded against the balance's element (region or gas node) and snapshot and
placed when the balance rows are declared, last (``balance.py``).
"""
from __future__ import annotations

import numpy as np

BALANCES = ("c_balance", "c_gas_balance")


class Assembler:
    """Blocks and entries of one LP with ``n_t`` snapshots."""

    def __init__(self, n_t: int):
        self.n_t = n_t
        self.col_blocks: dict[str, tuple[int, int]] = {}
        self.row_blocks: dict[str, tuple[int, int]] = {}
        self._rows: list[np.ndarray] = []
        self._cols: list[np.ndarray] = []
        self._vals: list[np.ndarray] = []
        self._pending: dict[str, list[tuple[np.ndarray, np.ndarray, np.ndarray]]] = {b: [] for b in BALANCES}

    @staticmethod
    def _end(blocks: dict[str, tuple[int, int]]) -> int:
        return next(reversed(blocks.values()))[1] if blocks else 0

    @property
    def n_cols(self) -> int:
        return self._end(self.col_blocks)

    @property
    def n_rows(self) -> int:
        return self._end(self.row_blocks)

    def _declare(self, blocks: dict[str, tuple[int, int]], name: str, n: int, per_t: bool) -> np.ndarray:
        """Append block ``name`` of ``n`` elements (× T with ``per_t``) to ``blocks``; its positions."""
        start = self._end(blocks)
        size = n * self.n_t if per_t else n
        blocks[name] = (start, start + size)
        positions = np.arange(start, start + size, dtype=np.int64)
        return positions.reshape(n, self.n_t) if per_t else positions

    def var(self, name: str, n: int, per_t: bool = True) -> np.ndarray:
        """Declare variable block ``name``; its column positions, shape (n, T) or (n,) without ``per_t``."""
        return self._declare(self.col_blocks, name, n, per_t)

    def con(self, name: str, n: int, per_t: bool = True) -> np.ndarray:
        """Declare constraint block ``name``; its row positions, shape (n, T) or (n,) without ``per_t``."""
        return self._declare(self.row_blocks, name, n, per_t)

    def add(self, rows, cols, values) -> None:
        """Entries A[rows, cols] = values (broadcast together; repeated positions are summed)."""
        rows, cols, values = np.broadcast_arrays(np.asarray(rows), np.asarray(cols),
                                                 np.asarray(values, dtype=float))
        self._rows.append(rows.ravel())
        self._cols.append(cols.ravel())
        self._vals.append(values.ravel())

    def inject(self, balance: str, keys: np.ndarray, cols: np.ndarray, coef=1.0) -> None:
        """Add ``coef · x[cols[i, t]]`` to balance row (``keys[i]``, t): ``cols`` (n, T); ``coef`` a scalar,
        (n,) or (n, T). ``keys`` are positions in the balance's index (regions or gas nodes)."""
        keys = np.asarray(keys, dtype=np.int64)
        coef = np.asarray(coef, dtype=float)
        if coef.ndim == 1:
            coef = coef[:, None]
        local = keys[:, None] * self.n_t + np.arange(self.n_t)[None, :]
        self._pending[balance].append((local, cols, coef))

    def place_balance(self, balance: str, rows: np.ndarray) -> None:
        """Place the contributions recorded for ``balance`` on its declared rows (n_keys, T)."""
        first = int(rows.flat[0]) if rows.size else self.n_rows
        for local, cols, coef in self._pending.pop(balance):
            self.add(first + local, cols, coef)

    def triplets(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(rows, cols, values) of every entry added so far."""
        if not self._rows:
            return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
        return np.concatenate(self._rows), np.concatenate(self._cols), np.concatenate(self._vals)
