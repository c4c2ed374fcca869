"""What a facilitator's jump would pass: the team's deadlines between now and where it lands.

A jump skips quiet time, never the team's chance to act. So it stops ``LEAD`` before the first
deadline of the team it would otherwise pass, and when that deadline is closer than that, it
only goes past once the facilitator has been told which deadlines turn overdue and agreed.

The team's deadlines are the rules' (the authority's window, a scenario's expectations, the
month for a data-subject request), the open decisions' timeouts, and the storm's press
requests and contacts waiting for an answer. The director knows only its own schedule (the
deadlines are the rules' judgement, the storm's requests the storm's), so the check lives here,
in the application, and not in ``Director.jump``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..engine.state import State
from ..rules.deadlines import Deadline, Status, deadlines, distinct
from ..scenario.model import Scenario
from .live_storm import StormView

#: How long before a deadline a jump stops, in in-world seconds.
LEAD = 15 * 60


@dataclass(frozen=True)
class JumpPlan:
    """Where a jump from ``now`` goes, and what it would pass on the way.

    ``passes`` are the team's deadlines due after ``now`` and no later than ``target``, soonest
    first (a ``Deadline`` of kind authority, expect, request, decision, press or contact; its
    ``inject`` names the inject, press request or contact). ``stop`` is where a jump that
    passes none of them lands: ``target`` when there are none, ``LEAD`` before the first
    otherwise, or None when that first one is too close to stop before it."""

    now: int
    target: int
    passes: tuple[Deadline, ...]

    @property
    def stop(self) -> int | None:
        return stop_before(self.now, self.target, self.passes)


def stop_before(now: int, target: int, passes: Iterable[Deadline]) -> int | None:
    """Where a jump to ``target`` lands when it may pass none of ``passes``."""
    first = min((d.due for d in passes), default=None)
    if first is None:
        return target
    stop = first - LEAD
    return stop if stop > now else None


def plan(scenario: Scenario, state: State, now: int, target: int,
         storm: StormView) -> JumpPlan:
    passes = [d for d in team_deadlines(scenario, state, now, storm) if d.due <= target]
    return JumpPlan(now, target, tuple(passes))


def team_deadlines(scenario: Scenario, state: State, now: int,
                   storm: StormView) -> list[Deadline]:
    """Every deadline of the team still running after in-world second ``now``, soonest
    first; a decision's own expectation is counted once, as the decision."""
    found = [d for d in distinct(deadlines(scenario, state, now))
             if d.status is Status.open and d.due > now]
    for decision in state.open_decisions.values():
        if decision.deadline is not None and decision.deadline > now:
            found = [d for d in found if not (d.action == "decide"
                                              and d.inject == decision.decision)]
            found.append(Deadline(f"decision:{decision.decision}", "decision", "decide",
                                  decision.prompt, decision.opened, decision.deadline,
                                  Status.open, inject=decision.decision))
    for request in storm.press:
        if request.due > now:
            found.append(Deadline(f"press:{request.id}", "press", "answer_journalist",
                                  request.outlet, request.t, request.due, Status.open,
                                  inject=request.id))
    for contact in storm.waiting:
        if contact.due is not None and contact.due > now:
            found.append(Deadline(f"contact:{contact.id}", "contact", "answer_request",
                                  contact.kind, contact.t, contact.due, Status.open,
                                  inject=contact.id))
    return sorted(found, key=lambda d: (d.due, d.id))
