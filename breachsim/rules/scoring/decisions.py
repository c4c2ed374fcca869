"""Recognising the breach and judging whom to tell: the awareness and notify_judgement
criteria."""

from __future__ import annotations

from ...law.messages import number
from ..findings import Finding, Rating
from .judge import H, Judge


def awareness(judge: Judge) -> list[Finding]:
    aware = judge.state.awareness
    if aware is None:
        return []
    declared = judge.state.declared_awareness
    expected = judge.say("score.awareness.expected", aware=judge.when(aware),
                         due=judge.when(aware + H))
    if declared is None:
        return [judge.finding("awareness", expected, judge.say("score.awareness.never"),
                              Rating.U)]
    delay = declared - aware
    rating = (Rating.P if delay <= H else Rating.S if delay <= 4 * H
              else Rating.M if delay <= 24 * H else Rating.U)
    record = judge.state.actions_of("declare_awareness")[0]
    return [judge.finding("awareness", expected, judge.say(
        "score.awareness.declared", declared=judge.when(declared), aware=judge.when(aware)),
        rating, (record.seq,))]


def notify_judgement(judge: Judge) -> list[Finding]:
    """Two findings: whether the authority had to be told, and whether the people affected
    had to be."""
    return [*_authority(judge), *_subjects(judge)]


def _authority(judge: Judge) -> list[Finding]:
    initial = judge.state.initial_notification
    required = judge.assessment.notify_authority
    expected = judge.say("score.notify_judgement.authority_required" if required
                         else "score.notify_judgement.authority_not_required")
    aware = judge.state.aware_since
    if required and aware is not None:
        expected = judge.due(expected, judge.law.notify_due(aware))
    if required and initial is None:
        return [judge.finding("notify_judgement", expected,
                              judge.say("score.notify_judgement.not_notified"), Rating.U)]
    if required:
        return [judge.finding("notify_judgement", expected,
                              judge.say("score.notify_judgement.notified"), Rating.P,
                              (initial.seq,))]
    if initial is not None:
        return [judge.finding("notify_judgement", expected,
                              judge.say("score.notify_judgement.notified_needlessly"),
                              Rating.S, (initial.seq,),
                              note=judge.say("score.notify_judgement.notified_needlessly_note"))]
    return [judge.finding("notify_judgement", expected,
                          judge.say("score.notify_judgement.rightly_not_notified"), Rating.P)]


def _subjects(judge: Judge) -> list[Finding]:
    told = judge.state.actions_of("notify_subjects") + judge.state.actions_of(
        "public_communication")
    if judge.assessment.notify_subjects:
        expected = judge.say("score.notify_judgement.subjects_required")
        first = min(told, key=lambda a: a.seq) if told else None
        aware = judge.state.aware_since or 0
        expected = judge.due(expected, judge.law.notify_due(aware))
        if first is None:
            rating = Rating.U
            observed = judge.say("score.notify_judgement.subjects_not_told")
        else:
            in_time = not judge.law.past_window(aware, first.world)
            rating = Rating.P if in_time else Rating.S
            observed = judge.say("score.notify_judgement.subjects_told", hours=number(
                (first.world - aware) / H, judge.language, ".0f"))
        return [judge.finding("notify_judgement", expected, observed, rating,
                              (first.seq,) if first else ())]
    if told:
        return [judge.finding(
            "notify_judgement", judge.say("score.notify_judgement.subjects_not_required"),
            judge.say("score.notify_judgement.subjects_told_anyway"), Rating.S, (told[0].seq,),
            note=judge.say("score.notify_judgement.subjects_told_anyway_note"))]
    return []
