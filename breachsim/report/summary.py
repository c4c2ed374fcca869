"""The cover and executive summary: who, what, when, the overall rating and the key times."""

from __future__ import annotations

from datetime import datetime

from ..engine.cast import cast_for
from ..rules.deadlines import Status
from ..rules.scoring.communications import HOLDING_WITHIN, is_press
from .model import KeyTime, Requirement, Summary
from .session import Facts


def summary(facts: Facts) -> Summary:
    scenario, state, w, played = facts.scenario, facts.state, facts.words, facts.played
    organisation = cast_for(scenario, played.seed).organisation
    score = facts.score
    rating = score.rating.value if score.rating else None
    walls = [e.wall for e in played.events]
    wall_seconds = _seconds_between(walls[0], walls[-1]) if walls else 0
    ended = state.ended
    return Summary(
        scenario=scenario.id, scenario_title=scenario.title,
        scenario_summary=scenario.summary, organisation=str(organisation["name"]),
        sector=str(organisation["sector"]), team=played.team,
        roles=[role.title for role in scenario.roles], session=played.session,
        seed=played.seed, exercise_date=played.created[:10],
        world_start=scenario.clock.start.isoformat(), world_span=w.moment(facts.end),
        wall_duration=w.span(wall_seconds), wall_seconds=wall_seconds,
        ended=w.label("summary.reason", ended["reason"]) if ended else w.say("aar.not_ended"),
        jurisdiction=scenario.jurisdiction.value, authority=facts.authority,
        percent=score.percent, rating=rating, rating_text=w.rating(rating),
        verdict=_verdict(facts), key_times=key_times(facts), required=requirements(facts),
        risk=w.say(f"label.{_RISK.get(facts.assessment.risk, facts.assessment.risk)}"))


#: The risk's label where it differs from the risk (``label.risk`` is the heading "Risk").
_RISK = {"risk": "risk.risk"}


def _seconds_between(first: str, last: str) -> int:
    try:
        return int((datetime.fromisoformat(last) - datetime.fromisoformat(first))
                   .total_seconds())
    except ValueError:
        return 0


def _verdict(facts: Facts) -> str:
    w, score = facts.words, facts.score
    if score.percent is None:
        return w.say("aar.verdict.none")
    weak = [f for f in score.findings if f.rating.value in ("M", "U")]
    verdict = w.say(f"aar.verdict.{score.rating.value}", percent=w.number(score.percent, ".0f"),
                    weak=w.number(len(weak)), findings=w.number(len(score.findings)))
    return f"{verdict} {score.reason}" if score.reason else verdict


def requirements(facts: Facts) -> list[Requirement]:
    w, a, state = facts.words, facts.assessment, facts.state
    subjects_done = bool(state.actions_of("notify_subjects")
                         or state.actions_of("public_communication"))
    authority_done = state.initial_notification is not None
    # the people affected are due "without undue delay"; the score reads that as the same window
    window_open = (state.aware_since is not None
                   and not facts.law.past_window(state.aware_since, facts.end))
    return [
        Requirement(who="authority", required=a.notify_authority, done=authority_done,
                    open=window_open and not authority_done, text=w.say(
            "aar.required.authority" if a.notify_authority else "aar.not_required.authority",
            authority=facts.authority, hours=facts.law.notify_hours)),
        Requirement(who="subjects", required=a.notify_subjects, done=subjects_done,
                    open=window_open and not subjects_done, text=w.say(
            ("aar.required.subjects_public" if a.exception == "disproportionate_effort"
             else "aar.required.subjects") if a.notify_subjects
            else "aar.not_required.subjects")),
    ]


def key_times(facts: Facts) -> list[KeyTime]:
    state, w = facts.state, facts.words
    aware = state.aware_since
    found = [KeyTime(id="awareness", label=w.say("aar.key.awareness"), since=w.moment(0),
                     done=w.moment(aware),
                     taken=w.span(aware) if aware is not None else w.say("aar.key.never"),
                     status="done" if aware is not None else "not_done")]
    authority = facts.deadline.get("authority")
    initial = state.initial_notification
    limit = w.say("aar.key.hours", hours=facts.law.notify_hours)
    if authority is None:
        found.append(KeyTime(id="authority", label=w.say("aar.key.authority",
                                                      authority=facts.authority),
                             since=w.moment(None), done=w.moment(None),
                             taken=w.say("aar.key.no_awareness"), limit=limit, status="not_done"))
    else:
        status = {Status.met: "met", Status.not_required: "not_required",
                  Status.open: "open"}.get(authority.status,
                                               "late" if initial else "missed")
        if initial is not None and not facts.assessment.notify_authority:
            status = "done"
        found.append(KeyTime(
            id="authority", label=w.say("aar.key.authority", authority=facts.authority),
            since=w.moment(aware), done=w.moment(initial.world if initial else None),
            taken=w.span(initial.world - aware) if initial else w.say(
                "aar.key.not_notified" if facts.assessment.notify_authority
                else "aar.key.not_required"), limit=limit, status=status))
    told = min((a.world for a in state.actions
                if a.action in ("notify_subjects", "public_communication")), default=None)
    required = facts.assessment.notify_subjects
    found.append(KeyTime(
        id="subjects", label=w.say("aar.key.subjects"), since=w.moment(aware),
        done=w.moment(told),
        taken=w.span(told - aware) if told is not None and aware is not None else (
            w.say("aar.key.not_told") if required else w.say("aar.key.not_required")),
        limit=w.say("aar.key.undue_delay") if required else None,
        status="done" if told is not None else "not_done" if required else "not_required"))
    press = min((d.world for d in state.delivered.values() if is_press(facts.scenario, d)),
                default=None)
    since = press if press is not None else aware
    statement = min((a.world for a in state.actions_of("public_statement")
                     if since is None or a.world >= since), default=None)
    taken = None if statement is None or since is None else statement - since
    found.append(KeyTime(
        id="statement", label=w.say("aar.key.statement" if press is not None
                                else "aar.key.statement_aware"),
        since=w.moment(since), done=w.moment(statement),
        taken=w.span(taken) if taken is not None else w.say("aar.key.no_statement"),
        limit=w.say("aar.key.hours", hours=HOLDING_WITHIN // 3600) if press is not None else None,
        status=("met" if taken <= HOLDING_WITHIN or press is None else "late")
        if taken is not None else "not_done"))
    return found
