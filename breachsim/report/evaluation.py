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

from ..rules.findings import Finding, catalogue
from .model import Evidence, FindingEntry, Improvement, ObjectiveEntry, PlanItem
from .session import Facts

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
    "coordination": ("coordination", "legal"),
}
#: the action a scenario expects → (capability, responsible role)
ACTIONS = {
    "declare_awareness": ("detection", "it"),
    "engage_forensics": ("detection", "it"),
    "notify_authority": ("notification", "dpo"),
    "register_breach": ("documentation", "dpo"),
    "answer_request": ("customer_care", "dpo"),
    "notify_subjects": ("public_information", "comms"),
    "public_communication": ("public_information", "comms"),
    "public_statement": ("public_information", "comms"),
    "answer_journalist": ("public_information", "comms"),
    "brief_contact_centre": ("customer_care", "comms"),
    "inform_controller": ("coordination", "legal"),
    "inform_police": ("coordination", "legal"),
    "inform_insurer": ("coordination", "legal"),
    "decide": ("coordination", "board"),
}
ROLES = ("comms", "dpo", "legal", "it", "board")
#: days from the exercise to a corrective action's due date, by rating
DUE_DAYS = {"U": 30, "M": 60, "S": 90}
_ORDER = {"U": 0, "M": 1, "S": 2, "P": 3}


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
    return [Evidence(seq=seq, at=w.moment(facts.by_seq[seq].world),
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
    return [ObjectiveEntry(
        id=o.id, title=o.title, description=descriptions.get(o.id), weight=o.weight,
        rating=o.rating.value if o.rating else None,
        rating_text=facts.words.rating(o.rating.value if o.rating else None),
        findings=[finding_entry(facts, f) for f in o.findings])
        for o in facts.score.objectives]


def strengths(facts: Facts) -> list[FindingEntry]:
    """Findings rated P: the law's and practice's criteria first, then the scenario's own."""
    known = catalogue()
    rated = [f for f in facts.score.findings if f.rating.value == "P"]
    return [finding_entry(facts, f)
            for f in sorted(rated, key=lambda f: f.criterion not in known)]


def _owner(facts: Facts, criterion: str) -> tuple[str, str]:
    if criterion in CRITERIA:
        return CRITERIA[criterion]
    action = next((d.action for d in facts.deadlines if d.id == criterion), None)
    return ACTIONS.get(action or "", ("coordination", "board"))


def improvements(facts: Facts) -> list[Improvement]:
    w = facts.words
    grouped: dict[str, list[Finding]] = {}
    for finding in facts.score.findings:
        if finding.rating.value != "P":
            grouped.setdefault(finding.criterion, []).append(finding)
    found = []
    for criterion, findings in grouped.items():
        worst = min(findings, key=lambda f: _ORDER[f.rating.value])
        seqs = tuple(dict.fromkeys(s for f in findings for s in f.evidence))
        if criterion in CRITERIA:
            cause, fix = w(f"aar.cause.{criterion}"), w(f"aar.fix.{criterion}")
        else:  # one of the scenario's expectations
            deadline = next((d for d in facts.deadlines if d.id == criterion), None)
            action = w.action(deadline.action) if deadline and deadline.action != "decide" \
                else w("aar.a_decision")
            cause = w("aar.cause.expectation", action=action)
            fix = w("aar.fix.expectation", action=action)
            note = next((f.note for f in findings if f.note), None)
            if note:
                fix = f"{fix} {note}"
        observation = " ".join(dict.fromkeys(f.observed for f in sorted(
            findings, key=lambda f: _ORDER[f.rating.value])))
        found.append(Improvement(
            id=criterion, criterion=criterion, title=worst.title, rating=worst.rating.value,
            observation=observation, root_cause=cause, recommendation=fix,
            evidence=evidence(facts, seqs)))
    return sorted(found, key=lambda i: (_ORDER[i.rating], i.id))


def plan(facts: Facts, areas: list[Improvement], overrides: PlanOverrides) -> list[PlanItem]:
    w = facts.words
    start = date.fromisoformat(facts.played.created[:10])
    objective_of = {f.criterion: o.title for o in facts.score.objectives for f in o.findings}
    items = []
    for area in areas:
        capability, role = _owner(facts, area.criterion)
        override = overrides.items.get(area.id, PlanItemOverride())
        owner = overrides.owners.get(role)
        responsible = override.responsible or (
            f"{w(f'aar.role.{role}')} ({owner})" if owner else w(f"aar.role.{role}"))
        due = override.due or start + timedelta(days=DUE_DAYS[area.rating])
        items.append(PlanItem(
            id=area.id, issue=f"{area.title}: {area.observation}",
            corrective_action=override.action or area.recommendation,
            capability=w(f"aar.capability.{capability}"),
            objective=objective_of.get(area.criterion), responsible=responsible,
            due=due.isoformat()))
    return items


def unknown_overrides(overrides: PlanOverrides, areas: list[Improvement]) -> list[str]:
    """What an overrides file names that this report does not have: roles and item ids."""
    ids = {a.id for a in areas}
    return ([f"owners: {role!r} is no role; one of {', '.join(ROLES)}"
             for role in overrides.owners if role not in ROLES]
            + [f"items: {item!r} is no item of this report's plan"
               + (f"; its items: {', '.join(sorted(ids))}" if ids else "")
               for item in overrides.items if item not in ids])
