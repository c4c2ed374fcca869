"""Telling people: the people affected (subject_communication), the press and the public
(crisis_communication), and customers through the contact centre (request_handling)."""

from __future__ import annotations

from ...law.messages import number
from ...scenario.model import Scenario
from ..findings import Finding, Rating
from ..plain_language import ELEMENTS, check_message
from .judge import H, Judge, role

#: A public statement's stance → its rating (Situational Crisis Communication Theory).
STANCE = {"apologise": Rating.P, "compensate": Rating.P, "justify": Rating.S,
          "diminish": Rating.M, "deny": Rating.U}
#: A first statement after the first press attention within this is rated P (twice it, S).
HOLDING_WITHIN = 2 * H


def subject_communication(judge: Judge) -> list[Finding]:
    """One finding for everything the team told the people affected: a letter and a web
    page together may cover what one message alone does not."""
    messages = judge.state.actions_of("notify_subjects") + judge.state.actions_of(
        "public_communication")
    if not messages:
        return []
    written_in = judge.scenario.language.value
    checks = [check_message(r.fields.get("message", ""), written_in) for r in messages]
    covered = {element for check in checks for element in check.covered}
    problems = [judge.say(f"score.element.{e}") for e in ELEMENTS if e not in covered]
    unclear = [c for c in checks if not c.clear]
    if unclear:
        words = number(max(c.average_sentence_words for c in unclear), judge.language, ".0f")
        jargon = sorted({j for c in unclear for j in c.jargon})
        problems.append(
            judge.say("score.subject_communication.unclear_jargon", words=words,
                      jargon=", ".join(jargon)) if jargon
            else judge.say("score.subject_communication.unclear", words=words))
    rating = [Rating.P, Rating.S, Rating.M, Rating.U][min(len(problems), 3)]
    observed = (judge.say("score.subject_communication.weak", problems="; ".join(problems))
                if problems else judge.say("score.subject_communication.complete"))
    return [judge.finding("subject_communication",
                          judge.say("score.subject_communication.expected"),
                          observed, rating, tuple(r.seq for r in messages))]


def crisis_communication(judge: Judge) -> list[Finding]:
    """The first statement after the first press attention, and the stance of each."""
    press = [d for d in judge.state.delivered.values() if is_press(judge.scenario, d)]
    statements = judge.state.actions_of("public_statement")
    found = []
    if press:
        first = min(press, key=lambda d: d.world)
        after = [s for s in statements if s.world >= first.world]
        expected = judge.due(judge.say("score.crisis_communication.holding_expected"),
                             first.world + HOLDING_WITHIN, title=first.title,
                             since=first.world)
        if not after:
            rating, evidence = Rating.U, ()
            observed = judge.say("score.crisis_communication.no_statement")
        else:
            delay = after[0].world - first.world
            rating = (Rating.P if delay <= HOLDING_WITHIN
                      else Rating.S if delay <= 2 * HOLDING_WITHIN else Rating.M)
            observed = judge.say("score.crisis_communication.first_statement",
                                 hours=number(delay / H, judge.language, ".1f"),
                                 title=first.title)
            evidence = (first.seq, after[0].seq)
        found.append(judge.finding("crisis_communication", expected, observed, rating,
                                   evidence))
    initial = judge.state.initial_notification
    for record in statements:
        stance = record.fields.get("stance", "")
        found.append(judge.finding(
            "crisis_communication", judge.say("score.crisis_communication.stance_expected"),
            judge.say("score.crisis_communication.stance", stance=stance),
            STANCE.get(stance, Rating.S), (record.seq,)))
        if stance == "deny" and initial is not None:
            found.append(judge.finding(
                "crisis_communication",
                judge.say("score.crisis_communication.consistent_expected"),
                judge.say("score.crisis_communication.denies_notified"),
                Rating.U, (record.seq, initial.seq)))
    return found


def request_handling(judge: Judge) -> list[Finding]:
    """The contact centre briefed soon after the first customer contact."""
    customers = [d for d in judge.state.delivered.values()
                 if d.channel == "customer" or role(judge.scenario, d.sender) == "customer"]
    if not customers:
        return []
    first = min(customers, key=lambda d: d.world)
    briefed = judge.state.actions_of("brief_contact_centre")
    expected = judge.due(judge.say("score.request_handling.expected"), first.world + 4 * H,
                         title=first.title, since=first.world)
    if not briefed:
        return [judge.finding("request_handling", expected,
                              judge.say("score.request_handling.never_briefed"), Rating.M,
                              (first.seq,))]
    delay = briefed[0].world - first.world
    rating = Rating.P if delay <= 4 * H else Rating.S
    return [judge.finding("request_handling", expected, judge.say(
        "score.request_handling.briefed", briefed=judge.when(briefed[0].world),
        first=judge.when(first.world)), rating, (first.seq, briefed[0].seq))]


def is_press(scenario: Scenario, delivery) -> bool:
    """A news or social-media inject, or one a journalist sent."""
    return delivery.channel in ("news", "social") or role(scenario, delivery.sender) == (
        "journalist")
