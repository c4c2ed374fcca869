"""A live exercise as the app runs it: a session, a scaled clock and the intents, headless.

The app's screens read ``Exercise`` and post intents to it; everything a facilitator can do
in the app can be done here by a test without a terminal. In-world time follows the clock
while it runs; the director turns each step into events, and the store commits a step's
events together before the state shows them (``Session``), so an action the app shows as done
is on disk.
"""

from __future__ import annotations

import contextlib
import functools
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..engine import events as ev
from ..engine.clock import SPEEDS, ScaledClock
from ..engine.events import Event
from ..engine.refused import Refused
from ..engine.render import moment
from ..engine.state import Delivery, Note, OpenDecision, State
from ..law.jurisdiction import Jurisdiction
from ..law.messages import message
from ..rules.deadlines import Deadline, deadlines, missed_notifications
from ..scenario.durations import format_offset
from ..scenario.model import Inject, Scenario
from ..scenario.vocab import OBSERVER
from ..store import SessionStore, export_session, open_store
from ..util import utc_now
from . import jumps
from .jumps import JumpPlan
from .live_storm import LiveStorm, StormView
from .session import Session
from .standing import CHECKPOINT_EVERY, GONE_AFTER


def played(events: list[Event], last_seen: str) -> float:
    """Wall seconds the clock ran in a stored log: from each start or resume to the pause or
    end after it, by the events' wall times. A clock the log leaves running stopped at
    ``last_seen`` (the header's last heartbeat: its console was closed or killed then).
    A stretch with a wall time that cannot be read counts for nothing."""
    total, since = 0.0, None
    for event in events:
        if event.kind in (ev.CLOCK_STARTED, ev.CLOCK_RESUMED) and since is None:
            since = _stamp(event.wall) or False
        elif event.kind in (ev.CLOCK_PAUSED, ev.SESSION_ENDED) and since is not None:
            total += _between(since, _stamp(event.wall))
            since = None
    if since is not None:
        total += _between(since, _stamp(last_seen))
    return total


def _between(since: datetime | bool, until: datetime | None) -> float:
    if not since or until is None:
        return 0.0
    return max((until - since).total_seconds(), 0.0)


def _stamp(wall: str) -> datetime | None:
    try:
        then = datetime.fromisoformat(wall)
    except (TypeError, ValueError):
        return None
    return then if then.tzinfo is not None else then.replace(tzinfo=UTC)


@dataclass(frozen=True)
class MselRow:
    """One line of the Master Scenario Events List: an inject still to come."""

    inject: Inject
    earliest: int | None  # in-world seconds; None when only a condition decides
    how: str  # at, after, trigger, when, start, skipped
    detail: str  # the condition, the inject it follows, or the decision that triggers it
    status: str  # due, waiting, triggered, skipped, unreachable
    exact: bool = True  # False: ``earliest`` is only the soonest it could come


@dataclass(frozen=True)
class View:
    """What the screens show at one moment, taken under the exercise's lock so that a tick
    running in another thread never changes it while it is drawn."""

    seq: int
    now: int
    moment: datetime
    running: bool
    ended: bool
    speed: float
    team: str
    aware_since: int | None
    deliveries: tuple[Delivery, ...]  # in the order they arrived
    open_decisions: tuple[OpenDecision, ...]
    deadlines: tuple[Deadline, ...]
    notes: tuple[Note, ...]
    actions: tuple[str, ...]  # the team actions taken, in order
    read: frozenset[str]  # the injects the team has opened
    role: str | None = None  # who this console records as (a player's, ``join --role``)
    facilitator: bool = True  # whether the console that keeps the clock is there


def _locked(method):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self.lock:
            return method(self, *args, **kwargs)
    return wrapper


class Exercise:
    """One session on a clock. Intents raise ``Refused`` with the reason and missing fields.

    Every method that changes the session, and ``view()``, holds ``lock``, so the app may
    run ``tick`` in a worker thread while its screens draw from ``view()``. When the store
    cannot record, the exercise halts (its clock stands still) until ``resume``.
    """

    def __init__(self, session: Session, clock: ScaledClock,
                 monotonic: Callable[[], float] = time.monotonic, *,
                 role: str | None = None, keeps_clock: bool = True):
        self.session = session
        self.clock = clock
        self.role = role  # who in the team this console records as (``join --role``)
        #: False for a player's console: another process (the facilitator's) keeps the clock
        self.keeps_clock = keeps_clock
        #: players: seconds by this process's monotonic clock since the facilitator's
        #: heartbeat (the header's ``updated``) last changed
        self.facilitator_seen: float | None = None
        self._heartbeat: str | None = None  # the heartbeat as last read
        self._heartbeat_moved: float | None = None  # when it last changed (monotonic)
        self._monotonic = monotonic
        self._played = 0.0  # wall seconds the clock ran, up to ``_sampled``
        self._sampled: float | None = None  # when it was last seen running (monotonic)
        self._checkpointed = monotonic()
        self.lock = threading.RLock()
        self.halted = False  # the store failed: nothing moves until the facilitator resumes
        self._storm: LiveStorm | None = None
        self._storm_building = threading.Lock()

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def begin(cls, store: SessionStore, scenario: Scenario, *, seed: int, team: str,
              speed: float | None = None, wall: Callable[[], str] = utc_now,
              monotonic: Callable[[], float] = time.monotonic) -> Exercise:
        """A new session, its clock paused at the start until ``start`` is called."""
        session = Session.begin(store, scenario, seed=seed, team=team, speed=speed, wall=wall)
        clock = ScaledClock(monotonic, world=0, speed=session.director.state.speed)
        return cls(session, clock, monotonic)

    @classmethod
    def reopen(cls, store: SessionStore, session_id: str, *, wall: Callable[[], str] = utc_now,
               monotonic: Callable[[], float] = time.monotonic) -> Exercise:
        """A stored session exactly where it stopped, with its clock paused."""
        session = Session.reopen(store, session_id, wall=wall)
        director = session.director
        clock = ScaledClock(monotonic, world=director.now, speed=director.state.speed)
        exercise = cls(session, clock, monotonic)
        exercise._played = played(store.events(session.id), session.header.updated)
        if director.state.running and not director.ended:
            director.pause_clock()  # it stopped without pausing: say so in the log
        return exercise

    @classmethod
    def join(cls, store: SessionStore, session_id: str, *, role: str | None = None,
             wall: Callable[[], str] = utc_now,
             monotonic: Callable[[], float] = time.monotonic) -> Exercise:
        """A player's console on a session another process runs: it records the team's
        actions, decisions and notes into the same log, and follows what everyone records;
        the facilitator's process keeps the clock."""
        session = Session.reopen(store, session_id, wall=wall)
        director = session.director
        clock = ScaledClock(monotonic, world=director.now, speed=director.state.speed)
        exercise = cls(session, clock, monotonic, role=role, keeps_clock=False)
        exercise._played = played(store.events(session.id), session.header.updated)
        exercise._heard(session.store.header(session.id))
        return exercise

    # -- what the screens read -------------------------------------------------------------

    @property
    def scenario(self) -> Scenario:
        return self.session.director.scenario

    @property
    def state(self) -> State:
        return self.session.director.state

    @property
    def now(self) -> int:
        return self.session.director.now

    @property
    def language(self) -> str:
        return self.scenario.language.value

    @property
    def running(self) -> bool:
        return (self.state.running and not self.ended and not self.halted
                and self.facilitator_present)

    @property
    def facilitator_present(self) -> bool:
        """Whether the process that keeps the clock is alive (always, in that process).

        A player's console judges it by whether the facilitator's heartbeat (the header's
        ``updated``, which its console rewrites every ``CHECKPOINT_EVERY``) still changes,
        timed by this process's own monotonic clock: gone once it has not changed for
        ``GONE_AFTER`` seconds. The stamp itself is never compared with this machine's wall
        clock, which may differ from the facilitator's machine's by any amount. The first
        reading, on joining, counts as a change just seen: a player who joins a session whose
        facilitator's console is gone sees it gone ``GONE_AFTER`` seconds later."""
        return self.keeps_clock or (self.facilitator_seen is not None
                                    and self.facilitator_seen < GONE_AFTER)

    @property
    def ended(self) -> bool:
        return self.session.director.ended

    def moment(self) -> datetime:
        return moment(self.scenario, self.now)

    @_locked
    def view(self) -> View:
        state = self.state
        return View(
            state.seq, self.now, self.moment(), self.running, self.ended, state.speed,
            state.team, state.aware_since,
            tuple(state.delivered.values()),  # deliveries are only ever added: seq order
            tuple(state.open_decisions.values()), tuple(self.obligations()),
            tuple(state.notes), tuple(a.action for a in state.actions), frozenset(state.read),
            self.role, self.facilitator_present)

    def elapsed_wall(self) -> float:
        """Wall seconds the exercise's clock has run, in this console and in those that had
        the session before (from the log, ``played``). The screens ask for it on every
        refresh; each asking counts the time since the last one if the clock runs."""
        now = self._monotonic()
        if self._sampled is not None:
            self._played += now - self._sampled
        self._sampled = now if self.running else None
        return self._played

    @_locked
    def obligations(self) -> list[Deadline]:
        """Every deadline due, met or missed now, as the rules judge them."""
        return deadlines(self.scenario, self.state, self.now)

    @property
    def law(self) -> Jurisdiction:
        return self.session.director.law

    @functools.cached_property
    def _soonest(self) -> dict[str, int]:
        """inject → the earliest in-world second it could arrive (the scenario never changes)."""
        from ..scenario.timing import earliest

        return {key: int(when.total_seconds()) for key, when in earliest(self.scenario).items()}

    @functools.cached_property
    def _arrivals(self) -> dict[str, tuple[str, str]]:
        """inject → how it arrives and the detail a facilitator reads, from the scenario's
        arrival graph (``timing.arrival_edges``): the first kind of way in this order, with
        every way of that kind (all the options that trigger it, say)."""
        from ..scenario.timing import arrival_edges

        order = ("start", "at", "after", "trigger", "when")
        ways: dict[str, list[tuple[int, str, str]]] = {}
        for source, edges in arrival_edges(self.scenario).items():
            for target, delay, kind, extra in edges:
                inject = self.scenario.by_id[target]
                if kind == "after":
                    detail = source + (f" + {format_offset(int(delay))}" if delay else "")
                    detail += f"; {inject.when}" if inject.when else ""
                elif kind == "trigger":
                    detail = f"{source} → {extra['option']}"
                elif kind == "at" and not inject.when:
                    detail = format_offset(int(delay))
                else:  # a condition decides, also after an `at`
                    kind, detail = ("when", inject.when or "") if kind != "start" else (
                        kind, "")
                ways.setdefault(target, []).append((kind, detail))
        arrivals = {}
        for target, found in ways.items():
            kind = min((k for k, _ in found), key=order.index)
            details = dict.fromkeys(d for k, d in found if k == kind)  # in file order
            arrivals[target] = (kind, ", ".join(details))
        return arrivals

    @_locked
    def msel(self) -> list[MselRow]:
        """Injects still to come, soonest first: when, and what they wait on."""
        soonest = self._soonest
        state = self.state
        rows = []
        for inject in self.scenario.injects:
            if inject.id in state.delivered:
                continue
            known = soonest.get(inject.id)
            at = known
            if inject.id in state.skipped:
                rows.append(MselRow(inject, at, "skipped", "", "skipped"))
                continue
            eligible = dict((via, moment) for moment, via in
                            self.session.director.eligibility(inject))
            if "trigger" in eligible:
                rows.append(MselRow(inject, eligible["trigger"], "trigger", "", "triggered"))
                continue
            how, detail = self._arrivals.get(inject.id, ("when", inject.when or ""))
            exact = how in ("at", "start")
            if how == "after" and "after" in eligible:  # what it follows has arrived
                at, exact = eligible["after"], not inject.when
            elif how == "when" and inject.at is None:
                at = None  # only the condition decides
            status = "unreachable" if known is None else (
                "due" if exact else "waiting")
            rows.append(MselRow(inject, at, how, detail, status, exact))
        last = {"unreachable": 1, "skipped": 2}
        return sorted(rows, key=lambda r: (last.get(r.status, 0), r.earliest is None,
                                           r.earliest or 0))

    # -- the storm -------------------------------------------------------------------------

    @property
    def storm(self) -> StormView:
        """The media storm as last computed (empty until ``advance_storm`` first ran)."""
        return self._storm.view if self._storm is not None else StormView()

    def advance_storm(self) -> StormView:
        """Compute the storm up to now. The first call builds it (its people take a while)
        and a resumed session's storm catches up from the start: call it from a worker thread.
        Answers may then name the storm's press requests and contacts."""
        with self._storm_building:
            if self._storm is None:
                live = LiveStorm(self.scenario, self.state.seed)
                with self.lock:
                    session = self.session
                    live.recorded(session.store.events(session.header.id))
                    session.listeners.append(live.recorded)
                    session.director.answerable = live.answerable
                self._storm = live
        with self.lock:
            now = self.now
            missed = missed_notifications(self.obligations())
        return self._storm.advance(now, missed)

    @_locked
    def push_storm(self, burst: int, topic: str | None, sentiment: float) -> None:
        self.tick()
        self._facilitator(lambda d: d.push_storm(burst, topic, sentiment))

    @_locked
    def calm_storm(self) -> None:
        self.tick()
        self._facilitator(lambda d: d.calm_storm())

    # -- time ------------------------------------------------------------------------------

    def tick(self, slice_events: int | None = None) -> int:
        """Bring in-world time up to the clock; returns how many events that recorded.

        With ``slice_events``, the lock is let go after each slice of about that many events
        (each committed in one transaction), so a flood of deliveries run from a worker never
        keeps the screens waiting long."""
        if not self.keeps_clock:
            return 0  # ``follow`` brings in what the facilitator's process records
        with self.lock:
            before = self.state.seq
            target = self.clock.world()
        done = False
        while not done:
            with self.lock:
                if not self.running:
                    break
                done = self.session.do(lambda d: d.advance_to(target, slice_events))
                if self.ended:
                    self.clock.pause()
        with self.lock:
            if (self.state.seq != before
                    or self._monotonic() - self._checkpointed >= CHECKPOINT_EVERY):
                self.checkpoint()
            return self.state.seq - before

    @_locked
    def checkpoint(self) -> None:
        if self.keeps_clock:
            self.session.checkpoint()
            self._checkpointed = self._monotonic()

    @_locked
    def let_go(self) -> None:
        """The facilitator's console closes: the next may take the clock without waiting to
        see its heartbeat stop (``standing.kept_elsewhere``)."""
        if self.keeps_clock and not self.ended:
            self.session.store.let_go(self.session.id)

    def follow(self, timeout: float) -> bool:
        """Wait up to ``timeout`` wall seconds for what other processes record, and fold it
        in; returns whether anything changed. The app runs it in a worker, over and over, so
        that every console shows what any other recorded within a second. A player's console
        also takes the facilitator's in-world time and heartbeat from the store, and is no
        longer halted once the store answers again after a failure (it keeps no clock; the
        facilitator's console stays halted until the facilitator resumes)."""
        session = self.session
        with self.lock:
            seq = self.state.seq
        arrived = session.store.wait(session.id, seq, timeout)
        with self.lock:
            changed = bool(arrived) and bool(session.catch_up())
            if not self.keeps_clock:
                before = (self.now, self.facilitator_present, self.halted)
                self._heard(session.store.header(session.id))
                self.halted = False
                changed = changed or before != (self.now, self.facilitator_present,
                                                self.halted)
            return changed

    def _heard(self, header) -> None:
        """Take the facilitator's in-world time and heartbeat from the session's header."""
        director = self.session.director
        if header.world > director.now:
            director.now = header.world
            director.schedule.refresh(director.state, director.now)
        self.clock.set(director.now)
        now = self._monotonic()
        if header.updated != self._heartbeat or self._heartbeat_moved is None:
            self._heartbeat, self._heartbeat_moved = header.updated, now
        self.facilitator_seen = now - self._heartbeat_moved

    @_locked
    def start(self) -> None:
        """Start the clock after the briefing."""
        self._facilitator(lambda d: d.start_clock())
        self.clock.resume()

    @_locked
    def pause(self) -> None:
        self.tick()
        self._facilitator(lambda d: d.pause_clock())
        self.clock.pause()
        self.checkpoint()

    @_locked
    def resume(self) -> None:
        self._facilitator(lambda d: d.resume_clock())
        self.halted = False
        self.clock.set(self.now)
        self.clock.resume()

    def halt(self) -> None:
        """Stop the clock after a store failure, without writing (the store is failing)."""
        with self.lock:
            self.halted = True
            self.clock.pause()

    @_locked
    def toggle_pause(self) -> bool:
        """Pause or resume; returns whether the clock now runs."""
        if self.running:
            self.pause()
        else:
            self.resume()
        return self.running

    @_locked
    def set_speed(self, speed: float) -> None:
        self.tick()
        self._facilitator(lambda d: d.change_speed(speed))
        self.clock.set_speed(speed)

    @_locked
    def step_speed(self, direction: int) -> float:
        """The next speed up (1) or down (-1) the ladder; returns the new speed."""
        current = self.state.speed
        if direction > 0:
            faster = [s for s in SPEEDS if s > current]
            target = faster[0] if faster else current
        else:
            slower = [s for s in SPEEDS if s < current]
            target = slower[-1] if slower else current
        if target != current:
            self.set_speed(target)
        return target

    @_locked
    def plan_jump(self, to: int | None = None) -> JumpPlan:
        """Where a jump to ``to`` (or to the next thing due) goes and which of the team's
        deadlines it would pass (``jumps``); refused when there is nowhere to go."""
        if self.ended:
            raise Refused("the exercise has ended", code="ended")
        target = self.session.director.next_due() if to is None else int(to)
        if target is None or target <= self.now:
            if to is None:
                raise Refused("nothing later to jump to", code="nothing_due")
            raise Refused("cannot jump backwards", code="jump_backwards")
        return jumps.plan(self.scenario, self.state, self.now, target, self.storm)

    @_locked
    def jump(self, to: int | None = None, *, past: bool | Collection[str] = False) -> int:
        """Jump to ``to`` or to the next thing due, but never past a deadline of the team
        unless told: ``past`` is True, or the ids of the deadlines (``plan_jump``) it may
        pass. Otherwise the jump stops ``jumps.LEAD`` before the first, and is refused when
        that one is closer. Returns the new in-world time."""
        self.tick()
        plan = self.plan_jump(to)
        held = [] if past is True else [d for d in plan.passes if d.id not in (past or ())]
        target = jumps.stop_before(plan.now, plan.target, held)
        if target is None:
            first = held[0]
            raise Refused(f"the jump would pass a deadline of the team ({first.label}, due "
                          f"{format_offset(first.due)}); jump past it only when the "
                          "facilitator agrees", code="deadline_next",
                          values={"due": format_offset(first.due)})
        world = self._facilitator(lambda d: d.jump(target))
        self.clock.set(world)
        self.checkpoint()
        return world

    # -- intents ---------------------------------------------------------------------------

    @property
    def observing(self) -> bool:
        """Whether this console records as the observer, who takes no team moves."""
        return self.role == OBSERVER

    def check_team_move(self) -> None:
        """Refuse the team's actions and decisions to an observer, who records observations
        in notes; the app asks before it opens a form, ``act`` and ``decide`` before they
        record."""
        if self.observing:
            raise Refused(message("refused.observer", "en"), code="observer")

    @_locked
    def decide(self, decision: str, option: str, rationale: str | None = None,
               by: str = "team") -> None:
        self.check_team_move()
        self.tick()
        self.session.do(lambda d: d.decide(decision, option, by=by, rationale=rationale or None,
                                           role=self.role))

    @_locked
    def act(self, action: str, fields: dict[str, Any]) -> None:
        self.check_team_move()
        self.tick()
        self.session.do(lambda d: d.act(action, fields, role=self.role))

    @_locked
    def fire(self, inject_id: str) -> None:
        self.tick()
        self._facilitator(lambda d: d.fire(inject_id))

    @_locked
    def skip(self, inject_id: str) -> None:
        self.tick()
        self._facilitator(lambda d: d.skip(inject_id))

    @_locked
    def add_inject(self, **fields: Any) -> str:
        self.tick()
        return self._facilitator(lambda d: d.add_inject(**fields))

    @_locked
    def note(self, text: str, by: str = "facilitator", objective: str | None = None) -> None:
        self.tick()
        self.session.do(lambda d: d.note(text, by=by, role=self.role, objective=objective))

    @_locked
    def mark_read(self, inject_id: str) -> bool:
        return self.session.do(lambda d: d.mark_read(inject_id))

    @_locked
    def end(self) -> None:
        self.tick()
        if not self.ended:
            self._facilitator(lambda d: d.end())
        self.clock.pause()
        self.checkpoint()

    def _facilitator(self, intent: Callable[..., Any]) -> Any:
        """A facilitator's intent: refused in a player's console, where another process
        keeps the clock."""
        if not self.keeps_clock:
            raise Refused("only the facilitator's console runs the clock and the injects",
                          code="not_facilitator")
        return self.session.do(intent)

    # -- afterwards ------------------------------------------------------------------------

    @_locked
    def score(self):
        from ..rules.scoring import score

        return score(self.scenario, self.session.store.events(self.session.id))

    def export(self, folder: Path) -> Path:
        """Write the session's JSONL export into ``folder``; safe to call from a worker thread
        (it opens its own connection to the store)."""
        target = Path(folder) / f"{self.session.id}.jsonl"
        with self._own_store() as store:
            export_session(store, self.session.id, target)
        return target

    def write_report(self, folder: Path, language: str) -> Path:
        """Write the after-action report (HTML) into ``folder``, in ``language``; safe to call
        from a worker thread, as ``export``."""
        from .reporting import from_store, make, write

        with self._own_store() as store:
            played = from_store(store, self.session.id)
        report, _ = make(played, language=language, overrides=None)
        return write(report, "html", Path(folder) / f"{self.session.id}.html", self.session.id)

    @contextlib.contextmanager
    def _own_store(self):
        """A connection of this thread's own to the session's store (the same one when it has
        no file, as in tests)."""
        location = getattr(self.session.store, "path", None)
        if location is None:
            yield self.session.store
            return
        with open_store(location) as store:
            yield store

