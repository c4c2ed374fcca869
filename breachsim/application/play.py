"""Headless play: run a session at full speed, scripted by a plan or taking every default."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..engine.actions import Refused
from ..engine.director import Director, Sink
from ..rules.deadlines import Deadline, deadlines
from ..scenario.durations import format_offset
from ..scenario.model import Scenario
from .plan import Plan


@dataclass
class Failure:
    step: int  # 1-based; 0 for the run as a whole
    message: str


@dataclass
class PlayResult:
    director: Director
    failures: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def deadlines(self) -> list[Deadline]:
        return deadlines(self.director.scenario, self.director.state, self.director.now)


def run_to_end(director: Director, until: Callable[[], bool] | None = None,
               limit: int | None = None) -> None:
    """Advance from one due moment to the next until the end, ``until()`` or ``limit``."""
    while not director.ended:
        if until is not None and until():
            return
        upcoming = director.next_due()
        if upcoming is None or (limit is not None and upcoming > limit):
            if limit is not None:
                director.advance_to(limit)
            return
        director.advance_to(upcoming)


def play(scenario: Scenario, plan: Plan | None, *, session: str, seed: int, team: str,
         wall: Callable[[], str], sink: Sink | None = None) -> PlayResult:
    """A fresh session played at full speed, in memory (or into ``sink``)."""
    director = Director.start(scenario, session=session, seed=seed, team=team, wall=wall,
                              sink=sink)
    return play_director(director, plan)


def play_director(director: Director, plan: Plan | None) -> PlayResult:
    """Carry out the plan's steps, then run to the end, every timed decision its default."""
    result = PlayResult(director)
    for number, step in enumerate(plan.steps if plan else [], start=1):
        if not _step(director, step, number, result):
            return result
    run_to_end(director)
    return result


def play_session(session, plan: Plan | None) -> PlayResult:
    """Play a stored session (an ``application.session.Session``) and record how far it got."""
    try:
        return play_director(session.director, plan)
    finally:
        session.checkpoint()


def _step(director: Director, step, number: int, result: PlayResult) -> bool:
    """Carry out one plan step; False when the play cannot go on."""
    state = director.state
    kind = step.kind

    def fail(message: str) -> None:
        result.failures.append(Failure(number, f"step {number} ({kind}): {message}"))

    try:
        if kind == "advance":
            run_to_end(director, limit=director.now + int(step.advance.total_seconds()))
        elif kind == "until":
            run_to_end(director, until=lambda: step.until in state.delivered)
            if step.until not in state.delivered:
                fail(f"{step.until!r} never arrived (the session ended at "
                     f"{format_offset(director.now)})")
                return False
        elif kind == "choose":
            for decision, option in step.choose.items():
                if decision not in state.open_decisions:
                    run_to_end(director, until=lambda d=decision: d in state.open_decisions
                               or d in state.choices)
                director.decide(decision, option)
        elif kind == "act":
            name, fields = step.action()
            director.act(name, fields)
        elif kind == "note":
            director.note(step.note)
        elif kind == "expect_inject":
            if step.expect_inject not in state.delivered:
                fail(f"expected {step.expect_inject!r} to have arrived by "
                     f"{format_offset(director.now)}, but it has not")
        elif kind == "expect_no_inject":
            if step.expect_no_inject in state.delivered:
                arrived = state.delivered[step.expect_no_inject].world
                fail(f"expected {step.expect_no_inject!r} not to arrive, but it did at "
                     f"{format_offset(arrived)}")
        elif kind == "expect_var":
            for name, value in step.expect_var.items():
                actual = state.variables.get(name)
                if actual != value or isinstance(actual, bool) != isinstance(value, bool):
                    fail(f"expected {name} = {value!r}, but it is {actual!r}")
        elif kind == "expect_deadline":
            found = {d.id: d for d in result.deadlines}
            for name, status in step.expect_deadline.items():
                if name not in found:
                    fail(f"no deadline {name!r} is running; running: "
                         f"{', '.join(found) or 'none'}")
                elif found[name].status != status:
                    fail(f"expected deadline {name!r} to be {status}, but it is "
                         f"{found[name].status}")
    except Refused as refused:
        fail(refused.reason)
        return False
    return True


def summary(result: PlayResult) -> dict[str, Any]:
    """What happened, for people (text) and programs (json)."""
    director = result.director
    state = director.state
    return {
        "session": state.session,
        "scenario": director.scenario.id,
        "seed": state.seed,
        "team": state.team,
        "ended": {"at": format_offset(director.now), **(state.ended or {})},
        "delivered": [{"at": format_offset(d.world), "inject": d.inject, "title": d.title,
                       "channel": d.channel, "via": d.via} for d in state.delivered.values()],
        "decisions": [{"at": format_offset(c.world), "decision": name, "option": c.option,
                       "by": c.by} for name, c in state.choices.items()],
        "actions": [{"at": format_offset(a.world), "action": a.action}
                    for a in state.actions],
        "deadlines": [{"id": d.id, "action": d.action, "due": format_offset(d.due),
                       "status": d.status.value,
                       "done": None if d.done_at is None else format_offset(d.done_at)}
                      for d in result.deadlines],
        "failures": [f.message for f in result.failures],
        "events": state.seq,
    }


def render_text(data: dict[str, Any]) -> str:
    lines = [f"session {data['session']} · {data['scenario']} · seed {data['seed']} · "
             f"team {data['team']}", ""]
    lines.append(f"injects delivered ({len(data['delivered'])}):")
    lines += [f"  {d['at']}  {d['channel']:<9} {d['title']}  [{d['inject']}]"
              for d in data["delivered"]]
    lines.append("")
    lines.append(f"decisions ({len(data['decisions'])}):")
    lines += [f"  {d['at']}  {d['decision']} → {d['option']}"
              + (" (timed out: default)" if d["by"] == "timeout" else "")
              for d in data["decisions"]]
    lines.append("")
    lines.append(f"team actions ({len(data['actions'])}):")
    lines += [f"  {a['at']}  {a['action']}" for a in data["actions"]] or ["  none"]
    lines.append("")
    lines.append("deadlines:")
    marks = {"met": "✓ met", "missed": "✗ missed", "overdue": "! overdue", "open": "… open",
             "not_required": "– not required"}
    lines += [f"  {marks[d['status']]:<16} {d['id']:<28} due {d['due']}"
              + (f", done {d['done']}" if d["done"] else "") for d in data["deadlines"]]
    ended = data["ended"]
    lines.append("")
    lines.append(f"ended at {ended['at']}: {ended.get('reason', 'not ended')}"
                 + (f" ({ended['ending']})" if ended.get("ending") else ""))
    if data["failures"]:
        lines.append("")
        lines += [f"FAILED {message}" for message in data["failures"]]
    return "\n".join(lines)


def render_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)
