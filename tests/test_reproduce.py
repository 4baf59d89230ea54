"""Published studies: the registry's schema, annual benefit → PV / NPV / IRR against hand values, and one
fast ``energymodel reproduce`` on a tiny zoned fixture with a closed-form answer."""
import json
from pathlib import Path

import pandas as pd
import pytest

from energymodel.analysis.finance import irr, npv, present_value
from energymodel.analysis.studies import load_study, registry, source_ids_of
from energymodel.cli import main
from energymodel.inputs.scenario import load_scenario
from files import write_scenario, write_zoned_data_dir

ROOT = Path(__file__).resolve().parents[1]
HOURS = 8760
VALUE = (0.98 * 63 - 36) * 60 * HOURS
"""Annual value of the tiny zoned fixture's link (tests/test_zones.py: 60 MW of coal at 35 + 1 displacing 63)."""


def test_present_value_npv_and_irr_against_hand_values():
    assert present_value(10, 0.10, 20) == pytest.approx(85.135637, rel=1e-7)  # 10·(1 − 1.1^−20)/0.1
    assert present_value(10, 0.0, 20) == 200
    assert npv(50, 100, 0.0, 3) == 50
    # 100 = 50/(1+r) + 50/(1+r)^2 + 50/(1+r)^3  →  r = 23.375 % (tabulated annuity factor 2.0 at 3 years)
    r = irr(50, 100, 3)
    assert r == pytest.approx(0.2337519, abs=1e-6)
    assert npv(50, 100, r, 3) == pytest.approx(0, abs=1e-9)
    assert irr(10, 100, 10) == pytest.approx(0.0, abs=1e-9)  # benefits just repay the capex: 0 %
    assert irr(0, 100, 10) is None and irr(-5, 100, 10) is None


def test_the_shipped_registry_has_five_cited_studies_with_valid_scenarios():
    studies = registry(ROOT / "data" / "studies", source_ids_of(ROOT / "data"))
    assert len(studies) >= 5
    for study in studies.values():
        scenario = load_scenario(study.scenario_path)
        assert scenario.integration.counterfactual != "none", study.id
        assert study.reasons and all(f.source_id.startswith("study_") for f in study.figures)


def _study(tmp_path, text: str) -> Path:
    d = tmp_path / "studies"
    d.mkdir(exist_ok=True)
    path = d / "tiny.yaml"
    path.write_text(text)
    return path


GOOD = """title: tiny
authors: tests
published: 2024
links: [A-B]
scenario: ../scen.yaml
figures:
  - {metric: annual_benefit_usd, value: %s, basis: hand value, source_id: test, tolerance_ratio: 1.01}
  - {metric: irr, value: 0.5, basis: made up, source_id: test, tolerance_abs: 0.01}
  - {metric: price_change_usd_per_mwh, value: -10, basis: made up, source_id: test, countries: [B]}
assumptions: {year: 2023, counterfactual: no link}
conversion: {discount_rate: 0.1, horizon_years: 10, capex_usd: %s, why: test}
reasons: [none expected]
""" % (VALUE, 4 * VALUE)


@pytest.mark.parametrize("change, key", [
    (("metric: irr,", "metric: irrr,"), "figures.1.metric"),
    (("authors: tests\n", ""), "authors"),
    (("source_id: test, tolerance_abs", "source_id: nowhere, tolerance_abs"), "figures.1.source_id"),
    ((", capex_usd: %s" % (4 * VALUE), ""), "(top level)"),
    (("../scen.yaml", "../missing.yaml"), "scenario"),
    (("horizon_years: 10", "horizon_years: -1"), "conversion.horizon_years"),
])
def test_a_bad_study_file_exits_2_naming_file_and_key(tmp_path, capsys, change, key):
    write_zoned_data_dir(tmp_path)
    write_scenario(tmp_path, "data: data\nyear: 2023\nzones: true\n")
    path = _study(tmp_path, GOOD.replace(*change))
    assert main(["reproduce", "--registry", str(path.parent), "--data", str(tmp_path / "data"),
                 "--hours", "24", "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "tiny.yaml" in err and f"key '{key}'" in err
    assert not (tmp_path / "out").exists()


def test_reproduce_a_tiny_study_with_a_closed_form_answer(tmp_path):
    write_zoned_data_dir(tmp_path)
    write_scenario(tmp_path, "data: data\nyear: 2023\nzones: true\n")
    path = _study(tmp_path, GOOD)
    study = load_study(path, {"test"})
    assert study.conversion.capex_usd == pytest.approx(4 * VALUE)
    out = tmp_path / "out"
    assert main(["reproduce", "tiny", "--registry", str(path.parent), "--data", str(tmp_path / "data"),
                 "--hours", "24", "--out", str(out), "-q"]) == 0
    table = pd.read_csv(out / "reproduce.csv").set_index("metric")
    assert table.at["annual_benefit_usd", "model"] == pytest.approx(VALUE, rel=1e-6)
    assert table.at["annual_benefit_usd", "verdict"] == "within tolerance"
    assert table.at["irr", "model"] == pytest.approx(irr(VALUE, 4 * VALUE, 10), rel=1e-6)  # ≈ 21.4 %
    assert table.at["irr", "verdict"] == "outside tolerance"
    assert table.at["price_change_usd_per_mwh", "model"] == pytest.approx(0.0, abs=1e-6)  # B stays at 63
    assert table.at["price_change_usd_per_mwh", "verdict"] == "outside tolerance"
    assert table.at["annual_benefit_usd", "unserved_share_of_benefit"] == pytest.approx(0.0, abs=1e-9)
    assert "diagnostics" in table.columns
    md = (out / "reproduce.md").read_text()
    assert "| tiny |" in md and "none expected" in md
    meta = json.loads((out / "metadata.json").read_text())
    assert meta["code"]["version"] and "git_commit" in meta["code"]
    summary = json.loads((out / "studies" / "tiny" / "summary.json").read_text())
    assert list(summary["countries"]) == ["A", "B"]


def test_run_metadata_records_the_code_version(tmp_path):
    write_zoned_data_dir(tmp_path)
    path = write_scenario(tmp_path)
    assert main(["run", str(path), "--hours", "24", "--out", str(tmp_path / "out"), "-q"]) == 0
    meta = json.loads((tmp_path / "out" / "metadata.json").read_text())
    assert meta["code"]["package"] == "energymodel" and "git_commit" in meta["code"]


def test_the_diagnostics_that_bear_on_a_study_are_reported_with_the_share_of_shed_load():
    """A study's figure is flagged by shed load anywhere and by warnings on its own links and the regions
    (or zones) they join; not by warnings elsewhere. The shed-load share is −Δ unserved cost / benefit."""
    from energymodel.analysis.reproduce import caveats, unserved_share
    study = load_study(ROOT / "data" / "studies" / "tacna_arica_2019.yaml")
    by = {"PE": {"value_usd": 30.0, "delta_unserved_cost_usd": -24.0},
          "CL": {"value_usd": 10.0, "delta_unserved_cost_usd": 0.0},
          "MX": {"value_usd": 0.0, "delta_unserved_cost_usd": 0.0}}
    diag = [{"code": "flat_price", "severity": "warning", "where": "PE_CN", "message": "m1"},
            {"code": "flat_price", "severity": "warning", "where": "MX", "message": "m2"},
            {"code": "link_saturated", "severity": "warning", "where": "PE-CL", "message": "m3"},
            {"code": "link_saturated", "severity": "warning", "where": "MX-GT", "message": "m4"},
            {"code": "unserved_energy", "severity": "warning", "where": "EC", "message": "m5"},
            {"code": "value_definition", "severity": "info", "where": "value_usd", "message": "m6"}]
    summary = {"integration": {"value_usd": 40.0, "by_country": by}, "diagnostics": diag}
    assert [d["message"] for d in caveats(study, summary)] == ["m1", "m3", "m5"]
    assert unserved_share(summary, []) == pytest.approx(24 / 40)
    assert unserved_share(summary, ["PE"]) == pytest.approx(24 / 30)
    assert unserved_share(summary, ["MX"]) is None
