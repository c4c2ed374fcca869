"""Session state as the fold of its events: ``apply(state, event)`` is the only place it changes.

Events carry everything the fold needs (triggers, variable assignments, revealed facts), so the
fold never consults the scenario and a stored log always folds to the same state.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass, field, replace
from typing import Any

from . import events as ev
from .events import ROLE, Event


@dataclass
class Delivery:
    inject: str
    seq: int
    world: int
    title: str
    channel: str
    sender: str | None
    sender_name: str | None
    recipient: str | None
    severity: str
    body: str
    via: str  # start, at, after, when, trigger, fired, adhoc


@dataclass
class OpenDecision:
    decision: str
    prompt: str
    options: list[dict[str, str]]  # [{id, label}]
    opened: int
    deadline: int | None
    default: str | None


@dataclass
class Choice:
    option: str
    world: int
    seq: int
    by: str  # team, facilitator, timeout
    rationale: str | None = None
    role: str | None = None  # who in the team, when the process that recorded it knew


@dataclass
class ActionRecord:
    action: str
    seq: int
    world: int
    fields: dict[str, Any]
    role: str | None = None  # who in the team (comms, dpo, …), when the process knew

    @property
    def initial_notification(self) -> bool:
        """A notification to the authority that is not a follow-up (Art. 33(1) against 33(4))."""
        return (self.action == "notify_authority"
                and ev.notification_kind(self.fields) == "initial")


@dataclass
class Note:
    seq: int
    world: int
    by: str
    text: str
    role: str | None = None
    objective: str | None = None  # an observer's observation names the objective it evidences


@dataclass
class State:
    session: str = ""
    scenario_id: str = ""
    seed: int = 0
    team: str = ""
    language: str = "en"
    seq: int = 0
    world: int = 0  # in-world time of the latest event
    speed: float = 60.0
    running: bool = False
    ended: dict[str, Any] | None = None  # {reason, ending}
    delivered: dict[str, Delivery] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)
    triggered: dict[str, int] = field(default_factory=dict)  # inject → earliest trigger time
    variables: dict[str, Any] = field(default_factory=dict)
    choices: dict[str, Choice] = field(default_factory=dict)
    open_decisions: dict[str, OpenDecision] = field(default_factory=dict)
    actions: list[ActionRecord] = field(default_factory=list)
    done: set[str] = field(default_factory=set)
    awareness: int | None = None  # when the scenario's awareness inject was delivered
    declared_awareness: int | None = None
    facts: dict[str, Any] = field(default_factory=dict)  # breach facts revealed so far
    notes: list[Note] = field(default_factory=list)
    read: set[str] = field(default_factory=set)  # injects the team has opened

    @property
    def aware_since(self) -> int | None:
        """The awareness moment: the earlier of the awareness inject and the team's declaration."""
        moments = [m for m in (self.awareness, self.declared_awareness) if m is not None]
        return min(moments) if moments else None

    def actions_of(self, action: str) -> list[ActionRecord]:
        return [a for a in self.actions if a.action == action]

    @property
    def initial_notification(self) -> ActionRecord | None:
        """The team's first notification to the authority; the director allows only one."""
        return next((a for a in self.actions if a.initial_notification), None)

    @property
    def follow_ups(self) -> list[ActionRecord]:
        """The team's further notifications to the authority (Art. 33(4)), in order."""
        return [a for a in self.actions_of("notify_authority") if not a.initial_notification]


def apply(state: State, event: Event) -> State:
    """Fold one event into the state (in place, for speed) and return it."""
    if event.seq != state.seq + 1:
        raise ValueError(f"event {event.seq} does not follow {state.seq}")
    state.seq = event.seq
    state.world = max(state.world, event.world)
    data = event.data
    handler = _HANDLERS.get(event.kind)
    if handler is not None:
        handler(state, event, data)
    elif event.kind in ev.ACTION_OF_EVENT:
        action = ev.ACTION_OF_EVENT[event.kind]
        fields = dict(data)
        role = fields.pop(ROLE, None)
        state.actions.append(ActionRecord(action, event.seq, event.world, fields, role))
        state.done.add(action)
        if action == "declare_awareness" and state.declared_awareness is None:
            state.declared_awareness = event.world
    else:
        raise ValueError(f"unknown event kind {event.kind!r}")
    return state


def fold(events: list[Event], state: State | None = None) -> State:
    state = state or State()
    for event in events:
        apply(state, event)
    return state


def snapshot(state: State) -> State:
    """A copy of ``state`` to go back to (``restore``). The fold only adds, removes and replaces
    records, never changes one in place, so the copy has containers of its own and shares the
    records in them."""
    return replace(state, **{name: copy(value) for name, value in vars(state).items()
                             if isinstance(value, dict | list | set)})


def restore(state: State, saved: State) -> None:
    """Put ``state`` back as it was when ``saved`` was taken, in place (``saved`` is used up)."""
    vars(state).update(vars(saved))


def _started(state: State, event: Event, data: dict) -> None:
    state.session = data["session"]
    state.scenario_id = data["scenario_id"]
    state.seed = data["seed"]
    state.team = data["team"]
    state.language = data["language"]
    state.speed = data["speed"]
    state.variables = dict(data["variables"])


def _clock(state: State, event: Event, data: dict) -> None:
    if event.kind in (ev.CLOCK_STARTED, ev.CLOCK_RESUMED):
        state.running = True
    elif event.kind == ev.CLOCK_PAUSED:
        state.running = False
    elif event.kind == ev.SPEED_CHANGED:
        state.speed = data["speed"]


def _delivered(state: State, event: Event, data: dict) -> None:
    state.delivered[data["inject"]] = Delivery(
        data["inject"], event.seq, event.world, data["title"], data["channel"],
        data.get("sender"), data.get("sender_name"), data.get("recipient"), data["severity"],
        data["body"], data["via"])
    state.triggered.pop(data["inject"], None)
    state.facts.update(data.get("reveals") or {})
    if data.get("marks_awareness") and state.awareness is None:
        state.awareness = event.world


def _opened(state: State, event: Event, data: dict) -> None:
    state.open_decisions[data["decision"]] = OpenDecision(
        data["decision"], data["prompt"], list(data["options"]), event.world,
        data.get("deadline"), data.get("default"))


def _decided(state: State, event: Event, data: dict) -> None:
    state.open_decisions.pop(data["decision"], None)
    by = "timeout" if event.kind == ev.DECISION_TIMED_OUT else data.get("by", "team")
    state.choices[data["decision"]] = Choice(data["option"], event.world, event.seq, by,
                                             data.get("rationale"), data.get("role"))
    state.variables.update(data.get("set") or {})
    for trigger in data.get("triggers") or []:
        if trigger["inject"] not in state.delivered:  # the earliest trigger wins
            known = state.triggered.get(trigger["inject"])
            state.triggered[trigger["inject"]] = (trigger["at"] if known is None
                                                  else min(known, trigger["at"]))


def _note(state: State, event: Event, data: dict) -> None:
    state.notes.append(Note(event.seq, event.world, data["by"], data["text"], data.get("role"),
                            data.get("objective")))


def _skipped(state: State, event: Event, data: dict) -> None:
    state.skipped.add(data["inject"])
    state.triggered.pop(data["inject"], None)


def _read(state: State, event: Event, data: dict) -> None:
    state.read.add(data["inject"])


def _ended(state: State, event: Event, data: dict) -> None:
    state.ended = {"reason": data["reason"], "ending": data.get("ending")}
    state.running = False
    state.open_decisions.clear()


def _nothing(state: State, event: Event, data: dict) -> None:
    """Recorded for the log (fire-now and ad-hoc requests); the delivery that follows counts."""


_HANDLERS = {
    ev.SESSION_STARTED: _started,
    ev.CLOCK_STARTED: _clock,
    ev.CLOCK_PAUSED: _clock,
    ev.CLOCK_RESUMED: _clock,
    ev.SPEED_CHANGED: _clock,
    ev.CLOCK_JUMPED: _nothing,
    ev.INJECT_DELIVERED: _delivered,
    ev.DECISION_OPENED: _opened,
    ev.DECISION_RECORDED: _decided,
    ev.DECISION_TIMED_OUT: _decided,
    ev.NOTE_ADDED: _note,
    ev.INJECT_FIRED: _nothing,
    ev.INJECT_SKIPPED: _skipped,
    ev.INJECT_ADDED: _nothing,
    ev.INJECT_READ: _read,
    ev.STORM_PUSHED: _nothing,  # the storm reads them from the log
    ev.STORM_CALMED: _nothing,
    ev.SESSION_ENDED: _ended,
}
