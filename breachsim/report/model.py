"""The after-action report as data: one model every format is rendered from.

Its JSON form is published (``schema/report.schema.json``): every in-world moment is in seconds
since the scenario's start (``at``) with its ``T+hh:mm`` text beside it, so programs can
compute with it and people can read it. Texts are plain: renderers escape them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

#: Bumped when the report's shape changes.
REPORT_FORMAT = 1

Rating = Literal["P", "S", "M", "U"]


class Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Moment(Part):
    at: int | None = Field(description="In-world seconds since the scenario's start.")
    text: str = Field(description="The same as T+hh:mm, or a dash when it never happened.")


class KeyTime(Part):
    """One of the figures a board asks for first."""

    id: Literal["awareness", "authority", "subjects", "statement"]
    label: str
    since: Moment = Field(description="Where the figure is counted from.")
    done: Moment
    taken: str = Field(description="How long it took, or why there is no figure.")
    limit: str | None = Field(None, description="The limit it is held against, if any.")
    status: Literal["met", "late", "missed", "not_required", "not_done", "done", "open"]


class Requirement(Part):
    """Whether a notification was required, and why (the assessment of the breach facts)."""

    who: Literal["authority", "subjects"]
    required: bool
    text: str
    done: bool
    open: bool  # not done, and the exercise ended before its window closed


class Summary(Part):
    scenario: str
    scenario_title: str
    scenario_summary: str
    organisation: str
    sector: str
    team: str
    roles: list[str]
    session: str
    seed: int
    exercise_date: str = Field(description="The day the session started (UTC, ISO 8601).")
    world_start: str = Field(description="The in-world start (ISO 8601).")
    world_span: Moment = Field(description="The in-world time the session reached.")
    wall_duration: str
    wall_seconds: int
    ended: str
    jurisdiction: str
    authority: str
    percent: float | None
    rating: Rating | None
    rating_text: str
    verdict: str = Field(description="One sentence for the board.")
    key_times: list[KeyTime]
    required: list[Requirement]
    risk: str


class Evidence(Part):
    seq: int
    at: Moment
    text: str


class FindingEntry(Part):
    criterion: str
    title: str
    rating: Rating
    rating_text: str
    expected: str
    observed: str
    source: str
    note: str | None = None
    evidence: list[Evidence]


class NoteEntry(Part):
    seq: int
    at: Moment
    by: str
    text: str


class ObjectiveEntry(Part):
    id: str
    title: str
    description: str | None
    weight: float
    rating: Rating | None
    rating_text: str
    rating_reason: str | None = Field(
        description="Why the rating is below what the points earn: the finding holding it down.")
    findings: list[FindingEntry]
    observations: list[NoteEntry] = Field(
        description="What observers recorded against this objective, as evidence.")


class TimelineEntry(Part):
    seq: int | None = Field(description="The event's number; None for a deadline.")
    at: Moment
    lane: Literal["inject", "decision", "action", "notification", "deadline", "note"]
    title: str
    detail: str = ""
    status: str | None = None


class Element(Part):
    """One element the law asks a notification to contain."""

    id: str
    label: str
    article: str
    present: bool
    value: str = ""


class Notification(Part):
    seq: int
    at: Moment
    to: Literal["authority", "subjects", "public"]
    kind: str
    elements: list[Element]
    accuracy: list[str] = Field(description="Where it disagrees with the facts then known.")


class DeadlineEntry(Part):
    id: str
    label: str
    start: Moment
    due: Moment
    done: Moment
    status: str
    status_text: str


class RequestEntry(Part):
    """A data subject's request or contact that waits for the team's answer."""

    id: str
    kind: str
    received: Moment
    due: Moment
    status: str
    answered: Moment


class Fines(Part):
    tier: str
    maximum: int
    maximum_text: str
    currency: str
    turnover: int | None
    basis: str


class Regulatory(Part):
    jurisdiction: str
    authority: str
    window_hours: int
    required: list[Requirement]
    reasons: list[str]
    unknowns: list[str]
    notifications: list[Notification]
    deadlines: list[DeadlineEntry]
    follow_ups: list[str]
    requests: list[RequestEntry]
    requests_missed: int
    fines: Fines


class SeriesPoint(Part):
    hour: int = Field(description="The in-world hour since the start.")
    social: int
    news: int
    contact: int
    negative: float | None = Field(description="Share of negative social posts, 0–1.")


class Marker(Part):
    at: Moment
    kind: str
    label: str


class PressEntry(Part):
    id: str
    outlet: str
    journalist: str
    question: str
    asked: Moment
    due: Moment
    status: str
    answered: Moment


class Communications(Part):
    posts: int
    negative_share: float | None
    peak_hour: int | None
    peak_posts: int
    series: list[SeriesPoint]
    markers: list[Marker]
    press: list[PressEntry]
    press_answered: int
    press_missed: int
    contacts: dict[str, dict[str, int]] = Field(
        description="Contact-centre contacts by kind, then by how they stand at the end.")


class Improvement(Part):
    id: str
    criterion: str
    title: str
    rating: Rating = Field(description="The worst of its findings.")
    observations: list[str]
    root_cause: str
    recommendation: str
    evidence: list[Evidence]


class PlanItem(Part):
    id: str
    issue: str
    corrective_action: str
    capability: str
    objective: str | None
    responsible: str
    due: str = Field(description="ISO 8601 date.")


class Rationale(Part):
    seq: int
    at: Moment
    what: str
    choice: str
    by: str
    text: str


class Fact(Part):
    key: str
    label: str
    value: str


class ScoreMethod(Part):
    percent: float | None
    objectives: list[dict[str, str | float | None]]
    text: list[str]


class EventEntry(Part):
    seq: int
    at: Moment
    wall: str
    kind: str
    text: str


class Appendix(Part):
    facts: list[Fact]
    scoring: ScoreMethod
    events: list[EventEntry]


class Report(Part):
    """An after-action report and improvement plan (HSEEP's AAR/IP) of one session."""

    format: Literal[1] = REPORT_FORMAT
    language: Literal["en", "nl"]
    generated: str = Field(description="When the report was made (UTC, ISO 8601).")
    title: str
    summary: Summary
    objectives: list[ObjectiveEntry]
    timeline: list[TimelineEntry]
    regulatory: Regulatory
    communications: Communications
    strengths: list[FindingEntry]
    improvements: list[Improvement]
    improvement_plan: list[PlanItem]
    notes: list[NoteEntry]
    rationales: list[Rationale]
    appendix: Appendix
