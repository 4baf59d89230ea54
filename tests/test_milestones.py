"""The shipped milestone scenarios load, and every source tag on their lines resolves in data/sources.csv."""
import re
from pathlib import Path

import pandas as pd
import pytest

from energymodel import load_scenario

ROOT = Path(__file__).resolve().parents[1]
MILESTONES = sorted((ROOT / "scenarios").glob("milestone_*.yaml"))


@pytest.mark.parametrize("path", MILESTONES, ids=lambda p: p.stem)
def test_milestone_loads_and_cites_known_sources(path):
    scenario = load_scenario(path)
    assert scenario.year == int(path.stem.split("_")[1])
    known = set(pd.read_csv(ROOT / "data" / "sources.csv")["source_id"])
    tags = set(re.findall(r"\[([a-z0-9_]+)\]", path.read_text()))
    assert tags, f"{path.name} cites no source"
    assert tags <= known, f"unknown source_id in {path.name}: {sorted(tags - known)}"
