"""Sensitivity numbers of a finished sweep: one-at-a-time ranges (tornado), Sobol' and Morris indices
(SALib, with their 95 % confidence intervals) and percentiles across cases.

All take ``wide``: one row per case of the design (index ``case``, in the design's order), the parameter
columns, and one column per output series (e.g. ``value_of_integration_usd_per_yr[total]``).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from energymodel.analysis.sweep import design as designs
from energymodel.analysis.sweep.spec import SweepSpec

CONF_LEVEL = 0.95
PERCENTILES = (10, 50, 90)


def wide(cases: pd.DataFrame, results: pd.DataFrame, params: list[str]) -> pd.DataFrame:
    """Cases (index ``case``) × [parameters, ``output[item]`` columns]."""
    series = results.assign(col=results["output"] + "[" + results["item"] + "]").pivot_table(
        index="case_id", columns="col", values="value", aggfunc="first")
    base = cases.set_index("case")[["case_id", *params]]
    return base.join(series, on="case_id")


def tornado(spec: SweepSpec, table: pd.DataFrame, column: str) -> pd.DataFrame:
    """Per parameter: low, high (the output's range as that parameter moves) and the reference value.

    grid: one at a time, the other parameters at their middle value (the reference is that centre case);
    other designs: the means of the output over the parameter's quintiles (the reference is the mean)."""
    rows = {}
    params = spec.keys
    if spec.design.method == "grid":
        centre = {p.key: p.values[(len(p.values) - 1) // 2] for p in spec.parameters}
        mask = np.logical_and.reduce([table[k] == v for k, v in centre.items()]) if params else []
        ref = table.loc[mask, column].mean() if np.any(mask) else np.nan
        for k in params:
            others = [table[o] == centre[o] for o in params if o != k]
            sel = table[np.logical_and.reduce(others)] if others else table
            rows[k] = {"low": sel[column].min(), "high": sel[column].max(), "reference": ref}
    else:
        ref = table[column].mean()
        for k in params:
            try:
                bins = pd.qcut(pd.to_numeric(table[k]), 5, duplicates="drop")
                means = table.groupby(bins, observed=True)[column].mean()
            except (ValueError, TypeError):
                means = table.groupby(k)[column].mean()
            rows[k] = {"low": means.min(), "high": means.max(), "reference": ref}
    df = pd.DataFrame(rows).T
    df["range"] = df["high"] - df["low"]
    df.index.name = "parameter"
    return df.sort_values("range")


def indices(spec: SweepSpec, table: pd.DataFrame, column: str) -> pd.DataFrame | None:
    """Sobol' S1, ST (with confidence half-widths) or Morris mu*, sigma (mu* with its confidence
    half-width) of ``column``; None for other designs. Raises ValueError if a case has no value."""
    method = spec.design.method
    if method not in ("sobol", "morris"):
        return None
    y = table.sort_index()[column].to_numpy(dtype=float)
    if not np.isfinite(y).all():
        raise ValueError(f"{int((~np.isfinite(y)).sum())} case(s) have no value (failed or not run)")
    problem = designs.problem(spec)
    if method == "sobol":
        from SALib.analyze import sobol

        si = sobol.analyze(problem, y, calc_second_order=False, conf_level=CONF_LEVEL, seed=spec.design.seed)
        df = pd.DataFrame({"S1": si["S1"], "S1_conf": si["S1_conf"], "ST": si["ST"], "ST_conf": si["ST_conf"]},
                          index=spec.keys)
    else:
        from SALib.analyze import morris

        x = designs.sample(spec)
        si = morris.analyze(problem, x, y, conf_level=CONF_LEVEL, num_levels=spec.design.levels,
                            seed=spec.design.seed)
        df = pd.DataFrame({"mu_star": si["mu_star"], "mu_star_conf": si["mu_star_conf"], "sigma": si["sigma"]},
                          index=spec.keys)
    df.index.name = "parameter"
    return df


def percentiles(results: pd.DataFrame, outputs: tuple[str, ...]) -> pd.DataFrame:
    """P10 / P50 / P90 (and mean) across cases of each (output, item) among ``outputs``."""
    sel = results[results["output"].isin(outputs)]
    if sel.empty:
        return pd.DataFrame()
    grouped = sel.groupby(["output", "item"], sort=False)["value"]
    df = pd.DataFrame({f"p{q}": grouped.quantile(q / 100) for q in PERCENTILES})
    df["mean"] = grouped.mean()
    df["cases"] = grouped.count()
    return df
