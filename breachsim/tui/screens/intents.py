"""The forms behind the team's actions and the facilitator's note and ad-hoc inject, built
from the exercise's state; ``record`` is how the app runs an intent (see ``BreachsimApp``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...application.exercise import Exercise
from ...rules.deadlines import Status
from ...rules.scoring.regulatory import notifiable_facts
from ...scenario.vocab import OBSERVER, Channel, Severity
from ..i18n import t
from .forms import Field, FormScreen, action_fields

Record = Callable[[Callable[[], Any]], Any]
#: What a follow-up notification does not take over from the initial one.
_NOT_CARRIED = ("kind", "follows", "delay_reasons", "regarding")


def team_action_form(exercise: Exercise, action: str, record: Record,
                     answering: tuple[str, str] | None = None) -> FormScreen:
    """The form of a team action; ``answering`` (id, label) is what it answers, preselected:
    a journalist's request or a contact from the storm panel."""
    view = exercise.view()
    values: dict[str, Any] = {}
    regarding = [(d.inject, d.title) for d in reversed(view.deliveries)]
    if answering is not None:
        regarding.insert(0, answering)
        values["regarding"] = answering[0]
    else:  # what the action most plausibly answers: the oldest request for it still open
        waiting = [d for d in view.deadlines if d.kind == "expect" and d.action == action
                   and d.done_at is None and d.status in (Status.open, Status.overdue)]
        if waiting:
            values["regarding"] = min(waiting, key=lambda d: (d.start, d.id)).inject
    intro = t("tip.action." + action)
    if action == "notify_authority":
        with exercise.lock:
            initial = exercise.state.initial_notification
        values["kind"] = "follow_up" if initial is not None else "initial"
        if initial is not None:  # a follow-up starts from what the authority was told
            values.update({k: v for k, v in initial.fields.items() if k not in _NOT_CARRIED})
        if view.aware_since is not None:
            hours = (view.now - view.aware_since) / 3600
            intro += "\n" + t("form.since_awareness", hours=f"{hours:.0f}",
                              window=exercise.law.notify_hours)
    with exercise.lock:
        facts = notifiable_facts(exercise.scenario, exercise.state, exercise.now)
    return FormScreen(
        t("action." + action), action_fields(action),
        lambda fields: record(lambda: exercise.act(action, fields)), intro=intro, values=values,
        regarding=regarding,
        language=exercise.language, facts=facts, form_id=action)


def storm_push_form(exercise: Exercise, record: Record) -> FormScreen:
    """The facilitator's burst of the storm: how big, on what, and how hostile."""
    fields = [Field("burst", "int", required=True, label="field.burst"),
              Field("topic", "text", label="field.topic"),
              Field("sentiment", "choice", ("-1", "-0.5", "0", "0.5"), True,
                    label="field.sentiment")]

    def push(f: dict) -> None:
        record(lambda: exercise.push_storm(int(f.get("burst") or 0), f.get("topic") or None,
                                           float(f.get("sentiment") or -0.5)))

    return FormScreen(t("storm.push_title"), fields, push, intro=t("storm.push_intro"),
                      values={"burst": 200, "sentiment": "-0.5"}, form_id="storm_push")


def note_form(exercise: Exercise, record: Record) -> FormScreen:
    """The facilitator notes as anyone; a player notes as the team, an observer against one
    of the scenario's objectives."""
    if exercise.keeps_clock:
        fields = [Field("by", "choice", ("facilitator", "observer", "team"), True),
                  Field("text", "area", required=True, label="field.note")]
        return FormScreen(
            t("note.title"), fields,
            lambda f: record(lambda: exercise.note(f.get("text", ""),
                                                   f.get("by", "facilitator"))),
            values={"by": "facilitator"}, form_id="note")
    objectives = exercise.scenario.objectives
    fields = [Field("text", "area", required=True, label="field.note")]
    if exercise.role == OBSERVER and objectives:
        fields.insert(0, Field("objective", "choice", tuple(o.id for o in objectives),
                               label="field.objective",
                               shown=tuple(o.title for o in objectives)))
    by = "observer" if exercise.role == OBSERVER else "team"
    return FormScreen(
        t("note.title"), fields,
        lambda f: record(lambda: exercise.note(f.get("text", ""), by, f.get("objective"))),
        form_id="note")


def adhoc_form(exercise: Exercise, record: Record) -> FormScreen:
    fields = [Field("title", "text", required=True),
              Field("channel", "choice", tuple(c.value for c in Channel), True),
              Field("sender", "text"),
              Field("severity", "choice", tuple(s.value for s in Severity), True),
              Field("body", "area")]

    def add(f: dict) -> None:
        record(lambda: exercise.add_inject(
            title=f.get("title", ""), channel=f.get("channel", ""), sender=f.get("sender"),
            body=f.get("body", ""), severity=f.get("severity", "")))

    return FormScreen(t("adhoc.title"), fields, add, intro=t("adhoc.intro"),
                      values={"channel": "email", "severity": "info"}, form_id="adhoc")
