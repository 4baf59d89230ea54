"""Dated limits on one direction of an interconnector (``link_limits.csv``, switch ``rules.link_limits``):
inside a row's period a direction carries at most ``available_pu`` of its capacity; the other direction, and
the same direction outside the period, keep their capacity."""
import shutil
from pathlib import Path

import pandas as pd
import pytest

from energymodel import build_model, build_network, load_scenario
from energymodel.errors import InputError
from energymodel.model.direct import build_lp
from energymodel.network.bounds import link_availability
from energymodel.solver.highs import compile_lp, solve_lp
from networks import make_network, solve_network
from test_direct_build import assert_same_lp

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "two_regions"


def export_stop_network():
    """A (cheap, 20 USD/MWh, 300 MW) and B (dear, 80 USD/MWh, 300 MW); demand A 100 MW, B 80 MW; a lossless
    100 MW link A-B; three snapshots. The forward direction (A → B) is open in snapshot 0, closed in snapshot 1
    and at half its capacity (50 MW) in snapshot 2; B → A is never limited.

    Closed form. Snapshot 0: A sends B's 80 MW, the link is not full, both prices are A's 20. Snapshot 1: no
    flow, B's own unit makes 80 MW, B's price 80. Snapshot 2: A sends 50 MW (full), B makes 30, B's price 80.
    Objective 180·20 + (100·20 + 80·80) + (150·20 + 30·80) = 3,600 + 8,400 + 5,400 = 17,400 USD. Value of a MW
    more of forward capacity: 0 in snapshot 0 (not full), 0 in snapshot 1 (closed: the MW is not available),
    0.5 · (80 − 20) = 30 in snapshot 2."""
    net = make_network({"A": 100, "B": 80}, [dict(name="a", region="A", capacity_mw=300, cost=20),
                                              dict(name="b", region="B", capacity_mw=300, cost=80)],
                       links=[dict(name="A-B", **{"from": "A", "to": "B"}, fwd=100, bwd=100)], n_t=3)
    limit = pd.DataFrame({"A-B fwd": [1.0, 0.0, 0.5]}, index=pd.RangeIndex(3, name="snapshot"))
    return net.replace(link_limit_pu=limit)


def test_a_closed_direction_carries_nothing_and_the_price_splits():
    net = export_stop_network()
    fwd, bwd = link_availability(net)
    assert fwd.tolist() == [[1.0, 0.0, 0.5]] and bwd.tolist() == [[1.0, 1.0, 1.0]]
    res = solve_network(net)
    flows = res.flows.set_index("snapshot")
    assert flows["flow_fwd_mw"].to_numpy() == pytest.approx([80.0, 0.0, 50.0])
    assert flows["flow_bwd_mw"].to_numpy() == pytest.approx([0.0, 0.0, 0.0])
    assert res.objective_usd == pytest.approx(17_400.0)
    prices = res.price_matrix()
    assert prices["A"].to_numpy() == pytest.approx([20.0, 20.0, 20.0])
    assert prices["B"].to_numpy() == pytest.approx([20.0, 80.0, 80.0])
    # the closed snapshot's price gap is not a value of capacity: the MW would not be available then
    assert res.link_values.at["A-B", "marginal_value_fwd_usd_per_mw"] == pytest.approx(30.0)
    assert res.link_values.at["A-B", "marginal_value_bwd_usd_per_mw"] == pytest.approx(0.0)


def test_the_direct_build_and_the_pyomo_model_carry_the_same_bounds():
    net = export_stop_network()
    direct, reference = build_lp(net), compile_lp(build_model(net))
    assert_same_lp(direct, reference)
    assert solve_lp(direct).objective_usd == pytest.approx(17_400.0)


def _data(tmp_path, rows):
    data = tmp_path / "two_regions"
    if not data.exists():
        shutil.copytree(EXAMPLE, data)
    pd.DataFrame(rows).to_csv(data / "link_limits.csv", index=False)
    return data


def _net(tmp_path, data, extra="", year=2023, hours=48, start="2023-01-31", resolution=1):
    path = tmp_path / "s.yaml"
    path.write_text(f"name: s\ndata: {data}\nyear: {year}\ntime: {{start: '{start}', resolution_h: {resolution}}}\n"
                    f"{extra}", encoding="utf-8")
    return build_network(load_scenario(path, hours=hours))


STOP = dict(link="NORTH-SOUTH", direction="bwd", start_date="2023-02-01", end_date="2023-02-01", available_pu=0.0,
            source_id="example")


def test_the_period_covers_whole_utc_days_and_one_direction(tmp_path):
    # 48 hours from 31 January: the second day is the period (both ends included: 24 hours)
    net = _net(tmp_path, _data(tmp_path, [STOP]))
    assert list(net.link_limit_pu.columns) == ["NORTH-SOUTH bwd"]
    assert net.link_limit_pu["NORTH-SOUTH bwd"].to_numpy() == pytest.approx([1.0] * 24 + [0.0] * 24)
    fwd, bwd = link_availability(net)
    assert (fwd == 1.0).all() and bwd[0].tolist() == [1.0] * 24 + [0.0] * 24
    # `both`, and two rows on one direction: the smaller fraction holds where they overlap
    both = dict(STOP, direction="both", start_date="2023-01-31", end_date="2023-01-31", available_pu=0.25)
    half = dict(STOP, direction="fwd", start_date="2023-01-01", end_date="2023-02-28", available_pu=0.5)
    net = _net(tmp_path, _data(tmp_path, [STOP, both, half]))
    fwd, bwd = link_availability(net)
    assert fwd[0].tolist() == [0.25] * 24 + [0.5] * 24
    assert bwd[0].tolist() == [0.25] * 24 + [0.0] * 24


def test_a_snapshot_across_midnight_gets_the_share_of_its_hours_inside(tmp_path):
    # 5-hour blocks from 00:00 on 31 January: block 4 is 20:00-01:00 (one hour of 1 February inside the
    # period), blocks 5-8 lie inside, block 9 is 21:00-02:00 (three hours inside)
    net = _net(tmp_path, _data(tmp_path, [STOP]), hours=50, resolution=5)
    assert net.link_limit_pu["NORTH-SOUTH bwd"].to_numpy() == pytest.approx([1.0] * 4 + [0.8] + [0.0] * 4 + [0.4])


def test_other_years_and_the_rule_off_ignore_the_rows(tmp_path):
    data = _data(tmp_path, [STOP])
    for other in (_net(tmp_path, data, year=2026, start="2026-01-31"),
                  _net(tmp_path, data, "rules: {link_limits: false}\n")):
        assert other.link_limit_pu is None
        fwd, bwd = link_availability(other)
        assert (fwd == 1.0).all() and (bwd == 1.0).all()


def test_the_limit_reaches_the_solve_the_inputs_folder_and_the_pypsa_export(tmp_path):
    net = _net(tmp_path, _data(tmp_path, [dict(STOP, direction="fwd")]))
    res = solve_network(net)
    flows = res.flows.set_index("snapshot")
    assert (flows["flow_fwd_mw"].to_numpy()[24:] == 0.0).all()
    assert flows["flow_fwd_mw"].to_numpy()[:24].max() > 0.0      # NORTH exports outside the period
    pytest.importorskip("pypsa")
    from energymodel.outputs.pypsa_export import to_pypsa
    n = to_pypsa(net)
    assert n.links_t.p_max_pu["NORTH-SOUTH fwd"].to_numpy() == pytest.approx([1.0] * 24 + [0.0] * 24)
    assert "NORTH-SOUTH bwd" not in n.links_t.p_max_pu or (n.links_t.p_max_pu["NORTH-SOUTH bwd"] == 1.0).all()


def test_a_run_writes_the_limits_among_its_inputs(tmp_path):
    from energymodel.cli import main
    data = _data(tmp_path, [STOP])
    path = tmp_path / "s.yaml"
    path.write_text(f"name: s\ndata: {data}\nyear: 2023\ntime: {{start: '2023-01-31'}}\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["-q", "run", str(path), "--hours", "48", "--no-plots", "--out", str(out)]) == 0
    written = pd.read_csv(out / "inputs" / "link_limit_pu.csv")
    assert written["NORTH-SOUTH bwd"].tolist() == [1.0] * 24 + [0.0] * 24


@pytest.mark.parametrize("change, match", [
    (dict(link="NORTH-EAST"), "row 2: link 'NORTH-EAST' is not in interconnectors.csv"),
    (dict(direction="south"), "row 2: direction 'south'; expected one of fwd, bwd, both"),
    (dict(start_date="1 Feb 2023"), "row 2: start_date '1 Feb 2023'; expected an ISO date"),
    (dict(end_date="2023-01-15"), "row 2: end_date 2023-01-15 is before start_date 2023-02-01"),
    (dict(available_pu=1.5), "row 2: available_pu 1.5; expected a fraction in"),
    (dict(available_pu=-0.5), "available_pu"),
    (dict(source_id="nowhere"), "source_id not found"),
    (dict(hydrology_year=2023.5), "row 2: hydrology_year 2023.5; expected a calendar year or empty"),
])
def test_bad_rows_are_input_errors_with_the_rule_off_too(tmp_path, change, match):
    data = _data(tmp_path, [dict(STOP, **change)])
    for extra in ("", "rules: {link_limits: false}\n"):
        with pytest.raises(InputError, match=match) as err:
            _net(tmp_path, data, extra)
        assert "link_limits.csv" in str(err.value)


def test_an_expandable_link_with_a_limit_in_the_horizon_is_an_input_error(tmp_path):
    data = _data(tmp_path, [STOP])
    extra = ("discount_rate: 0.07\ninterconnectors: {NORTH-SOUTH: {expandable: true, max_mw: 100, "
             "capex_usd_per_mw: 1000000, lifetime_years: 40}}\n")
    with pytest.raises(InputError, match="NORTH-SOUTH is expandable in this scenario and has a dated limit"):
        _net(tmp_path, data, extra)
    # outside the period the expandable link is fine
    assert _net(tmp_path, data, extra, start="2023-03-01").link_limit_pu is None


def test_the_base_year_closes_panamas_export_from_10_may_to_30_september():
    net = build_network(load_scenario(ROOT / "scenarios" / "base.yaml", resolution_h=24))
    limit = net.link_limit_pu["CAM-PA bwd"]
    days = net.snapshots.strftime("%m-%d")
    assert (limit[(days >= "05-10") & (days <= "09-30")] == 0.0).all()
    assert (limit[(days < "05-10") | (days > "09-30")] == 1.0).all()
    assert list(net.link_limit_pu.columns) == ["CAM-PA bwd"]           # imports into Panama stay open
    # the stop answered 2023's water (hydrology_year 2023): on 2021's inflows the link stays open
    other = build_network(load_scenario(ROOT / "scenarios" / "base.yaml", resolution_h=24,
                                        overrides=[("hydrology", "2021")]))
    assert other.link_limit_pu is None


def test_a_warm_capacity_change_keeps_the_limit():
    # LinkResolver (links, curve, the status_quo and isolated counterfactuals) re-solves with new capacities by
    # changing column bounds: each snapshot's bound stays capacity × the direction's limit, so the re-solve
    # equals a fresh solve of the network with that capacity
    from energymodel.solver.warm import LinkResolver
    net = export_stop_network()
    resolver = LinkResolver(net, build_lp(net))
    assert resolver.objective() == pytest.approx(17_400.0)
    resolver.set_capacity("A-B", 40.0, 40.0)
    links = net.links.copy()
    links.loc["A-B", ["capacity_fwd_mw", "capacity_bwd_mw"]] = 40.0
    fresh = solve_network(net.replace(links=links)).objective_usd
    # 40 MW open in snapshot 0, closed in 1, 20 MW in 2: 140·20 + 40·80 + 100·20 + 80·80 + 120·20 + 60·80
    assert fresh == pytest.approx(2_800 + 3_200 + 2_000 + 6_400 + 2_400 + 4_800)
    assert resolver.objective() == pytest.approx(fresh)
    resolver.set_capacity("A-B", 100.0, 100.0)                       # back to the data: the closed hour stays closed
    assert resolver.objective() == pytest.approx(17_400.0)


def test_only_a_capacity_change_is_solved_by_changing_bounds():
    # the isolated and status_quo counterfactuals (and `compare`) re-solve warm only when the other network
    # differs in link capacities alone; a different dated limit, profile or rule needs its own LP
    from energymodel.analysis.integration import differs_only_in_link_capacity
    net = export_stop_network()
    links = net.links.copy()
    links["capacity_fwd_mw"] = 0.0
    assert differs_only_in_link_capacity(net, net.replace(links=links, name="other"))
    assert not differs_only_in_link_capacity(net, net.replace(link_limit_pu=None))
    assert not differs_only_in_link_capacity(net, net.replace(link_limit_pu=net.link_limit_pu * 0.5))
    limits = pd.DataFrame([dict(region="A", technology="a", bound="min", basis="electric", rule="must_run",
                                mwh_per_year=1.0, generators=("a",))], index=pd.Index(["m"], name="limit"))
    assert not differs_only_in_link_capacity(net, net.replace(gen_limits=limits))
