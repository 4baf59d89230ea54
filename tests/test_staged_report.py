"""The report begun before the summary exists (outputs.report.Draft, outputs.charts): the same files as
write_report, a failure in an early chart is reported with nothing drawn afterwards, and a report given up
stops drawing before its folder is removed."""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

import energymodel
from energymodel.outputs.report import Chart, Draft, cf_label, write_report

ROOT = Path(__file__).resolve().parents[1]
PLOTLY_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture(scope="module")
def run():
    # 40 days at 6 h: the horizon spans two months, so every chart that needs no summary is drawn
    return energymodel.run(ROOT / "scenarios" / "base.yaml", hours=24 * 40, resolution_h=6)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_report_begun_before_the_summary_writes_the_same_files(run, tmp_path):
    pytest.importorskip("plotly")
    (tmp_path / "plain").mkdir()
    write_report(tmp_path / "plain", run.results, run.counterfactual, summary=run.summary)
    staged = tmp_path / "staged"
    staged.mkdir()
    draft = Draft(staged, run.results, run.counterfactual, "isolated")
    assert {chart.name for chart in draft.early} == {"price_duration", "link_flows", "water_values"}
    draft.begin()
    while draft.step():
        pass
    assert set(draft.divs) == {"price_duration", "link_flows", "water_values"}
    draft.finish(run.summary, parallel=True)
    plain, early = _files(tmp_path / "plain"), _files(staged)
    assert sorted(plain) == sorted(early) and "plots/water_values.png" in plain
    for name, content in plain.items():
        if name == "report.html":  # plotly gives every chart a random id
            assert PLOTLY_ID.sub("", content.decode()) == PLOTLY_ID.sub("", early[name].decode())
        else:
            assert content == early[name], name


def test_another_counterfactual_in_the_summary_draws_the_early_charts_again(run, tmp_path):
    draft = Draft(tmp_path, run.results, run.counterfactual, "status_quo", html=False)
    draft.begin()
    draft.finish(run.summary)
    assert cf_label(run.summary) == "isolated"
    (tmp_path / "plain").mkdir()
    write_report(tmp_path / "plain", run.results, run.counterfactual, summary=run.summary, html=False)
    for name in ("price_duration", "link_flows"):  # the legend names the counterfactual
        assert (tmp_path / "plots" / f"{name}.png").read_bytes() == (tmp_path / "plain" / "plots" / f"{name}.png").read_bytes()


def _figure():
    from energymodel.outputs.plots import _plt
    return _plt().figure(figsize=(1, 1))


def _chart(name: str, png) -> Chart:
    return Chart(name, name, png, lambda: None)


def test_a_failed_early_chart_is_reported_once_every_drawing_has_stopped(run, tmp_path):
    def fail():
        raise ValueError("no such chart")

    def slow():
        time.sleep(0.3)
        (tmp_path / "slow.txt").write_text("drawn")
        raise ValueError("slow chart")

    draft = Draft(tmp_path, run.results, run.counterfactual, "isolated", html=False)
    draft.early = [_chart("fail", fail), _chart("slow", slow)]
    draft.begin()
    with pytest.raises((RuntimeError, ValueError), match="no such chart|slow chart"):
        draft.finish(run.summary, parallel=True)
    assert (tmp_path / "slow.txt").exists()  # finish returned only after every process had stopped


def test_a_report_given_up_draws_nothing_more(run, tmp_path):
    def chart(i: int):
        def draw():
            time.sleep(0.2)
            (tmp_path / f"{i}.txt").write_text("drawn")
            return _figure()
        return draw

    draft = Draft(tmp_path, run.results, run.counterfactual, "isolated", html=False)
    draft.early = [_chart(str(i), chart(i)) for i in range(5)]
    draft.begin()
    time.sleep(0.1)
    draft.abandon()  # the child finishes the chart under way and takes no other
    drawn = sorted(p.name for p in tmp_path.glob("*.txt"))
    assert drawn == ["0.txt"]
    time.sleep(0.3)
    assert sorted(p.name for p in tmp_path.glob("*.txt")) == drawn


def test_a_run_that_fails_after_its_report_began_leaves_no_folder(tmp_path, monkeypatch):
    from energymodel import pipeline
    from energymodel.cli import main

    def fail(*args, **kwargs):
        time.sleep(0.2)  # the report process is drawing meanwhile
        raise RuntimeError("summary failed")

    monkeypatch.setattr(pipeline, "_summary", fail)
    with pytest.raises(RuntimeError, match="summary failed"):
        main(["-q", "run", str(ROOT / "examples" / "two_regions.yaml"), "--hours", "24", "--out",
              str(tmp_path / "out")])
    time.sleep(0.5)
    assert list(tmp_path.iterdir()) == []  # no results folder, no temporary one, nothing drawn into either


class _Slow:
    """A stand-in for a Draft: each step takes 0.1 s and leaves a file."""

    def __init__(self, folder: Path, fail: bool = False) -> None:
        if fail:
            raise ValueError("cannot begin")
        self.folder, self.steps = folder, 0

    def step(self) -> bool:
        time.sleep(0.1)
        self.steps += 1
        (self.folder / f"step{self.steps}.txt").write_text("")
        return self.steps < 20

    def finish(self, text: str) -> None:
        (self.folder / "finished.txt").write_text(f"{text} after {self.steps} steps")

    def abandon(self) -> None:
        (self.folder / "abandoned.txt").write_text(str(self.steps))


def test_the_report_worker_runs_a_staged_report_and_stops_when_given_up(tmp_path):
    from energymodel.outputs.charts import ReportWorker, begin_in_child

    worker = ReportWorker()
    try:
        wait = worker.start(_Slow, tmp_path).finish("done")
        wait()
        assert (tmp_path / "finished.txt").read_text().startswith("done after ")
    finally:
        worker.close()

    worker = ReportWorker()
    try:
        with pytest.raises(RuntimeError, match="cannot begin"):
            worker.start(_Slow, tmp_path, True).finish("done")()
    finally:
        worker.close()

    given_up = tmp_path / "given_up"
    given_up.mkdir()
    staged = begin_in_child(_Slow, given_up)
    while not (given_up / "step2.txt").exists():
        time.sleep(0.02)
    staged.abandon()  # returns once the child has stopped: after the step under way
    steps = int((given_up / "abandoned.txt").read_text())
    time.sleep(0.3)
    assert len(list(given_up.glob("step*.txt"))) == steps < 20 and not (given_up / "finished.txt").exists()
