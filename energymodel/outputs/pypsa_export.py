"""A Network as a PyPSA network: the same LP, for users who carry a scenario into the PyPSA ecosystem.

PyPSA is an optional extra (``pip install -e ".[pypsa]"``), imported only here and only when called.
The mapping (``docs/formulation.md`` symbols on the left):

* region r → Bus ``r`` (carrier AC) with a Load ``r`` (``p_set`` = demand_mw);
* generator g → Generator ``g`` (``p_nom`` = capacity_mw, ``p_max_pu`` = availability_pu,
  ``p_min_pu`` = min(min_output_pu, availability_pu), ``marginal_cost`` = marginal_cost_usd_per_mwh, a time
  series for a unit on a monthly fuel price); a gas-fired unit drawing from a gas node is a Link
  ``g`` from the gas bus to its region (``efficiency`` = 1 / heat rate, ``p_nom`` = capacity × heat rate,
  ``marginal_cost`` = marginal cost ÷ heat rate per MWh_th drawn), so the fuel comes through the gas balance;
* v_shed → Generator ``shed r`` at VOLL with ``p_max_pu · p_nom`` = demand;
* interconnector l → two Links ``l fwd`` (from → to) and ``l bwd`` (to → from), each with its capacity,
  ``p_max_pu`` = its availability profile times that direction's dated limit (1 if none), ``efficiency`` and ``marginal_cost`` =
  wheeling_usd_per_mwh;
* storage s → StorageUnit (``max_hours`` = energy / power, ``efficiency_store`` / ``efficiency_dispatch``,
  ``p_min_pu`` = −charge_power_mw / power_mw, ``standing_loss``, ``marginal_cost`` = dispatch cost,
  ``inflow``, cyclic or ``state_of_charge_initial`` = initial_soc_pu × energy);
* reservoir h → StorageUnit with ``inflow`` (PyPSA adds the spill variable), no pumping, efficiency 1,
  cyclic;
* gas node n → Bus ``gas n`` (carrier gas) with a Load (non-power demand), a Generator ``gas shed n`` at
  VOLL (≤ non-power demand), and a Generator ``gas disposal n`` with output in (−∞, 0] at no cost (the
  gas balance is ≥: free disposal); supply k → Generator ``k`` at its price (an export: output in
  [−capacity, 0], earning its price); gas arc a → Link ``a`` with ``efficiency`` = 1 − loss_pu and
  ``marginal_cost`` = cost_usd_per_mwh_th. Unlimited capacities become extendable components at zero
  capital cost (unbounded, no cost).

A CO2 cap → GlobalConstraint ``co2_cap`` (``primary_energy`` on ``co2_emissions``; each emitting
generator gets a carrier with its emission_tco2_per_mwh); refused when a unit fed by a gas node emits
(PyPSA does not count links in that constraint).

Snapshot weightings: ``objective`` and ``generators`` = weight_h, ``stores`` = duration_h (storage and
reservoir continuity), as in the LP. Expandable links (a capacity shared by both directions) have no
PyPSA equivalent without extra constraints and are refused.
"""
from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from energymodel.errors import InputError
from energymodel.network import bounds
from energymodel.network.fuelprices import generator_costs
from energymodel.network.network import Network
from energymodel.network.storage import storage_columns

if TYPE_CHECKING:  # pragma: no cover
    import pypsa


def _pypsa():
    try:
        import pypsa
    except ImportError:
        raise InputError("PyPSA is not installed; install the optional extra: pip install -e \".[pypsa]\"",
                         key="export-pypsa") from None
    return pypsa


def _capacity(n: "pypsa.Network", component: str, name: str, capacity: float, **kw) -> None:
    """Add a component with ``p_nom`` = capacity, or unbounded (extendable at zero cost) if infinite."""
    if np.isfinite(capacity):
        n.add(component, name, p_nom=float(capacity), **kw)
    else:
        n.add(component, name, p_nom_extendable=True, capital_cost=0.0, **kw)


def _bounded_by(n: "pypsa.Network", name: str, bus: str, series: pd.Series, cost: float, index) -> None:
    """A Generator whose output is at most ``series`` (≥ 0) at each snapshot, at ``cost`` per unit."""
    peak = float(series.max()) if len(series) else 0.0
    p_max_pu = (series.to_numpy(dtype=float) / peak) if peak > 0 else np.zeros(len(series))
    n.add("Generator", name, bus=bus, p_nom=peak, p_max_pu=pd.Series(p_max_pu, index=index), marginal_cost=cost)


def _not_carried(net: Network) -> list[str]:
    """What of ``net``'s LP this export cannot write (each with the scenario key that switches it off)."""
    out = []
    limits = net.gen_limits
    if limits is not None and len(limits):
        out.append("annual generation and fuel limits (rules.must_run=false, rules.take_or_pay=false, "
                   "rules.fuel_supply=false)")
    if "start_level_mwh" in net.hydro and net.hydro["start_level_mwh"].notna().any():
        out.append("reservoir start levels with a least end level (reservoir_end=cyclic)")
    if net.level_floor_mwh is not None and net.level_floor_mwh.notna().to_numpy().any():
        out.append("reservoir level floors (rules.reservoir_path=false, rules.hydro_month_budget=false)")
    if net.level_cap_mwh is not None and net.level_cap_mwh.notna().to_numpy().any():
        out.append("reservoir level caps (rules.reservoir_path=false, rules.hydro_month_budget=false)")
    if storage_columns(net.storage)["min_soc_pu"].ne(0).any():
        out.append("a least storage level (storage.csv:min_soc_pu; PyPSA's StorageUnit has none)")
    if net.co2_cap_tco2_per_year is not None and _gas_fed_emitters(net):
        out.append("a CO2 cap with emitting units fed by gas nodes (PyPSA's primary_energy constraint does "
                   "not count links; co2_cap_tco2_per_year=null)")
    return out


def _gas_fed_emitters(net: Network) -> bool:
    gens = net.generators
    if not (net.has_gas and "gas_node" in gens):
        return False
    return bool(((gens["gas_node"] != "") & (gens["emission_tco2_per_mwh"].fillna(0.0) != 0)).any())


def _co2_cap(n: "pypsa.Network", net: Network) -> None:
    """The CO2 cap as a GlobalConstraint ``primary_energy`` on ``co2_emissions``: each emitting generator
    gets a carrier ``co2 <k>`` whose co2_emissions is its emission_tco2_per_mwh (efficiency 1), so PyPSA's
    Σ weight · p / efficiency · co2_emissions is the row c_co2_cap."""
    cap = bounds.cap_over_horizon(net)
    if cap is None:
        return
    emission = net.generators["emission_tco2_per_mwh"].fillna(0.0)
    carriers = {e: f"co2 {k}" for k, e in enumerate(sorted(set(emission[emission != 0])))}
    for e, name in carriers.items():
        n.add("Carrier", name, co2_emissions=float(e))
    for g, e in emission[emission != 0].items():
        n.generators.loc[g, ["carrier", "efficiency"]] = [carriers[e], 1.0]
    n.add("GlobalConstraint", "co2_cap", type="primary_energy", carrier_attribute="co2_emissions", sense="<=",
          constant=cap)


def _check_exportable(net: Network) -> None:
    """Raise InputError when the export would be another LP than the scenario's (never a silent change)."""
    missing = _not_carried(net)
    if missing:
        raise InputError("the PyPSA export cannot carry: " + "; ".join(missing) + ". Export the scenario "
                         "without them (e.g. with the --set options named), knowing that this LP differs "
                         "from the scenario's", key="export-pypsa")


def to_pypsa(net: Network) -> "pypsa.Network":
    """The LP of ``net`` as a ``pypsa.Network`` (raises InputError without PyPSA or with expandable links)."""
    pypsa = _pypsa()
    _check_exportable(net)
    if net.links["expandable"].astype(bool).any():
        raise InputError("expandable links have no PyPSA equivalent here (one capacity for both directions); "
                         "export a scenario without expandable links", key="interconnectors")
    n = pypsa.Network(name=net.name)
    index = pd.DatetimeIndex(net.snapshots).tz_localize(None)
    n.set_snapshots(index)
    n.snapshot_weightings.loc[:, "objective"] = net.weight_h
    n.snapshot_weightings.loc[:, "generators"] = net.weight_h
    n.snapshot_weightings.loc[:, "stores"] = net.duration_h

    def ts(values) -> pd.Series:
        return pd.Series(np.asarray(values, dtype=float), index=index)

    for r in net.regions.index:
        n.add("Bus", r, carrier="AC")
        n.add("Load", r, bus=r, p_set=ts(net.demand_mw[r]))
        _bounded_by(n, f"shed {r}", r, net.demand_mw[r], net.voll_usd_per_mwh, index)
    if net.has_gas:  # gas buses first: gas-fired units are links from them
        _gas(n, net, ts, index)
    _generators(n, net, ts)
    avail_fwd, avail_bwd = bounds.link_availability(net)
    for i, (link, row) in enumerate(net.links.iterrows()):
        for suffix, a, b, cap, avail in (("fwd", row.from_region, row.to_region, row.capacity_fwd_mw, avail_fwd),
                                         ("bwd", row.to_region, row.from_region, row.capacity_bwd_mw, avail_bwd)):
            n.add("Link", f"{link} {suffix}", bus0=a, bus1=b, p_nom=float(cap), efficiency=float(row.efficiency),
                  marginal_cost=float(row.wheeling_usd_per_mwh), p_max_pu=ts(avail[i]))
    _storage(n, net, ts)
    _co2_cap(n, net)
    for h, row in net.hydro.iterrows():
        power = float(row.capacity_mw)
        n.add("StorageUnit", h, bus=row.region, p_nom=power, max_hours=float(row.energy_mwh) / power if power else 0.0,
              p_min_pu=0.0, p_max_pu=1.0, efficiency_dispatch=1.0, inflow=ts(net.inflow_mw[h]),
              cyclic_state_of_charge=True)
    return n


def _storage(n: "pypsa.Network", net: Network, ts) -> None:
    """Storage units as StorageUnits: the charge rating as ``p_min_pu``, standing loss, dispatch cost
    (PyPSA's ``marginal_cost`` is paid on dispatch only), natural inflow (PyPSA adds the spill) and a cyclic
    or fixed start (``state_of_charge_initial``)."""
    st = storage_columns(net.storage)
    inflow = net.storage_inflow_mw
    for s, row in st.iterrows():
        power, energy = float(row.power_mw), float(row.energy_mwh)
        extra = {"inflow": ts(inflow[s])} if inflow is not None and s in inflow.columns else {}
        n.add("StorageUnit", s, bus=row.region, p_nom=power, max_hours=energy / power if power else 0.0,
              efficiency_store=float(row.efficiency_charge), efficiency_dispatch=float(row.efficiency_discharge),
              p_min_pu=-float(row.charge_power_mw) / power if power else 0.0, p_max_pu=1.0,
              standing_loss=float(row.standing_loss_pu_per_h), marginal_cost=float(row.dispatch_cost_usd_per_mwh),
              cyclic_state_of_charge=bool(row.cyclic), state_of_charge_initial=float(row.initial_soc_pu) * energy,
              **extra)


def _generators(n: "pypsa.Network", net: Network, ts) -> None:
    gens = net.generators
    gas_node = gens["gas_node"] if (net.has_gas and "gas_node" in gens) else pd.Series("", index=gens.index)
    lb, ub = bounds.generator_bounds(net)
    costs = generator_costs(net)
    for i, (g, row) in enumerate(gens.iterrows()):
        avail = ts(net.availability_pu[g])
        cap = float(row.capacity_mw)
        floor = ts(lb[i] / cap) if lb is not None and cap > 0 else ts(np.zeros(len(avail)))
        if gas_node[g]:
            hr = float(row.heat_rate_mwh_th_per_mwh)
            n.add("Link", g, bus0=f"gas {gas_node[g]}", bus1=row.region, p_nom=cap * hr, p_max_pu=avail,
                  p_min_pu=floor, efficiency=1.0 / hr, marginal_cost=float(row.marginal_cost_usd_per_mwh) / hr)
        else:  # a unit on a monthly fuel price gets its cost as a time series
            cost = ts(costs[i]) if row.get("fuel_price_series", "") else float(row.marginal_cost_usd_per_mwh)
            n.add("Generator", g, bus=row.region, p_nom=cap, p_max_pu=avail, p_min_pu=floor, marginal_cost=cost)


def _gas(n: "pypsa.Network", net: Network, ts, index) -> None:
    for node in net.gas_nodes.index:
        bus = f"gas {node}"
        n.add("Bus", bus, carrier="gas")
        demand = net.gas_demand_mw_th[node]
        if (demand > 0).any():
            n.add("Load", bus, bus=bus, p_set=ts(demand))
            _bounded_by(n, f"gas shed {node}", bus, demand, net.voll_usd_per_mwh, index)
        n.add("Generator", f"gas disposal {node}", bus=bus, p_nom_extendable=True, capital_cost=0.0,
              p_min_pu=-1.0, p_max_pu=0.0, marginal_cost=0.0)
    for k, row in net.gas_supply.iterrows():
        export = row.kind == "export"
        _capacity(n, "Generator", k, float(row.capacity_mw_th), bus=f"gas {row.node}",
                  marginal_cost=float(row.price_usd_per_mwh_th),
                  p_min_pu=-1.0 if export else 0.0, p_max_pu=0.0 if export else 1.0)
    for a, row in net.gas_links.iterrows():
        _capacity(n, "Link", a, float(row.capacity_mw_th), bus0=f"gas {row.from_node}", bus1=f"gas {row.to_node}",
                  efficiency=1.0 - float(row.loss_pu), marginal_cost=float(row.cost_usd_per_mwh_th))


@contextlib.contextmanager
def _quiet_pypsa():
    """PyPSA's own INFO line names the temporary file (the command logs the final one) and its pandas-3 string
    FutureWarning is about PyPSA's internals, not the user's input: both are held back while exporting."""
    logger = logging.getLogger("pypsa")
    level = logger.level
    logger.setLevel(max(level, logging.WARNING))
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=FutureWarning, module=r"pypsa(\.|$)")
            yield
    finally:
        logger.setLevel(level)


def export_pypsa(net: Network, path) -> "pypsa.Network":
    """Write ``net`` as a PyPSA network to a netCDF file ``path``; returns the PyPSA network."""
    with _quiet_pypsa():
        n = to_pypsa(net)
        n.export_to_netcdf(str(path))
    return n


def check_output_file(path, *, force: bool = False) -> Path:
    """The absolute output path; InputError for a folder, a name not ending in .nc, or an existing file
    without ``force`` (checked before anything is built)."""
    out = Path(path).resolve()
    if out.is_dir():
        raise InputError("the output path is a folder; expected a .nc file name", file=out)
    if out.suffix != ".nc":
        raise InputError("expected a netCDF file name ending in .nc", file=out)
    if out.exists() and not force:
        raise InputError("the output file exists; choose another name or pass --force to replace it", file=out)
    return out


def write_netcdf(net: Network, out: Path) -> "pypsa.Network":
    """:func:`export_pypsa` into a temporary sibling file renamed to ``out`` when complete: a failure or an
    interruption leaves no partial file and an earlier file intact."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.tmp-", suffix=".nc", dir=out.parent)
    os.close(fd)
    try:
        n = export_pypsa(net, tmp)
        from energymodel.results.folder import current_umask

        os.chmod(tmp, 0o666 & ~current_umask())  # mkstemp makes the file private; give it the usual permissions
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n
