"""The score as a whole: every criterion's findings, grouped by the scenario's objectives into a
weighted percentage and a rating, and the fine exposure as context."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ...engine.events import Event
from ...engine.state import State, fold
from ...law.jurisdiction import jurisdiction
from ...law.messages import message, number
from ...scenario.model import Scenario
from ..findings import MAX_POINTS, Finding, ObjectiveScore, Rating
from .communications import crisis_communication, request_handling, subject_communication
from .decisions import awareness, notify_judgement
from .expectations import expectations
from .judge import Judge
from .regulatory import (
    coordination,
    documentation,
    notification_completeness,
    regulatory_timeliness,
)

#: Every criterion, in the order its findings appear.
CRITERIA: tuple[Callable[[Judge], list[Finding]], ...] = (
    awareness, regulatory_timeliness, notify_judgement, notification_completeness,
    subject_communication, crisis_communication, request_handling, documentation,
    coordination, expectations,
)


@dataclass(frozen=True)
class FineExposure:
    tier: str
    maximum: int
    currency: str
    turnover: int | None
    basis: str


@dataclass(frozen=True)
class Score:
    findings: tuple[Finding, ...]
    objectives: tuple[ObjectiveScore, ...]
    percent: float | None
    rating: Rating | None
    fines: FineExposure
    assessment: Any = field(default=None, compare=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "percent": self.percent,
            "rating": self.rating.value if self.rating else None,
            "objectives": [
                {"id": o.id, "title": o.title, "weight": o.weight,
                 "rating": o.rating.value if o.rating else None, "points": o.points,
                 "criteria": sorted({f.criterion for f in o.findings}),
                 "observations": list(o.observations)}
                for o in self.objectives],
            "findings": [f.as_dict() for f in self.findings],
            "fines": self.fines.__dict__,
        }


def score(scenario: Scenario, events: list[Event], language: str | None = None) -> Score:
    """Rate a session from its log, worded in ``language`` (default: the scenario's)."""
    state = fold(events)
    judge = Judge(scenario, state, events, language)
    findings = tuple(f for criterion in CRITERIA for f in criterion(judge))
    objectives = tuple(_objectives(scenario, state, findings))
    rated = [o for o in objectives if o.points is not None]
    if rated:
        total_weight = sum(o.weight for o in rated)
        points = sum(o.weight * o.points for o in rated) / total_weight
    elif findings:
        points = sum(f.points for f in findings) / len(findings)
    else:
        points = None
    percent = None if points is None else round(100 * points / MAX_POINTS, 1)
    rating = None if points is None else Rating.from_points(points)
    return Score(findings, objectives, percent, rating, _fines(scenario, state, judge.language),
                 judge.assessment)


def _objectives(scenario: Scenario, state: State,
                findings: tuple[Finding, ...]) -> list[ObjectiveScore]:
    result = []
    for objective in scenario.objectives:
        wanted = {str(c) for c in objective.criteria}
        mine = tuple(f for f in findings if f.criterion in wanted)
        points = round(sum(f.points for f in mine) / len(mine), 2) if mine else None
        seen = tuple(n.seq for n in state.notes if n.objective == objective.id)
        result.append(ObjectiveScore(objective.id, objective.title, objective.weight,
                                     Rating.from_points(points) if mine else None, points, mine,
                                     seen))
    return result


def _fines(scenario: Scenario, state: State, language: str) -> FineExposure:
    """The highest fine Art. 83(4) allows for failing Art. 33/34, as context for the board."""
    from ...engine.cast import cast_for

    law = jurisdiction(scenario.jurisdiction.value)
    turnover = cast_for(scenario, state.seed).organisation["turnover_eur"]
    tier = law.fines.art_83_4
    basis = message("score.fines.basis", language, fixed=number(tier.fixed, language),
                    percent=number(tier.percent, language, "g"))
    return FineExposure("Art. 83(4)(a)", tier.maximum(turnover), law.currency, turnover, basis)
