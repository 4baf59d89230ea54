"""The rows a sweep collects from each case: (output, item, value), all annual.

===================================  ====================  ===============================================
output                               item                  group (``outputs:`` in the sweep file)
===================================  ====================  ===============================================
value_of_integration_usd_per_yr      total, each region    value_of_integration (against the counterfactual)
congestion_rent_usd_per_yr           each link             value_of_integration (the link's share)
unserved_energy_value_usd_per_yr     total                 value_of_integration: the part of the value that is
                                                           unserved energy avoided, at VOLL (counterfactual's
                                                           minus the scenario's shedding × voll_usd_per_mwh)
annual_cost_usd                      total                 system_cost
avg_price_usd_per_mwh                each region           prices (demand-weighted)
flow_fwd_twh_per_yr, flow_bwd_twh_…  each link             flows (as sent; fwd = from_region → to_region)
emissions_mt_co2_per_yr              total, each region    emissions
unserved_energy_gwh_per_yr           total, each region    unserved_energy
===================================  ====================  ===============================================
"""
from __future__ import annotations

from typing import Any

from energymodel.inputs import units

TOTAL = "total"


def collect(results, summary: dict[str, Any], groups: list[str]) -> list[dict[str, Any]]:
    """Rows of the requested output ``groups`` from a solved case's Results and summary."""
    from energymodel.analysis.integration import links_table

    rows: list[dict[str, Any]] = []

    def add(output: str, item: str, value) -> None:
        rows.append({"output": output, "item": item, "value": float(value) if value is not None else float("nan")})

    countries = summary["countries"]
    ann = summary["annualisation_factor"]
    integ = summary.get("integration") or {}
    if "value_of_integration" in groups and integ:
        add("value_of_integration_usd_per_yr", TOTAL, integ["value_usd"])
        for region, row in integ["by_country"].items():
            add("value_of_integration_usd_per_yr", region, row["value_usd"])
        for link, row in integ["by_link"]["electricity"].items():
            if row.get("cross_border", True):
                add("congestion_rent_usd_per_yr", link, row["congestion_rent_usd"])
        shed_mwh = sum(row["shed_mwh"] for row in countries.values()) * ann
        add("unserved_energy_value_usd_per_yr", TOTAL,
            (integ["counterfactual_shed_mwh"] - shed_mwh) * results.network.voll_usd_per_mwh)
    if "system_cost" in groups:
        add("annual_cost_usd", TOTAL, summary["annual_cost_usd"])
    if "prices" in groups:
        for region, row in countries.items():
            add("avg_price_usd_per_mwh", region, row["avg_price_usd_per_mwh"])
    if "flows" in groups:
        table = links_table(results)
        for link, row in table.iterrows():
            add("flow_fwd_twh_per_yr", link, row["energy_fwd_twh"])
            add("flow_bwd_twh_per_yr", link, row["energy_bwd_twh"])
    for group, output, key, scale in (
            ("emissions", "emissions_mt_co2_per_yr", "emissions_tco2", ann / units.T_PER_MT),
            ("unserved_energy", "unserved_energy_gwh_per_yr", "shed_mwh", ann / units.THOUSAND)):
        if group in groups:
            values = {region: row[key] * scale for region, row in countries.items()}
            add(output, TOTAL, sum(values.values()))
            for region, value in values.items():
                add(output, region, value)
    return rows
