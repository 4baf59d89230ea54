"""The command line, in-process: a run writes the contract's results folder; every class of bad input
exits with code 2 and one message naming the file and the key; a failed solve exits with 3."""
import json
import os

import pandas as pd
import pytest

from energymodel.cli import main
from files import write_data_dir, write_scenario


@pytest.fixture
def project(tmp_path, monkeypatch):
    write_data_dir(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def caplog(capsys):
    """The CLI logs to stderr through its own handler: read what a user sees there."""
    return capsys


def run(args, capsys):
    capsys.readouterr()
    code = main(args)
    return code, capsys.readouterr().err


def test_run_writes_results_folder(project, caplog):
    scen = write_scenario(project)
    code, text = run(["run", str(scen), "--hours", "48", "--out", "out"], caplog)
    assert code == 0, text
    out = project / "out"
    for name in ["summary.json", "dispatch.csv", "flows.csv", "prices.csv", "storage.csv", "shedding.csv",
                 "hydro.csv", "scenario.resolved.yaml", "metadata.json", "inputs/generators.csv",
                 "inputs/demand_mw.csv", "inputs/links.csv", "inputs/snapshots.csv"]:
        assert (out / name).exists(), name
    summary = json.loads((out / "summary.json").read_text())
    for key in ["scenario", "status", "objective_usd", "annual_cost_usd", "countries", "integration"]:
        assert key in summary
    assert summary["scenario"] == "scen" and summary["status"] == "optimal"
    assert set(summary["countries"]["A"]) == {"demand_twh", "generation_twh", "cost_usd",
                                              "avg_price_usd_per_mwh", "shed_mwh", "emissions_tco2"}
    assert summary["annual_cost_usd"] == pytest.approx(summary["objective_usd"] * 8760 / 48)
    dispatch = pd.read_csv(out / "dispatch.csv")
    assert list(dispatch.columns[:4]) == ["snapshot", "region", "technology", "generator"]
    assert "mw" in dispatch.columns and len(dispatch) == 48 * 4
    meta = json.loads((out / "metadata.json").read_text())
    assert set(meta["timings_s"]) >= {"build model", "solve", "write results"}
    assert str(scen.resolve()) in meta["scenario_files"]
    assert not [p for p in project.iterdir() if p.name.startswith(".out")]  # no temporary folders left


def test_default_results_folder_is_named_after_the_scenario(project, caplog):
    scen = write_scenario(project, name="my_case.yaml")
    code, _ = run(["run", str(scen), "--hours", "24"], caplog)
    assert code == 0 and (project / "results" / "my_case" / "summary.json").exists()


def test_validate_does_not_solve(project, caplog):
    scen = write_scenario(project)
    code, text = run(["validate", str(scen)], caplog)
    assert code == 0 and "valid" in text
    assert not (project / "results").exists()


def test_extends_merges_and_resolves_paths_relative_to_each_file(project, caplog):
    write_scenario(project, "data: data\nyear: 2023\ndemand: {scale: {'*': 2.0}}\n", name="parent.yaml")
    sub = project / "sub"
    sub.mkdir()
    write_scenario(sub, "extends: ../parent.yaml\nyear: 2030\ninterconnectors: {A-B: {capacity_mw: 10}}\n",
                   name="child.yaml")
    code, text = run(["run", "sub/child.yaml", "--hours", "24", "--out", "child"], caplog)
    assert code == 0, text
    resolved = (project / "child" / "scenario.resolved.yaml").read_text()
    assert "year: 2030" in resolved and "name: child" in resolved and "'*': 2.0" in resolved
    links = pd.read_csv(project / "child" / "inputs" / "links.csv", index_col=0)
    assert links.loc["A-B", "capacity_fwd_mw"] == 10
    assert "A-B-2" in links.index  # planned for 2030: in service in a 2030 scenario


BAD_SCENARIOS = {
    "malformed YAML": ("data: data\nyear: [2023\n", "malformed YAML"),
    "unknown key": ("data: data\nyear: 2023\nvoll_usd_per_mvh: 10\n", "voll_usd_per_mvh"),
    "nested unknown key": ("data: data\nyear: 2023\ntime: {hour: 10}\n", "time.hour"),
    "wrong type": ("data: data\nyear: 2023\ntime: {resolution_h: many}\n", "time.resolution_h"),
    "negative": ("data: data\nyear: 2023\nvoll_usd_per_mwh: -5\n", "voll_usd_per_mwh"),
    "non-finite": ("data: data\nyear: 2023\ndemand: {scale: {A: .nan}}\n", "demand.scale.A"),
    "infinite": ("data: data\nyear: 2023\nprices: {carbon_usd_per_t: .inf}\n", "carbon_usd_per_t"),
    "efficiency above one": ("data: data\nyear: 2023\ninterconnectors: {A-B: {efficiency: 1.5}}\n",
                             "interconnectors.A-B.efficiency"),
    "efficiency zero": ("data: data\nyear: 2023\ninterconnectors: {A-B: {efficiency: 0}}\n",
                        "interconnectors.A-B.efficiency"),
    "unknown region": ("data: data\nyear: 2023\ngenerators: {ZZ: {coal_mw: 10}}\n", "generators.ZZ"),
    "unknown technology": ("data: data\nyear: 2023\ngenerators: {A: {fusion_mw: 10}}\n", "generators.A.fusion_mw"),
    "unknown link": ("data: data\nyear: 2023\ninterconnectors: {A-C: {capacity_mw: 10}}\n", "interconnectors.A-C"),
    "unknown price region": ("data: data\nyear: 2023\nprices: {gas_usd_per_mmbtu: {ZZ: 3}}\n",
                             "prices.gas_usd_per_mmbtu.ZZ"),
    "missing extends": ("extends: nowhere.yaml\nyear: 2023\n", "extends"),
    "missing required": ("year: 2023\n", "data"),
    "python tag": ("data: data\nyear: !!python/object/apply:os.system ['echo hacked']\n", "tag not allowed"),
    "not a mapping": ("- data\n- year\n", "mapping"),
    "empty file": ("", "empty"),
    "hours not multiple of resolution": ("data: data\nyear: 2023\ntime: {resolution_h: 5}\n",
                                         "time.resolution_h"),
    "representative days": ("data: data\nyear: 2023\ntime: {representative_days: 12}\n",
                            "time.representative_days"),
    "duplicate key": ("data: data\nyear: 2023\ninterconnectors: {A-B: {capacity_mw: 1}}\n"
                      "interconnectors: {A-B: {capacity_mw: 2}}\n", "duplicate key"),
    "negative price in a region map": ("data: data\nyear: 2023\nprices: {coal_usd_per_t: {'*': -5}}\n",
                                       "prices.coal_usd_per_t.*"),
    "bad scenario name": ("name: ../../elsewhere\ndata: data\nyear: 2023\n", "name"),
    "planned link without capacity": ("data: data\nyear: 2023\ninterconnectors: {A-B-2: {efficiency: 0.9}}\n",
                                      "planned for 2030"),
    "unknown counterfactual": ("data: data\nyear: 2023\nintegration: {counterfactual: nope}\n",
                               "integration.counterfactual"),
    "both capacity forms": ("data: data\nyear: 2023\ninterconnectors: {A-B: {capacity_mw: 1, capacity_fwd_mw: 2}}\n",
                            "interconnectors.A-B"),
}


@pytest.mark.parametrize("case", sorted(BAD_SCENARIOS))
def test_bad_scenario_exits_2_with_file_and_key(project, caplog, case):
    text, expected = BAD_SCENARIOS[case]
    scen = write_scenario(project, text)
    code, log_text = run(["run", str(scen), "--hours", "24", "--out", "out"], caplog)
    assert code == 2
    assert "scen.yaml" in log_text and expected in log_text
    assert "Traceback" not in log_text and len(log_text.strip().splitlines()) <= 3
    assert not (project / "out").exists()


def test_circular_extends(project, caplog):
    write_scenario(project, "extends: b.yaml\ndata: data\nyear: 2023\n", name="a.yaml")
    write_scenario(project, "extends: a.yaml\n", name="b.yaml")
    code, text = run(["validate", "a.yaml"], caplog)
    assert code == 2 and "circular" in text


def test_missing_scenario_file(project, caplog):
    code, text = run(["run", "nope.yaml"], caplog)
    assert code == 2 and "nope.yaml" in text and "not found" in text


def _edit_csv(path, fn):
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    fn(df).to_csv(path, index=False)


BAD_DATA = {
    "missing file": (lambda d: os.remove(d / "generators.csv"), "generators.csv", "not found"),
    "empty file": (lambda d: (d / "demand.csv").write_text(""), "demand.csv", "empty"),
    "missing column": (lambda d: _edit_csv(d / "generators.csv", lambda df: df.drop(columns=["capacity_mw"])),
                       "generators.csv", "capacity_mw"),
    "text in number": (lambda d: _edit_csv(d / "generators.csv", lambda df: df.assign(capacity_mw=["x", "1", "2"])),
                       "generators.csv", "row 2"),
    "negative capacity": (lambda d: _edit_csv(d / "generators.csv", lambda df: df.assign(capacity_mw=["-1", "1", "2"])),
                          "capacity_mw", "non-negative"),
    "non-finite": (lambda d: _edit_csv(d / "demand.csv", lambda df: df.assign(annual_twh=["inf", "1"])),
                   "annual_twh", "finite"),
    "unknown region": (lambda d: _edit_csv(d / "generators.csv", lambda df: df.assign(region=["A", "B", "Q"])),
                       "generators.csv", "unknown region"),
    "bad efficiency": (lambda d: _edit_csv(d / "storage.csv", lambda df: df.assign(efficiency_charge=["1.2"])),
                       "storage.csv", "efficiency_charge"),
    "unresolved source": (lambda d: _edit_csv(d / "hydro.csv", lambda df: df.assign(source_id=["nobody"])),
                          "hydro.csv", "source_id"),
    "missing profile column": (lambda d: _edit_csv(d / "profiles" / "solar_pu.csv", lambda df: df.rename(columns={"B": "C"})),
                               "solar_pu.csv", "B"),
    "short profile": (lambda d: _edit_csv(d / "profiles" / "demand_pu.csv", lambda df: df.head(100)),
                      "demand_pu.csv", "8760"),
    "missing data directory": (lambda d: os.rename(d, d.parent / "elsewhere"), "data", "not found"),
}


@pytest.mark.parametrize("case", sorted(BAD_DATA))
def test_bad_data_exits_2_naming_file_and_column(project, caplog, case):
    breaker, where, expected = BAD_DATA[case]
    breaker(project / "data")
    scen = write_scenario(project)
    code, text = run(["validate", str(scen)], caplog)
    assert code == 2, text
    assert where in text and expected in text


def test_failed_run_keeps_earlier_results_intact(project, caplog, monkeypatch):
    scen = write_scenario(project)
    assert run(["run", str(scen), "--hours", "24", "--out", "out"], caplog)[0] == 0
    before = (project / "out" / "summary.json").read_text()

    import energymodel.results.extract as results

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(results, "summarise", boom)
    code, _ = run(["run", str(scen), "--hours", "48", "--out", "out"], caplog)
    assert code == 130
    assert (project / "out" / "summary.json").read_text() == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".out")) == []


def test_solver_failure_exits_3_with_reason(project, caplog):
    scen = write_scenario(project, "data: data\nyear: 2023\nsolver: {time_limit_s: 1.0e-9}\n")
    code, text = run(["run", str(scen), "--out", "out"], caplog)
    assert code == 3 and "time limit" in text
    assert not (project / "out").exists()


def test_run_scenario_shim_uses_same_cli(project):
    import subprocess
    import sys
    from pathlib import Path
    shim = Path(__file__).resolve().parents[1] / "run_scenario.py"
    scen = write_scenario(project)
    proc = subprocess.run([sys.executable, str(shim), str(scen), "--hours", "24", "--out", "shim_out", "-q"],
                          capture_output=True, text=True, cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert (project / "shim_out" / "summary.json").exists()
    bad = write_scenario(project, "data: data\nyear: 2023\nbogus: 1\n", name="bad.yaml")
    proc = subprocess.run([sys.executable, str(shim), str(bad)], capture_output=True, text=True, cwd=project)
    assert proc.returncode == 2 and "bogus" in proc.stderr and "Traceback" not in proc.stderr


def test_out_never_replaces_a_folder_energymodel_did_not_write(project, caplog):
    scen = write_scenario(project)
    mine = project / "thesis"
    mine.mkdir()
    (mine / "thesis.tex").write_text("years of work")
    code, text = run(["run", str(scen), "--hours", "24", "--out", "thesis"], caplog)
    assert code == 2 and "not written by energymodel" in text
    assert (mine / "thesis.tex").read_text() == "years of work"
    code, _ = run(["run", str(scen), "--hours", "24", "--out", "mine"], caplog)
    assert code == 0 and (project / "mine" / ".energymodel").exists()
    assert run(["run", str(scen), "--hours", "24", "--out", "mine"], caplog)[0] == 0  # its own folder: replaced


@pytest.mark.parametrize("args,expected", [
    (["curve", "scen.yaml", "--link", "A-B", "--to", "100", "--step", "0"], "--step"),
    (["curve", "scen.yaml", "--link", "A-B", "--to", "100", "--step", "10", "--from", "-5"], "--step"),
    (["curve", "scen.yaml", "--link", "A-B", "--to", "100", "--step", "10", "--capex-usd-per-mw", "1e6",
      "--discount-rate", "0.07", "--lifetime-years", "0"], "--discount-rate"),
    (["links", "scen.yaml", "--max-exact", "0", "--samples", "0"], "--max-exact"),
    (["run", "scen.yaml", "--threads", "0"], "--threads"),
])
def test_bad_command_line_values_exit_2_before_solving(project, caplog, args, expected):
    write_scenario(project)
    code, text = run(args, caplog)
    assert code == 2 and expected in text and "Traceback" not in text


def test_a_network_without_interconnectors_runs(project, caplog):
    path = project / "data" / "interconnectors.csv"
    path.write_text(path.read_text().splitlines()[0] + "\n")
    scen = write_scenario(project)
    code, text = run(["run", str(scen), "--hours", "24", "--out", "out"], caplog)
    assert code == 0, text
    assert json.loads((project / "out" / "summary.json").read_text())["integration"]["value_usd"] == 0


def test_exit_now_runs_atexit_handlers_waits_for_threads_and_keeps_the_code(tmp_path):
    """The entry points leave without the interpreter's teardown (cli.exit_now), but nothing that a normal
    exit would do before it is lost: non-daemon threads finish, atexit handlers run, buffered output is
    flushed, and the exit code is the command's."""
    import subprocess
    import sys
    from pathlib import Path
    code = ("import atexit, threading, time, sys\n"
            "from pathlib import Path\n"
            "from energymodel.cli import exit_now\n"
            f"out = Path({str(tmp_path)!r})\n"
            "atexit.register(lambda: (out / 'atexit.txt').write_text('ran'))\n"
            "threading.Thread(target=lambda: (time.sleep(0.3), (out / 'thread.txt').write_text('done'))).start()\n"
            "import concurrent.futures as cf\n"
            "pool = cf.ProcessPoolExecutor(1)\n"     # left open: a normal exit shuts it down, and so must this
            "assert pool.submit(pow, 2, 5).result() == 32\n"
            "sys.stdout.write('buffered, no newline')\n"
            "exit_now(3)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[1], timeout=60)
    assert proc.returncode == 3, proc.stderr
    assert proc.stdout == "buffered, no newline"
    assert (tmp_path / "atexit.txt").read_text() == "ran"
    assert (tmp_path / "thread.txt").read_text() == "done"


def test_a_failed_report_keeps_the_results_and_exits_4(project):
    # The report process cannot start matplotlib (an unknown backend stands in for a broken install): the run
    # still writes every result, leaves no half-written report, names the cause in one line and exits 4;
    # --no-plots needs no matplotlib and exits 0 with report.md and report.html.
    import subprocess
    import sys
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    scen = write_scenario(project)
    env = {**os.environ, "MPLBACKEND": "nosuchbackend", "PYTHONPATH": str(root)}
    proc = subprocess.run([sys.executable, "-m", "energymodel.cli", "-q", "run", str(scen), "--hours", "24",
                           "--out", "out"], capture_output=True, text=True, cwd=project, env=env)
    assert proc.returncode == 4, proc.stderr
    assert "was not written: ValueError" in proc.stderr and "nosuchbackend" in proc.stderr
    assert "Traceback" not in proc.stderr
    out = project / "out"
    assert (out / "summary.json").exists() and (out / "dispatch.csv").exists()
    assert not any((out / name).exists() for name in ("report.md", "report.html", "plots"))
    proc = subprocess.run([sys.executable, "-m", "energymodel.cli", "-q", "run", str(scen), "--hours", "24",
                           "--no-plots", "--out", "out2"], capture_output=True, text=True, cwd=project, env=env)
    assert proc.returncode == 0, proc.stderr
    assert (project / "out2" / "report.md").exists()


def test_a_run_with_stdout_and_stderr_closed_writes_its_results(tmp_path):
    # `energymodel run … >&- 2>&-`: Python starts with sys.stdout None and fd 1 free; the run must neither crash
    # on flushing stdout nor let a file it opens later take fd 1 (HiGHS prints its banner there)
    import os
    import subprocess
    import sys
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "out"

    def close_std():
        os.close(1)
        os.close(2)

    proc = subprocess.run([sys.executable, "-m", "energymodel.cli", "run", str(root / "examples" / "two_regions.yaml"),
                           "--hours", "24", "--no-plots", "--out", str(out)], cwd=root, preexec_fn=close_std,
                          timeout=300)
    assert proc.returncode == 0
    dispatch = (out / "dispatch.csv").read_text()
    assert dispatch.startswith("snapshot,") and "HiGHS" not in dispatch
