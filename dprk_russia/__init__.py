"""Shared data module of the report on North Korean troops in Russia.

``load()`` gives the validated evidence base; the chapters take every table, chart and number
from here.

The names below are imported on first use, not with the package: ``python -m dprk_russia
validate`` and ``build`` then start without pandas, which makes a no-change ``make book``
quick.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .core.loading import Dataset, load, read
    from .core.problems import DataError, Problem

__all__ = ["DataError", "Dataset", "Problem", "load", "read"]

_HOME = {
    "Dataset": "core.loading",
    "load": "core.loading",
    "read": "core.loading",
    "DataError": "core.problems",
    "Problem": "core.problems",
}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(import_module(f".{_HOME[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
