"""Findings and ratings: what a score is made of.

A finding names the criterion, what was expected, what the log shows (with the event numbers
as evidence), the points and a rating on the HSEEP scale: P performed without challenges,
S with some challenges, M with major challenges, U unable to be performed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from ..law.messages import has_message, message


class Rating(StrEnum):
    P = "P"
    S = "S"
    M = "M"
    U = "U"

    @property
    def points(self) -> int:
        return {"P": 3, "S": 2, "M": 1, "U": 0}[self.value]

    @classmethod
    def from_points(cls, points: float) -> Rating:
        if points >= 2.5:
            return cls.P
        if points >= 1.5:
            return cls.S
        if points >= 0.5:
            return cls.M
        return cls.U

    def worse(self, other: Rating) -> Rating:
        return self if self.points <= other.points else other

    @property
    def ceiling(self) -> Rating:
        """The best a group holding this rating may have: a challenge in any part keeps the
        whole from P ("performed without challenges"), a part not performed keeps it from S."""
        return {"P": Rating.P, "S": Rating.S, "M": Rating.S, "U": Rating.M}[self.value]


MAX_POINTS = 3


@dataclass(frozen=True)
class Finding:
    criterion: str  # a catalogue criterion, or an expectation's id
    title: str
    expected: str
    observed: str
    rating: Rating
    evidence: tuple[int, ...] = ()  # event seqs
    source: str = ""
    note: str | None = None

    @property
    def points(self) -> int:
        return self.rating.points

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["rating"] = self.rating.value
        data["points"] = self.points
        data["evidence"] = list(self.evidence)
        return data


@dataclass(frozen=True)
class ObjectiveScore:
    id: str
    title: str
    weight: float
    rating: Rating | None  # None: nothing in the log bore on it
    points: float | None
    findings: tuple[Finding, ...] = field(default=())
    #: the observers' observations against it (their notes' event numbers): evidence the
    #: evaluators weigh beside the findings, not points
    observations: tuple[int, ...] = field(default=())
    #: why the rating is below what its points earn: the finding that holds it down
    reason: str | None = None


#: The criteria the score rates, each against the law or practice named by its message
#: ``source.<id>`` and titled by ``criterion.<id>`` (breachsim.law.messages); ``expectation``
#: stands for the scenario's own expectations.
CRITERIA = ("regulatory_timeliness", "awareness", "notify_judgement", "notification_completeness",
            "subject_communication", "crisis_communication", "request_handling",
            "documentation", "coordination", "expectation")


def criterion_title(criterion: str, language: str, **values: str) -> str:
    """The criterion's title in ``language``; an id that is no criterion is its own title."""
    if not has_message(f"criterion.{criterion}"):
        return criterion
    return message(f"criterion.{criterion}", language, **values)


def criterion_source(criterion: str, language: str) -> str:
    """What the criterion rates against, in ``language``; none for an id that is no criterion."""
    return message(f"source.{criterion}", language) if criterion in CRITERIA else ""
