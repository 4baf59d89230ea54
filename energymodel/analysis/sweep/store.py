"""The sweep's results on disk, written case by case so that an interrupted sweep resumes.

Layout of a sweep folder::

    parts/<case_id>.parquet   one file per solved case, written atomically (temporary name, then rename):
                              its rows (output, item, value) and, in the file's metadata, its status, error,
                              warm flag, worker and timings
    results.parquet           the tidy table: case_id, the parameter columns, output, item, value
    cases.parquet             one row per case of the design: case, case_id, parameters, status, error,
                              warm, worker, diagnostics (codes), timings [s]
    diagnostics.parquet       every case's diagnostics: case_id, code, severity, where, message
    results.csv, cases.csv,   copies when the table has at most CSV_MAX_ROWS rows
    diagnostics.csv

``case_id`` is the SHA-256 (first 16 hex digits) of the case's resolved scenario, the data files' hashes,
the counterfactual and the outputs collected: a finished case is never solved again, and identical cases
of a design are solved once.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pandas as pd

CSV_MAX_ROWS = 200_000
"""Write CSV copies of the tables up to this many rows (Parquet only above)."""

META_KEY = b"energymodel_case"


def case_id(resolved: dict[str, Any], data_hashes: dict[str, str], extra: dict[str, Any]) -> str:
    """Hash of a case: resolved scenario + data file hashes + what is computed from it (16 hex digits)."""
    blob = json.dumps({"scenario": resolved, "data": data_hashes, **extra}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


DIAGNOSTIC_COLUMNS = ["case_id", "code", "severity", "where", "message"]
"""Columns of ``diagnostics.parquet`` / ``.csv``: every case's diagnostics (``results/diagnostics.py``)."""


def diagnostic_codes(meta: dict[str, Any]) -> str:
    """A case's distinct diagnostic codes, comma-separated, warnings first ("" if none)."""
    found = sorted(meta.get("diagnostics") or [], key=lambda d: (d["severity"] != "warning", d["code"]))
    return ",".join(dict.fromkeys(d["code"] for d in found))


class Store:
    """The ``parts/`` folder of a sweep (or of a ``links`` run): one Parquet file per finished case."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.parts = self.folder / "parts"
        self.diagnostics: pd.DataFrame | None = None
        """Every case's diagnostics (:data:`DIAGNOSTIC_COLUMNS`), filled by :meth:`tables`."""

    def path(self, cid: str) -> Path:
        return self.parts / f"{cid}.parquet"

    def write(self, record: dict[str, Any]) -> None:
        """Store one case's record (from ``worker.solve_case``) atomically."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.parts.mkdir(parents=True, exist_ok=True)
        rows = pd.DataFrame(record["rows"], columns=["output", "item", "value"])
        table = pa.Table.from_pandas(rows.astype({"output": str, "item": str, "value": float}), preserve_index=False)
        meta = {k: v for k, v in record.items() if k != "rows"}
        table = table.replace_schema_metadata({META_KEY: json.dumps(meta, default=str).encode()})
        tmp = self.parts / f".{record['case_id']}.{os.getpid()}.tmp"
        pq.write_table(table, tmp)
        os.replace(tmp, self.path(record["case_id"]))

    def read(self, cid: str) -> tuple[dict[str, Any], pd.DataFrame]:
        import pyarrow.parquet as pq

        table = pq.read_table(self.path(cid))
        meta = json.loads(table.schema.metadata[META_KEY])
        return meta, table.to_pandas()

    def status(self) -> dict[str, str]:
        """case_id → status (``ok`` or ``failed``) of every stored case."""
        import pyarrow.parquet as pq

        out = {}
        if not self.parts.exists():
            return out
        for p in self.parts.glob("*.parquet"):
            try:
                meta = json.loads(pq.read_schema(p).metadata[META_KEY])
            except Exception:  # noqa: BLE001 - an unreadable part is treated as not finished
                continue
            out[meta["case_id"]] = meta["status"]
        return out

    def tables(self, cases: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(results, cases): the tidy table for the design's ``cases`` (index ``case``, parameter columns and
        ``case_id``), and the cases with their status, error, warm flag, diagnostic codes and timings. Every
        case's diagnostics in full (:data:`DIAGNOSTIC_COLUMNS`) are kept in :attr:`diagnostics`."""
        rows, meta_rows, found = [], [], []
        params = [c for c in cases.columns if c != "case_id"]
        for cid in dict.fromkeys(cases["case_id"]):
            if not self.path(cid).exists():
                meta_rows.append({"case_id": cid, "status": "not run", "error": "", "warm": None})
                continue
            meta, df = self.read(cid)
            timings = meta.get("timings") or {}
            meta_rows.append({"case_id": cid, "status": meta["status"], "error": meta["error"], "warm": meta["warm"],
                              "worker": meta.get("worker", ""), "diagnostics": diagnostic_codes(meta), **timings})
            found += [{"case_id": cid, **{k: d.get(k, "") for k in DIAGNOSTIC_COLUMNS[1:]}}
                      for d in meta.get("diagnostics") or []]
            df.insert(0, "case_id", cid)
            rows.append(df)
        self.diagnostics = pd.DataFrame(found, columns=DIAGNOSTIC_COLUMNS)
        meta = pd.DataFrame(meta_rows)
        case_table = cases.reset_index().merge(meta, on="case_id", how="left")
        first = cases.reset_index().drop_duplicates("case_id")[["case_id", *params]]
        results = (pd.concat(rows, ignore_index=True) if rows else
                   pd.DataFrame(columns=["case_id", "output", "item", "value"]))
        results = first.merge(results, on="case_id", how="inner")
        return results, case_table

    def export(self, results: pd.DataFrame, cases: pd.DataFrame) -> list[str]:
        """Write results.parquet, cases.parquet and (after :meth:`tables`) diagnostics.parquet, with CSV copies
        when small; returns the file names."""
        written = []
        tables = [("results", results), ("cases", cases)]
        if self.diagnostics is not None:
            tables.append(("diagnostics", self.diagnostics))
        for name, df in tables:
            df = df.copy()
            for col in df.columns:  # mixed parameter values (numbers and names) stored as text
                if df[col].dtype == object and df[col].map(type).nunique() > 1:
                    df[col] = df[col].astype(str)
            tmp = self.folder / f".{name}.parquet.tmp"
            df.to_parquet(tmp, index=False)
            os.replace(tmp, self.folder / f"{name}.parquet")
            written.append(f"{name}.parquet")
            if len(df) <= CSV_MAX_ROWS:
                df.to_csv(self.folder / f"{name}.csv", index=False)
                written.append(f"{name}.csv")
        return written
