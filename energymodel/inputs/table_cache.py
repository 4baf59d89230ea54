"""A cache of read and checked data tables (:func:`energymodel.inputs.data.read_tables`), so that a short run
does not parse and check the same CSV files again: about 0.15 s of a 24-hour run's 2 s (``bench_targets.py
--only 4``).

An entry is keyed by the content of every file ``read_tables`` may read (each ``*.csv`` of the data
directory and of its ``profiles/``, by name and SHA-256 of the bytes, never by modification time), by the
code that reads them (the source of every module of ``inputs/``, where the schemas and checks live,
and of ``errors.py``) and by the versions of Python, pandas and numpy (the
pickle format). A changed file, a new or removed file, or a changed schema gives another key.

An entry is written only after ``read_tables`` succeeded: bad input is always read and reported from the
files themselves, with the same message. An entry that cannot be read (corrupt, truncated, written by
another version, the directory not writable) is ignored and the files are read: the cache can make a
run faster, never change its answer.

Where: ``$ENERGYMODEL_CACHE`` when it names a directory; ``off`` turns the cache off; unset, it is
``$XDG_CACHE_HOME/energymodel/tables`` (``~/.cache/energymodel/tables`` without ``XDG_CACHE_HOME``).
At most :data:`MAX_ENTRIES` entries are kept (the oldest are removed). Entries are pickles: the cache
directory must be writable by its user only, like any cache of pickled data.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Callable

log = logging.getLogger(__name__)

ENV = "ENERGYMODEL_CACHE"
"""Environment variable: a directory for the cache, or ``off`` (also ``0``, ``no``, ``false``)."""
OFF = {"off", "0", "no", "false"}
MAX_ENTRIES = 16
"""Entries kept (a few MB each for a year of hourly profiles); older ones are removed when one is added."""
FORMAT = b"energymodel-tables-1"
"""Bumped when the entry's layout changes."""


def cache_dir() -> Path | None:
    """The cache directory, or None when the cache is off (``ENERGYMODEL_CACHE=off``)."""
    setting = os.environ.get(ENV, "").strip()
    if setting.lower() in OFF:
        return None
    if setting:
        return Path(setting).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(base) / "energymodel" / "tables"


def _code_fingerprint() -> bytes:
    """The reading code (schemas and checks) and the pickle's libraries."""
    import numpy as np
    import pandas as pd

    from energymodel import errors
    h = hashlib.sha256(FORMAT)
    for path in [*sorted(Path(__file__).parent.glob("*.py")), Path(errors.__file__)]:
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    h.update(f"{sys.version}|{pd.__version__}|{np.__version__}".encode())
    return h.digest()


def input_files(directory: Path) -> list[Path]:
    """Every file ``read_tables`` may read: the ``*.csv`` of the directory and of its ``profiles/``."""
    return sorted([*directory.glob("*.csv"), *(directory / "profiles").glob("*.csv")])


def key(directory: Path) -> tuple[str, dict[str, str]]:
    """The entry's key for ``directory`` and the SHA-256 of each input file (by path relative to it)."""
    h = hashlib.sha256(_code_fingerprint())
    hashes = {}
    for path in input_files(directory):
        name = path.relative_to(directory).as_posix()
        hashes[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        h.update(f"{name}\0{hashes[name]}\0".encode())
    return h.hexdigest(), hashes


def _load(path: Path, entry_key: str):
    with path.open("rb") as f:
        entry = pickle.load(f)
    if not (isinstance(entry, dict) and entry.get("key") == entry_key):
        raise ValueError("not an entry for this key")
    return entry["tables"]


def _store(folder: Path, path: Path, entry_key: str, tables) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".pkl")
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump({"key": entry_key, "tables": tables}, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: a reader sees the whole entry or none
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    entries = sorted(folder.glob("*.pkl"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[MAX_ENTRIES:]:
        old.unlink(missing_ok=True)


def cached(directory: Path, read: Callable[[Path], object]):
    """``read(directory)`` (``read_tables``' reading), through the cache when it is on. ``directory``
    exists. The returned Tables is the cached one with ``directory`` set to this one (equal content)."""
    folder = cache_dir()
    if folder is None:
        return read(directory)
    try:
        entry_key, hashes = key(directory)
    except OSError as exc:  # an unreadable file: reading reports it
        log.debug("table cache not used: %s", exc)
        return read(directory)
    path = folder / f"{entry_key}.pkl"
    try:
        if path.exists():
            tables = _load(path, entry_key)
            log.debug("data tables of %s from the cache (%s)", directory, path)
            return replace(tables, directory=directory.resolve())
    except Exception as exc:  # noqa: BLE001 - any unreadable entry is ignored, never trusted
        log.debug("table cache entry %s ignored: %s", path, exc)
    tables = read(directory)
    # store only what was read from the files that were hashed (none changed while being read)
    if all(hashes.get(name) == digest for name, digest in tables.file_hashes.items()):
        try:
            _store(folder, path, entry_key, tables)
        except Exception as exc:  # noqa: BLE001 - a cache that cannot be written is no cache
            log.debug("table cache entry not written: %s", exc)
    return tables
