"""Printed tables, ``calibration.md``, ``calibration.csv`` and monthly price plots of a calibration."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from energymodel.analysis.calibration.checks import COLUMNS

TITLES = {"generation": "Generation by technology (TWh/yr)", "co2": "Power-sector CO2 (Mt/yr)",
          "prices": "Monthly average prices (USD/MWh)", "flows": "Cross-border flows by direction (TWh/yr)"}


def _fmt(v, unit: str) -> str:
    if pd.isna(v):
        return "–"
    return f"{v:.0%}" if unit in ("share", "ratio") else f"{v:.2f}"


def format_check(df: pd.DataFrame, check: str) -> str:
    """A plain-text table of one check."""
    rows = df[df["check"] == check]
    head = f"{'region':<8}{'item':<44}{'simulated':>11}{'reported':>11}{'error':>10}{'tolerance':>11}  ok"
    lines = [TITLES[check], head, "-" * len(head)]
    for _, r in rows.iterrows():
        lines.append(f"{r.region:<8}{str(r['item'])[:43]:<44}{_fmt(r.simulated, 'x'):>11}{_fmt(r.reported, 'x'):>11}"
                     f"{_fmt(r.error, r.unit):>10}{_fmt(r.tolerance, r.unit):>11}  {'yes' if r.ok else 'NO'}")
    if rows.empty:
        lines.append("(no reported figure)")
    return "\n".join(lines)


def format_all(df: pd.DataFrame) -> str:
    """Every check's table and a verdict line naming the regions and links outside."""
    parts = [format_check(df, c) for c in TITLES]
    bad = sorted(set(df.loc[~df["ok"].astype(bool), "region"]))
    parts.append("all checks inside the tolerances" if not bad else f"outside the tolerances: {', '.join(bad)}")
    return "\n\n".join(parts)


def markdown(df: pd.DataFrame, scenario: str) -> str:
    out = [f"# Calibration of `{scenario}` against reported 2023 figures", "",
           "Tolerances and their reasons: README, section Calibration. `ok` = inside.", ""]
    for check, title in TITLES.items():
        rows = df[df["check"] == check]
        out += [f"## {title}", "", "| region | item | simulated | reported | error | tolerance | ok | source |",
                "|---|---|---|---|---|---|---|---|"]
        for _, r in rows.iterrows():
            out.append(f"| {r.region} | {r['item']} | {_fmt(r.simulated, 'x')} | {_fmt(r.reported, 'x')} | "
                       f"{_fmt(r.error, r.unit)} | {_fmt(r.tolerance, r.unit)} | {'yes' if r.ok else '**NO**'} | "
                       f"{r.source_id} |")
        out.append("")
    out.append("Monthly price plots: `plots/prices_<market>.png`.")
    return "\n".join(out) + "\n"


def plot_prices(monthly_sim: pd.DataFrame, monthly: pd.DataFrame, folder: Path) -> list[Path]:
    """One chart per market: the model's monthly average price (all months) and the reported months."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for market, grp in monthly.groupby("market", sort=False):
        region = grp["region"].iloc[0]
        fig, ax = plt.subplots(figsize=(6, 3.2))
        ax.plot(monthly_sim.index, monthly_sim[region], marker="o", label=f"model ({region})")
        ax.plot(grp["month"], grp["reported_usd_per_mwh"], marker="s", linestyle="--", label=f"reported ({market})")
        ax.set_xticks(range(1, 13))
        ax.set_xlabel("month of 2023")
        ax.set_ylabel("USD/MWh")
        ax.set_ylim(bottom=0)
        ax.legend(fontsize=8)
        ax.set_title(f"Monthly average price, {market}")
        fig.tight_layout()
        path = folder / f"prices_{market}.png"
        fig.savefig(path, dpi=110)
        plt.close(fig)
        paths.append(path)
    return paths


def write(df: pd.DataFrame, monthly_sim: pd.DataFrame, monthly: pd.DataFrame, folder: Path, scenario: str) -> None:
    """calibration.md, calibration.csv, monthly_prices.csv and plots/ into ``folder`` (created)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "calibration.md").write_text(markdown(df, scenario), encoding="utf-8")
    df[COLUMNS].to_csv(folder / "calibration.csv", index=False, float_format="%.4f")
    monthly_sim.rename_axis("month").to_csv(folder / "monthly_prices_model.csv", float_format="%.3f")
    plot_prices(monthly_sim, monthly, folder / "plots")
