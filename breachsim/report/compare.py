"""Rehearsals of one scenario side by side: how a team's ratings and key times changed."""

from __future__ import annotations

from pydantic import Field

from .model import KeyTime, Part, Rating, Report


class Rehearsal(Part):
    session: str
    team: str
    date: str
    percent: float | None
    rating: Rating | None
    key_times: list[KeyTime]
    objectives: dict[str, Rating | None] = Field(description="objective id → rating")


class Comparison(Part):
    format: int = 1
    language: str
    generated: str
    scenario: str
    scenario_title: str
    objectives: dict[str, str] = Field(description="objective id → title")
    rehearsals: list[Rehearsal]


def compare(reports: list[Report], generated: str) -> Comparison:
    """``reports`` of one scenario, oldest session first."""
    first = reports[0]
    ordered = sorted(reports, key=lambda r: (r.summary.exercise_date, r.summary.session))
    return Comparison(
        language=first.language, generated=generated, scenario=first.summary.scenario,
        scenario_title=first.summary.scenario_title,
        objectives={o.id: o.title for o in first.objectives},
        rehearsals=[Rehearsal(session=r.summary.session, team=r.summary.team,
                              date=r.summary.exercise_date, percent=r.summary.percent,
                              rating=r.summary.rating, key_times=r.summary.key_times,
                              objectives={o.id: o.rating for o in r.objectives})
                    for r in ordered])
