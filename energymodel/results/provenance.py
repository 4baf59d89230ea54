"""What produced a number: the package version and, run from a git checkout, the commit (``metadata.json``)."""
from __future__ import annotations

import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Any

GIT_TIMEOUT_S = 5.0
"""Longest wait for ``git`` (a missing or slow git leaves the commit unknown, never fails a run)."""


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              timeout=GIT_TIMEOUT_S, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip()


@lru_cache(maxsize=1)
def code_version() -> dict[str, Any]:
    """``{"package": "energymodel", "version": …, "git_commit": sha or None, "git_dirty": bool or None}``.
    The commit is that of the checkout the imported package lives in (None when installed from a wheel or
    git is not available); ``git_dirty`` is True when tracked files differ from that commit. Computed once per
    process, at the first call (the CLI calls it when a command starts)."""
    from energymodel import __version__

    root = Path(__file__).resolve().parents[2]
    commit = _git(root, "rev-parse", "HEAD") if (root / ".git").exists() else None
    dirty = None
    if commit:
        status = _git(root, "status", "--porcelain", "--untracked-files=no")
        dirty = None if status is None else bool(status)
    return {"package": "energymodel", "version": __version__, "git_commit": commit, "git_dirty": dirty}
