"""Per-country aggregation of per-region tables: zones (network/zones.py) add up to their country.

``Network.regions["country"]`` names each region's country (a region that is not split is its own
country). Totals add up; averages (prices) are re-weighted by what they average over.
"""
from __future__ import annotations

import pandas as pd


def is_zoned(net) -> bool:
    """True when some region of the network is a zone of a country (country differs from the region)."""
    country = country_of(net)
    return bool((country != country.index).any())


def to_countries(df: pd.DataFrame, country: pd.Series, weights: dict[str, pd.Series] | None = None) -> pd.DataFrame:
    """``df`` (index region) summed per country, in the order countries first appear.

    ``weights`` maps an averaged column to the per-region weight it averages over (e.g. the average price to
    demand): the country value is Σ w·x / Σ w over regions with a value, or the first region's value when
    every weight is zero. Non-numeric columns keep the first region's value."""
    weights = weights or {}
    order = list(dict.fromkeys(country.reindex(df.index)))
    key = country.reindex(df.index).to_numpy()
    out = pd.DataFrame(index=pd.Index(order, name=df.index.name))
    for col in df.columns:
        values = df[col]
        if col in weights:
            w = weights[col].reindex(df.index).fillna(0.0).where(values.notna(), 0.0)
            num = (values.fillna(0.0) * w).groupby(key).sum()
            den = w.groupby(key).sum()
            first = values.groupby(key).first()
            out[col] = (num / den.where(den > 0)).fillna(first).reindex(order)
        elif pd.api.types.is_bool_dtype(values):
            out[col] = values.groupby(key).all().reindex(order)
        elif pd.api.types.is_numeric_dtype(values):
            out[col] = values.groupby(key).sum(min_count=1).reindex(order)
        else:
            out[col] = values.groupby(key).first().reindex(order)
    return out


def country_of(net) -> pd.Series:
    """index region → country code (the region itself where the regions table has no ``country``)."""
    if "country" in net.regions:
        return net.regions["country"]
    return pd.Series(net.regions.index, index=net.regions.index, name="country")
