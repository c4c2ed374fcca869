"""The scenario language: YAML files to validated models, with compiler-grade diagnostics.

Headless: never imports textual. Importing the package, or one of its small modules (the
vocabulary, durations, diagnostics), does not import the loader or build the models: ``load``,
``LoadResult``, ``Scenario`` and ``Inject`` are imported on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .loader import LoadResult, load
    from .model import Inject, Scenario

__all__ = ["Inject", "LoadResult", "Scenario", "load"]

_HOMES = {"Inject": "model", "LoadResult": "loader", "Scenario": "model", "load": "loader"}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value
