"""Scenario and sweep files as plain data, before validation: safe YAML loading (no Python objects, no
duplicate keys), ``extends`` merging, paths made absolute relative to the file that wrote them, and
``--set KEY.PATH=VALUE`` overrides. Every problem is an :class:`~energymodel.errors.InputError` naming the
file and, where there is one, the key."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from energymodel.errors import InputError


class UniqueKeyLoader(yaml.SafeLoader):
    """Safe loading that rejects a key given twice in one mapping (YAML would silently keep the last)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r} (the first would be silently ignored)", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def read_yaml(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise InputError("file not found", file=path)
    if path.is_dir():
        raise InputError("expected a YAML file, found a directory", file=path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read file ({exc})", file=path) from None
    try:
        raw = yaml.load(text, Loader=UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.constructor.ConstructorError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else "?"
        if exc.problem and exc.problem.startswith("duplicate key"):
            raise InputError(f"{exc.problem} at line {line}", file=path) from None
        raise InputError(f"YAML tag not allowed (only plain data is accepted, no Python objects): {exc.problem}"
                         f" at line {line}", file=path) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(f"malformed YAML{where}: {problem}", file=path) from None
    if raw is None:
        raise InputError("the file is empty; expected a mapping of scenario keys", file=path)
    if not isinstance(raw, dict):
        raise InputError(
            f"expected a mapping of scenario keys at the top level, found {type(raw).__name__}", file=path
        )
    for internal in ("source_file", "source_chain"):
        if internal in raw:
            raise InputError("unknown key (check the spelling; see README 'Scenario keys')",
                             file=path, key=internal)
    return raw


def _absolute(base: Path, text: str, file: Path | None, key: str) -> str:
    """``text`` as an absolute path relative to ``base``; InputError for a string no path can be (a NUL byte,
    or one the operating system rejects)."""
    try:
        if "\x00" in text:
            raise ValueError("embedded null byte")
        return str((base / text).resolve())
    except (ValueError, OSError) as exc:
        raise InputError(f"expected a path, got {text!r} ({exc})", file=file, key=key) from None


def resolve_paths(raw: dict[str, Any], base: Path, file: Path | None = None) -> dict[str, Any]:
    """Make the paths a file writes absolute, relative to that file's folder. Raises InputError (naming
    ``file`` and the key) for a value that cannot be a path."""
    raw = dict(raw)
    if isinstance(raw.get("data"), str):
        raw["data"] = _absolute(base, raw["data"], file, "data")
    integ = raw.get("integration")
    if isinstance(integ, dict) and isinstance(integ.get("counterfactual"), str):
        cf = integ["counterfactual"]
        if cf.endswith((".yaml", ".yml")):
            raw["integration"] = {**integ, "counterfactual": _absolute(base, cf, file, "integration.counterfactual")}
    return raw


def merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    out = dict(parent)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def load_merged(path: Path, chain: tuple[Path, ...], seen: list[Path]) -> dict[str, Any]:
    path = path.resolve()
    if path in chain:
        cycle = " -> ".join(str(p) for p in (*chain, path))
        raise InputError(f"circular 'extends': {cycle}", file=chain[-1], key="extends")
    raw = resolve_paths(read_yaml(path), path.parent, path)
    seen.append(path)
    parent_ref = raw.pop("extends", None)
    if parent_ref is None:
        return raw
    if not isinstance(parent_ref, str) or not parent_ref:
        raise InputError("expected the path of a parent scenario file", file=path, key="extends")
    parent_path = (path.parent / parent_ref).resolve()
    if not parent_path.exists():
        raise InputError(f"parent scenario not found: {parent_path}", file=path, key="extends")
    parent = load_merged(parent_path, (*chain, path), seen)
    parent.pop("name", None)  # a child is its own scenario
    return merge(parent, raw)


def parse_override(text: str) -> tuple[str, Any]:
    """``KEY.PATH=VALUE`` (``--set``) → (key path, value). The value is read as YAML (``500`` a number,
    ``[1, 2]`` a list, ``lng`` a string); raises :class:`InputError` (key ``--set``) if malformed."""
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key or any(not part for part in key.split(".")):
        raise InputError(f"expected KEY.PATH=VALUE (e.g. interconnectors.PE-CL.capacity_mw=500), got {text!r}",
                         key="--set")
    try:
        parsed = yaml.load(value, Loader=UniqueKeyLoader) if value.strip() else None  # noqa: S506
    except yaml.YAMLError:
        parsed = value
    if parsed is None and value.strip() not in ("null", "~"):
        raise InputError(f"expected a value after '=' in {text!r}", key="--set")
    return key, parsed


def apply_overrides(raw: dict[str, Any], overrides, *, file: str | Path | None = None) -> dict[str, Any]:
    """Set each (key path, value) of ``overrides`` in a copy of the merged scenario ``raw``; mappings on
    the way are created. Relative paths (``data``, a counterfactual file) are taken from the working
    directory. Raises :class:`InputError` when a key on the way holds a value, not a mapping."""
    out = merge(raw, {})
    for key, value in overrides:
        parts = key.split(".")
        node = out
        for i, part in enumerate(parts[:-1]):
            child = node.get(part)
            if child is None:
                child = {}
            elif not isinstance(child, dict):
                raise InputError(f"cannot set {key}: {'.'.join(parts[:i + 1])} is a value ({child!r}), not a mapping",
                                 file=file, key=key)
            else:
                child = dict(child)
            node[part] = child
            node = child
        node[parts[-1]] = value
        if parts[0] in ("data", "integration"):
            out = resolve_paths(out, Path.cwd(), Path(file) if file else None)
    return out
