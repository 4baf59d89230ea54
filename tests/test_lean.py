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
    lines = proc.stdout.strip().splitlines()
    assert lines and lines[-1] == "0 []", (proc.returncode, proc.stdout[-500:], proc.stderr[-2000:])
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


def test_shared_jobs_run_once_each_in_two_processes_and_a_failure_is_reported(tmp_path):
    """outputs.charts.share: every job runs exactly once, both processes take jobs, and an exception in
    the child reaches the caller with its traceback."""
    import os
    import time

    import pytest

    from energymodel.outputs.charts import share

    def job(i: int):
        def run() -> None:
            time.sleep(0.05)
            with open(tmp_path / f"{i}.txt", "x") as f:  # "x": a second run of the same job would fail
                f.write(str(os.getpid()))
        return run

    share([job(i) for i in range(8)])
    pids = {(tmp_path / f"{i}.txt").read_text() for i in range(8)}
    assert len(list(tmp_path.glob("*.txt"))) == 8 and len(pids) == 2

    def fail() -> None:
        if os.getpid() != parent:
            raise ValueError("no such chart")
        time.sleep(0.3)  # the child takes the second job meanwhile

    parent = os.getpid()
    with pytest.raises(RuntimeError, match="no such chart"):
        share([fail, fail])
