"""The report's plain-language summary (outputs/story.py) and its HTML rendering (outputs/html.py)."""
import pytest

from energymodel.outputs import story


def test_counterfactuals_are_described_in_words():
    assert "every cross-border power line" in story.describe_counterfactual("isolated")
    assert "LNG bought on the world market stays available" in story.describe_counterfactual("isolated")
    assert "today's" in story.describe_counterfactual("status_quo")
    assert "other.yaml" in story.describe_counterfactual("other.yaml")


def test_diagnostics_are_read_defensively():
    assert story.diagnostics_lines({}) == []
    assert story.diagnostics_lines({"diagnostics": []}) == []
    assert story.diagnostics_lines({"diagnostics": "not a list"}) == []
    lines = story.diagnostics_lines({"diagnostics": [
        {"code": "x", "severity": "info", "message": "later"},
        {"code": "shed", "severity": "warning", "message": "CO sheds 1 %", "where": "CO"}, "not a dict", {}]})
    assert lines[0] == "## Diagnostics" and lines[2] == "- **warning** `shed` (CO): CO sheds 1 %"
    assert len([x for x in lines if x.startswith("- ")]) == 3


def test_drivers_rank_link_rents_unserved_energy_and_gas():
    integ = {"by_link": {"electricity": {
        "A-B": {"congestion_rent_usd": 5e6, "energy_fwd_twh": 1.0, "energy_bwd_twh": 0.0},
        "B-C": {"congestion_rent_usd": 0.0, "energy_fwd_twh": 0.0, "energy_bwd_twh": 0.0},
        # a corridor inside a country (zones) earns rent in the counterfactual too: not a driver
        "A_N-A_S": {"congestion_rent_usd": 9e7, "energy_fwd_twh": 5.0, "energy_bwd_twh": 0.0, "cross_border": False}}},
        "by_country": {"A": {"value_usd": 1e6, "delta_unserved_cost_usd": -2e7, "delta_gas_net_cost_usd": -1e6},
                       "B": {"value_usd": 2e6, "delta_unserved_cost_usd": 0.0, "delta_gas_net_cost_usd": 0.0}}}
    ranked = story.drivers(integ)
    assert [round(v) for v, _ in ranked] == [20_000_000, 5_000_000, 1_000_000]
    assert "avoided unserved energy" in ranked[0][1] and "A-B" in ranked[1][1] and "gas" in ranked[2][1]


def test_winners_and_losers_round_noise_away():
    integ = {"by_country": {"A": {"value_usd": 3e6, "delta_consumer_payments_usd": -1e6},
                            "B": {"value_usd": -2e6, "delta_consumer_payments_usd": 4e6},
                            "C": {"value_usd": -1e-7, "delta_consumer_payments_usd": 0.0}}}
    text = " ".join(story.winners_and_losers(integ))
    assert "**Who gains**: A (+3.00 M USD)" in text and "**Who loses**: B (-2.00 M USD)" in text
    assert "C (" not in text


def test_html_renders_the_markdown_subset():
    html = pytest.importorskip("energymodel.outputs.html")
    out = "\n".join(html._text(["## Title", "Some **bold** and `code` and *it*.", "1. one", "2. two", "- a"]))
    assert "<h2>Title</h2>" in out and "<strong>bold</strong>" in out and "<code>code</code>" in out
    assert "<em>it</em>" in out and out.count("<li>") == 3 and "<ol>" in out and "<ul>" in out
    assert "&lt;" in html.inline("<script>")
