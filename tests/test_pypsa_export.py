"""``energymodel export-pypsa``: the exported PyPSA network is the same LP (same optimal objective)."""
from __future__ import annotations

from pathlib import Path

import pytest

from energymodel.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_export_refuses_to_replace_a_file_without_force(tmp_path):
    out = tmp_path / "mine.nc"
    out.write_text("not ours")
    assert main(["export-pypsa", str(ROOT / "scenarios" / "base.yaml"), str(out), "--hours", "24"]) == 2
    assert out.read_text() == "not ours"


def test_export_wants_a_netcdf_name(tmp_path):
    assert main(["export-pypsa", str(ROOT / "scenarios" / "base.yaml"), str(tmp_path / "x.csv")]) == 2


@pytest.mark.slow
def test_exported_network_solves_to_the_same_objective(tmp_path):
    pypsa = pytest.importorskip("pypsa")
    from energymodel import build_network, load_scenario
    from energymodel.inputs.yamlfile import parse_override
    from energymodel.solver.highs import solve_lp
    from energymodel.solver.worker import compile_network

    out = tmp_path / "base.nc"
    sets = ["rules.must_run=false", "rules.take_or_pay=false", "rules.fuel_supply=false",
            "rules.reservoir_path=false", "rules.hydro_month_budget=false", "reservoir_end=cyclic"]
    args = ["export-pypsa", str(ROOT / "scenarios" / "base.yaml"), str(out), "--hours", "48"]
    assert main(args) == 2 and not out.exists()  # the backcast rules have no PyPSA equivalent: refused
    assert main(args + [a for s in sets for a in ("--set", s)]) == 0
    net = build_network(load_scenario(ROOT / "scenarios" / "base.yaml", hours=48,
                                      overrides=[parse_override(s) for s in sets]))
    ours = solve_lp(compile_network(net)[0]).objective_usd
    n = pypsa.Network(str(out))
    status, condition = n.optimize(solver_name="highs", output_flag=False)
    assert (status, condition) == ("ok", "optimal")
    assert n.objective == pytest.approx(ours, rel=1e-6)
    # the same pieces: every region, both arcs of every link, gas nodes and reservoirs with inflow
    assert set(net.regions.index) <= set(n.buses.index)
    assert {f"{l} {d}" for l in net.links.index for d in ("fwd", "bwd")} <= set(n.links.index)
    assert {f"gas {g}" for g in net.gas_nodes.index} <= set(n.buses.index)
    assert set(net.hydro.index) <= set(n.storage_units.index)


def test_export_names_what_pypsa_cannot_carry():
    """The base year's rules (annual limits, start levels) are listed, and gone once switched off."""
    from energymodel import build_network, load_scenario
    from energymodel.inputs.yamlfile import parse_override
    from energymodel.outputs.pypsa_export import _not_carried

    base = ROOT / "scenarios" / "base.yaml"
    listed = _not_carried(build_network(load_scenario(base, hours=24)))
    assert any("rules.must_run=false" in item for item in listed)
    assert any("reservoir_end=cyclic" in item for item in listed)
    sets = ["rules.must_run=false", "rules.take_or_pay=false", "rules.fuel_supply=false",
            "rules.reservoir_path=false", "rules.hydro_month_budget=false", "reservoir_end=cyclic"]
    relaxed = load_scenario(base, hours=24, overrides=[parse_override(s) for s in sets])
    assert _not_carried(build_network(relaxed)) == []


@pytest.mark.slow
def test_storage_extras_floors_sinks_and_link_profiles_export_to_the_same_objective():
    """A chain with a storage unit that has a separate charge rating, dispatch cost, standing loss, natural
    inflow and a fixed start, a must-run floor, a sink (min_output_pu < 0) and a link availability profile,
    without and with a binding CO2 cap (a GlobalConstraint): PyPSA solves the exported network to the same
    objective."""
    pypsa = pytest.importorskip("pypsa")
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from networks import solve_network
    from test_sweep_vectors import rich_chain

    from energymodel.outputs.pypsa_export import to_pypsa

    free = rich_chain().replace(co2_cap_tco2_per_year=None)
    res = solve_network(free)
    d = res.dispatch[res.dispatch["generator"].isin(free.generators.index)]  # every generator emits 0.5 t/MWh
    emitted = float((d["mw"] * 0.5).groupby(d["snapshot"]).sum().to_numpy() @ free.weight_h)
    share = float(free.weight_h.sum()) / 8760
    net = free.replace(co2_cap_tco2_per_year=0.8 * emitted / share)  # a cap that binds
    capped = solve_network(net).objective_usd
    assert capped > res.objective_usd + 1.0
    for case, ours in ((free, res.objective_usd), (net, capped)):
        n = to_pypsa(case)
        assert n.optimize(solver_name="highs", log_to_console=False) == ("ok", "optimal")
        assert n.objective == pytest.approx(ours, rel=1e-9)


def test_quiet_export_prints_nothing(tmp_path):
    # -q: warnings and errors only; PyPSA's own INFO line (naming the temporary file) and its pandas-3
    # FutureWarning about its internals are held back
    pytest.importorskip("pypsa")
    import subprocess
    import sys
    out = tmp_path / "x.nc"
    proc = subprocess.run([sys.executable, "-m", "energymodel.cli", "-q", "export-pypsa",
                           str(ROOT / "examples" / "two_regions.yaml"), str(out), "--hours", "24"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "" and proc.stderr == "", (proc.stdout, proc.stderr)
    assert out.stat().st_size > 0
