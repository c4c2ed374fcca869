"""The scenario language: YAML files to validated models, with compiler-grade diagnostics.

Headless: never imports textual.
"""

from .loader import LoadResult, load
from .model import Inject, Scenario

__all__ = ["Inject", "LoadResult", "Scenario", "load"]
