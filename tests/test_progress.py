"""Ctrl-C during a HiGHS solve acts within a couple of seconds, and nothing is written (solver/progress.py)."""
import _thread
import threading
import time
from pathlib import Path

import pytest

from energymodel import cli
from energymodel.inputs.scenario import SolverOptions, load_scenario
from energymodel.network.network import build_network
from energymodel.solver import highs, progress

ROOT = Path(__file__).resolve().parents[1]


def _interrupt_after(seconds: float) -> dict:
    sent = {}

    def fire():
        sent["t"] = time.perf_counter()
        _thread.interrupt_main()

    threading.Timer(seconds, fire).start()
    return sent


def test_ctrl_c_stops_a_running_solve_within_two_seconds():
    net = build_network(load_scenario(ROOT / "scenarios" / "base.yaml", hours=1008))
    lp, _ = highs.compile_network(net)
    t0 = time.perf_counter()
    sent = _interrupt_after(1.0)
    with pytest.raises(KeyboardInterrupt):
        highs.solve_lp(lp, SolverOptions(threads=1))
    stopped = time.perf_counter()
    assert "t" in sent, "the solve finished before the interrupt: make the test LP larger"
    assert stopped - t0 < 30
    assert stopped - sent["t"] < 2.0, f"took {stopped - sent['t']:.2f} s to stop"


def test_interrupted_run_writes_nothing(tmp_path):
    out = tmp_path / "res"
    sent = _interrupt_after(2.5)  # while building or solving
    code = cli.main(["run", str(ROOT / "scenarios" / "base.yaml"), "--hours", "1008", "--out", str(out)])
    assert "t" in sent
    assert code == cli.EXIT_INTERRUPTED
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_iteration_log_summary():
    it = progress._Watch()

    class E:
        message = "     40363     9.1413801259e+09 Pr: 25966(6.03268e+07); Du: 0(4.55256e-06) 5.5s"
    it(progress._LOGGING, E.message, None, None, None)
    assert it.summary() == ("iteration 40,363, objective 9.1413801259e+09, primal infeasibilities 25,966, "
                            "dual infeasibilities 0")


def test_ctrl_c_while_the_counterfactual_solves_stops_it():
    """Interrupted while the counterfactual re-solves in its thread (here: while the scenario's tables are
    written in theirs), the run stops that solve before unwinding: no HiGHS solve is left running, so the next solve in
    the process works (highspy allows one running solve per process)."""
    from energymodel import pipeline
    from energymodel.analysis.integration import isolate

    scenario = load_scenario(ROOT / "scenarios" / "base.yaml", hours=2190,
                             overrides=[("solver.counterfactual_solve", "sequential")])
    net = build_network(scenario)
    seen = {}

    def interrupted(results):  # runs in the tables' thread: Ctrl-C reaches the main thread meanwhile
        seen["counterfactual running"] = any(t.name == "counterfactual" and t.is_alive()
                                             for t in threading.enumerate())
        _thread.interrupt_main()

    with pytest.raises(KeyboardInterrupt):
        pipeline.solve_pair(scenario, net, ("isolated", isolate(net)), {},
                            hooks=pipeline.Hooks(with_results=interrupted))
    assert seen["counterfactual running"], "the counterfactual finished first: make the test LP larger"
    assert not any(t.name == "counterfactual" and t.is_alive() for t in threading.enumerate())
    small = build_network(load_scenario(ROOT / "scenarios" / "base.yaml", hours=24))
    assert highs.solve_lp(highs.compile_network(small)[0]).status == "optimal"


def test_ctrl_c_while_both_solve_concurrently_stops_both():
    """With ``counterfactual_solve: concurrent`` the counterfactual solves in a second thread while the
    scenario solves: Ctrl-C then stops both solves before the run unwinds, and the next solve works."""
    from energymodel import pipeline
    from energymodel.analysis.integration import isolate

    scenario = load_scenario(ROOT / "scenarios" / "base.yaml", hours=2190,
                             overrides=[("solver.counterfactual_solve", "concurrent")])
    net = build_network(scenario)
    seen = {}

    def interrupt_while_both_solve():
        alive = [t.name for t in threading.enumerate() if t.is_alive()]
        seen["both running"] = "counterfactual" in alive and "HiGHS" in alive
        _thread.interrupt_main()

    timer = threading.Timer(1.0, interrupt_while_both_solve)
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        pipeline.solve_pair(scenario, net, ("isolated", isolate(net)), {})
    timer.join()
    assert seen["both running"], "a solve finished first: make the test LP larger"
    assert not any(t.name in ("counterfactual", "HiGHS") and t.is_alive() for t in threading.enumerate())
    small = build_network(load_scenario(ROOT / "scenarios" / "base.yaml", hours=24))
    assert highs.solve_lp(highs.compile_network(small)[0]).status == "optimal"


def test_a_second_ctrl_c_while_unwinding_still_waits_for_the_helper_thread():
    """Unwinding from Ctrl-C, the run waits for its helper threads (a HiGHS solve stopping, inputs being
    written); a second Ctrl-C meanwhile must not cut that wait short (the process aborted when it did)."""
    from energymodel import pipeline

    wait = pipeline._in_thread(lambda: time.sleep(1.0), "helper")
    timers = [threading.Timer(t, _thread.interrupt_main) for t in (0.2, 0.4)]
    for timer in timers:
        timer.start()
    pipeline._settle(wait)
    assert not wait.thread.is_alive()
    for timer in timers:
        timer.join()
