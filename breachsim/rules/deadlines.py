"""Deadlines as a function of the scenario, the state and the moment: what is open, overdue,
met and missed. Nothing here is stored; it is always derived from the events.

The authority's window is judged by the risk assessment of the scenario's facts: when
notifying is not required, its 72 hours pass without being missed."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from ..engine.render import moment
from ..engine.state import State
from ..law.jurisdiction import jurisdiction
from ..scenario.model import Scenario
from .assessment import scenario_assessment


class Status(StrEnum):
    open = "open"  # not done, still in time
    overdue = "overdue"  # not done, past the deadline, the session goes on
    met = "met"  # done in time
    missed = "missed"  # done too late, or still not done when the session ended past it
    not_required = "not_required"  # not notified, rightly: the window passed or the session
    #                                ended, and the facts did not require it


@dataclass(frozen=True)
class Deadline:
    id: str
    kind: str  # authority, expect, request
    action: str
    label: str
    start: int  # in-world seconds
    due: int
    status: Status
    done_at: int | None = None
    inject: str | None = None


def _status(done_at: int | None, due: int, now: int, ended: bool) -> Status:
    if done_at is not None:
        return Status.met if done_at <= due else Status.missed
    if now > due:
        return Status.missed if ended else Status.overdue
    return Status.open  # still running, even past the end of the exercise


class _Actions:
    """The team's actions by kind, in event order, to find the first one after an event."""

    def __init__(self, state: State):
        self.by_action: dict[str, list] = {}
        for record in state.actions:
            self.by_action.setdefault(record.action, []).append(record)
        self.seqs = {action: [r.seq for r in records]
                     for action, records in self.by_action.items()}

    def first_done(self, action: str, after_seq: int, regarding: str | None = None
                   ) -> int | None:
        """When the first matching action was taken after event ``after_seq`` (by event order,
        so an action in the same in-world second but before the inject does not count)."""
        records = self.by_action.get(action, [])
        for record in records[bisect.bisect_right(self.seqs.get(action, []), after_seq):]:
            if regarding is not None and record.fields.get("regarding") not in (None,
                                                                                 regarding):
                continue
            return record.world
        return None


def distinct(found: list[Deadline]) -> list[Deadline]:
    """The deadlines less an expectation that only repeats the authority's clock: one to
    notify the authority by the same moment, or within the same window (counted from its
    inject rather than from awareness, it would run a second 72 hours beside the first)."""
    authority = next((d for d in found if d.kind == "authority"), None)
    if authority is None:
        return list(found)
    window = authority.due - authority.start
    return [d for d in found if d.kind != "expect" or d.action != authority.action
            or (d.due != authority.due and d.due - d.start != window)]


def missed_notifications(found: list[Deadline]) -> list[tuple[int, str]]:
    """The notification deadlines the team let pass, as the storm takes them (``missed``):
    the authority's and telling the people affected, where missed or overdue."""
    return [(d.due, "authority" if d.kind == "authority" else "subjects") for d in found
            if (d.kind == "authority" or d.action == "notify_subjects")
            and d.status in (Status.overdue, Status.missed)]


def request_due(scenario: Scenario, received: int) -> int:
    """When a data-subject request received at in-world second ``received`` must be answered:
    the jurisdiction's months later, on the same calendar day (Art. 12(3))."""
    when = moment(scenario, received)
    legal = jurisdiction(scenario.jurisdiction.value).request_due(when)
    return received + int((legal - when) / timedelta(seconds=1))


def deadlines(scenario: Scenario, state: State, now: int) -> list[Deadline]:
    """Every deadline running or settled at in-world second ``now``, soonest first."""
    law = jurisdiction(scenario.jurisdiction.value)
    language = scenario.language.value
    ended = state.ended is not None
    found: list[Deadline] = []
    actions = _Actions(state)
    aware = state.aware_since
    if aware is not None:
        due = law.notify_due(aware)
        initial = state.initial_notification
        done_at = initial.world if initial else None
        status = _status(done_at, due, now, ended)
        if (done_at is None and (ended or status is not Status.open)
                and not scenario_assessment(scenario).notify_authority):
            status = Status.not_required
        found.append(Deadline(
            "authority", "authority", "notify_authority",
            f"{law.authority.short.get(language)} (Art. 33)", aware, due, status, done_at))
    for delivery in state.delivered.values():
        inject = scenario.by_id.get(delivery.inject)
        if inject is None:
            continue
        for index, expectation in enumerate(inject.expect):
            action = expectation.action.value
            due = delivery.world + int(expectation.within.total_seconds())
            closed = False  # a decision that timed out is settled: missed, no longer running
            if action == "decide":
                choice = state.choices.get(inject.id)
                done_at = choice.world if choice and choice.by != "timeout" else None
                closed = choice is not None and choice.by == "timeout"
            elif action == "declare_awareness":
                done_at = state.declared_awareness  # awareness counts whenever it was declared
            else:
                done_at = actions.first_done(action, delivery.seq, regarding=inject.id)
            found.append(Deadline(
                expectation.id or f"{inject.id}.{index}", "expect", action,
                f"{action.replace('_', ' ')} ({inject.title})", delivery.world, due,
                Status.missed if closed else _status(done_at, due, now, ended), done_at,
                inject.id))
            if action == "answer_request":
                legal_due = request_due(scenario, delivery.world)
                found.append(Deadline(
                    f"{inject.id}.request", "request", action,
                    f"answer the request (Art. 12(3), {inject.title})", delivery.world,
                    legal_due, _status(done_at, legal_due, now, ended), done_at, inject.id))
    return sorted(found, key=lambda d: (d.due, d.id))
