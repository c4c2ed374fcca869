"""The evaluation: objectives with their ratings and evidence, strengths, areas for improvement
(observation, root cause, recommendation) and the improvement plan.

An area for improvement gathers every finding of one criterion rated below P; its root cause
and recommendation are the evaluator's words for that criterion (``aar.cause.*``,
``aar.fix.*``), its capability and responsible role come from the criterion or, for the
scenario's own expectations, from the action expected. The plan's due dates count from the
exercise date, sooner for worse ratings; owners and overrides replace what the defaults say.
"""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict, Field

from ..law.messages import has_message
from ..rules.findings import CRITERIA as SCORED
from ..rules.findings import Finding, criterion_title
from ..rules.scoring.total import OTHER
from ..scenario.vocab import TEAM_ROLES
from .model import Evidence, FindingEntry, Improvement, ObjectiveEntry, PlanItem
from .session import Facts
from .timeline import note_entry

#: criterion → (capability, responsible role)
CRITERIA = {
    "awareness": ("detection", "it"),
    "regulatory_timeliness": ("notification", "dpo"),
    "notify_judgement": ("risk_assessment", "dpo"),
    "notification_completeness": ("notification", "dpo"),
    "subject_communication": ("public_information", "comms"),
    "crisis_communication": ("public_information", "comms"),
    "request_handling": ("customer_care", "dpo"),
    "documentation": ("documentation", "dpo"),
    "coordination": ("coordination", "board"),
}
#: the action a scenario expects → the criterion whose area its shortfall belongs to
ACTIONS = {
    "declare_awareness": "awareness",
    "notify_authority": "regulatory_timeliness",
    "register_breach": "documentation",
    "answer_request": "request_handling",
    "brief_contact_centre": "request_handling",
    "notify_subjects": "subject_communication",
    "public_communication": "subject_communication",
    "public_statement": "crisis_communication",
    "answer_journalist": "crisis_communication",
    "engage_forensics": "coordination",
    "inform_controller": "coordination",
    "inform_police": "coordination",
    "inform_insurer": "coordination",
    "decide": "coordination",
}
ROLES = TEAM_ROLES
#: days from the exercise to a corrective action's due date, by rating
DUE_DAYS = {"U": 30, "M": 60, "S": 90}
_ORDER = {"U": 0, "M": 1, "S": 2, "P": 3}
VARIANTS = ("missing", "weak")


class PlanItemOverride(BaseModel):
    model_config = ConfigDict(extra="forbid")
    responsible: str | None = Field(None, min_length=1, max_length=200)
    due: date | None = None
    action: str | None = Field(None, min_length=1, max_length=2000,
                               description="The corrective action, in your own words.")


class PlanOverrides(BaseModel):
    """A plan overrides file: who owns each role, and per item (by its id) what to change."""

    model_config = ConfigDict(extra="forbid")
    owners: dict[str, str] = Field(default_factory=dict,
                                   description="role (comms, dpo, legal, it, board) → who")
    items: dict[str, PlanItemOverride] = Field(default_factory=dict)


def evidence(facts: Facts, seqs: tuple[int, ...]) -> list[Evidence]:
    w = facts.words
    return [Evidence.model_construct(seq=seq, at=w.moment(facts.by_seq[seq].world),
                     text=facts.describe(facts.by_seq[seq]))
            for seq in seqs if seq in facts.by_seq]


def finding_entry(facts: Facts, finding: Finding) -> FindingEntry:
    return FindingEntry(
        criterion=finding.criterion, title=finding.title, rating=finding.rating.value,
        rating_text=facts.words.rating(finding.rating.value), expected=finding.expected,
        observed=finding.observed, source=finding.source, note=finding.note,
        evidence=evidence(facts, finding.evidence))


def objectives(facts: Facts) -> list[ObjectiveEntry]:
    descriptions = {o.id: o.description for o in facts.scenario.objectives}
    descriptions[OTHER] = facts.words.say("aar.other_objective")
    return [ObjectiveEntry(
        id=o.id, title=o.title, description=descriptions.get(o.id), weight=o.weight,
        rating=o.rating.value if o.rating else None,
        rating_text=facts.words.rating(o.rating.value if o.rating else None),
        rating_reason=o.reason,
        findings=[finding_entry(facts, f) for f in o.findings],
        observations=[note_entry(facts, facts.notes_by_seq[seq]) for seq in o.observations])
        for o in facts.score.objectives]


def strengths(facts: Facts) -> list[FindingEntry]:
    """Findings rated P: the law's and practice's criteria first, then the scenario's own."""
    rated = [f for f in facts.score.findings if f.rating.value == "P"]
    return [finding_entry(facts, f)
            for f in sorted(rated, key=lambda f: f.criterion not in SCORED)]


def _criterion(facts: Facts, finding: Finding) -> str:
    """The criterion a finding's shortfall belongs to: its own, or for a scenario's
    expectation the criterion of the action it expected."""
    if finding.criterion in CRITERIA:
        return finding.criterion
    deadline = facts.deadline.get(finding.criterion)
    return ACTIONS.get(deadline.action, "coordination") if deadline else "coordination"


def _observed(facts: Facts, finding: Finding) -> str:
    """What a finding observed, in words that stand alone in an area of improvement."""
    if finding.criterion in CRITERIA:
        return finding.observed
    deadline = facts.deadline.get(finding.criterion)
    if deadline is None:
        return f"{finding.title}: {finding.observed}"
    return facts.words.say("aar.observed.expectation", action=facts.words.action(deadline.action),
                           title=facts.describe.title(deadline.inject), observed=finding.observed)


def improvements(facts: Facts) -> list[Improvement]:
    """One area per criterion that fell short, its findings' observations together."""
    w = facts.words
    grouped: dict[str, list[tuple[Finding, str]]] = {}
    for finding in facts.score.findings:
        if finding.rating.value != "P":
            grouped.setdefault(_criterion(facts, finding), []).append(
                (finding, _observed(facts, finding)))
    found = []
    for criterion, entries in grouped.items():
        entries.sort(key=lambda e: _ORDER[e[0].rating.value])
        seqs = sorted({s for finding, _ in entries for s in finding.evidence})
        actions = {a for a, c in ACTIONS.items() if c == criterion}
        taken = "weak" if any(r.action in actions for r in facts.state.actions) else "missing"
        found.append(Improvement(
            id=criterion, criterion=criterion, title=criterion_title(criterion, w.language),
            rating=entries[0][0].rating.value,
            observations=list(dict.fromkeys(observed for _, observed in entries)),
            root_cause=w.say(f"aar.cause.{variant('cause', criterion, taken)}"),
            recommendation=w.say(f"aar.fix.{variant('fix', criterion, taken)}"),
            evidence=evidence(facts, tuple(seqs))))
    return sorted(found, key=lambda i: (_ORDER[i.rating], list(CRITERIA).index(i.id)))


def variant(what: str, criterion: str, taken: str) -> str:
    """Which of the evaluator's words (``cause`` or ``fix``) a criterion gets: where they
    differ, one for a task the team never took up (``missing``) and one for a task done late
    or poorly (``weak``)."""
    key = f"{criterion}.{taken}"
    return key if has_message(f"aar.{what}.{key}") else criterion


def plan(facts: Facts, areas: list[Improvement], overrides: PlanOverrides) -> list[PlanItem]:
    w = facts.words
    start = date.fromisoformat(facts.played.created[:10])
    objectives_of: dict[str, list[str]] = {}
    for objective in facts.score.objectives:
        if objective.id == OTHER:  # the plan names the scenario's objectives, not the rest
            continue
        for finding in objective.findings:
            area = _criterion(facts, finding)
            if objective.title not in objectives_of.setdefault(area, []):
                objectives_of[area].append(objective.title)
    items = []
    for area in areas:
        capability, role = CRITERIA[area.criterion]
        override = overrides.items.get(area.id, PlanItemOverride())
        owner = overrides.owners.get(role)
        responsible = override.responsible or (
            f"{w.say(f'aar.role.{role}')} ({owner})" if owner else w.say(f"aar.role.{role}"))
        due = override.due or start + timedelta(days=DUE_DAYS[area.rating])
        issue = area.observations[0] + (
            " " + w.say("aar.and_more", count=len(area.observations) - 1)
            if len(area.observations) > 1 else "")
        items.append(PlanItem(
            id=area.id, issue=f"{area.title}: {issue}",
            corrective_action=override.action or area.recommendation,
            capability=w.say(f"aar.capability.{capability}"),
            objective="; ".join(objectives_of.get(area.criterion, [])) or None,
            responsible=responsible, due=due.isoformat()))
    return items


def unknown_overrides(overrides: PlanOverrides, areas: list[Improvement]) -> list[str]:
    """What an overrides file names that this report does not have: roles and item ids."""
    ids = {a.id for a in areas}
    return ([f"owners: {role!r} is no role; one of {', '.join(ROLES)}"
             for role in overrides.owners if role not in ROLES]
            + [f"items: {item!r} is no item of this report's plan"
               + (f"; its items: {', '.join(sorted(ids))}" if ids else "")
               for item in overrides.items if item not in ids])
