"""Sensitivity sweeps: --set overrides, the sweep file schema, designs, resume, failures, Dask."""
import textwrap

import pandas as pd
import pytest

from energymodel.analysis.sweep import design, worker
from energymodel.analysis.sweep.engine import InlineBackend, PoolBackend
from energymodel.analysis.sweep.runner import run_sweep
from energymodel.analysis.sweep.spec import load_sweep
from energymodel.analysis.sweep.store import Store
from energymodel.cli import main
from energymodel.errors import InputError
from energymodel.inputs.scenario import load_scenario, parse_override
from files import write_data_dir, write_scenario


@pytest.fixture
def project(tmp_path, monkeypatch):
    write_data_dir(tmp_path)
    write_scenario(tmp_path)
    monkeypatch.chdir(tmp_path)
    worker.reset()
    return tmp_path


def run(args, capsys):
    capsys.readouterr()
    code = main(args)
    return code, capsys.readouterr().err


def sweep_file(root, body, name="sw.yaml"):
    path = root / name
    path.write_text("base: scen.yaml\nhorizon: {hours: 24}\n" + textwrap.dedent(body))
    return path


GRID = """
parameters:
  - key: interconnectors.A-B.capacity_mw
    values: [0, 30, 60]
  - key: prices.gas_usd_per_mmbtu
    values: [5, 12]
"""


# ---- --set ------------------------------------------------------------------------------------------

def test_parse_override_reads_values_as_yaml():
    assert parse_override("interconnectors.PE-CL.capacity_mw=500") == ("interconnectors.PE-CL.capacity_mw", 500)
    assert parse_override("prices.gas_usd_per_mmbtu.lng=12.5") == ("prices.gas_usd_per_mmbtu.lng", 12.5)
    assert parse_override("integration.counterfactual=status_quo")[1] == "status_quo"
    for bad in ("novalue", "=3", "a..b=1", "a.b="):
        with pytest.raises(InputError) as err:
            parse_override(bad)
        assert err.value.key == "--set"


def test_override_sets_and_validates_like_yaml(project):
    s = load_scenario("scen.yaml", overrides=[("interconnectors.A-B.capacity_mw", 25), ("demand.scale", {"*": 1.1})])
    assert s.interconnectors["A-B"].capacity_mw == 25 and s.demand.scale == {"*": 1.1}
    (project / "bad.yaml").write_text("data: data\nyear: 2023\ninterconnectors: {A-B: {capacity_mw: -5}}\n")
    with pytest.raises(InputError) as from_yaml:
        load_scenario("bad.yaml")
    with pytest.raises(InputError) as from_set:
        load_scenario("scen.yaml", overrides=[("interconnectors.A-B.capacity_mw", -5)])
    assert (from_set.value.key, from_set.value.detail) == (from_yaml.value.key, from_yaml.value.detail)


@pytest.mark.parametrize("setting, key", [("interconnectors.A-B.capacity_mw=-1", "interconnectors.A-B.capacity_mw"),
                                          ("demand.scael.A=2", "demand.scael"),
                                          ("voll_usd_per_mwh.x=1", "voll_usd_per_mwh.x"),
                                          ("oops", "--set")])
def test_bad_override_exits_2_naming_the_key(project, capsys, setting, key):
    code, err = run(["validate", "scen.yaml", "--hours", "24", "--set", setting], capsys)
    assert code == 2 and f"key '{key}'" in err


def test_run_takes_overrides(project, capsys):
    code, err = run(["run", "scen.yaml", "--hours", "24", "--out", "o", "--set", "interconnectors.A-B.capacity_mw=7"],
                    capsys)
    assert code == 0, err
    assert "capacity_mw: 7" in (project / "o" / "scenario.resolved.yaml").read_text()


# ---- sweep file schema --------------------------------------------------------------------------------

@pytest.mark.parametrize("body, key", [
    ("parameters: []\n", "parameters"),
    ("parameter: []\n", "parameter"),
    ("parameters: [{key: voll_usd_per_mwh}]\n", "parameters.0.values"),
    ("parameters: [{key: voll_usd_per_mwh, low: 5, high: 1}]\ndesign: {method: latin, samples: 4}\n", "parameters.0.high"),
    ("parameters: [{key: voll_usd_per_mwh, low: 1, high: 5}]\ndesign: {method: sobol, samples: 6}\n", "design.samples"),
    ("parameters: [{key: voll_usd_per_mwh, low: 1, high: 5}]\ndesign: {method: random}\n", "design.samples"),
    ("parameters: [{key: voll_usd_per_mwh, values: [1]}]\ndesign: {method: bogus}\n", "design.method"),
    ("parameters: [{key: voll_usd_per_mwh}]\ndesign: {method: list, cases: [{voll: 3}]}\n", "design.cases.0"),
    ("parameters: [{key: voll_usd_per_mwh, values: [1]}]\noutputs: [everything]\n", "outputs.0"),
    ("parameters: [{key: interconnectors.A-B.capacty_mw, values: [1]}]\n", "parameters.0.key"),
    ("parameters: [{key: vol_usd_per_mwh, values: [1]}]\n", "parameters.0.key"),
])
def test_bad_sweep_file_exits_2_naming_the_key(project, capsys, body, key):
    path = sweep_file(project, body)
    code, err = run(["sweep", str(path)], capsys)
    assert code == 2, err
    assert "sw.yaml" in err and f"key '{key}'" in err


def test_bad_data_exits_2_before_any_case_is_solved(project, capsys):
    # a bad row of a table read only while a network is built (link_limits.csv) stops the sweep with exit 2
    # naming the file, instead of failing every case
    (project / "data" / "link_limits.csv").write_text(
        "link,direction,start_date,end_date,available_pu,source_id\nA-B,south,2023-01-01,2023-01-02,0,test\n")
    path = sweep_file(project, GRID)
    code, err = run(["sweep", str(path), "--out", str(project / "sw-out")], capsys)
    assert code == 2, err
    assert "link_limits.csv" in err and "direction 'south'" in err
    assert not (project / "sw-out").exists()


# ---- designs ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("design_text, expected", [
    ("{method: grid}", 3 * 2),
    ("{method: random, samples: 7}", 7),
    ("{method: latin, samples: 9}", 9),
    ("{method: sobol, samples: 8}", 8 * (2 + 2)),
    ("{method: morris, samples: 5, levels: 4}", 5 * (2 + 1)),
    ("{method: list, cases: [{a: 1, b: 2}, {a: 2, b: 2}, {a: 1, b: 2}]}", 3),
])
def test_each_design_produces_the_stated_number_of_cases(project, design_text, expected):
    path = sweep_file(project, f"""
        parameters:
          - {{key: a, values: [1, 2, 3], low: 0, high: 10}}
          - {{key: b, values: [1, 2], low: 0, high: 1}}
        design: {design_text}
        """)
    spec = load_sweep(path)
    table = design.cases(spec)
    assert len(table) == design.expected_cases(spec) == expected
    assert list(table.columns) == ["a", "b"]
    if spec.design.method in ("random", "latin", "sobol", "morris"):
        assert table["a"].between(0, 10).all() and table["b"].between(0, 1).all()


# ---- solving, resume, failures --------------------------------------------------------------------------

def test_sweep_solves_grid_warm_and_matches_single_runs(project, capsys):
    path = sweep_file(project, GRID)
    code, err = run(["sweep", str(path), "--workers", "1", "--out", "sw"], capsys)
    assert code == 0, err
    cases = pd.read_parquet(project / "sw" / "cases.parquet")
    assert len(cases) == 6 and (cases["status"] == "ok").all()
    assert cases["warm"].sum() == 5  # one structure: the first case is built, the others re-solve warm
    results = pd.read_parquet(project / "sw" / "results.parquet")
    assert {"case_id", "interconnectors.A-B.capacity_mw", "prices.gas_usd_per_mmbtu", "output", "item",
            "value"} <= set(results.columns)
    assert (project / "sw" / "sweep.md").exists() and (project / "sw" / "results.csv").exists()
    # a warm case gives the value a cold single run gives (to 1e-6)
    row = cases[(cases["interconnectors.A-B.capacity_mw"] == 30) & (cases["prices.gas_usd_per_mmbtu"] == 12)]
    assert bool(row["warm"].iloc[0])
    code, err = run(["run", "scen.yaml", "--hours", "24", "--out", "single", "--set",
                     "interconnectors.A-B.capacity_mw=30", "--set", "prices.gas_usd_per_mmbtu=12"], capsys)
    import json
    summary = json.loads((project / "single" / "summary.json").read_text())
    got = results[(results["case_id"] == row["case_id"].iloc[0])].set_index(["output", "item"])["value"]
    assert got["annual_cost_usd", "total"] == pytest.approx(summary["annual_cost_usd"], rel=1e-6)
    assert got["value_of_integration_usd_per_yr", "total"] == pytest.approx(
        summary["integration"]["value_usd"], rel=1e-6, abs=1e-3)
    assert got["avg_price_usd_per_mwh", "B"] == pytest.approx(summary["countries"]["B"]["avg_price_usd_per_mwh"],
                                                               rel=1e-6)
    # every output the issue names is collected; the case's diagnostics are those of the single run
    assert set(results["output"]) == {
        "value_of_integration_usd_per_yr", "congestion_rent_usd_per_yr", "unserved_energy_value_usd_per_yr",
        "annual_cost_usd", "avg_price_usd_per_mwh", "flow_fwd_twh_per_yr", "flow_bwd_twh_per_yr",
        "emissions_mt_co2_per_yr", "unserved_energy_gwh_per_yr"}
    codes = {d["code"] for d in summary["diagnostics"]}
    assert set(filter(None, row["diagnostics"].iloc[0].split(","))) == codes
    diag = pd.read_csv(project / "sw" / "diagnostics.csv")
    assert set(diag[diag["case_id"] == row["case_id"].iloc[0]]["code"]) == codes
    assert "## Diagnostics" in (project / "sw" / "sweep.md").read_text()


def test_resume_solves_nothing_finished_and_nothing_twice(project, monkeypatch):
    spec = load_sweep(sweep_file(project, GRID))
    calls, interrupt = [], [True]
    real = worker.solve_case

    def interrupted(task):
        if len(calls) == 4 and interrupt.pop():
            raise KeyboardInterrupt
        calls.append(task["case_id"])
        return real(task)

    monkeypatch.setattr(worker, "solve_case", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_sweep(spec, project / "sw", InlineBackend())
    assert len(Store(project / "sw").status()) == 4
    first, interrupt[:] = list(calls), [False]
    summary = run_sweep(spec, project / "sw", InlineBackend())
    assert summary["solved_now"] == 2 and summary["skipped_finished"] == 4
    assert len(calls) == 6 and len(set(calls)) == 6 and set(calls[4:]).isdisjoint(first)
    assert run_sweep(spec, project / "sw", InlineBackend())["solved_now"] == 0
    assert len(calls) == 6


def test_identical_cases_are_solved_once(project):
    spec = load_sweep(sweep_file(project, """
        parameters: [{key: voll_usd_per_mwh}]
        design: {method: list, cases: [{voll_usd_per_mwh: 2000}, {voll_usd_per_mwh: 2000}, {voll_usd_per_mwh: 3000}]}
        """))
    summary = run_sweep(spec, project / "sw", InlineBackend())
    assert summary["cases"] == 3 and summary["distinct_cases"] == 2 and summary["solved_now"] == 2


def test_a_failing_case_is_recorded_and_the_others_complete(project, capsys):
    path = sweep_file(project, """
        parameters:
          - key: interconnectors.A-B.capacity_mw
            values: [10, -5, 20]
          - key: solver.time_limit_s
            values: [3600, 1.0e-9]
        """)
    code, err = run(["sweep", str(path), "--workers", "1", "--out", "sw"], capsys)
    assert code == 3, err
    cases = pd.read_csv(project / "sw" / "cases.csv")
    ok = cases[cases["status"] == "ok"]
    assert set(zip(ok["interconnectors.A-B.capacity_mw"], ok["solver.time_limit_s"])) == {(10, 3600), (20, 3600)}
    failed = cases[cases["status"] == "failed"].set_index(["interconnectors.A-B.capacity_mw", "solver.time_limit_s"])
    assert "greater than or equal to 0" in failed.loc[(-5, 3600), "error"]
    assert "time limit" in failed.loc[(10, 1e-9), "error"]
    assert "Failed cases" in (project / "sw" / "sweep.md").read_text()


def test_sobol_sweep_reports_indices_with_confidence(project):
    spec = load_sweep(sweep_file(project, """
        parameters:
          - {key: interconnectors.A-B.capacity_mw, low: 0, high: 60}
          - {key: prices.gas_usd_per_mmbtu, low: 4, high: 14}
        design: {method: sobol, samples: 2, seed: 1}
        outputs: [value_of_integration, system_cost]
        """))
    run_sweep(spec, project / "sw", InlineBackend())
    indices = pd.read_csv(project / "sw" / "indices.csv", index_col=0)
    assert list(indices.columns) == ["S1", "S1_conf", "ST", "ST_conf"] and len(indices) == 2
    assert "Sensitivity indices" in (project / "sw" / "sweep.md").read_text()


def _table(folder):
    df = pd.read_parquet(folder / "results.parquet")
    return df.sort_values(["case_id", "output", "item"]).reset_index(drop=True)


def two_link_case():
    from energymodel import build_model, build_network
    from energymodel.solver.highs import compile_lp

    scenario = load_scenario("scen.yaml", hours=24, overrides=[("interconnectors.A-B-2.capacity_mw", 50)])
    net = build_network(scenario)
    return scenario, net, compile_lp(build_model(net))


def test_links_coalitions_resume_from_the_store(project):
    from energymodel.analysis.links import all_coalitions, candidate_links, evaluate

    scenario, net, lp = two_link_case()
    players = candidate_links(net)
    assert players == ["A-B", "A-B-2"]
    first = evaluate(net, lp, scenario.solver, players, all_coalitions(players), backend=InlineBackend(),
                     store_dir=project / "st")
    again = evaluate(net, lp, scenario.solver, players, all_coalitions(players), backend=InlineBackend(),
                     store_dir=project / "st")
    assert first.solves == 4 and again.solves == 0 and again.costs == first.costs


def test_dask_local_cluster_gives_the_same_table_as_the_process_pool(project):
    pytest.importorskip("distributed")
    from energymodel.analysis.links import all_coalitions, candidate_links, evaluate
    from energymodel.analysis.sweep.engine import DaskBackend

    spec = load_sweep(sweep_file(project, GRID.replace("values: [5, 12]", "values: [9]")))
    pool = PoolBackend(2)
    try:
        run_sweep(spec, project / "pool", pool)
    finally:
        pool.close()
    scenario, net, lp = two_link_case()
    players = candidate_links(net)
    local = evaluate(net, lp, scenario.solver, players, all_coalitions(players), backend=InlineBackend())
    dask = DaskBackend(local_workers=2)
    try:
        summary = run_sweep(spec, project / "dask", dask)
        # links on the same engine: Dask workers rebuild the LP from the scenario
        on_dask = evaluate(net, lp, scenario.solver, players, all_coalitions(players), backend=dask,
                           scenario=scenario.resolved_dict())
    finally:
        dask.close()
    assert on_dask.costs.keys() == local.costs.keys()
    for c, cost in local.costs.items():
        assert on_dask.costs[c] == pytest.approx(cost, rel=1e-9)
    assert summary["solved_now"] == 3 and summary["failed"] == 0
    a, b = _table(project / "pool"), _table(project / "dask")
    pd.testing.assert_frame_equal(a.drop(columns="value"), b.drop(columns="value"))
    pd.testing.assert_series_equal(a["value"], b["value"], rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("name, n_cases", [("pe_cl_lng_grid", 15), ("hydrology_years", 9)])
def test_shipped_sweeps_validate(name, n_cases):
    from pathlib import Path

    from energymodel.analysis.sweep.runner import resolve_cases
    from energymodel.inputs.scenario import Scenario

    if name == "hydrology_years" and "hydrology" not in Scenario.model_fields:
        pytest.skip("the scenario key 'hydrology' is not in this version")
    spec = load_sweep(Path(__file__).resolve().parents[1] / "scenarios" / "sweeps" / f"{name}.yaml")
    cases, tasks, _ = resolve_cases(spec)
    assert len(cases) == n_cases and len(tasks) == n_cases and not [t for t in tasks if "invalid" in t]


def test_morris_indices_rank_the_parameter_that_matters(project):
    from energymodel.analysis.sweep import sensitivity

    spec = load_sweep(sweep_file(project, """
        parameters:
          - {key: a, low: 0, high: 1}
          - {key: b, low: 0, high: 1}
        design: {method: morris, samples: 6, levels: 4, seed: 3}
        """))
    table = design.cases(spec)
    table["y"] = 10 * table["a"] + 0.1 * table["b"]  # a synthetic output: a matters 100x more
    df = sensitivity.indices(spec, table, "y")
    assert list(df.columns) == ["mu_star", "mu_star_conf", "sigma"]
    assert df.loc["a", "mu_star"] == pytest.approx(10, rel=1e-6) and df.loc["b", "mu_star"] == pytest.approx(0.1, rel=1e-6)
    assert (df["mu_star_conf"] >= 0).all()


def test_a_structure_vectors_do_not_mirror_is_compiled_per_case_and_still_solved_warm(project, monkeypatch):
    """A model family that solver/vectors.py does not know: each case is compiled, loaded into the live
    HiGHS instance (same matrix) and re-solved warm, with the same results as the mirrored path."""
    import energymodel.solver.vectors as vectors

    spec = load_sweep(sweep_file(project, GRID))
    run_sweep(spec, project / "mirrored", InlineBackend())
    worker.reset()

    def unknown(net, lp):
        raise KeyError("lp_vectors does not cover the constraint c_new_family")

    monkeypatch.setattr(vectors, "lp_vectors", unknown)
    run_sweep(spec, project / "compiled", InlineBackend())
    cases = pd.read_parquet(project / "compiled" / "cases.parquet")
    assert cases["warm"].sum() == 5
    a, b = _table(project / "mirrored"), _table(project / "compiled")
    pd.testing.assert_series_equal(a["value"], b["value"], rtol=1e-6, atol=1e-6)


def test_a_hydrology_sweep_of_the_shipped_base_is_solved_warm_from_the_network(tmp_path):
    """``hydrology:`` changes only bounds and right-hand sides: on the shipped data (start levels,
    ``c_hydro_end``, annual limits, storage extras, gas network) the second year is loaded into the live
    HiGHS instance from its Network, no model built (that those numbers equal the year's own compiled LP
    and that warm equals cold: tests/test_sweep_vectors.py)."""
    from pathlib import Path

    from energymodel.analysis.sweep.runner import VALUE_KEYS

    assert "hydrology".startswith(VALUE_KEYS)
    base = Path(__file__).resolve().parents[1] / "scenarios" / "base.yaml"
    path = tmp_path / "hyd.yaml"
    path.write_text(f"base: {base}\nhorizon: {{hours: 24}}\ncounterfactual: none\n"
                    "parameters: [{key: hydrology, values: [2016, 2023]}]\noutputs: [system_cost]\n")
    worker.reset()
    run_sweep(load_sweep(path), tmp_path / "out", InlineBackend())
    cases = pd.read_parquet(tmp_path / "out" / "cases.parquet").sort_values("hydrology")
    assert cases["warm"].tolist() == [False, True] and cases["lp_from_network"].iloc[1] == 1.0
    assert pd.isna(cases["build_s"].iloc[1]) and not pd.isna(cases["build_s"].iloc[0])
    costs = _table(tmp_path / "out").query("output == 'annual_cost_usd'")["value"]
    assert costs.nunique() == 2  # the inflows matter


def _pid_task(task):
    import os

    if task.get("die"):
        os._exit(9)  # a worker killed mid-case
    return {"case_id": task["case_id"], "status": "ok", "warm": False, "rows": [], "pid": os.getpid()}


def test_pool_gives_each_worker_a_contiguous_run_and_survives_a_dead_worker():
    """Neighbouring cases (which differ least) stay on one worker; a worker that dies fails only its case."""
    from energymodel.analysis.sweep.engine import run_tasks

    tasks = [{"case_id": str(i), "die": i == 2} for i in range(8)]
    records = []
    pool = PoolBackend(2)
    try:
        counts = run_tasks(pool, _pid_task, tasks, records.append)
    finally:
        pool.close()
    by_id = {r["case_id"]: r for r in records}
    assert counts["done"] == 8 and counts["failed"] == 1 and "stopped" in by_id["2"]["error"]
    # each worker starts at the head of its own run (0–3, 4–7); a worker that finishes early (or the fresh
    # process that replaces the dead one) may take the later half of a run still going, never its head
    first = [by_id[str(i)]["pid"] for i in (0, 1)]
    assert len(set(first)) == 1 and by_id["4"]["pid"] != first[0]
    assert by_id["3"]["pid"] != first[0]  # a fresh process replaced the dead one (or the other worker took it)


def test_unserved_energy_part_of_the_value_by_hand():
    """A has 100 MW at 20 USD/MWh, B none and 30 MW of load, a 40 MW link, 4 h of weight 1 h (horizon
    4/8760 of a year). Isolated, B sheds 30 MW × 4 h = 120 MWh at VOLL 1,000: 120,000 USD; integrated A
    serves it for 2,400 USD. Per year (× 8760/4): value (120,000 − 2,400) × 2190 = 257.544 M USD; its
    unserved-energy part 120,000 × 2190 = 262.8 M USD (more than the value: the fuel that replaces
    shedding costs something)."""
    from energymodel.analysis import integration
    from energymodel.analysis.integration import isolate
    from energymodel.analysis.sweep.outputs import collect
    from networks import make_network, solve_network

    net = make_network({"A": 0.0, "B": 30.0}, [dict(name="a", region="A", capacity_mw=100, cost=20)], n_t=4,
                       voll=1000.0, links=[{"name": "A-B", "from": "A", "to": "B", "fwd": 40}])
    res, cf = solve_network(net), solve_network(isolate(net))
    summary = res.summary()
    summary["integration"] = integration.value_of_integration(res, cf, "isolated")
    rows = {(r["output"], r["item"]): r["value"] for r in collect(res, summary, ["value_of_integration"])}
    assert rows["value_of_integration_usd_per_yr", "total"] == pytest.approx((120_000 - 2_400) * 2190)
    assert rows["unserved_energy_value_usd_per_yr", "total"] == pytest.approx(120_000 * 2190)


def test_cases_run_in_numeric_order_prices_slower_than_capacities():
    """Integer grid values (numpy integers in the design table) sort as numbers, not as text."""
    from pathlib import Path

    from energymodel.analysis.sweep.runner import resolve_cases

    spec = load_sweep(Path(__file__).resolve().parents[1] / "scenarios" / "sweeps" / "pe_cl_lng_grid.yaml")
    _, tasks, _ = resolve_cases(spec)
    order = [(t["scenario"]["prices"]["gas_usd_per_mmbtu"]["lng"],
              t["scenario"]["interconnectors"]["PE-CL"]["capacity_mw"]) for t in sorted(tasks, key=lambda t: t["order"])]
    assert order == [(p, c) for p in (8, 12, 16) for c in (0, 500, 1000, 1500, 2000)]
