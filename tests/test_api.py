"""The Python API: run → write → load_results round trip, the netCDF export, and the docs/api.md example."""
import re
from pathlib import Path

import pandas as pd
import pytest

import energymodel
from energymodel.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("dispatch", "flows", "prices", "storage", "hydro", "shedding")


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("api") / "res"
    run = energymodel.run(ROOT / "scenarios" / "base.yaml", hours=24, resolution_h=3)
    run.write(out, report=False)
    return run, out


def test_write_then_load_gives_equal_frames(written):
    run, out = written
    back = energymodel.load_results(out)
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(run.results, name).reset_index(drop=True), getattr(back, name),
                                      check_exact=False, rtol=1e-5, atol=1e-6)  # CSV holds 6 digits
    gas = run.results.gas
    for name in ("flows", "prices", "supply", "balance"):
        pd.testing.assert_frame_equal(getattr(gas, name).reset_index(drop=True), getattr(back, f"gas_{name}"),
                                      check_exact=False, rtol=1e-5, atol=1e-6)
    pd.testing.assert_frame_equal(run.results.link_values, back.link_values, check_exact=False, rtol=1e-5,
                                  check_names=False)
    assert back.summary["integration"]["value_usd"] == pytest.approx(run.summary["integration"]["value_usd"])
    assert back.input("generators")["capacity_mw"].sum() == pytest.approx(
        run.results.network.generators["capacity_mw"].sum())


def test_load_results_refuses_other_folders(tmp_path):
    with pytest.raises(InputError, match="not an energymodel results folder"):
        energymodel.load_results(tmp_path)


def test_netcdf_round_trip_with_units(written, tmp_path):
    xr = pytest.importorskip("xarray")
    run, out = written
    ds = energymodel.to_xarray(out)
    path = energymodel.to_netcdf(out, tmp_path / "res.nc")
    back = xr.open_dataset(path).load()
    xr.testing.assert_identical(ds, back)
    assert back["dispatch__mw"].attrs["units"] == "MW"
    assert back["prices__price_usd_per_mwh"].attrs["units"] == "USD/MWh"
    prices = run.results.price_matrix()
    got = back["prices__price_usd_per_mwh"].to_pandas()
    assert got.to_numpy() == pytest.approx(prices[list(got.columns)].to_numpy(), rel=1e-5, abs=1e-6)


def test_api_example_in_docs_runs(tmp_path, monkeypatch):
    pytest.importorskip("xarray")
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks
    for name in ("scenarios", "data"):
        (tmp_path / name).symlink_to(ROOT / name)
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    for code in blocks:
        exec(compile(code, "docs/api.md", "exec"), namespace)
    assert (tmp_path / "results" / "base-july-week" / "report.md").exists()
    assert (tmp_path / "base-july-week.nc").stat().st_size > 0
