"""The after-action report and improvement plan (HSEEP's AAR/IP) of a played session.

``build_report`` turns a session into one ``Report`` model; ``render`` writes that one model
as HTML (self-contained, charts inline as SVG, a print stylesheet), Markdown, JSON or PDF.
Every text from scenarios, players and notes is escaped by the renderer of each format. The
score comes from ``breachsim.rules``; the report explains it and never recomputes it.
"""

from __future__ import annotations

from .build import build_report
from .evaluation import PlanOverrides, unknown_overrides
from .model import Report
from .session import Played

__all__ = ["PlanOverrides", "Played", "Report", "build_report", "unknown_overrides"]
