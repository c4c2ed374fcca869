"""A log from outside (an imported session), checked event by event as the director checks
what it records live: each event must be one the director could have made from the frozen
scenario and the state so far.

What is checked: the log starts the session it claims to be, with its scenario, seed and team;
in-world time never goes back nor past the scenario's end; every delivery is of an inject the
scenario has, once, as the scenario writes it; decisions open with their injects and are taken
with their options, setting and triggering what those do; actions pass their forms and the
director's own checks (phased notification, reasons for a delay, what they answer); nothing but
notes and speed changes follow the end. What is not: whether each delivery was due when it
came (the schedule's judgement), the rendered bodies, and answers to the storm's requests and
contacts, which are recomputed from the log and not kept in it.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ..scenario.frozen import fingerprint
from ..scenario.model import Scenario, StormPush
from . import events as ev
from .actions import Refused, check_form
from .director import Director
from .events import Event
from .state import apply

#: How the director delivers an inject of the scenario (``adhoc`` ones are the facilitator's).
_VIA = frozenset({"start", "at", "after", "when", "trigger", "fired"})
#: What may follow the end of a session (neither needs the exercise running).
_AFTER_END = frozenset({ev.NOTE_ADDED, ev.SPEED_CHANGED})


class Forged(ValueError):
    """An event the director could not have recorded; ``index`` is its place in the log."""

    def __init__(self, index: int, message: str):
        super().__init__(message)
        self.index = index


def audit(scenario: Scenario, events: list[Event], *, session: str, seed: int,
          team: str | None) -> Director:
    """The director at the end of ``events``, or ``Forged`` for the first that is not one it
    could have recorded."""
    director = Director(scenario, seed, wall=str)
    checks = _Checks(director)
    for index, event in enumerate(events):
        try:
            if index == 0:
                checks.start(event, session, seed, team)
            else:
                checks.one(event)
            apply(director.state, event)
        except Forged as forged:
            raise Forged(index, str(forged)) from None
        except Refused as refused:
            raise Forged(index, f"the director would have refused it: {refused.reason}") from None
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise Forged(index, f"its data does not fit a {event.kind} event "
                                f"({type(exc).__name__}: {exc})") from None
    return director


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise Forged(-1, message)


class _Checks:
    def __init__(self, director: Director):
        self.director = director
        self.scenario = director.scenario
        self.previous: Event | None = None

    def start(self, event: Event, session: str, seed: int, team: str | None) -> None:
        _expect(event.kind == ev.SESSION_STARTED, f"the log starts with {event.kind}, not "
                                                  f"{ev.SESSION_STARTED}")
        data, scenario = event.data, self.scenario
        variables = {name: var.initial() for name, var in scenario.variables.items()}
        for key, want in {"session": session, "scenario_id": scenario.id,
                          "scenario_sha256": fingerprint(scenario), "seed": seed,
                          "team": team, "language": scenario.language.value,
                          "variables": variables}.items():
            _expect(data[key] == want, f"the session started with {key} {data[key]!r}, but "
                                       f"the header and its scenario say {want!r}")
        _speed(data["speed"])
        self._time(event)

    def one(self, event: Event) -> None:
        state = self.director.state
        _expect(event.kind != ev.SESSION_STARTED, "a session starts once")
        _expect(state.ended is None or event.kind in _AFTER_END,
                f"{event.kind} after the session ended")
        self._time(event)
        self.director.now = event.world
        check = getattr(self, f"_{event.kind}", None)
        if check is None:
            self._action(event)
        else:
            check(event.data)
        self.previous = event

    def _time(self, event: Event) -> None:
        before = self.director.state.world
        duration = self.director.duration
        _expect(before <= event.world <= duration,
                f"in-world time {event.world} is not between the previous event's ({before}) "
                f"and the scenario's end ({duration})")

    # -- the director's own events ---------------------------------------------------------

    def _inject_delivered(self, data: dict[str, Any]) -> None:
        state, inject_id = self.director.state, data["inject"]
        _expect(inject_id not in state.delivered, f"{inject_id!r} was already delivered")
        if data["via"] == "adhoc":
            added = self.previous
            _expect(added is not None and added.kind == ev.INJECT_ADDED
                    and added.data["inject"] == inject_id
                    and {**added.data, "via": "adhoc", "reveals": {}, "marks_awareness": False}
                    == data, f"the ad-hoc inject {inject_id!r} was not added just before")
            return
        inject = self.scenario.by_id.get(inject_id)
        _expect(inject is not None, f"the scenario has no inject {inject_id!r}")
        _expect(inject_id not in state.skipped, f"{inject_id!r} was skipped")
        _expect(data["via"] in _VIA, f"no inject arrives by {data['via']!r}")
        if data["via"] == "fired":
            fired = self.previous
            _expect(fired is not None and fired.kind == ev.INJECT_FIRED
                    and fired.data["inject"] == inject_id,
                    f"{inject_id!r} arrived as fired, but was not fired just before")
        want = {"title": inject.title, "channel": inject.channel.value,
                "sender": inject.from_, "recipient": inject.to,
                "severity": inject.severity.value,
                "reveals": inject.reveals.known() if inject.reveals else {},
                "marks_awareness": inject.marks_awareness}
        _same(data, want, f"the delivery of {inject_id!r}")
        _expect(isinstance(data["body"], str), "a delivery's body is text")
        _expect(data["sender_name"] is None or isinstance(data["sender_name"], str),
                "a delivery's sender_name is text")

    def _decision_opened(self, data: dict[str, Any]) -> None:
        delivered = self.previous
        decision_id = data["decision"]
        inject = self.scenario.by_id.get(decision_id)
        _expect(delivered is not None and delivered.kind == ev.INJECT_DELIVERED
                and delivered.data["inject"] == decision_id
                and inject is not None and inject.decision is not None,
                f"decision {decision_id!r} opened without its inject's delivery just before")
        decision = inject.decision
        timeout = decision.timeout
        _same(data, {"prompt": decision.prompt, "default": decision.default,
                     "options": [{"id": o.id, "label": o.label} for o in decision.options],
                     "deadline": None if timeout is None
                     else self.director.now + int(timeout.total_seconds())},
              f"decision {decision_id!r}")

    def _decision_recorded(self, data: dict[str, Any]) -> None:
        _expect(data["by"] in ("team", "facilitator"), f"a decision is taken by the team or "
                                                       f"the facilitator, not {data['by']!r}")
        _role(data)
        self._choice(data)

    def _decision_timed_out(self, data: dict[str, Any]) -> None:
        opened = self.director.state.open_decisions.get(data["decision"])
        _expect(opened is not None and opened.deadline is not None
                and self.director.now >= opened.deadline and data["option"] == opened.default
                and data["by"] == "timeout",
                f"decision {data['decision']!r} timed out before its deadline, or not to its "
                "default")
        self._choice(data)

    def _choice(self, data: dict[str, Any]) -> None:
        decision_id, option_id = data["decision"], data["option"]
        _expect(decision_id in self.director.state.open_decisions,
                f"decision {decision_id!r} is not open")
        option = next((o for o in self.scenario.decisions[decision_id].options
                       if o.id == option_id), None)
        _expect(option is not None, f"{option_id!r} is not an option of {decision_id!r}")
        now = self.director.now
        _same(data, {"set": dict(option.set),
                     "triggers": [{"inject": t.inject, "at": now + int(t.delay.total_seconds())}
                                  for t in option.triggers]}, f"option {option_id!r}")

    def _session_ended(self, data: dict[str, Any]) -> None:
        _expect(data["reason"] in ("duration", "inject", "option", "facilitator"),
                f"a session does not end by {data['reason']!r}")

    # -- intents ---------------------------------------------------------------------------

    def _inject_fired(self, data: dict[str, Any]) -> None:
        self.director._pending(data["inject"])

    def _inject_skipped(self, data: dict[str, Any]) -> None:
        self.director._pending(data["inject"])

    def _inject_added(self, data: dict[str, Any]) -> None:
        _expect(data["inject"] == f"adhoc_{self.director._adhoc_delivered() + 1}",
                "ad-hoc injects are numbered adhoc_1, adhoc_2 … in turn")
        _expect(isinstance(data["title"], str) and data["title"].strip() != "",
                "an ad-hoc inject needs a title")

    def _inject_read(self, data: dict[str, Any]) -> None:
        state = self.director.state
        _expect(data["inject"] in state.delivered and data["inject"] not in state.read,
                f"{data['inject']!r} read before it was delivered, or read twice")

    def _note_added(self, data: dict[str, Any]) -> None:
        _expect(data["by"] in ("facilitator", "observer", "team")
                and isinstance(data["text"], str) and data["text"].strip() != "",
                "a note is a text by the facilitator, an observer or the team")
        _role(data)
        if "objective" in data:
            self.director._check_objective(data["objective"])

    def _clock_started(self, data: dict[str, Any]) -> None:
        _speed(data["speed"])

    def _clock_paused(self, data: dict[str, Any]) -> None:
        _expect(self.director.state.running, "the clock was paused while it was not running")

    def _clock_resumed(self, data: dict[str, Any]) -> None:
        _expect(not self.director.state.running, "the clock was resumed while it ran")

    def _speed_changed(self, data: dict[str, Any]) -> None:
        _speed(data["speed"])

    def _clock_jumped(self, data: dict[str, Any]) -> None:
        _expect(type(data["from"]) is int and type(data["to"]) is int
                and self.director.state.world <= data["from"] < data["to"],
                "a jump goes forward from the time reached")

    def _storm_pushed(self, data: dict[str, Any]) -> None:
        try:
            push = StormPush.model_validate(data)
        except ValidationError:
            raise Forged(-1, "a storm push takes a burst of 1 to 1000 posts, a topic and a "
                             "sentiment from -1 to 1") from None
        _same(data, push.model_dump(mode="json", exclude={"half_life"}), "the storm push")

    def _storm_calmed(self, data: dict[str, Any]) -> None:
        _expect(data == {}, "a storm calm carries no data")

    def _action(self, event: Event) -> None:
        action = ev.ACTION_OF_EVENT[event.kind]
        _role(event.data)
        data = {key: value for key, value in event.data.items() if key != ev.ROLE}
        recorded = dict(data)
        if action == "notify_authority":
            self.director._check_phase(ev.notification_kind(data))
        _same(recorded, check_form(action, data), f"the {action} form")
        regarding = data.get("regarding")
        if regarding in self.scenario.by_id:
            _expect(regarding in self.director.state.delivered,
                    f"{action}: {regarding!r} has not been delivered")
        if action == "notify_authority":
            follows = data.get("follows")
            self.director._check_delay(data)
            _expect(data.get("follows") == follows, "a follow-up names the initial "
                                                    "notification it follows")


def _same(data: dict[str, Any], want: dict[str, Any], what: str) -> None:
    for key, value in want.items():
        _expect(data.get(key) == value, f"{what}: {key} is {data.get(key)!r}, but the scenario "
                                        f"says {value!r}")


def _role(data: dict[str, Any]) -> None:
    _expect(ev.ROLE not in data or ev.valid_role(data[ev.ROLE]),
            "a role is a short printable name")


def _speed(speed: Any) -> None:
    _expect(type(speed) in (int, float) and 0 < speed <= 10_000,
            "speed must be between 0 and 10000")

