"""The regulatory analysis: what the law required, what the team did, and how complete and
accurate each notification was against the facts known when it was sent."""

from __future__ import annotations

from ..engine.events import notification_kind
from ..engine.state import ActionRecord
from ..rules.deadlines import Status, distinct
from ..rules.plain_language import ELEMENTS, check_message
from ..rules.scoring.regulatory import known_facts, material_changes
from .model import DeadlineEntry, Element, Fines, Notification, Regulatory, RequestEntry
from .session import Facts
from .summary import requirements

#: The contents of a notification to the authority, with the article that asks for each.
AUTHORITY_ELEMENTS = (
    ("nature", "33(3)(a)"), ("categories", "33(3)(a)"), ("subjects_approx", "33(3)(a)"),
    ("records_approx", "33(3)(a)"), ("dpo_contact", "33(3)(b)"),
    ("consequences", "33(3)(c)"), ("measures", "33(3)(d)"),
)
#: The kinds of contact that wait for the team's answer (plain questions the contact centre
#: handles itself).
REQUESTS = ("access", "erasure", "complaint", "escalation")


def regulatory(facts: Facts) -> Regulatory:
    w, state, a = facts.words, facts.state, facts.assessment
    notifications = [_to_authority(facts, r) for r in state.actions_of("notify_authority")]
    notifications += [_to_people(facts, r) for r in state.actions
                      if r.action in ("notify_subjects", "public_communication")]
    notifications.sort(key=lambda n: n.seq)
    fines = facts.score.fines
    return Regulatory(
        jurisdiction=facts.scenario.jurisdiction.value, authority=facts.authority,
        window_hours=facts.law.notify_hours, required=requirements(facts),
        reasons=[r.text for r in a.reasons], unknowns=list(a.unknowns),
        notifications=notifications,
        deadlines=[DeadlineEntry(
            id=d.id, label=deadline_label(facts, d), start=w.moment(d.start),
            due=w.moment(d.due), done=w.moment(d.done_at), status=d.status.value,
            status_text=w.say(f"aar.status.{d.status.value}")) for d in distinct(facts.deadlines)],
        follow_ups=_follow_ups(facts), requests=(requests := _requests(facts)),
        requests_missed=sum(r.status == "missed" for r in requests),
        fines=Fines(tier=fines.tier, maximum=fines.maximum,
                    maximum_text=f"{w.number(fines.maximum)} {fines.currency}",
                    currency=fines.currency, turnover=fines.turnover, basis=fines.basis))


def deadline_label(facts: Facts, deadline) -> str:
    w = facts.words
    if deadline.kind == "authority":
        return w.say("aar.deadline.authority", authority=facts.authority,
                 hours=facts.law.notify_hours)
    title = facts.describe.title(deadline.inject)
    if deadline.kind == "request":
        return w.say("aar.deadline.request", title=title)
    return w.say("aar.deadline.expect", action=w.action(deadline.action), title=title)


def _to_authority(facts: Facts, record: ActionRecord) -> Notification:
    w, fields = facts.words, record.fields
    elements = []
    for name, article in AUTHORITY_ELEMENTS:
        value = fields.get(name)
        if isinstance(value, list):
            value = ", ".join(w.label("category", v) for v in value)
        elements.append(Element(id=name, label=w.label("field", name),
                                article=f"Art. {article}", present=value not in (None, ""),
                                value="" if value is None else w.number(value)))
    late = (record.initial_notification and facts.state.aware_since is not None
            and facts.law.past_window(facts.state.aware_since, record.world))
    if late:
        reasons = fields.get("delay_reasons") or ""
        elements.append(Element(id="delay_reasons", label=w.label("field", "delay_reasons"),
                                article="Art. 33(1)", present=bool(reasons), value=reasons))
    return Notification(seq=record.seq, at=w.moment(record.world), to="authority",
                        kind=w.say(f"aar.notification.{notification_kind(fields)}"),
                        elements=elements, accuracy=_accuracy(facts, record))


def _accuracy(facts: Facts, record: ActionRecord) -> list[str]:
    """Where a notification disagrees with the facts the team could know when it sent it."""
    w, fields = facts.words, record.fields
    known = known_facts(facts.scenario, facts.state, record.world)
    problems = []
    missing = sorted(set(known.get("data_categories") or []) - set(fields.get("categories")
                                                                   or []))
    if missing:
        problems.append(w.say("aar.accuracy.categories", categories=", ".join(
            w.label("category", c) for c in missing)))
    for field, fact in (("subjects_approx", "data_subjects"), ("records_approx", "records")):
        given, actual = fields.get(field), known.get(fact)
        if actual and given is not None and not actual / 2 <= given <= actual * 2:
            problems.append(w.say(f"aar.accuracy.{field}", given=w.number(given),
                              actual=w.number(actual)))
    return problems


def _to_people(facts: Facts, record: ActionRecord) -> Notification:
    w = facts.words
    text = record.fields.get("message", "")
    check = check_message(text, facts.scenario.language.value)
    elements = [Element(id=e, label=w.say(f"score.element.{e}"), article="Art. 34(2)",
                        present=e in check.covered) for e in ELEMENTS]
    elements.append(Element(id="plain", label=w.say("aar.element.plain"), article="Art. 12(1)",
                            present=check.clear))
    to = "subjects" if record.action == "notify_subjects" else "public"
    return Notification(seq=record.seq, at=w.moment(record.world), to=to,
                        kind=w.label("field", "channel") + ": " + str(
                            record.fields.get("channel", "")),
                        elements=elements, accuracy=[])


def _follow_ups(facts: Facts) -> list[str]:
    """Each material fact revealed after the initial notification, and whether a follow-up
    told the authority."""
    w, state = facts.words, facts.state
    initial = state.initial_notification
    if initial is None:
        return []
    sent = [r.world for r in state.follow_ups]
    found = []
    for moment, fact, _ in sorted(material_changes(facts.scenario, state, initial.world)):
        after = [s for s in sent if s >= moment]
        found.append(w.say("aar.follow_up.sent" if after else "aar.follow_up.missing",
                       fact=w.label("aar.fact", fact), at=w.moment(moment).text,
                       sent=w.moment(after[0]).text if after else ""))
    return found


def _requests(facts: Facts) -> list[RequestEntry]:
    """The data subjects' requests: the scenario's (by their Art. 12(3) deadline) and the
    storm's contacts that wait for an answer."""
    w = facts.words
    found = [RequestEntry(id=d.inject or d.id, kind="request", received=w.moment(d.start),
                          due=w.moment(d.due), status=_standing(d),
                          answered=w.moment(d.done_at))
             for d in facts.deadlines if d.kind == "request"]
    for contact, standing in facts.contacts:
        if contact.kind in REQUESTS:
            found.append(RequestEntry(id=contact.id, kind=contact.kind,
                                      received=w.moment(contact.t), due=w.moment(contact.due),
                                      status=standing.status, answered=w.moment(standing.at)))
    return found


def _standing(deadline) -> str:
    """A request deadline as the storm's contacts stand: answered, late, open or missed."""
    if deadline.done_at is not None:
        return "answered" if deadline.status is Status.met else "late"
    return "open" if deadline.status is Status.open else "missed"
