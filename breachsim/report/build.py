"""One played session → one ``Report``: every section from the same ``Facts``."""

from __future__ import annotations

from .communications import communications
from .evaluation import PlanOverrides, improvements, objectives, plan, strengths
from .model import Report
from .regulatory import regulatory
from .session import Facts, Played
from .summary import summary
from .timeline import appendix, notes, rationales, timeline


def build_report(played: Played, *, language: str | None = None,
                 overrides: PlanOverrides | None = None, generated: str) -> Report:
    """The after-action report of ``played`` in ``language`` (default: the scenario's);
    ``generated`` is the moment it is made (UTC, ISO 8601)."""
    facts = Facts(played, language or played.scenario.language.value)
    areas = improvements(facts)
    w = facts.words
    return Report(
        language=facts.language, generated=generated,
        title=w.say("aar.title", scenario=played.scenario.title), summary=summary(facts),
        objectives=objectives(facts), timeline=timeline(facts), regulatory=regulatory(facts),
        communications=communications(facts), strengths=strengths(facts),
        improvements=areas, improvement_plan=plan(facts, areas, overrides or PlanOverrides()),
        notes=notes(facts), rationales=rationales(facts), appendix=appendix(facts))
