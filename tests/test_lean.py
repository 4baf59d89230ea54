"""The solving process stays lean: Pyomo, SciPy and matplotlib are imported only where they are needed,
and the compiled matrix is the same with or without SciPy."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from energymodel.solver.highs import CscMatrix

ROOT = Path(__file__).resolve().parents[1]


def test_a_run_never_imports_pyomo_scipy_or_plotting_in_the_solving_process(tmp_path):
    code = (f"import sys; from energymodel.cli import main; "
            f"rc = main(['-q', 'run', {str(ROOT / 'examples' / 'two_regions.yaml')!r}, '--hours', '24', "
            f"'--out', {str(tmp_path / 'out')!r}]); "
            "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'pyomo', 'scipy', 'matplotlib', 'plotly'}); "
            "print(rc, heavy)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert proc.stdout.strip().splitlines()[-1] == "0 []", proc.stderr[-2000:]
    assert (tmp_path / "out" / "plots" / "price_duration.png").stat().st_size > 0  # drawn by the report worker


def test_csc_from_triplets_sums_duplicates_like_scipy():
    import scipy.sparse as sp

    rng = np.random.default_rng(0)
    rows = rng.integers(0, 7, 60).astype(np.int32)
    cols = rng.integers(0, 5, 60).astype(np.int32)
    vals = rng.normal(size=60)
    ours = CscMatrix.from_triplets(rows, cols, vals, (7, 6))
    ref = sp.coo_matrix((vals, (rows, cols)), shape=(7, 6)).tocsc()
    ref.sum_duplicates()
    ref.sort_indices()
    np.testing.assert_array_equal(ours.indptr, ref.indptr)
    np.testing.assert_array_equal(ours.indices, ref.indices)
    np.testing.assert_allclose(ours.data, ref.data)
    x = rng.normal(size=6)
    np.testing.assert_allclose(ours.dot(x), ref @ x)
    np.testing.assert_allclose(ours.to_scipy().toarray(), ref.toarray())


def test_forked_child_reports_its_work_and_its_failure(tmp_path):
    """The report's second drawing process (outputs.charts.forked): what it writes is there after the wait,
    and an exception in it reaches the parent with its traceback."""
    import pytest

    from energymodel.outputs.charts import forked

    forked(lambda: (tmp_path / "drawn.txt").write_text("ok"))()
    assert (tmp_path / "drawn.txt").read_text() == "ok"

    def fail() -> None:
        raise ValueError("no such chart")

    wait = forked(fail)
    with pytest.raises(RuntimeError, match="no such chart"):
        wait()


def test_the_report_charts_are_split_between_two_processes_by_their_cost():
    """Every chart is drawn exactly once, in report order on each side, and the side that also writes
    report.html gets less drawing (outputs.report.split_charts)."""
    from energymodel.outputs.report import DRAW_COST_S, Chart, split_charts

    names = ["value_by_country", "transfers_by_country", "map", "value_by_link", "price_duration", "link_flows",
             "water_values", "a_new_chart"]
    charts = [Chart(n, "", lambda: None, lambda: None) for n in names]
    for html in (True, False):
        here, there = split_charts(charts, html)
        assert sorted(c.name for c in here + there) == sorted(names)
        assert [c.name for c in here] == [n for n in names if n in {c.name for c in here}]
        cost = [sum(DRAW_COST_S.get(c.name, 0.15) for c in side) for side in (here, there)]
        cost[0] += DRAW_COST_S["report.html"] if html else 0.0
        assert abs(cost[0] - cost[1]) <= max(DRAW_COST_S.values())
    assert split_charts(charts[:1], True) == ([], charts[:1])
