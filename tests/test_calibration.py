"""Calibration (issue 3): the comparison logic, the shipped reported-generation table, provenance and
units of every column of every data table written by scripts/build_data.py, the milestone scenarios,
and (slow) the full-year base scenario against reported generation."""
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from energymodel import build_network, load_scenario
from energymodel.analysis.calibration import COLUMNS, Reported, compare, format_all, outside, read_reported, run

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
REGIONS = ["MX", "GT", "CAM", "PA", "CO", "EC", "PE", "CL"]

UNIT_SUFFIXES = ("_mw", "_mwh", "_twh", "_h", "_pu", "_km", "_kv", "_usd", "_usd_per_mw", "_usd_per_mw_km",
                 "_usd_per_mwh", "_usd_per_mwh_th", "_usd_per_t", "_mwh_th_per_mwh", "_tco2_per_mwh_th", "_deg")
UNITLESS_NUMERIC = {"month", "efficiency", "efficiency_charge", "efficiency_discharge", "year", "cost_year", "hydrology_year", "hour", "main"}
"""Fractions (p.u.) and calendar years / hour index, documented in data/README.md."""
TEXT_COLUMNS = {"source_id", "citation", "url", "licence", "note", "region", "name", "countries", "technology",
                "fuel", "profile", "generator", "storage", "hydro", "inflow_profile", "link", "from_region",
                "to_region", "status", "column", "link_type", "limit", "bound", "basis", "rule", "place", "zone",
                "from_zone", "to_zone", "direction", "start_date", "end_date"}
"""Names, codes and free text: no unit."""


def _ours(path: Path) -> bool:
    """Tables written by scripts/build_data.py (the gas_* tables belong to the gas data set, data/GAS.md)."""
    return not path.name.startswith("gas_")


def _tables() -> dict[str, pd.DataFrame]:
    return {p.name: pd.read_csv(p) for p in sorted(DATA.glob("*.csv")) if _ours(p)}


# ------------------------------------------------------------------------------ the comparison itself


def _fake_results(gen_mw: dict, hours: int = 24 * 365, prices: dict | None = None, flows: dict | None = None):
    """A Results-like object over a year of hourly snapshots: two regions A and B, constant dispatch
    ``{(region, technology): MW}`` (emission 0.5 t/MWh for coal), prices per region as a function of the
    month, one link A-B with constant flows ``{"fwd": MW, "bwd": MW}``."""
    snaps = pd.date_range("2023-01-01", periods=hours, freq="h", tz="UTC")
    regions = pd.DataFrame(index=pd.Index(["A", "B"], name="region"))
    gens = pd.DataFrame([{"generator": f"{r}-{t}", "region": r, "technology": t, "marginal_cost_usd_per_mwh": 0.0,
                          "emission_tco2_per_mwh": 0.5 if t == "coal" else 0.0} for (r, t) in gen_mw]).set_index("generator")
    disp = pd.DataFrame([dict(snapshot=t, region=r, technology=tech, generator=f"{r}-{tech}", mw=mw)
                         for t in snaps for (r, tech), mw in gen_mw.items()])
    prices = prices or {"A": lambda m: 50.0, "B": lambda m: 50.0}
    months = snaps.month
    price_rows = pd.DataFrame([dict(snapshot=t, region=r, price_usd_per_mwh=prices[r](m))
                               for t, m in zip(snaps, months) for r in ("A", "B")])
    flows = flows or {"fwd": 10.0, "bwd": 0.0}
    flow_rows = pd.DataFrame({"snapshot": snaps, "link": "A-B", "flow_fwd_mw": flows["fwd"], "flow_bwd_mw": flows["bwd"]})
    net = SimpleNamespace(regions=regions, snapshots=snaps, weight_h=np.ones(hours), generators=gens,
                          demand_mw=pd.DataFrame({"A": 100.0, "B": 100.0}, index=range(hours)),
                          annualisation=8760.0 / hours, voll_usd_per_mwh=3000.0, has_gas=False,
                          links=pd.DataFrame({"from_region": ["A"], "to_region": ["B"]}, index=pd.Index(["A-B"], name="link")))
    res = SimpleNamespace(network=net, dispatch=disp, flows=flow_rows, prices=price_rows,
                          shedding=pd.DataFrame({"snapshot": np.repeat(snaps, 2), "region": ["A", "B"] * hours, "shed_mw": 0.0}))
    res.price_matrix = lambda: price_rows.pivot(index="snapshot", columns="region", values="price_usd_per_mwh")
    return res


def _reported(gen=None, co2=None, prices=None, flows=None) -> Reported:
    cols = {"generation": ["region", "reported_technology", "year", "generation_twh", "source_id"],
            "co2": ["region", "year", "co2e_mt", "source_id"],
            "prices": ["market", "region", "year", "month", "price_usd_per_mwh", "source_id"],
            "flows": ["link", "year", "direction", "energy_twh", "source_id", "note"]}
    return Reported(**{k: pd.DataFrame(v or [], columns=cols[k]) for k, v in
                       dict(generation=gen, co2=co2, prices=prices, flows=flows).items()})


def test_generation_by_technology_pass_fail_on_the_stated_tolerances():
    # A: 100 MW hydro + 20 MW coal all year = 0.876 + 0.1752 TWh; B: 100 MW coal = 0.876 TWh.
    res = _fake_results({("A", "hydro_reservoir"): 100.0, ("A", "coal"): 20.0, ("B", "coal"): 100.0})
    rep = _reported(gen=[["A", "hydro", 2023, 0.80, "x"],                # +9.5 %: inside 20 %
                         ["A", "coal", 2023, 0.10, "x"],                 # +75 %, but 0.075 TWh ≤ 3 % of 1.0 → no: 0.03
                         ["A", "total_generation", 2023, 1.00, "x"],     # +5.1 %: inside 10 %
                         ["B", "coal", 2023, 0.70, "x"],                 # +25 %: outside 20 % (3 % of 0.7 smaller)
                         ["B", "total_generation", 2023, 0.80, "x"]])    # +9.5 %: inside
    table, _ = compare(res, rep)
    g = table.set_index(["region", "item"])
    assert g.loc[("A", "hydro"), "simulated"] == pytest.approx(0.876) and bool(g.loc[("A", "hydro"), "ok"])
    assert not bool(g.loc[("A", "coal"), "ok"])
    assert g.loc[("A", "coal"), "tolerance"] == pytest.approx(0.03)     # max(0.2 · 0.1, 0.03 · 1.0)
    assert bool(g.loc[("A", "total_generation"), "ok"])
    assert not bool(g.loc[("B", "coal"), "ok"]) and bool(g.loc[("B", "total_generation"), "ok"])
    assert outside(table) == ["A", "B"]


def test_co2_flows_and_prices_pass_fail():
    # B burns 100 MW of coal at 0.5 t/MWh: 0.438 Mt. Link A-B sends 10 MW A→B all year: 0.0876 TWh.
    # Prices: A rises from 50 (Jan) to 160 (Dec) by 10 a month; B is flat at 50.
    res = _fake_results({("A", "hydro_ror"): 100.0, ("B", "coal"): 100.0},
                        prices={"A": lambda m: 40.0 + 10.0 * m, "B": lambda m: 50.0})
    rep = _reported(co2=[["A", 2023, 0.10, "x"],        # A emits nothing: ratio 0 < 0.60, outside
                         ["B", 2023, 0.50, "x"]],       # 0.438 / 0.50 = 0.876: inside [0.60, 1.05]
                    prices=[["MA", "A", 2023, 1, 55.0, "x"], ["MA", "A", 2023, 6, 95.0, "x"],
                            ["MA", "A", 2023, 12, 170.0, "x"],                               # tracks A
                            ["MB", "B", 2023, 1, 40.0, "x"], ["MB", "B", 2023, 10, 120.0, "x"]],  # B is flat: fails
                    flows=[["A-B", 2023, "fwd", 0.08, "x", ""],                            # +9.5 %: inside 50 %
                           ["A-B", 2023, "net_bwd", 0.01, "x", "direction only"]])        # wrong direction
    table, monthly = compare(res, rep)
    t = table.set_index(["check", "region"])
    assert t.loc[("co2", "B"), "simulated"] == pytest.approx(0.438) and bool(t.loc[("co2", "B"), "ok"])
    assert t.loc[("co2", "B"), "error"] == pytest.approx(0.876) and not bool(t.loc[("co2", "A"), "ok"])
    assert bool(t.loc[("prices", "A"), "ok"])
    assert not bool(t.loc[("prices", "B"), "ok"])      # MAE 40 / 80 = 50 % and the wrong direction
    assert len(monthly) == 5 and monthly["simulated_usd_per_mwh"].iloc[0] == pytest.approx(50.0)
    fl = table[table["check"] == "flows"]
    assert list(fl["ok"]) == [True, False]
    assert fl["simulated"].iloc[0] == pytest.approx(0.0876)
    text = format_all(table)
    assert "Monthly average prices" in text and "outside the tolerances: A, A-B, B" in text


def test_run_on_a_short_horizon_writes_the_report(tmp_path):
    table, prices = run(ROOT / "scenarios" / "base.yaml", hours=48, out=tmp_path / "cal")
    assert set(COLUMNS) <= set(table.columns)
    assert set(table["check"]) == {"generation", "co2", "prices", "flows"}
    assert (tmp_path / "cal" / "calibration.md").exists() and (tmp_path / "cal" / "calibration.csv").exists()
    assert list((tmp_path / "cal" / "plots").glob("prices_*.png"))


def test_reported_tables_cover_every_region():
    rep = read_reported(DATA)
    for df in (rep.generation, rep.co2):
        assert set(df["region"]) == set(REGIONS)
        assert set(df["year"]) == {2023}
    assert set(rep.flows["link"]) <= set(pd.read_csv(DATA / "interconnectors.csv")["link"])


def test_every_row_of_every_table_resolves_a_source():
    sources = pd.read_csv(DATA / "sources.csv")
    known = set(sources["source_id"])
    assert sources["source_id"].is_unique
    for col in ("citation", "licence", "note"):
        assert sources[col].fillna("").str.len().gt(0).all(), f"sources.csv: empty {col}"
    for name, df in _tables().items():
        if name == "sources.csv":
            continue
        assert "source_id" in df, f"{name} has no source_id column"
        assert df["source_id"].notna().all(), f"{name}: empty source_id"
        missing = set(df["source_id"]) - known
        assert not missing, f"{name} cites unknown sources {missing}"


def test_estimates_say_so_in_their_source_note():
    sources = pd.read_csv(DATA / "sources.csv").set_index("source_id")
    for sid in sources.index:
        if sid.startswith("est_") or sid in {"price_ec_thermal", "profile_demand", "profile_wind", "profile_solar"}:
            assert "ESTIMATE" in sources.at[sid, "note"] + sources.at[sid, "citation"], sid


def test_every_column_of_every_table_has_a_unit_and_is_documented():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for name, df in _tables().items():
        for col in df.columns:
            assert f"`{col}`" in readme, f"{name}.{col} is not documented in data/README.md"
            if col in TEXT_COLUMNS:
                continue
            assert pd.api.types.is_numeric_dtype(df[col]), f"{name}.{col}: unexpected text column"
            assert col.endswith(UNIT_SUFFIXES) or col in UNITLESS_NUMERIC, f"{name}.{col} has no unit in its name"


def test_profiles_are_regions_and_every_column_has_provenance():
    # The region-wide shapes have every region; a profile read only by named generators (generators.csv:profile,
    # e.g. the bagasse harvest of GT, CAM and PA) has the regions of those generators, in region order.
    meta = pd.read_csv(DATA / "profiles.csv")
    gens = pd.read_csv(DATA / "generators.csv", keep_default_na=False)
    for path in sorted((DATA / "profiles").glob("*_pu.csv")):
        cols = list(pd.read_csv(path, nrows=1).columns)
        stem = path.stem[: -len("_pu")]
        users = sorted(set(gens.loc[gens["profile"] == stem, "region"]), key=REGIONS.index)
        expected = users or list(REGIONS)
        assert cols == ["hour", *expected], path.name
        assert set(meta.loc[meta["profile"] == stem, "column"]) == set(expected), path.name


def test_interconnector_costs_are_consistent():
    ic = pd.read_csv(DATA / "interconnectors.csv").set_index("link")
    known = ic.dropna(subset=["capex_usd"])
    assert len(known) >= 6
    per_mw = known["capex_usd"] / known["capex_usd_per_mw"]
    assert (per_mw >= known[["capacity_fwd_mw", "capacity_bwd_mw"]].max(axis=1) * 0.5).all()
    ratio = known["capex_usd_per_mw"] / (known["capex_usd_per_mw_km"] * known["length_km"])
    assert np.allclose(ratio, 1.0, rtol=0.01)
    assert (ic["generic_capex_usd_per_mw"] > 0).all()


# ----------------------------------------------------------------------------- milestone scenarios


@pytest.mark.parametrize("year", [2026, 2028, 2033])
def test_milestone_scenarios_build(year):
    scen = load_scenario(ROOT / "scenarios" / f"milestone_{year}.yaml", hours=24)
    net = build_network(scen)
    base = build_network(load_scenario(ROOT / "scenarios" / "base.yaml", hours=24))
    assert scen.year == year
    assert (net.demand_mw.sum() > base.demand_mw.sum()).all()   # demand grows in every region
    links = set(net.links.index)
    assert ("PA-CO" in links) == (year >= 2028) and ("EC-PE-500kV" in links) == (year >= 2028)
    assert ("PE-CL" in links) == (year >= 2030)
    assert net.links.at["EC-PE", "capacity_fwd_mw"] == 0.0   # radial emergency link, as in base
    gens = net.generators
    country = gens["region"].map(net.regions["country"])  # both Peruvian zones
    pe_solar = gens[(country == "PE") & (gens.technology == "solar_pv")]["capacity_mw"].sum()
    # Osinergmin: PV in operation Nov 2025 (2026), its 2028 projection with definitive concessions (2028 on)
    assert pe_solar == pytest.approx(938.2 if year == 2026 else 3336.5)


# ----------------------------------------------------------------------------------- full year


@pytest.fixture(scope="module")
def base_year_calibration(tmp_path_factory):
    """(table, monthly prices) of the full-year base run, computed once for the slow tests below."""
    return run(ROOT / "scenarios" / "base.yaml", out=tmp_path_factory.mktemp("cal") / "cal")


def _scored_flows(table):
    flows = table[table["check"] == "flows"]
    return flows, flows[flows["item"].str.contains("operator|net direction")]


@pytest.mark.slow
def test_cam_pa_flow_in_its_reported_direction(base_year_calibration):
    # It was a tie while one annual bunker price set GT's, CAM's and PA's engines at 108.24 USD/MWh; with
    # the monthly bunker price (fuel_price_months.csv) Panama sells to CAM in the dear second half, after
    # ETESA's export stop (10 May-30 September, link_limits.csv) from its wet October-December.
    flows, scored = _scored_flows(base_year_calibration[0])
    assert scored[scored["region"] == "CAM-PA"]["ok"].all(), flows


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="Panama's oil (2.55 TWh against Ember's 1.91): with ETESA's export stop "
                   "(10 May-30 September, link_limits.csv) and each reported period's hydro generated in it "
                   "(pa_period_budget) the first half matches ASEP's thermal share, but Panama still burns 0.95 TWh "
                   "of bunker in July-August, where it in fact imported, and exports 0.66 TWh of its wet "
                   "October-December to CAM (Ember: 0.14 net for the year) (data/README.md, 'Still outside'); "
                   "fails loudly once fixed")
def test_panamas_oil_within_its_tolerance(base_year_calibration):
    table = base_year_calibration[0]
    pa = table[(table["check"] == "generation") & (table["region"] == "PA") & (table["item"] == "oil")]
    assert pa["ok"].all(), pa


@pytest.mark.slow
def test_base_year_against_reported_2023(base_year_calibration):
    """The full-year base run (energymodel calibrate prints the same tables): no unserved energy beyond
    0.01 % of demand, every scored flow in its reported direction, Colombia's, Peru's and CAM's monthly
    prices not flat, and total generation of every country within its tolerance. What is still outside is
    listed in data/README.md with reasons."""
    table, prices = base_year_calibration
    print("\n" + format_all(table))
    flows, scored = _scored_flows(table)
    assert scored["ok"].all(), flows
    totals = table[(table["check"] == "generation") & (table["item"] == "total_generation")]
    assert totals["ok"].all(), totals
    assert prices["CO"].max() > 1.05 * prices["CO"].min()
    # Colombia's price check passes (MAE and direction), and the El Niño half-year is dearer than the wet one
    co = table[(table["check"] == "prices") & (table["region"] == "CO")]
    assert co["ok"].all(), co
    assert prices.loc[7:12, "CO"].mean() > 1.2 * prices.loc[1:6, "CO"].mean()     # index: month 1..12
    # Peru's price is not flat: the month budget puts the dry season's water where it was, and with the gas
    # fleet as it ran (GEM's combined cycles, the southern dual-fuel plants on diesel, Ilo21 capped) diesel
    # sets the dry season: the price check passes and June-September cost over 3x January-April
    assert prices["PE"].max() > 1.05 * prices["PE"].min()
    pe = table[(table["check"] == "prices") & (table["region"] == "PE")]
    assert pe["ok"].all(), pe
    assert prices.loc[6:9, "PE"].mean() > 3 * prices.loc[1:4, "PE"].mean()
    # Central America: Panama inside every generation and CO2 check but oil (the xfail above; bagasse
    # harvest, coal at its grid share, take-or-pay LNG); CAM's generation by technology and CO2 inside; CAM's
    # price follows the monthly bunker price, dearer in the second half as El Salvador's MRS price was (its
    # month-to-month shape is not inside: data/README.md)
    ca = table[table["check"].isin(["generation", "co2"])]
    pa = ca[(ca["region"] == "PA") & (ca["item"] != "oil")]
    assert pa["ok"].all(), pa
    assert ca[ca["region"] == "CAM"]["ok"].all(), ca[ca["region"] == "CAM"]
    assert prices.loc[7:12, "CAM"].mean() > 1.1 * prices.loc[1:6, "CAM"].mean()


def test_calibrate_never_writes_into_a_folder_energymodel_did_not_write(tmp_path):
    from energymodel.cli import main
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "calibration.md").write_text("my notes")
    assert main(["-q", "calibrate", str(ROOT / "scenarios" / "base.yaml"), "--hours", "24", "--out", str(mine)]) == 2
    assert (mine / "calibration.md").read_text() == "my notes" and len(list(mine.iterdir())) == 1
    out = tmp_path / "cal"
    assert main(["-q", "calibrate", str(ROOT / "scenarios" / "base.yaml"), "--hours", "24", "--out", str(out)]) in (0, 1)
    assert (out / ".energymodel").exists() and (out / "calibration.csv").exists()
