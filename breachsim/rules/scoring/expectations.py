"""The scenario's own expectations: each expected action of a delivered inject, done in time,
late or not at all."""

from __future__ import annotations

from ...law.messages import span
from ..deadlines import Status, deadlines
from ..findings import Finding, Rating, criterion_source, criterion_title
from .judge import Judge


def expectations(judge: Judge) -> list[Finding]:
    found = []
    for deadline in deadlines(judge.scenario, judge.state, judge.end):
        if deadline.kind != "expect" or deadline.status is Status.open:
            continue
        inject = judge.scenario.by_id[deadline.inject]
        expectation = next((e for i, e in enumerate(inject.expect)
                            if (e.id or f"{inject.id}.{i}") == deadline.id), None)
        what = judge.say(f"action.{deadline.action}")
        limit = span(deadline.due - deadline.start, judge.language)
        expected = judge.due(
            expectation.note if expectation and expectation.note else judge.say(
                "score.expectation.expected", action=what, limit=limit),
            deadline.due, title=inject.title, since=deadline.start)
        choice = judge.state.choices.get(deadline.inject) if deadline.action == "decide" else None
        if deadline.status is Status.met:
            rating = Rating.P
            observed = judge.say("score.expectation.done", when=judge.when(deadline.done_at))
        elif choice is not None and choice.by == "timeout":
            # the clock decided: the outcome may be what the team wanted, the decision was not
            rating = Rating.M
            observed = judge.say("score.expectation.timed_out", when=judge.when(choice.world),
                                 option=_label(judge, deadline.inject, choice.option))
        elif deadline.done_at is not None:
            rating = Rating.M
            observed = judge.say("score.expectation.late", when=judge.when(deadline.done_at),
                                 late=span(deadline.done_at - deadline.due, judge.language))
        else:
            rating = Rating.U
            observed = judge.say("score.expectation.not_done", due=judge.when(deadline.due))
        delivered = judge.state.delivered.get(deadline.inject)
        found.append(Finding(
            deadline.id, criterion_title("expectation", judge.language, what=what),
            expected, observed, rating,
            tuple(x for x in (delivered.seq if delivered else None,) if x),
            criterion_source("expectation", judge.language)))
    return found


def _label(judge: Judge, inject: str, option: str) -> str:
    decision = judge.scenario.decisions.get(inject)
    return next((o.label for o in decision.options if o.id == option), option) if decision \
        else option
