"""The timeline (injects, decisions, actions, notes and deadlines on one in-world axis) and the
appendix: the breach facts, how the score was computed, and the full event log."""

from __future__ import annotations

from ..engine.state import Note
from ..rules.deadlines import distinct
from ..rules.findings import MAX_POINTS
from ..scenario.model import BreachFacts
from .events import shorten
from .model import Appendix, EventEntry, Fact, NoteEntry, Rationale, ScoreMethod, TimelineEntry
from .regulatory import deadline_label
from .session import Facts

NOTIFICATIONS = ("notify_authority", "notify_subjects", "public_communication")


def timeline(facts: Facts) -> list[TimelineEntry]:
    w, state, describe = facts.words, facts.state, facts.describe
    found = [_entry(seq=d.seq, at=w.moment(d.world), lane="inject", title=d.title,
                           detail=w.label("channel", d.channel),
                           status="awareness" if d.world == state.awareness
                           and d.inject in _awareness_injects(facts) else None)
             for d in state.delivered.values()]
    for decision, choice in state.choices.items():
        found.append(_entry(
            seq=choice.seq, at=w.moment(choice.world), lane="decision",
            title=shorten(describe.prompt(decision), 100),
            detail=by_role(describe.option(decision, choice.option), choice.role),
            status=choice.by))
    for record in state.actions:
        lane = "notification" if record.action in NOTIFICATIONS else "action"
        found.append(_entry(seq=record.seq, at=w.moment(record.world), lane=lane,
                                   title=by_role(w.action(record.action), record.role),
                                   detail=describe(facts.by_seq[record.seq])))
    for note in state.notes:
        found.append(_entry(seq=note.seq, at=w.moment(note.world), lane="note",
                                   title=by_role(w.label("note.by", note.by), note.role),
                                   detail=shorten(note.text)))
    for deadline in distinct(facts.deadlines):
        what = deadline_label(facts, deadline)
        found.append(_entry(seq=None, at=w.moment(deadline.due), lane="deadline",
                                   title=w.say("aar.timeline.due", what=what),
                                   status=deadline.status.value))
    return sorted(found, key=lambda e: (e.at.at, e.seq is None, e.seq or 0))


def _entry(*, seq, at, lane, title, detail="", status=None) -> TimelineEntry:
    """A timeline entry built without validation: there is one for every event."""
    return TimelineEntry.model_construct(seq=seq, at=at, lane=lane, title=title, detail=detail,
                                         status=status)


def _awareness_injects(facts: Facts) -> set[str]:
    return {i.id for i in facts.scenario.injects if i.marks_awareness}


def notes(facts: Facts) -> list[NoteEntry]:
    return [note_entry(facts, n) for n in facts.state.notes]


def note_entry(facts: Facts, note: Note) -> NoteEntry:
    w = facts.words
    return NoteEntry(seq=note.seq, at=w.moment(note.world),
                     by=by_role(w.label("note.by", note.by), note.role), text=note.text)


def by_role(who: str, role: str | None) -> str:
    """Who recorded it, with the team member's role when the log names one."""
    return f"{who} ({role})" if role else who


def rationales(facts: Facts) -> list[Rationale]:
    """Why the team chose as it did: a decision's rationale, and the rationale or reasons an
    action carried (the breach register's, a late notification's)."""
    w, state, describe = facts.words, facts.state, facts.describe
    found = [Rationale(seq=c.seq, at=w.moment(c.world), what=describe.prompt(decision),
                       choice=describe.option(decision, c.option),
                       by=w.label("summary.by", c.by).strip("()"), text=c.rationale)
             for decision, c in state.choices.items() if c.rationale]
    for record in state.actions:
        for field in ("rationale", "delay_reasons"):
            if record.fields.get(field):
                found.append(Rationale(seq=record.seq, at=w.moment(record.world),
                                       what=w.action(record.action),
                                       choice=w.label("field", field), by=w.say("aar.the_team"),
                                       text=record.fields[field]))
    return sorted(found, key=lambda r: r.seq)


def appendix(facts: Facts) -> Appendix:
    w, score = facts.words, facts.score
    known = facts.scenario.breach.known()
    shown = []
    for key in BreachFacts.model_fields:
        if key not in known:
            continue
        shown.append(Fact(key=key, label=w.label("aar.fact", key),
                          value=_value(facts, key, known[key])))
    method = ScoreMethod(
        percent=score.percent,
        objectives=[{"id": o.id, "title": o.title, "weight": o.weight,
                     "points": o.points, "rating": o.rating.value if o.rating else None}
                    for o in score.objectives],
        text=[w.say("aar.method.ratings", max=MAX_POINTS), w.say("aar.method.objectives"),
              w.say("aar.method.total"), w.say("aar.method.no_occasion")])
    events = [EventEntry.model_construct(seq=e.seq, at=w.moment(e.world), wall=e.wall, kind=e.kind,
                         text=facts.describe(e))
              for e in facts.played.events]
    return Appendix(facts=shown, scoring=method, events=events)


def _value(facts: Facts, key: str, value) -> str:
    """A breach fact's value in words: labels for categories and the other closed lists."""
    w = facts.words
    if isinstance(value, list):
        return ", ".join(_value(facts, key, v) for v in value)
    if isinstance(value, bool):
        return w.say("aar.yes" if value else "aar.no")
    if isinstance(value, int | float):
        return w.number(value)
    return w.label("category" if key == "data_categories" else f"aar.value.{key}", str(value))
