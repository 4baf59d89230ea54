"""Small habits: a chosen window (--start / time.start), results folders that follow the umask, and
compare writing each scenario's folder without silently replacing another comparison."""
import json
import os
import stat
from pathlib import Path

import pandas as pd
import pytest

from energymodel.cli import EXIT_INPUT, main
from energymodel.errors import InputError
from energymodel.inputs.scenario import load_scenario
from energymodel.network.network import build_network
from energymodel.results.folder import write_folder

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "scenarios" / "base.yaml"


@pytest.mark.parametrize("start", ["2023-07-01", 182, "182"])
def test_start_date_or_day_of_year_selects_the_window(start):
    full = build_network(load_scenario(BASE))
    net = build_network(load_scenario(BASE, hours=48, start=start))
    assert net.snapshots[0] == pd.Timestamp("2023-07-01", tz="UTC")
    assert len(net.snapshots) == 48 and net.annualisation == pytest.approx(8760 / 48)
    first = 181 * 24
    pd.testing.assert_frame_equal(net.demand_mw.reset_index(drop=True),
                                  full.demand_mw.iloc[first:first + 48].reset_index(drop=True))
    pd.testing.assert_frame_equal(net.availability_pu.reset_index(drop=True),
                                  full.availability_pu.iloc[first:first + 48].reset_index(drop=True))


def test_start_without_hours_runs_to_the_end_of_the_year():
    net = build_network(load_scenario(BASE, start="2023-12-31", resolution_h=3))
    assert net.weight_h.sum() == 24 and net.snapshots[-1] == pd.Timestamp("2023-12-31T21:00", tz="UTC")


def test_start_from_the_scenario_file(tmp_path):
    scen = tmp_path / "s.yaml"
    scen.write_text(f"extends: {BASE}\ntime: {{start: 2023-03-15, hours: 24}}\n")
    net = build_network(load_scenario(scen))
    assert net.snapshots[0] == pd.Timestamp("2023-03-15", tz="UTC")


@pytest.mark.parametrize("start, hours, key", [("2023-12-31", 48, "time.start"), ("2024-02-29", 24, "time.start"),
                                               ("366", 24, "time.start"), ("July", 24, "time.start")])
def test_bad_windows_are_input_errors(start, hours, key):
    with pytest.raises(InputError) as err:
        build_network(load_scenario(BASE, hours=hours, start=start))
    assert key in str(err.value)


def test_bad_start_on_the_command_line_exits_2(tmp_path):
    assert main(["-q", "run", str(BASE), "--start", "2023-13-01", "--hours", "24", "--out", str(tmp_path / "o")]) \
        == EXIT_INPUT
    assert not (tmp_path / "o").exists()


def test_results_folder_follows_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        out = write_folder(tmp_path / "res", lambda d: (d / "x.txt").write_text("x"))
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o755
    assert stat.S_IMODE((out / "x.txt").stat().st_mode) == 0o644


def test_compare_writes_each_scenario_and_keeps_other_comparisons(tmp_path):
    two = ROOT / "examples" / "two_regions.yaml"
    other = tmp_path / "other.yaml"
    other.write_text(f"extends: {two}\nname: other\n")
    out = tmp_path / "cmp"
    args = ["-q", "compare", str(two), str(other), "--hours", "24", "--out", str(out)]
    assert main(args) == 0
    names = [s["scenario"] for s in json.loads((out / "summaries.json").read_text())]
    for name in names:
        assert (out / name / "summary.json").exists() and (out / name / "report.md").exists()
    assert main(["-q", "compare", str(two), "--hours", "24", "--out", str(out)]) == EXIT_INPUT
    assert [s["scenario"] for s in json.loads((out / "summaries.json").read_text())] == names
    assert main(["-q", "compare", str(two), "--hours", "24", "--out", str(out), "--replace"]) == 0
