"""Every event of the log in one line of the report's language, for the timeline, the evidence
behind a finding and the appendix."""

from __future__ import annotations

from ..engine import events as kinds
from ..engine.events import ACTION_OF_EVENT, Event, notification_kind
from ..scenario.model import Scenario
from .words import Words

#: How much of a long text (a note, a statement) one line of the log shows.
SHOWN = 160


def shorten(text: str, limit: int = SHOWN) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


class EventText:
    """Words for the events of one session: inject titles and decision prompts by id."""

    def __init__(self, scenario: Scenario, words: Words, events: list[Event]):
        self.words = words
        self.decisions = scenario.decisions
        self.titles = {i.id: i.title for i in scenario.injects}
        for event in events:  # ad-hoc injects bring their own title
            if event.kind == kinds.INJECT_DELIVERED:
                self.titles.setdefault(event.data.get("inject", ""), event.data.get("title", ""))

    def option(self, decision: str, option: str) -> str:
        found = self.decisions.get(decision)
        return next((o.label for o in found.options if o.id == option), option) if found else (
            option)

    def prompt(self, decision: str) -> str:
        found = self.decisions.get(decision)
        return found.prompt if found else decision

    def title(self, inject: str | None) -> str:
        return self.titles.get(inject or "", inject or "")

    def __call__(self, event: Event) -> str:
        w, data, kind = self.words, event.data, event.kind
        if kind in ACTION_OF_EVENT:
            action = w.action(ACTION_OF_EVENT[kind])
            detail = next((data[k] for k in ("text", "message", "summary", "script", "nature",
                                             "note") if data.get(k)), "")
            if kind == "authority_notified" and notification_kind(data) == "follow_up":
                action = w.say("aar.event.follow_up", action=action)
            return f"{action}: {shorten(detail)}" if detail else action
        if kind == kinds.INJECT_DELIVERED:
            return w.say("aar.event.inject_delivered", title=data.get("title", ""))
        if kind in (kinds.INJECT_FIRED, kinds.INJECT_SKIPPED, kinds.INJECT_ADDED,
                    kinds.INJECT_READ):
            return w.say(f"aar.event.{kind}", title=self.title(data.get("inject")
                                                           or data.get("id")))
        if kind == kinds.DECISION_OPENED:
            return w.say("aar.event.decision_opened", prompt=shorten(data.get("prompt", ""), 100))
        if kind in (kinds.DECISION_RECORDED, kinds.DECISION_TIMED_OUT):
            decision = data.get("decision", "")
            return w.say(f"aar.event.{kind}", prompt=shorten(self.prompt(decision), 100),
                     option=self.option(decision, data.get("option", "")))
        if kind == kinds.NOTE_ADDED:
            return w.say("aar.event.note_added", by=w.label("note.by", data.get("by", "")),
                     text=shorten(data.get("text", "")))
        if kind == kinds.SPEED_CHANGED:
            return w.say("aar.event.speed_changed", speed=w.number(data.get("speed", 0), "g"))
        if kind == kinds.CLOCK_JUMPED:
            return w.say("aar.event.clock_jumped", to=w.moment(data.get("to", event.world)).text)
        if kind == kinds.SESSION_ENDED:
            return w.say("aar.event.session_ended",
                     reason=w.label("summary.reason", data.get("reason", "facilitator")))
        if kind == kinds.SESSION_STARTED:
            return w.say("aar.event.session_started", team=data.get("team", ""))
        return w.say(f"aar.event.{kind}")
