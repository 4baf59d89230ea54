"""Atomic results folders: a folder is written in a temporary sibling and renamed into place, and only a
folder energymodel wrote (it holds :data:`MARKER`) or an empty one is ever replaced."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable

from energymodel.errors import InputError
from energymodel.results.provenance import code_version


MARKER = ".energymodel"
"""A file every folder written by energymodel holds: only such a folder (or an empty one) is replaced."""


def check_output_folder(out: str | Path, inputs: tuple[str | Path, ...] = ()) -> Path:
    """Refuse an output path that holds anything but an earlier energymodel output (call before solving),
    and one that holds, is, or lies inside any of ``inputs`` (the scenario file, its ``extends`` chain,
    the data directory): replacing it would delete an input of the run."""
    out = Path(out).resolve()
    for path in map(lambda p: Path(p).resolve(), inputs):
        if path == out or out in path.parents or (path.is_dir() and path in out.parents):
            raise InputError(f"the output folder {'holds' if out in path.parents else 'is'} an input of this run "
                             f"({path}); refusing to replace it (choose another --out)", file=out)
    if out.exists():
        if not out.is_dir():
            raise InputError("the output path exists and is a file; expected a results folder", file=out)
        if any(out.iterdir()) and not (out / MARKER).exists():
            raise InputError("the output folder exists and was not written by energymodel; refusing to replace "
                             "its contents (choose another --out, or empty it)", file=out)
    anchor = out.parent
    while not anchor.exists():
        anchor = anchor.parent
    if not anchor.is_dir() or not os.access(anchor, os.W_OK):
        raise InputError("cannot create the output folder here (not a writable directory)", file=out)
    return out


def current_umask() -> int:
    """The process umask (read without changing it), for files made private by mkstemp/mkdtemp."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_folder(out: str | Path, writer: Callable[[Path], None]) -> Path:
    """Write a folder atomically: ``writer(tmp)`` fills a temporary sibling folder, which then replaces
    ``out`` by renames. A failure or interruption leaves no partial folder, and an earlier folder at
    ``out`` is kept intact until the new one is complete. Only an earlier energymodel output (or an empty
    folder) is ever replaced."""
    out = check_output_folder(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    os.chmod(tmp, 0o777 & ~current_umask())  # mkdtemp makes it owner-only: follow the user's umask like mkdir
    old = None
    try:
        writer(tmp)
        if not (tmp / "metadata.json").exists():  # every results folder says what code produced it
            (tmp / "metadata.json").write_text(json.dumps({"code": code_version()}, indent=2), encoding="utf-8")
        (tmp / MARKER).write_text("written by energymodel; this folder may be replaced by the next run\n")
        if out.exists():
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            os.replace(out, old)
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and old.exists() and not out.exists():
            os.replace(old, out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return out
