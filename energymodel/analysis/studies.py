"""The registry of published link studies: one YAML file per study in ``data/studies/``, validated here.

Each study names the link(s) it valued, the scenario file that mirrors it (``scenarios/studies/``), every
published figure with its basis and ``source_id`` (in the data directory's ``sources.csv``), the study's own
assumptions (year, discount rate, horizon, capex, counterfactual), the values ``reproduce`` uses where the
study is silent (``conversion``, each with why), what is not known, and the main reasons a reviewer should
expect the model to differ. A bad file is an :class:`InputError` naming the file and the key (exit 2).
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from energymodel.errors import InputError
from energymodel.inputs.scenario import _format_validation_error, _read_yaml

METRICS = {
    "annual_benefit_usd": "annual benefit [USD/yr]",
    "pv_benefit_usd": "present value of the benefits [USD]",
    "npv_usd": "net present value, benefits − investment [USD]",
    "irr": "internal rate of return [1/yr]",
    "price_change_usd_per_mwh": "change of the average price [USD/MWh] (negative: a fall)",
    "emissions_change_tco2": "change of annual emissions [tCO2/yr]",
}
"""The bases a published figure can have, and their units."""

Metric = Literal["annual_benefit_usd", "pv_benefit_usd", "npv_usd", "irr", "price_change_usd_per_mwh",
                 "emissions_change_tco2"]
Rate = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Positive = Annotated[float, Field(gt=0, allow_inf_nan=False)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Figure(_Strict):
    """One published figure."""

    metric: Metric
    value: Annotated[float, Field(allow_inf_nan=False)]
    """In the unit of ``metric`` (USD, USD/MWh, tCO2, or a fraction for ``irr``)."""
    basis: str
    """What exactly was published, in words (e.g. 'IRR close to 15 % on a US$57 million investment')."""
    source_id: str
    countries: list[str] = []
    """Countries the figure is about (their values are summed; prices averaged); empty: the whole system."""
    tolerance_ratio: Annotated[float, Field(ge=1, allow_inf_nan=False)] = 1.5
    """Agreement when published / ratio ≤ model ≤ published × ratio (same sign)."""
    tolerance_abs: Optional[Annotated[float, Field(ge=0, allow_inf_nan=False)]] = None
    """Or, when given, agreement when |model − published| ≤ this (e.g. 0.03 for an IRR: 3 points)."""


class Assumptions(_Strict):
    """What the study states about its own method (null where it does not say)."""

    year: Annotated[int, Field(ge=1990, le=2100)]
    """The year the figures refer to (first year of operation, or the study's reference year)."""
    discount_rate: Optional[Rate] = None
    horizon_years: Optional[Positive] = None
    capex_usd: Optional[Annotated[float, Field(ge=0, allow_inf_nan=False)]] = None
    counterfactual: str
    """The study's reference case, in words."""


class Conversion(_Strict):
    """What ``reproduce`` uses to put the model's annual benefit on the study's basis."""

    discount_rate: Rate
    horizon_years: Positive
    capex_usd: Optional[Annotated[float, Field(ge=0, allow_inf_nan=False)]] = None
    why: str
    """Where each value comes from (the study, or an ESTIMATE and its reasoning)."""


class Study(_Strict):
    id: str
    title: str
    authors: str
    published: Annotated[int, Field(ge=1990, le=2100)]
    links: list[str] = Field(min_length=1)
    scenario: str
    """The mirroring scenario file, relative to the study file."""
    figures: list[Figure] = Field(min_length=1)
    assumptions: Assumptions
    conversion: Conversion
    not_known: list[str] = []
    reasons: list[str] = Field(min_length=1)
    """Main reasons for a difference: what the study assumed that the model does not, and what data would
    close the gap."""
    source_file: Optional[Path] = Field(default=None, exclude=True)

    @model_validator(mode="after")
    def _capex_for_investment_metrics(self):
        for i, f in enumerate(self.figures):
            if f.metric in ("npv_usd", "irr") and self.conversion.capex_usd is None:
                raise ValueError(f"figures[{i}] is an {f.metric}: conversion.capex_usd is required")
        return self

    @property
    def scenario_path(self) -> Path:
        base = self.source_file.parent if self.source_file else Path.cwd()
        return (base / self.scenario).resolve()


def load_study(path: str | Path, source_ids: set[str] | None = None) -> Study:
    """Read and validate one study file; ``source_ids`` (when given) must hold every figure's source."""
    path = Path(path)
    raw = _read_yaml(path)
    raw.setdefault("id", path.stem)
    try:
        study = Study.model_validate({**raw, "source_file": path.resolve()})
    except ValidationError as exc:
        key, msg = _format_validation_error(exc)
        raise InputError(msg, file=path, key=key) from None
    if study.id != path.stem:
        raise InputError(f"the id {study.id!r} differs from the file name {path.stem!r}", file=path, key="id")
    if source_ids is not None:
        for i, fig in enumerate(study.figures):
            if fig.source_id not in source_ids:
                raise InputError(f"source_id {fig.source_id!r} not found in sources.csv", file=path,
                                 key=f"figures.{i}.source_id")
    if not study.scenario_path.exists():
        raise InputError(f"scenario file not found: {study.scenario_path}", file=path, key="scenario")
    return study


def source_ids_of(data_dir: str | Path) -> set[str]:
    """Every source_id of a data directory (``sources.csv`` ∪ ``gas_sources.csv``)."""
    from energymodel.inputs.data import read_table

    data_dir = Path(data_dir)
    ids = set(read_table(data_dir / "sources.csv", "sources")["source_id"])
    if (data_dir / "gas_sources.csv").exists():
        ids |= set(read_table(data_dir / "gas_sources.csv", "gas_sources")["source_id"])
    return ids


def registry(directory: str | Path, source_ids: set[str] | None = None) -> dict[str, Study]:
    """Every study (``*.yaml``) of a directory, by id."""
    directory = Path(directory)
    if not directory.is_dir():
        raise InputError("studies directory not found", file=directory)
    return {p.stem: load_study(p, source_ids) for p in sorted(directory.glob("*.yaml"))}


def select(studies: dict[str, Study], names: list[str], directory: Path,
           source_ids: set[str] | None = None) -> list[Study]:
    """The studies named (ids, or paths of study files); all of them when ``names`` is empty."""
    if not names:
        return list(studies.values())
    out = []
    for name in names:
        if name in studies:
            out.append(studies[name])
        elif name.endswith((".yaml", ".yml")):
            out.append(load_study(name, source_ids))
        else:
            raise InputError(f"unknown study {name!r}; registered: {', '.join(studies)}", file=directory)
    return out

