"""Deadlines as a function of the scenario, the state and the moment: what is open, overdue,
met and missed. Nothing here is stored; it is always derived from the events."""

from __future__ import annotations

import bisect
import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from ..law.jurisdiction import jurisdiction
from ..scenario.model import Scenario
from .render import moment
from .state import State


class Status(StrEnum):
    open = "open"  # not done, still in time
    overdue = "overdue"  # not done, past the deadline, the session goes on
    met = "met"  # done in time
    missed = "missed"  # done too late, or still not done when the session ended past it
    not_required = "not_required"  # the authority's window passed; notifying was not required


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

    def first_done(self, action: str, after_seq: int, regarding: str | None = None,
                   kind: str | None = None) -> int | None:
        """When the first matching action was taken after event ``after_seq`` (by event order,
        so an action in the same in-world second but before the inject does not count)."""
        records = self.by_action.get(action, [])
        for record in records[bisect.bisect_right(self.seqs.get(action, []), after_seq):]:
            if kind is not None and record.fields.get("kind", "initial") != kind:
                continue
            if regarding is not None and record.fields.get("regarding") not in (None,
                                                                                 regarding):
                continue
            return record.world
        return None


def _add_months(when: datetime, months: int) -> datetime:
    month = when.month - 1 + months
    year = when.year + month // 12
    month = month % 12 + 1
    day = min(when.day, calendar.monthrange(year, month)[1])
    return when.replace(year=year, month=month, day=day)


def request_due(scenario: Scenario, received: int) -> int:
    """When a data-subject request received at in-world second ``received`` must be answered:
    the jurisdiction's months later, on the same calendar day (Art. 12(3))."""
    when = moment(scenario, received)
    legal = _add_months(when, jurisdiction(scenario.jurisdiction.value).request_months)
    return received + int((legal - when) / timedelta(seconds=1))


def deadlines(scenario: Scenario, state: State, now: int,
              notify_required: bool = True) -> list[Deadline]:
    """Every deadline running or settled at in-world second ``now``, soonest first.

    ``notify_required`` comes from the risk assessment (the rules): when notifying the
    authority is not required, its 72 hours pass without being missed.
    """
    law = jurisdiction(scenario.jurisdiction.value)
    language = scenario.language.value
    ended = state.ended is not None
    found: list[Deadline] = []
    actions = _Actions(state)
    aware = state.aware_since
    if aware is not None:
        due = aware + law.notify_hours * 3600
        done_at = actions.first_done("notify_authority", 0, kind="initial")
        status = _status(done_at, due, now, ended)
        if not notify_required and done_at is None and status is not Status.open:
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
            if action == "decide":
                choice = state.choices.get(inject.id)
                done_at = choice.world if choice and choice.by != "timeout" else None
            else:
                done_at = actions.first_done(action, delivery.seq, regarding=inject.id)
            found.append(Deadline(
                expectation.id or f"{inject.id}.{index}", "expect", action,
                f"{action.replace('_', ' ')} ({inject.title})", delivery.world, due,
                _status(done_at, due, now, ended), done_at, inject.id))
            if action == "answer_request":
                legal_due = request_due(scenario, delivery.world)
                found.append(Deadline(
                    f"{inject.id}.request", "request", action,
                    f"answer the request (Art. 12(3), {inject.title})", delivery.world,
                    legal_due, _status(done_at, legal_due, now, ended), done_at, inject.id))
    return sorted(found, key=lambda d: (d.due, d.id))
