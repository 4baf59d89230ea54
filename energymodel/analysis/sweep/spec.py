"""Sweep files: YAML → validated :class:`SweepSpec` (same loader and error style as scenario files).

A sweep names a base scenario, the parameters (scenario key paths, as ``--set`` takes them), a design
that turns them into cases, the outputs to collect, the horizon and the counterfactual. Every error is an
:class:`~energymodel.errors.InputError` naming the sweep file and the key (``parameters.1.low``…).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, Optional

from pydantic import Field, ValidationError

from energymodel.errors import InputError
from energymodel.inputs.scenario import _format_validation_error, _Strict
from energymodel.inputs.yamlfile import read_yaml

DESIGNS = ("grid", "list", "random", "latin", "sobol", "morris")
SAMPLED = ("random", "latin", "sobol", "morris")
OUTPUTS = ("value_of_integration", "system_cost", "prices", "flows", "emissions", "unserved_energy")
"""Output groups a sweep can collect (docs/nomenclature.md lists the rows of each)."""
COUNTERFACTUALS = ("isolated", "status_quo", "none")


class Parameter(_Strict):
    key: str = Field(min_length=1)
    """Scenario key path, e.g. ``interconnectors.PE-CL.capacity_mw`` (as ``--set`` takes it)."""
    values: Optional[list[Any]] = None
    """The values of a ``grid`` design."""
    low: Optional[float] = None
    """Lower end of the range sampled by random / latin / sobol / morris designs."""
    high: Optional[float] = None
    """Upper end of that range."""
    integer: bool = False
    """Round sampled values to integers (e.g. a year)."""


class Design(_Strict):
    method: Literal["grid", "list", "random", "latin", "sobol", "morris"] = "grid"
    samples: Optional[int] = Field(default=None, ge=1, le=1_000_000)
    """random, latin: number of cases; sobol: base samples N (N·(D+2) cases, a power of 2);
    morris: trajectories N (N·(D+1) cases)."""
    seed: int = 0
    """Seed of random, latin, sobol (scrambling) and morris sampling."""
    levels: int = Field(default=4, ge=2, le=100)
    """Morris: grid levels of each parameter."""
    cases: Optional[list[dict[str, Any]]] = None
    """list: each case maps parameter keys to values."""


class Horizon(_Strict):
    start: Optional[str | int] = None
    """First modelled day (``2023-07-01`` or a day of the year), as ``time.start`` (default: the base's)."""
    hours: Optional[int] = Field(default=None, gt=0, le=8760)
    """Model the first ``hours`` of the year (default: the base scenario's)."""
    resolution_h: Optional[int] = Field(default=None, gt=0, le=8760)
    """Snapshot length [h] (default: the base scenario's)."""


class SweepSpec(_Strict):
    name: str
    description: str = ""
    base: Path
    """Base scenario file (absolute after loading; relative in the file to the sweep file)."""
    parameters: list[Parameter] = Field(min_length=1)
    design: Design = Design()
    outputs: list[Literal["value_of_integration", "system_cost", "prices", "flows", "emissions",
                          "unserved_energy"]] = list(OUTPUTS)
    horizon: Horizon = Horizon()
    counterfactual: Literal["isolated", "status_quo", "none"] = "isolated"
    """The value of integration of each case is measured against this built-in counterfactual."""
    full_results: bool = False
    """Also write each case's full results folder (under ``cases/``): about 70 MB per full-year case."""
    source_file: Optional[Path] = Field(default=None, exclude=True)

    @property
    def keys(self) -> list[str]:
        return [p.key for p in self.parameters]


def load_sweep(path: str | Path) -> SweepSpec:
    """Read and validate a sweep file; raises :class:`InputError` naming the file and the key."""
    path = Path(path)
    raw: dict[str, Any] = read_yaml(path)
    raw.setdefault("name", path.stem)
    if isinstance(raw.get("base"), str):
        raw["base"] = str((path.parent / raw["base"]).resolve())
    if isinstance(raw.get("design"), str):
        raw["design"] = {"method": raw["design"]}
    for key in raw:  # a misspelt key first: it is usually why a required one looks missing
        if key not in SweepSpec.model_fields or key == "source_file":
            raise InputError("unknown key (check the spelling; see README 'Sensitivity sweeps')", file=path, key=key)
    raw["source_file"] = str(path.resolve())
    try:
        spec = SweepSpec.model_validate(raw)
    except ValidationError as exc:
        key, msg = _format_validation_error(exc)
        raise InputError(msg.replace("README 'Scenario keys'", "README 'Sensitivity sweeps'"), file=path,
                         key=key) from None
    check(spec, path)
    return spec


def with_horizon(spec: SweepSpec, hours: int | None, resolution_h: int | None, start=None) -> SweepSpec:
    """The sweep with ``--hours`` / ``--resolution-h`` / ``--start`` (the command line wins over the file)."""
    given = {k: v for k, v in (("hours", hours), ("resolution_h", resolution_h), ("start", start)) if v is not None}
    if not given:
        return spec
    try:
        horizon = Horizon.model_validate({**spec.horizon.model_dump(), **given})
    except ValidationError as exc:
        bad = exc.errors()[0]["loc"][0]
        raise InputError(f"expected a whole number of hours in 1..8760, got {given[bad]}",
                         key=f"--{bad.replace('_', '-')}") from None
    return spec.model_copy(update={"horizon": horizon})


def _fail(path: Path, key: str, message: str):
    raise InputError(message, file=path, key=key)


def check(spec: SweepSpec, path: Path) -> None:
    """What the schema alone cannot say: each parameter has what its design needs."""
    if not spec.base.exists():
        _fail(path, "base", f"base scenario not found: {spec.base}")
    keys = spec.keys
    for i, key in enumerate(keys):
        if keys.index(key) != i:
            _fail(path, f"parameters.{i}.key", f"parameter {key!r} is given twice")
    d = spec.design
    for i, p in enumerate(spec.parameters):
        where = f"parameters.{i}"
        if d.method == "grid" and not p.values:
            _fail(path, f"{where}.values", "a grid design needs a non-empty list of values for every parameter")
        if d.method in SAMPLED:
            if p.low is None or p.high is None:
                _fail(path, f"{where}.low", f"a {d.method} design needs low and high for every parameter")
            if not p.low < p.high:
                _fail(path, f"{where}.high", f"expected high greater than low (got low {p.low:g}, high {p.high:g})")
    if d.method in SAMPLED and d.samples is None:
        _fail(path, "design.samples", f"a {d.method} design needs the number of samples")
    if d.method == "sobol" and d.samples & (d.samples - 1):
        _fail(path, "design.samples", f"a sobol design needs a power of 2 (got {d.samples})")
    if d.method == "list":
        if not d.cases:
            _fail(path, "design.cases", "a list design needs a non-empty list of cases")
        for j, case in enumerate(d.cases):
            unknown = sorted(set(case) - set(keys))
            if unknown:
                _fail(path, f"design.cases.{j}", f"{', '.join(unknown)} is not one of the parameters ({', '.join(keys)})")
            missing = [k for k in keys if k not in case]
            if missing:
                _fail(path, f"design.cases.{j}", f"missing a value for {', '.join(missing)}")
    elif d.cases is not None:
        _fail(path, "design.cases", f"cases are only read by a list design (this one is {d.method})")
