"""The cache of checked data tables (inputs/table_cache.py): a hit gives the same tables, any change to an
input file is a miss, a bad entry is ignored, bad input is reported from the files, and it can be off."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from energymodel.errors import InputError
from energymodel.inputs import data, table_cache

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("ENERGYMODEL_CACHE", str(folder))
    return folder


@pytest.fixture
def copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("calibration", "studies", "*.md"))
    return target


def _assert_same(a: data.Tables, b: data.Tables) -> None:
    assert a.directory == b.directory and a.file_hashes == b.file_hashes
    assert a.tables.keys() == b.tables.keys() and a.profiles.keys() == b.profiles.keys()
    for name in a.tables:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name])
    for name in a.profiles:
        pd.testing.assert_frame_equal(a.profiles[name], b.profiles[name])


def _reads(monkeypatch) -> list[Path]:
    """Record each time the CSV files are really read (a cache miss)."""
    calls: list[Path] = []
    real = data._read_tables
    monkeypatch.setattr(data, "_read_tables", lambda d: (calls.append(d), real(d))[1])
    return calls


def test_a_hit_gives_the_tables_read_from_the_files(cache, copy, monkeypatch):
    calls = _reads(monkeypatch)
    first = data.read_tables(copy)
    second = data.read_tables(copy)
    assert len(calls) == 1 and len(list(cache.glob("*.pkl"))) == 1
    _assert_same(first, second)
    monkeypatch.setenv("ENERGYMODEL_CACHE", "off")
    _assert_same(data.read_tables(copy), second)


def test_a_changed_file_is_a_miss_with_the_new_numbers(cache, copy, monkeypatch):
    calls = _reads(monkeypatch)
    before = data.read_tables(copy)
    gens = copy / "generators.csv"
    df = pd.read_csv(gens, dtype=str, keep_default_na=False)
    df.loc[0, "capacity_mw"] = str(float(df.loc[0, "capacity_mw"]) + 123.0)
    df.to_csv(gens, index=False)
    after = data.read_tables(copy)
    assert len(calls) == 2 and len(list(cache.glob("*.pkl"))) == 2
    assert after["generators"]["capacity_mw"].iloc[0] == before["generators"]["capacity_mw"].iloc[0] + 123.0
    assert after.file_hashes["generators.csv"] != before.file_hashes["generators.csv"]
    (copy / "profiles" / "spare_pu.csv").write_text("hour,x\n0,1\n")  # a new file, even one not read: a miss
    data.read_tables(copy)
    assert len(calls) == 3


def test_a_corrupt_entry_is_ignored_and_replaced(cache, copy, monkeypatch):
    expected = data.read_tables(copy)
    (entry,) = cache.glob("*.pkl")
    for garbage in (b"", b"not a pickle", entry.read_bytes()[:1000]):
        entry.write_bytes(garbage)
        _assert_same(data.read_tables(copy), expected)
    table_cache._store(cache, entry, "another key", expected)  # a readable entry for another key
    calls = _reads(monkeypatch)
    _assert_same(data.read_tables(copy), expected)
    assert len(calls) == 1


def test_bad_input_is_reported_from_the_files_and_never_cached(cache, copy):
    gens = copy / "generators.csv"
    gens.write_text(gens.read_text().replace("\n", "\nbroken,row\n", 1))
    messages = []
    for _ in range(2):
        with pytest.raises(InputError) as err:
            data.read_tables(copy)
        messages.append(str(err.value))
    assert messages[0] == messages[1] and "generators.csv" in messages[0]
    assert not list(cache.glob("*.pkl"))


def test_off_writes_nothing_and_the_default_is_the_user_cache(copy, tmp_path, monkeypatch):
    monkeypatch.setenv("ENERGYMODEL_CACHE", "off")
    assert table_cache.cache_dir() is None
    data.read_tables(copy)
    monkeypatch.delenv("ENERGYMODEL_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert table_cache.cache_dir() == tmp_path / "xdg" / "energymodel" / "tables"


def test_an_unwritable_cache_is_no_cache(tmp_path, copy, monkeypatch):
    blocker = tmp_path / "a file"
    blocker.write_text("")
    monkeypatch.setenv("ENERGYMODEL_CACHE", str(blocker / "cache"))  # cannot be made
    expected = data.read_tables(copy)
    monkeypatch.setenv("ENERGYMODEL_CACHE", "off")
    _assert_same(data.read_tables(copy), expected)


def test_other_reading_code_is_a_miss(cache, copy, monkeypatch):
    calls = _reads(monkeypatch)
    data.read_tables(copy)
    real = table_cache._code_fingerprint()
    monkeypatch.setattr(table_cache, "_code_fingerprint", lambda: real + b"another schema")
    data.read_tables(copy)
    assert len(calls) == 2 and len(list(cache.glob("*.pkl"))) == 2
