"""Errors a user can act on. The CLI maps InputError to exit code 2 and SolveError to exit code 3."""
from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Bad input: names the file, the key or row, and what was expected."""

    def __init__(self, message: str, *, file: str | Path | None = None, key: str | None = None):
        self.file = str(file) if file is not None else None
        self.key = key
        self.detail = message
        where = []
        if self.file:
            where.append(self.file)
        if key:
            where.append(f"key '{key}'")
        prefix = ": ".join([", ".join(where)]) + ": " if where else ""
        super().__init__(prefix + message)


class SolveError(Exception):
    """The LP was not solved to optimality; the message says why in scenario terms."""

    def __init__(self, message: str, status: str = "error"):
        self.status = status
        super().__init__(message)
