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


#: The group of the findings no objective of the scenario names (not an objective id: those
#: start with a letter).
OTHER = "_other"


@dataclass(frozen=True)
class Score:
    findings: tuple[Finding, ...]
    objectives: tuple[ObjectiveScore, ...]
    percent: float | None
    rating: Rating | None
    fines: FineExposure
    assessment: Any = field(default=None, compare=False)
    reason: str | None = None  # why the rating is below what the percentage earns

    def as_dict(self) -> dict[str, Any]:
        return {
            "percent": self.percent,
            "rating": self.rating.value if self.rating else None,
            "reason": self.reason,
            "objectives": [
                {"id": o.id, "title": o.title, "weight": o.weight,
                 "rating": o.rating.value if o.rating else None, "points": o.points,
                 "reason": o.reason, "criteria": sorted({f.criterion for f in o.findings}),
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
    objectives = tuple(_objectives(judge, findings))
    rated = [o for o in objectives if o.points is not None]
    if not rated:
        return Score(findings, objectives, None, None,
                     _fines(scenario, state, judge.language), judge.assessment)
    points = sum(o.weight * o.points for o in rated) / sum(o.weight for o in rated)
    rating, reason = _rated(judge, points, [(o.title, o.rating) for o in rated])
    return Score(findings, objectives, round(100 * points / MAX_POINTS, 1), rating,
                 _fines(scenario, state, judge.language), judge.assessment, reason)


def _objectives(judge: Judge, findings: tuple[Finding, ...]) -> list[ObjectiveScore]:
    """The scenario's objectives, and the findings none of them names as one more group, so
    that every finding counts (a scenario without objectives has that group alone)."""
    groups = [(o.id, o.title, o.weight, {str(c) for c in o.criteria})
              for o in judge.scenario.objectives]
    named = set().union(*(wanted for *_, wanted in groups))
    other = {f.criterion for f in findings if f.criterion not in named}
    if other:
        groups.append((OTHER, judge.say("score.objective.other"), 1, other))
    result = []
    for id_, title, weight, wanted in groups:
        mine = tuple(f for f in findings if f.criterion in wanted)
        seen = tuple(n.seq for n in judge.state.notes if n.objective == id_)
        if not mine:
            result.append(ObjectiveScore(id_, title, weight, None, None, (), seen))
            continue
        points = round(sum(f.points for f in mine) / len(mine), 2)
        rating, reason = _rated(judge, points, [(f.title, f.rating) for f in mine])
        result.append(ObjectiveScore(id_, title, weight, rating, points, mine, seen, reason))
    return result


def _rated(judge: Judge, points: float, parts: list[tuple[str, Rating]]
           ) -> tuple[Rating, str | None]:
    """The rating ``points`` earn, held down to what the worst of ``parts`` (title, rating)
    allows (``Rating.ceiling``), and the reason when it is held down."""
    earned = Rating.from_points(points)
    title, worst = min(parts, key=lambda part: part[1].points)
    rating = earned.worse(worst.ceiling)
    if rating is earned:
        return rating, None
    return rating, judge.say("score.held_down", earned=earned.value, rating=rating.value,
                             title=title, worst=worst.value)


def _fines(scenario: Scenario, state: State, language: str) -> FineExposure:
    """The highest fine Art. 83(4) allows for failing Art. 33/34, as context for the board."""
    from ...engine.cast import cast_for

    law = jurisdiction(scenario.jurisdiction.value)
    turnover = cast_for(scenario, state.seed).organisation["turnover_eur"]
    tier = law.fines.art_83_4
    basis = message("score.fines.basis", language, fixed=number(tier.fixed, language),
                    percent=number(tier.percent, language, "g"))
    return FineExposure("Art. 83(4)(a)", tier.maximum(turnover), law.currency, turnover, basis)
