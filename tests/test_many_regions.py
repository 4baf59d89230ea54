"""Many regions: figures show the top regions or links (not hundreds of panels), and ``--no-plots``."""
import shutil
from pathlib import Path

import matplotlib.pyplot as plt

from energymodel.cli import main
from energymodel.outputs import plots
from networks import make_network, solve_network

EXAMPLE = Path(__file__).resolve().parents[1] / "examples"


def test_price_duration_shows_the_regions_with_most_demand_when_there_are_many():
    demand = {f"R{i:02d}": float(i + 1) for i in range(20)}  # R19 has the most demand, R00 the least
    gens = [dict(name=f"g{r}", region=r, capacity_mw=100, cost=10 + i) for i, r in enumerate(demand)]
    res = solve_network(make_network(demand, gens, n_t=3))
    assert plots.top_regions(res) == [f"R{i:02d}" for i in range(19, 7, -1)]
    fig = plots.price_duration(res)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    plt.close(fig)
    assert len(titles) == plots.MAX_PANELS and "R00" not in titles
    assert "12 of 20 regions" in fig._suptitle.get_text()


def test_no_plots_writes_the_report_without_figures(tmp_path):
    shutil.copytree(EXAMPLE / "two_regions", tmp_path / "two_regions")
    shutil.copy(EXAMPLE / "two_regions.yaml", tmp_path / "s.yaml")
    assert main(["run", str(tmp_path / "s.yaml"), "--hours", "24", "--no-plots", "--out", str(tmp_path / "out"),
                 "-q"]) == 0
    assert not (tmp_path / "out" / "plots").exists()
    report = (tmp_path / "out" / "report.md").read_text()
    assert "## Prices and flows" in report and "![" not in report
