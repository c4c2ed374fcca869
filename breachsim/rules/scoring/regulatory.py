"""The duties towards the supervisory authority: notifying on time (regulatory_timeliness) and
completely, with follow-ups as facts change (notification_completeness), recording every breach
(documentation), and a processor telling its controller (coordination)."""

from __future__ import annotations

from typing import Any

from ...engine.state import State
from ...law.messages import number
from ...scenario.model import Scenario
from ..findings import Finding, Rating
from .judge import H, Judge

#: Revealed facts that change what the authority was told: worth a follow-up (Art. 33(4)).
MATERIAL = ("exfiltration", "data_categories", "data_subjects", "records", "special_categories",
            "encrypted", "key_compromised")


def regulatory_timeliness(judge: Judge) -> list[Finding]:
    aware = judge.state.aware_since
    if aware is None or not judge.assessment.notify_authority:
        return []
    due = judge.law.notify_due(aware)
    expected = judge.due(judge.say("score.regulatory_timeliness.expected",
                                   authority=judge.law.authority.short.get(judge.language),
                                   hours=judge.law.notify_hours), due)
    initial = judge.state.initial_notification
    if initial is None:
        # rated even when the exercise ended inside the window: left unrated, the objective
        # would be rated on its other criteria and could read P with nothing sent
        observed = (judge.say("score.regulatory_timeliness.never")
                    if judge.law.past_window(aware, judge.end)
                    else judge.say("score.regulatory_timeliness.not_by_end",
                                   end=judge.when(judge.end), due=judge.when(due)))
        return [judge.finding("regulatory_timeliness", expected, observed, Rating.U)]
    late = judge.law.past_window(aware, initial.world)
    reasons = bool(initial.fields.get("delay_reasons"))
    if not late:
        rating = Rating.P
    elif initial.world <= due + 24 * H and reasons:
        rating = Rating.S
    else:
        rating = Rating.M
    observed = judge.say("score.regulatory_timeliness.notified_with_reasons"
                         if late and reasons
                         else "score.regulatory_timeliness.notified",
                         hours=number((initial.world - aware) / H, judge.language, ".0f"))
    return [judge.finding("regulatory_timeliness", expected, observed, rating, (initial.seq,))]


def notification_completeness(judge: Judge) -> list[Finding]:
    initial = judge.state.initial_notification
    if initial is None:
        return []
    fields = initial.fields
    known = known_facts(judge.scenario, judge.state, initial.world)
    problems = []
    categories = set(known.get("data_categories") or [])
    missing = sorted(categories - set(fields.get("categories") or []))
    if missing:
        problems.append(judge.say("score.notification_completeness.categories_left_out",
                                  categories=", ".join(missing)))
    subjects = known.get("data_subjects")
    given = fields.get("subjects_approx")
    if subjects and not given:
        problems.append(judge.say("score.notification_completeness.no_number"))
    elif subjects and given and not subjects / 2 <= given <= subjects * 2:
        problems.append(judge.say("score.notification_completeness.wrong_number",
                                  given=given, subjects=subjects))
    follow_ups = judge.state.follow_ups
    changes = material_changes(judge.scenario, judge.state, initial.world)
    late_news: dict[tuple[int, str], list[str]] = {}  # (moment, inject title) → facts
    for moment, fact, title in sorted(changes):
        if not any(f.world >= moment for f in follow_ups):
            late_news.setdefault((moment, title), []).append(fact)
    if late_news:  # one shortcoming however many injects it spans
        missed = [judge.say("score.notification_completeness.no_follow_up", title=title,
                            at=judge.when(moment), facts=", ".join(sorted(set(facts))))
                  for (moment, title), facts in late_news.items()]
        if follow_ups:
            missed.append(judge.say("score.notification_completeness.last_follow_up",
                                    at=judge.when(max(f.world for f in follow_ups))))
        problems.append("; ".join(missed))
    expected = judge.say("score.notification_completeness.expected")
    rating = [Rating.P, Rating.S, Rating.M][min(len(problems), 2)]
    observed = ("; ".join(problems).capitalize() + "." if problems
                else judge.say("score.notification_completeness.complete"))
    evidence = (initial.seq, *(f.seq for f in follow_ups))
    return [judge.finding("notification_completeness", expected, observed, rating, evidence)]


def documentation(judge: Judge) -> list[Finding]:
    aware = judge.state.aware_since
    if aware is None:
        return []
    register = judge.state.actions_of("register_breach")
    expected = judge.due(judge.say("score.documentation.expected"),
                         judge.law.notify_due(aware))
    if not register:
        return [judge.finding("documentation", expected,
                              judge.say("score.documentation.not_registered"), Rating.U)]
    record = register[0]
    rationale = any(r.fields.get("rationale") for r in register)
    in_time = not judge.law.past_window(aware, record.world)
    rating = Rating.P if rationale and in_time else Rating.S if rationale or in_time else (
        Rating.M)
    observed = judge.say("score.documentation.registered" if rationale
                         else "score.documentation.registered_without_rationale",
                         when=judge.when(record.world))
    return [judge.finding("documentation", expected, observed, rating, (record.seq,))]


def coordination(judge: Judge) -> list[Finding]:
    role = judge.scenario.breach.controller_role
    aware = judge.state.aware_since
    if role is None or role.value != "processor" or aware is None:
        return []
    informed = judge.state.actions_of("inform_controller")
    expected = judge.due(judge.say("score.coordination.expected"), aware + 24 * H)
    if not informed:
        return [judge.finding("coordination", expected,
                              judge.say("score.coordination.not_informed"), Rating.U)]
    delay = informed[0].world - aware
    return [judge.finding("coordination", expected, judge.say(
        "score.coordination.informed", hours=number(delay / H, judge.language, ".0f")),
        Rating.P if delay <= 24 * H else Rating.M, (informed[0].seq,))]


def known_facts(scenario: Scenario, state: State, world: int) -> dict[str, Any]:
    """The breach facts as the team could know them at ``world``.

    A fact that some inject reveals is known from that inject on (an earlier reveal gives
    its earlier value); a fact no inject reveals is known from the start.
    """
    revealed: dict[str, list[tuple[int, Any]]] = {}
    for inject in scenario.injects:
        for key, value in (inject.reveals.known() if inject.reveals else {}).items():
            delivery = state.delivered.get(inject.id)
            revealed.setdefault(key, []).append(
                (delivery.world if delivery else 10**12, value))
    known = {k: v for k, v in scenario.breach.known().items() if k not in revealed}
    for key, moments in revealed.items():
        before = [value for moment, value in sorted(moments, key=lambda m: m[0])
                  if moment <= world]
        if before:
            known[key] = before[-1]
    return known


def notifiable_facts(scenario: Scenario, state: State, world: int) -> dict[str, Any]:
    """The facts known at ``world`` as a notification states them: data that were or may have
    been copied out make the breach one of confidentiality too, whatever its first report
    called it (EDPB Guidelines 9/2022, on the three kinds of breach)."""
    known = known_facts(scenario, state, world)
    copied = str(getattr(known.get("exfiltration"), "value", known.get("exfiltration")))
    natures = [str(getattr(n, "value", n)) for n in known.get("nature") or []]
    if copied in ("suspected", "confirmed") and "confidentiality" not in natures:
        known["nature"] = [*natures, "confidentiality"]
    return known


def material_changes(scenario: Scenario, state: State, since: int
                     ) -> list[tuple[int, str, str]]:
    """(moment, fact, the inject's title) for revealed facts that changed after ``since``:
    worth a follow-up."""
    changes = []
    for inject in scenario.injects:
        delivery = state.delivered.get(inject.id)
        if delivery is None or delivery.world <= since or inject.reveals is None:
            continue
        for key in inject.reveals.known():
            if key in MATERIAL:
                changes.append((delivery.world, key, inject.title))
    return changes
