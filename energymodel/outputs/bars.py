"""Progress bars for commands that solve many LPs (``links``, ``curve``, ``compare``): tqdm on stderr,
shown only when stderr is a terminal (``disable=None``), so logs and CI output stay clean."""
from __future__ import annotations

import sys
from typing import Iterable, TypeVar

T = TypeVar("T")


def bar(iterable: Iterable[T], *, total: int | None = None, desc: str = "", unit: str = "solve") -> Iterable[T]:
    """``iterable`` wrapped in a tqdm bar (a no-op when stderr is not a terminal)."""
    from tqdm import tqdm
    return tqdm(iterable, total=total, desc=desc, unit=unit, file=sys.stderr, disable=None, leave=False,
                dynamic_ncols=True)
