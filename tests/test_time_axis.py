"""Any horizon: profiles of any length with an hour index or timestamps, one time axis for all profiles,
local time written out, and a plain warning when a demand shape and its annual energy disagree."""
import logging
import shutil
from pathlib import Path

import pandas as pd
import pytest

from energymodel import InputError, build_network, load_scenario
from energymodel.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "two_regions"


def short_example(tmp_path, rows=24, stamps=None):
    """The two-region example cut to its first ``rows`` rows, with timestamps ``stamps`` if given."""
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE, data)
    for path in (data / "profiles").glob("*_pu.csv"):
        df = pd.read_csv(path).iloc[:rows]
        if stamps is not None:
            df = df.drop(columns=["hour"])
            df.insert(0, "snapshot", stamps)
        df.to_csv(path, index=False)
    (tmp_path / "s.yaml").write_text("name: s\ndata: data\nyear: 2023\nintegration: {counterfactual: none}\n")
    return tmp_path / "s.yaml"


def test_timestamped_profiles_set_snapshots_weights_and_durations(tmp_path):
    # 12 rows two hours apart, written in UTC+01:00: snapshots are their UTC instants, each weighs 2 h.
    stamps = [f"2030-06-01T{2 * i:02d}:00+01:00" for i in range(12)]
    net = build_network(load_scenario(short_example(tmp_path, 12, stamps)))
    assert net.n_snapshots == 12
    assert net.snapshots[0] == pd.Timestamp("2030-05-31T23:00Z")
    assert list(net.weight_h) == [2.0] * 12 and list(net.duration_h) == [2.0] * 12
    assert net.annualisation == pytest.approx(8760 / 24)


def test_hour_indexed_profiles_of_any_length_and_the_horizon_limit(tmp_path):
    scenario = short_example(tmp_path, 48)
    net = build_network(load_scenario(scenario))
    assert net.n_snapshots == 48 and net.snapshots[0] == pd.Timestamp("2023-01-01T00:00Z")
    assert build_network(load_scenario(scenario, hours=24, resolution_h=3)).n_snapshots == 8
    with pytest.raises(InputError, match="runs past the 48 rows"):
        build_network(load_scenario(scenario, hours=72))


def test_profiles_must_share_one_time_axis(tmp_path):
    scenario = short_example(tmp_path, 48)
    solar = tmp_path / "data" / "profiles" / "solar_pu.csv"
    pd.read_csv(solar).iloc[:24].to_csv(solar, index=False)
    with pytest.raises(InputError, match="every profile must cover the same snapshots"):
        build_network(load_scenario(scenario))


def test_a_demand_shape_padded_with_zeros_is_reported(tmp_path, caplog, monkeypatch):
    # 24 h of data padded to 8760 rows with zeros: the shape's mean is ~24/8760, so demand would be scaled
    # up ~365-fold to meet annual_twh; the user is told, with the factor.
    scenario = short_example(tmp_path, 8760)
    path = tmp_path / "data" / "profiles" / "demand_pu.csv"
    df = pd.read_csv(path)
    df.loc[24:, ["NORTH", "SOUTH"]] = 0.0
    df.to_csv(path, index=False)
    monkeypatch.setattr(logging.getLogger("energymodel"), "propagate", True)  # a CLI test may have cut it
    with caplog.at_level(logging.WARNING):
        build_network(load_scenario(scenario, hours=24))
    assert "not 1: demand is scaled by 1/mean" in caplog.text and "times too high" in caplog.text


def test_prices_carry_each_regions_local_time(tmp_path):
    scenario = short_example(tmp_path, 24)
    regions = tmp_path / "data" / "regions.csv"
    df = pd.read_csv(regions)
    df["utc_offset_h"] = [-5, 5.5]
    df.to_csv(regions, index=False)
    assert main(["run", str(scenario), "--hours", "4", "--out", str(tmp_path / "out"), "-q"]) == 0
    prices = pd.read_csv(tmp_path / "out" / "prices.csv")
    first = prices.groupby("region").first()
    assert first.loc["NORTH", "local_time"] == "2022-12-31T19:00-05:00"
    assert first.loc["SOUTH", "local_time"] == "2023-01-01T05:30+05:30"
    assert first.loc["NORTH", "snapshot"] == "2023-01-01T00:00Z"
