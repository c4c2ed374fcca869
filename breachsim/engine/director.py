"""The director turns time and intents into events.

Given a time, it delivers every inject that is due — by ``at``, ``after``, a decision's
``triggers``, or a ``when`` condition coming true — in a deterministic order (time, then file
order), opens and times out decisions, and ends the session. Team and facilitator
intents are checked against the state and recorded as events.

Each call is one step: the events it makes (a tick's deliveries, timeouts and ending, or an
intent's) go to the sink together when it returns, and the sink (the store) commits them in
one transaction. They are folded as they are made, so that the step sees its own events; if
the sink cannot record them, the director goes back to where the step found it. So nothing
is confirmed or shown that is not recorded, and a crash loses a whole step or nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from functools import cached_property
from typing import Any

from pydantic import ValidationError

from .. import __version__
from ..law.jurisdiction import Jurisdiction, jurisdiction
from ..scenario.durations import format_offset
from ..scenario.frozen import fingerprint
from ..scenario.model import FORMAT_VERSION, Inject, Scenario, StormPush
from . import events as ev
from .actions import Refused, check_form
from .cast import cast_for
from .events import Event
from .render import base_context, render_body
from .schedule import Schedule
from .state import State, apply, fold, restore, snapshot

#: Records one step's events durably, all or none, or raises.
Sink = Callable[[list[Event]], None]


def _step(method):
    """Make a director call one step (``Director._run_step``); a call within another is part
    of the outer one."""
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if self._unrecorded is not None:
            return method(self, *args, **kwargs)
        return self._run_step(method, args, kwargs)
    return wrapper


class Director:
    """Runs one session of one scenario: time and intents in, events out (see module doc).

    ``start`` begins a session, ``resume`` continues one from its stored log; ``advance_to``
    moves in-world time; ``decide``, ``act`` and the facilitator's ``fire``, ``skip``,
    ``add_inject``, ``note`` and ``end`` record what people do.
    """

    def __init__(self, scenario: Scenario, seed: int, *, wall: Callable[[], str],
                 state: State | None = None, sink: Sink | None = None):
        self.scenario = scenario
        self.seed = seed
        self.wall = wall
        self.sink = sink
        self.state = state or State()
        self.duration = int(scenario.clock.duration.total_seconds())
        self.now = self.state.world
        self.schedule = Schedule(scenario)
        self._adhoc = self._adhoc_delivered()
        self._unrecorded: list[Event] | None = None  # the events of the step under way
        self._recorded: State | None = None  # the state as far as the sink has recorded it
        # what an answer may name in ``regarding`` besides a delivered inject: the requests
        # and contacts of the storm, which the application knows and the engine does not
        self.answerable: Callable[[str], bool] | None = None
        self.schedule.rebuild(self.state, self.now)

    @cached_property
    def cast(self):
        """The session's people, made on first delivery (building a Faker takes a while)."""
        return cast_for(self.scenario, self.seed)

    @cached_property
    def context(self) -> dict[str, Any]:
        return base_context(self.scenario, self.cast)

    # -- starting and resuming -------------------------------------------------------------

    @classmethod
    def start(cls, scenario: Scenario, *, session: str, seed: int, team: str,
              wall: Callable[[], str], speed: float | None = None,
              sink: Sink | None = None) -> Director:
        director = cls(scenario, seed, wall=wall, sink=sink)
        director._begin(session, team, speed)
        return director

    @_step
    def _begin(self, session: str, team: str, speed: float | None) -> None:
        """The session's first event, and what is due at its start."""
        scenario = self.scenario
        self._emit(ev.SESSION_STARTED, {
            "session": session,
            "scenario_id": scenario.id,
            "scenario_sha256": fingerprint(scenario),
            "seed": self.seed,
            "team": team,
            "language": scenario.language.value,
            "speed": speed if speed is not None else scenario.clock.speed,
            "versions": {"breachsim": __version__, "events": ev.EVENT_VERSION,
                         "format": FORMAT_VERSION},
            "variables": {name: var.initial() for name, var in scenario.variables.items()},
        })
        self.schedule.rebuild(self.state, self.now)
        self.advance_to(0)

    @classmethod
    def resume(cls, scenario: Scenario, events: list[Event], *, wall: Callable[[], str],
               sink: Sink | None = None, now: int | None = None) -> Director:
        """Fold a stored log and carry on from where it stopped.

        ``now`` is the in-world time the session had reached (the store keeps it); quiet time
        after the last event leaves no event of its own.
        """
        state = fold(events)
        director = cls(scenario, state.seed, wall=wall, state=state, sink=sink)
        if now is not None and now > director.now:
            director.now = now
            director.schedule.refresh(state, now)
        return director

    def take_in(self, events: list[Event]) -> None:
        """Fold events that another process recorded: the log moved on without this
        director (players and the facilitator share one session)."""
        if self._unrecorded is not None:
            raise RuntimeError("events from elsewhere cannot come in during a step")
        fold(events, self.state)
        if self._recorded is not None:
            fold(events, self._recorded)
        self.now = max(self.now, self.state.world)
        self._adhoc = self._adhoc_delivered()
        self.schedule.rebuild(self.state, self.now)

    def eligibility(self, inject: Inject) -> list[tuple[int, str]]:
        """When ``inject`` becomes eligible (``Schedule.eligibility``)."""
        return self.schedule.eligibility(inject, self.state)

    # -- time ------------------------------------------------------------------------------

    @property
    def ended(self) -> bool:
        return self.state.ended is not None

    @_step
    def advance_to(self, target: int, budget: int | None = None) -> bool:
        """Deliver, open, time out and end everything due up to in-world second ``target``.

        With a ``budget``, stop after about that many events and return False, so that a
        caller holding a lock can let others in between slices; call again to go on."""
        target = int(target)
        stop = None if budget is None else self.state.seq + budget
        while not self.ended:
            self._deliver_due(stop)
            if stop is not None and self.state.seq >= stop and not self.ended:
                return False
            if self.ended:
                return True
            if self._time_out_due():
                continue
            if self.now >= self.duration:
                self._end("duration", None, self.duration)
                return True
            upcoming = self.next_due()
            if upcoming is None or upcoming > target:
                break
            self.now = upcoming
        self.now = max(self.now, min(target, self.duration))
        return True

    def next_due(self) -> int | None:
        """When something next happens by itself: a delivery, a timeout, a condition, the end."""
        if self.ended:
            return None
        return self.schedule.next_due(self.state, self.now, self.duration)

    def _deliver_due(self, stop: int | None = None) -> None:
        while not self.ended and (stop is None or self.state.seq < stop):
            self.schedule.refresh(self.state, self.now)
            ready = self.schedule.first_ready()
            if ready is None:
                return
            inject_id, via = ready
            # delivered first, then off the schedule: if the store cannot record the
            # delivery, the inject is still due when the session goes on
            self._deliver(self.scenario.by_id[inject_id], via)
            self.schedule.unpool(inject_id)

    def _time_out_due(self) -> bool:
        fired = False
        while not self.ended and (decision_id := self.schedule.pop_timeout(self.now)):
            open_decision = self.state.open_decisions.get(decision_id)
            if open_decision is None or open_decision.default is None:
                continue
            self._record_choice(decision_id, open_decision.default, ev.DECISION_TIMED_OUT,
                                {"by": "timeout"})
            fired = True
        return fired

    # -- deliveries ------------------------------------------------------------------------

    def _deliver(self, inject: Inject, via: str) -> None:
        sender = self.cast.person(inject.from_, inject.id)
        self._emit(ev.INJECT_DELIVERED, {
            "inject": inject.id,
            "title": inject.title,
            "channel": inject.channel.value,
            "sender": inject.from_,
            "sender_name": sender.name if sender else None,
            "recipient": inject.to,
            "severity": inject.severity.value,
            "body": render_body(self.scenario, inject, self.cast, self.context, self.now,
                                self.state),
            "via": via,
            "reveals": inject.reveals.known() if inject.reveals else {},
            "marks_awareness": inject.marks_awareness,
        })
        self.schedule.delivered(inject, self.state, self.now)
        if inject.decision is not None:
            decision = inject.decision
            deadline = (self.now + int(decision.timeout.total_seconds())
                        if decision.timeout is not None else None)
            self._emit(ev.DECISION_OPENED, {
                "decision": inject.id,
                "prompt": decision.prompt,
                "options": [{"id": o.id, "label": o.label} for o in decision.options],
                "deadline": deadline,
                "default": decision.default,
            })
            if deadline is not None:
                self.schedule.add_timeout(deadline, inject.id)
        if inject.ends:
            self._end("inject", inject.id, self.now)

    def _record_choice(self, decision_id: str, option_id: str, kind: str,
                       extra: dict[str, Any]) -> None:
        decision = self.scenario.decisions[decision_id]
        option = next(o for o in decision.options if o.id == option_id)
        triggers = [{"inject": t.inject, "at": self.now + int(t.delay.total_seconds())}
                    for t in option.triggers]
        self._emit(kind, {"decision": decision_id, "option": option_id, "set": dict(option.set),
                          "triggers": triggers, **extra})
        for trigger in triggers:
            if trigger["inject"] not in self.state.delivered:
                self.schedule.add(trigger["at"], trigger["inject"], "trigger")
        if option.ends:
            self._end("option", f"{decision_id}.{option_id}", self.now)

    def _end(self, reason: str, ending: str | None, world: int) -> None:
        self.now = max(self.now, world)
        self._emit(ev.SESSION_ENDED, {"reason": reason, "ending": ending})

    def _emit(self, kind: str, data: dict[str, Any]) -> Event:
        """Make an event of the step and fold it; it counts once the step is recorded."""
        event = Event(self.state.seq + 1, kind, self.now, self.wall(), data)
        self._unrecorded.append(event)
        before = {name: self.state.variables.get(name) for name in data.get("set") or {}}
        apply(self.state, event)
        self.schedule.touch(event, before)
        return event

    def _run_step(self, method: Callable, args: tuple, kwargs: dict) -> Any:
        """Run ``method`` and hand the events it made to the sink together when it returns.

        If it fails, or the sink cannot record, go back to where it found the director, so
        that the state is never ahead of the log."""
        if self.sink is not None and self._recorded is None:
            self._recorded = snapshot(self.state)  # all there is so far is recorded
        self._unrecorded = events = []
        now = self.now
        try:
            result = method(self, *args, **kwargs)
            if events and self.sink is not None:
                self.sink(events)
                fold(events, self._recorded)
            return result
        except BaseException:
            if events and self.sink is not None:
                self._go_back(now)
            raise
        finally:
            self._unrecorded = None

    def _adhoc_delivered(self) -> int:
        return sum(1 for d in self.state.delivered.values() if d.via == "adhoc")

    def _go_back(self, now: int) -> None:
        """To the recorded state at in-world second ``now``."""
        restore(self.state, snapshot(self._recorded))
        self.now = now
        self._adhoc = self._adhoc_delivered()
        self.schedule.rebuild(self.state, self.now)

    # -- intents ---------------------------------------------------------------------------

    def _open(self) -> None:
        if self.ended:
            raise Refused("the exercise has ended", code="ended")

    @_step
    def decide(self, decision: str, option: str, *, by: str = "team",
               rationale: str | None = None, role: str | None = None) -> None:
        self._open()
        open_decision = self.state.open_decisions.get(decision)
        if open_decision is None:
            taken = self.state.choices.get(decision)
            if taken is None:
                raise Refused(f"decision {decision!r} is not open", code="decision_closed")
            at = format_offset(taken.world)
            if taken.by == "timeout":
                raise Refused(f"decision {decision!r} was left to the clock: its time ran out "
                              f"at {at} ({taken.option})", code="timed_out",
                              values={"at": at, "option": taken.option})
            who = taken.role or taken.by
            raise Refused(f"decision {decision!r} was already decided by {who} at {at} "
                          f"({taken.option})", code="already_decided",
                          values={"by": who, "at": at, "option": taken.option})
        options = [o["id"] for o in open_decision.options]
        if option not in options:
            raise Refused(f"{option!r} is not an option of {decision!r}: "
                          f"{', '.join(options)}")
        extra: dict[str, Any] = {"by": by, **_role(role)}
        if rationale:
            extra["rationale"] = rationale
        self._record_choice(decision, option, ev.DECISION_RECORDED, extra)
        self.advance_to(self.now)

    @_step
    def act(self, action: str, fields: dict[str, Any] | None = None, *,
            role: str | None = None) -> Event:
        """Record a team action after checking its form and the state."""
        self._open()
        fields = fields or {}
        who = _role(role)
        if action == "notify_authority":  # before the form: no use filling in the wrong kind
            self._check_phase(ev.notification_kind(fields))
        data = check_form(action, fields)
        regarding = data.get("regarding")
        if (regarding is not None and regarding not in self.state.delivered
                and not (self.answerable is not None and self.answerable(regarding))):
            raise Refused(f"{action}: {regarding!r} has not been delivered", ["regarding"],
                          code="not_delivered")
        if action == "notify_authority":
            self._check_delay(data)
        event = self._emit(ev.ACTION_EVENTS[action], {**data, **who})
        self.advance_to(self.now)
        return event

    def _check_phase(self, kind: str) -> None:
        """Phased notification (Art. 33(4)): one initial notification, then follow-ups."""
        initial = self.state.initial_notification
        if kind == "initial" and initial is not None:
            raise Refused(
                "the authority was already notified at "
                f"{format_offset(initial.world)}; send a follow-up "
                "(kind: follow_up) with what is new", ["kind"], code="already_notified")
        if kind == "follow_up" and initial is None:
            raise Refused("there is no initial notification to follow up; send the "
                          "initial one first (kind: initial)", ["kind"], code="no_initial")

    def _check_delay(self, data: dict[str, Any]) -> None:
        """Past the window, an initial notification gives its reasons (Art. 33(1))."""
        if ev.notification_kind(data) == "initial":
            aware = self.state.aware_since
            if (aware is not None and self.law.past_window(aware, self.now)
                    and not data.get("delay_reasons")):
                raise Refused("notify_authority refused: the 72 hours have passed, so the "
                              "reasons for the delay are required (GDPR Art. 33(1))",
                              ["delay_reasons"], code="delay_reasons")
        else:
            data["follows"] = self.state.initial_notification.seq

    @property
    def law(self) -> Jurisdiction:
        """The scenario's jurisdiction: its authority and its window."""
        return jurisdiction(self.scenario.jurisdiction.value)

    # -- facilitator -----------------------------------------------------------------------

    def _pending(self, inject_id: str) -> None:
        """Refuse a facilitator's fire or skip of an inject that is not still to come."""
        self._open()
        if inject_id not in self.scenario.by_id:
            raise Refused(f"no inject {inject_id!r}", code="not_pending")
        if inject_id in self.state.delivered:
            raise Refused(f"{inject_id!r} was already delivered", code="not_pending")
        if inject_id in self.state.skipped:
            raise Refused(f"{inject_id!r} was already skipped", code="not_pending")

    @_step
    def fire(self, inject_id: str) -> None:
        """Deliver an inject now, whatever its timing or condition."""
        self._pending(inject_id)
        self._emit(ev.INJECT_FIRED, {"inject": inject_id})
        self.schedule.unpool(inject_id)
        self._deliver(self.scenario.by_id[inject_id], "fired")
        self.advance_to(self.now)

    @_step
    def skip(self, inject_id: str) -> None:
        self._pending(inject_id)
        self._emit(ev.INJECT_SKIPPED, {"inject": inject_id})
        self.schedule.unpool(inject_id)

    @_step
    def add_inject(self, *, title: str, channel: str, sender: str | None, body: str,
                   severity: str = "info") -> str:
        """An ad-hoc inject from the facilitator, delivered at once. Its text is literal."""
        from ..scenario.vocab import Channel, Severity

        self._open()
        if not title.strip():
            raise Refused("an ad-hoc inject needs a title", ["title"], code="no_title")
        if channel not in {c.value for c in Channel}:
            raise Refused(f"unknown channel {channel!r}", ["channel"])
        if severity not in {s.value for s in Severity}:
            raise Refused(f"unknown severity {severity!r}", ["severity"])
        self._adhoc += 1
        inject_id = f"adhoc_{self._adhoc}"
        fields = {"inject": inject_id, "title": title.strip(), "channel": channel,
                  "sender": None, "sender_name": sender, "recipient": None,
                  "severity": severity, "body": body}
        self._emit(ev.INJECT_ADDED, dict(fields))
        self._emit(ev.INJECT_DELIVERED, {**fields, "via": "adhoc", "reveals": {},
                                         "marks_awareness": False})
        return inject_id

    @_step
    def note(self, text: str, *, by: str = "facilitator", role: str | None = None,
             objective: str | None = None) -> None:
        if not text.strip():
            raise Refused("the note is empty", ["text"], code="empty_note")
        if by not in ("facilitator", "observer", "team"):
            raise Refused(f"a note is by the facilitator, an observer or the team, not {by!r}")
        data: dict[str, Any] = {"by": by, "text": text, **_role(role)}
        if objective is not None:
            self._check_objective(objective)
            data["objective"] = objective
        self._emit(ev.NOTE_ADDED, data)

    def _check_objective(self, objective: str) -> None:
        known = [o.id for o in self.scenario.objectives]
        if objective not in known:
            raise Refused(f"the scenario has no objective {objective!r}; its objectives: "
                          f"{', '.join(known) or 'none'}", ["objective"], code="no_objective",
                          values={"objective": objective, "known": ", ".join(known) or "-"})

    @_step
    def mark_read(self, inject_id: str) -> bool:
        """Record that the team opened a delivered inject; False when there is nothing new to
        record (read before, or the exercise has ended).

        Read marks are events rather than a side record beside the log: what the team has
        seen is the team's state (architecture rule 2), so it comes back on resume, reaches
        every console on the session and is in an export, all by the one path the log
        already has; they cost one small event per inject, at most once."""
        if self.ended or inject_id in self.state.read:
            return False
        if inject_id not in self.state.delivered:
            raise Refused(f"{inject_id!r} has not been delivered", code="not_delivered")
        self._emit(ev.INJECT_READ, {"inject": inject_id})
        return True

    @_step
    def push_storm(self, burst: int, topic: str | None = None, sentiment: float = -0.5) -> None:
        """Set off a burst of the media storm now, as an inject's ``storm`` block would."""
        self._open()
        try:
            push = StormPush.model_validate({"burst": burst, "topic": topic or None,
                                             "sentiment": sentiment})
        except ValidationError as exc:
            fields = [str(e["loc"][0]) for e in exc.errors(include_url=False)]
            raise Refused("a storm push takes a burst of 1 to 1000 posts, a topic of lower-case "
                          "letters, digits, - and _, and a sentiment from -1 to 1", fields,
                          code="storm_push") from None
        if push.burst < 1:
            raise Refused("a storm push takes a burst of 1 to 1000 posts", ["burst"],
                          code="storm_push")
        self._emit(ev.STORM_PUSHED, push.model_dump(mode="json", exclude={"half_life"}))

    @_step
    def calm_storm(self) -> None:
        """Damp the media storm from now on (the storm's ``facilitator_calm`` effect)."""
        self._open()
        self._emit(ev.STORM_CALMED, {})

    @_step
    def end(self) -> None:
        self._open()
        self._end("facilitator", None, self.now)

    # -- clock -----------------------------------------------------------------------------

    @_step
    def start_clock(self) -> None:
        self._open()
        self._emit(ev.CLOCK_STARTED, {"speed": self.state.speed})

    @_step
    def pause_clock(self) -> None:
        if self.state.running:
            self._emit(ev.CLOCK_PAUSED, {})

    @_step
    def resume_clock(self) -> None:
        self._open()
        if not self.state.running:
            self._emit(ev.CLOCK_RESUMED, {})

    @_step
    def change_speed(self, speed: float) -> None:
        if not 0 < speed <= 10_000:
            raise Refused("speed must be between 0 and 10000", code="speed_range")
        self._emit(ev.SPEED_CHANGED, {"speed": speed})

    @_step
    def jump(self, to: int | None = None) -> int:
        """Jump to ``to``, or to the next thing due; returns the new in-world time."""
        self._open()
        target = self.next_due() if to is None else int(to)
        if target is None or target <= self.now:
            if to is None:
                raise Refused("nothing later to jump to", code="nothing_due")
            raise Refused("cannot jump backwards", code="jump_backwards")
        self._emit(ev.CLOCK_JUMPED, {"from": self.now, "to": target})
        self.advance_to(target)
        return self.now


def _role(role: str | None) -> dict[str, str]:
    """The ``role`` entry of an intent's event data: nothing when no role was given."""
    if role is None:
        return {}
    if not ev.valid_role(role):
        raise Refused(f"a role is a short printable name, not {role!r}", ["role"],
                      code="bad_role")
    return {ev.ROLE: role}
