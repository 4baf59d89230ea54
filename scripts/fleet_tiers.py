"""Efficiency tiers of thermal fleets: a region's capacity of one technology split into several generators,
each with the share of the technology's capacity and its own heat rate (``generators.csv:
heat_rate_mwh_th_per_mwh``), so that the region's supply curve has the steps of a real fleet instead of
one flat step per technology. Used by build_data.py; every share and heat rate names its source row
(``TIER_SOURCES``, appended to data/sources.csv).

Tier capacities are shares of the technology's cited total (IRENA 2023 x the GEM CC share), so the
per-country total of the technology is unchanged. Shares come from unit-level start years in GEM's
Global Gas Plant Tracker (Feb 2022, operating units >= 50 MW); heat rates from the US EIA's operating
heat rates of combined-cycle units by year of installation (no Mexican or Panamanian unit heat rates
were found): the generic fleet value (7,340 Btu/kWh, eia_tie_32572) is kept for the middle vintage.
"""
from __future__ import annotations

# (region, technology) -> [(generator suffix, capacity MW of the dated GEM units, heat rate Btu/kWh, source_id)]
# MX CC units in GEM Feb 2022 by start year (2,558 MW without a start year are left out of the shares):
# before 2000 5,121 MW; 2000-2009 17,951 + 2010-2014 2,059 = 20,010 MW; 2015 and later 11,995 MW.
TIERS: dict[tuple[str, str], list[tuple[str, float, float, str]]] = {
    ("MX", "ccgt"): [
        ("pre2000", 5121.0, 8840.0, "tier_ccgt_vintage"),      # [tier_gem_vintage] MW, [tier_ccgt_vintage] Btu/kWh
        ("2000_2014", 20010.0, 7340.0, "tier_ccgt_vintage"),   # [tier_gem_vintage], [eia_tie_32572] fleet value
        ("2015on", 11995.0, 6654.0, "tier_ccgt_vintage"),      # [tier_gem_vintage], [tier_ccgt_vintage]
    ],
    # AES Colón (381 MW CC, GEM start year 2018) is all of Panama's gas capacity: one tier, post-2015 heat rate
    ("PA", "ccgt"): [("", 381.0, 6654.0, "tier_ccgt_vintage")],
    # Central America's oil engines (CAM): Honduras' private oil-fired fleet, 894 MW, of which 467 MW sold at the
    # lowest variable price (10 c/kWh) and the rest at 12-14 c/kWh (CREE data via La Prensa, 2019;
    # tier_oil_engine_hn): the first tier keeps the generic engine heat rate (tech_oil_engine, 8,682 Btu/kWh),
    # the second costs 1.3 x as much per MWh (the midpoint of 12-14 over 10), i.e. a 1.3 x heat rate at one fuel
    # price. Honduras' split stands for all of CAM (ESTIMATE).
    ("CAM", "oil_engine"): [("base", 467.0, 8682.3, "tier_oil_engine_hn"),
                            ("older", 427.0, 11286.9, "tier_oil_engine_hn")],
}

TIER_SOURCES = [
    dict(source_id="tier_ccgt_vintage",
         citation="Efficiency tiers of combined-cycle fleets: capacity share by start year from Global Energy Monitor, "
                  "Global Gas Plant Tracker Feb 2022 (operating CC units, file resources/data/default/"
                  "Global-Gas-Plant-Tracker-Feb-2022.xlsx in OSeMOSYS/osemosys_global commit 5983d6b); heat rate by "
                  "year of installation from US EIA (CC units installed since 2015 average 6,654 Btu/kWh; units "
                  "installed before 2000 8,840 Btu/kWh; as quoted by EVC Valuation, 2020-10-27), middle vintage at the "
                  "generic CC value 7,340 Btu/kWh (eia_tie_32572)",
         url="https://globalenergymonitor.org/projects/global-oil-gas-plant-tracker/ ; "
             "https://github.com/OSeMOSYS/osemosys_global ; https://evcvaluation.com/2020/10/27/",
         year=2022, licence="GEM CC BY-NC-SA 4.0 (figures cited, tracker not shipped); EIA public domain",
         note="ESTIMATE method: US heat rates by vintage applied to Mexican and Panamanian units of the same vintage "
              "(no national unit heat rates found). MX CC MW by start year: <2000 5,121; 2000-2014 20,010; "
              ">=2015 11,995 (2,558 MW undated left out); shares applied to the model's MX ccgt total so the total "
              "is unchanged. PA: AES Colon 381 MW, start 2018. Capacity-weighted MX heat rate 7,325 vs 7,340 "
              "before."),
]


def split(region: str, tech: str, capacity_mw: float) -> list[tuple[str, float, float | None, str | None]]:
    """The generators a (region, technology) capacity becomes: [(name suffix or "" (no suffix), MW, heat rate
    MWh_th/MWh or None for the technology's, source_id or None for the caller's)]; one untiered row
    when the pair has no tiers. MW are rounded to 0.1 and the last tier takes the rounding rest, so the
    tiers add up to ``capacity_mw`` exactly."""
    tiers = TIERS.get((region, tech))
    if not tiers:
        return [("", capacity_mw, None, None)]
    total = sum(mw for _, mw, _, _ in tiers)
    out, used = [], 0.0
    for i, (suffix, mw, hr_btu, src) in enumerate(tiers):
        part = round(capacity_mw * mw / total, 1) if i < len(tiers) - 1 else round(capacity_mw - used, 1)
        used += part
        out.append((suffix, part, round(hr_btu / 3412.14, 4), src))   # [unit_conversions] Btu/kWh -> MWh_th/MWh
    return out
