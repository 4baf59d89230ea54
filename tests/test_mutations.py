"""Random mutations of a valid scenario file and of its data directory (hypothesis): every one ends in
exit code 0 or 2 with one message, never a traceback. Bounded and derandomised by default; the ``_long``
twins run many more random examples under ``-m slow``."""
from __future__ import annotations

import itertools
import shutil

import pandas as pd
import pytest
import yaml
from hypothesis import strategies as st

from energymodel.cli import main
from files import write_data_dir, write_gas_files
from strategies import FAST_CLI, LONG_CLI, both

VALID = {
    "data": "data", "year": 2030,
    "demand": {"scale": {"A": 1.1, "*": 1.0}, "annual_twh": {"B": 2.0}},
    "generators": {"B": {"solar_pv_mw": 150}},
    "interconnectors": {"A-B": {"capacity_mw": 80}, "A-B-2": {"capacity_fwd_mw": 50, "capacity_bwd_mw": 20}},
    "prices": {"gas_usd_per_mmbtu": {"henry_hub": 3.0, "B": 4.0}, "coal_usd_per_t": 100, "carbon_usd_per_t": {"*": 5}},
    "gas_links": {"A_FIELD-B": {"capacity_mw_th": 150}},
    "voll_usd_per_mwh": 3000,
    "integration": {"counterfactual": "isolated", "rent_rule": "split"},
    "solver": {"threads": 1},
}
PATHS = [("data",), ("year",), ("name",), ("extends",), ("time",), ("time", "hours"), ("time", "resolution_h"),
         ("demand",), ("demand", "scale", "A"), ("demand", "scale", "ZZ"), ("demand", "annual_twh", "B"),
         ("generators",), ("generators", "B"), ("generators", "B", "solar_pv_mw"), ("generators", "A", "coal_mw"),
         ("generators", "A", "ccgt_mw"), ("generators", "B", "nuclear_mw"), ("interconnectors", "A-B"),
         ("interconnectors", "A-B", "capacity_mw"), ("interconnectors", "A-B", "efficiency"),
         ("interconnectors", "A-B", "expandable"), ("interconnectors", "A-B", "max_mw"),
         ("interconnectors", "B-A", "capacity_mw"), ("interconnectors", "A-B-2", "capacity_bwd_mw"),
         ("interconnectors", "A-B-2"), ("prices", "gas_usd_per_mmbtu"), ("prices", "gas_usd_per_mmbtu", "lng"),
         ("prices", "gas_usd_per_mmbtu", "*"), ("prices", "coal_usd_per_t"), ("prices", "oil_usd_per_bbl"),
         ("prices", "carbon_usd_per_t", "A"), ("gas_links", "A_FIELD-B", "loss_pu"), ("gas_links", "B-A_FIELD"),
         ("gas_links", "WORLD-B", "kind"), ("voll_usd_per_mwh",), ("discount_rate",),
         ("integration", "counterfactual"), ("integration", "rent_rule"), ("solver", "threads"), ("unknown_key",)]

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**25), st.text(max_size=8),
                    st.floats(allow_nan=True, allow_infinity=True),
                    st.sampled_from([0, 1, -1, 0.5, 1e20, 1e30, 8760, 2023, "isolated", "status_quo", "none",
                                     "importer", "scen.yaml", "nowhere.yaml", "data", ".", "*", "A", "pipeline"]))
keys = st.sampled_from(["A", "B", "*", "x", "capacity_mw"])
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(keys, inner, max_size=3)), max_leaves=6)


def mutate(doc: dict, path: tuple[str, ...], value, delete: bool) -> dict:
    node = doc
    for key in path[:-1]:
        if not isinstance(node.get(key), dict):
            node[key] = {}
        node = node[key]
    if delete:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = value
    return doc


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("mutations")
    write_gas_files(write_data_dir(root))
    return root


_counter = itertools.count()


def exit_code(args, capsys) -> int:
    capsys.readouterr()
    code = main(args)  # an unexpected exception fails the test here
    err = capsys.readouterr().err
    assert code in (0, 2), err
    assert "Traceback" not in err
    return code


def test_the_unmutated_scenario_runs(project, capsys):
    path = project / "valid.yaml"
    path.write_text(yaml.safe_dump(VALID))
    assert exit_code(["run", str(path), "--hours", "4", "--out", str(project / "out")], capsys) == 0


mutations = st.lists(st.tuples(st.sampled_from(PATHS), values, st.booleans()), min_size=1, max_size=3)


@both(st.tuples(mutations, st.integers(0, 40), st.text(max_size=3)), FAST_CLI, LONG_CLI)
def check_scenario_mutation_ends_in_0_or_2(project, capsys, args):
    changes, cut, junk = args
    doc = yaml.safe_load(yaml.safe_dump(VALID))
    for path, value, delete in changes:
        doc = mutate(doc, path, value, delete)
    try:
        text = yaml.safe_dump(doc, allow_unicode=True)
    except yaml.YAMLError:
        return
    if junk:  # sometimes break the YAML itself
        text = text[:cut] + junk + text[cut:]
    path = project / f"m{next(_counter)}.yaml"
    path.write_text(text, encoding="utf-8")
    if exit_code(["validate", str(path)], capsys) == 0:
        exit_code(["run", str(path), "--hours", "4", "--out", str(project / "out")], capsys)


test_scenario_mutations, test_scenario_mutations_long = check_scenario_mutation_ends_in_0_or_2

TABLES = ["regions", "demand", "technologies", "generators", "fuel_prices", "carbon_prices", "storage", "hydro",
          "interconnectors", "profiles", "gas_nodes", "gas_supply", "gas_links", "gas_demand", "gas_reference_prices"]
cells = st.one_of(st.sampled_from(["", "-1", "0", "1e20", "nan", "inf", "A", "B", "A-coal", "x y", "1.5", "2", "*",
                                   "existing", "planned", "gas", "none", "test", "henry_hub", "country", "lng"]),
                  st.text(max_size=5), st.floats(-1e6, 1e25).map(str))


@both(st.tuples(st.sampled_from(TABLES), st.integers(0, 20), st.integers(0, 20), cells, st.booleans()),
      FAST_CLI, LONG_CLI)
def check_data_mutation_ends_in_0_or_2(project, capsys, args):
    table, row, col, cell, drop_row = args
    data = project / f"d{next(_counter)}"
    shutil.copytree(project / "data", data)
    path = data / f"{table}.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    i, j = row % len(df), col % len(df.columns)
    df = df.drop(index=df.index[i]) if drop_row else df.astype(object).where(
        ~((df.index == df.index[i])[:, None] & (df.columns == df.columns[j])[None, :]), cell)
    df.to_csv(path, index=False)
    scen = project / f"s{next(_counter)}.yaml"
    scen.write_text(f"data: {data.name}\nyear: 2023\n")
    if exit_code(["validate", str(scen)], capsys) == 0:
        exit_code(["run", str(scen), "--hours", "4", "--out", str(project / "out")], capsys)
    shutil.rmtree(data)


test_data_mutations, test_data_mutations_long = check_data_mutation_ends_in_0_or_2
