"""A live session: the director bound to the store, so every event is durable before it counts
(each step of the director is one transaction).

This is the one place that joins the engine and the store; the command line, the headless
play and (later) the app go through it.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..engine.audit import Forged, audit
from ..engine.director import Director
from ..engine.events import Event
from ..scenario.frozen import canonical, fingerprint, thaw
from ..scenario.model import Scenario
from ..store import ENDED, RUNNING, SeqConflict, SessionHeader, SessionStore, new_session_id
from ..util import utc_now

#: How often a step is tried again when other processes keep recording first, and the
#: longest pause before a try (seconds): each pause is random, up to twice the one before.
RETRIES = 20
LONGEST_PAUSE = 0.05


class ExportRefused(Exception):
    """An export file that cannot be read or replayed: ``where`` (file:line) and ``what``."""

    def __init__(self, where: str, what: str):
        super().__init__(f"{where}: {what}")
        self.where, self.what = where, what


def read_replayable(path: Path) -> tuple[SessionHeader, list[Event]]:
    """An export's header and events, read and checked as ``check_replayable`` checks them;
    ``ExportRefused`` when it cannot be (``import`` and ``report`` both read exports so)."""
    from ..store import BadExport, read_export

    try:
        header, events = read_export(path)
    except BadExport as exc:
        raise ExportRefused(exc.values["where"], exc.values["what"]) from None
    problem = check_replayable(header, events)
    if problem is not None:
        raise ExportRefused(f"{path}:{problem[0]}", problem[1])
    return header, events


def check_replayable(header: SessionHeader, events: list[Event]) -> tuple[int, str] | None:
    """Where (the line of the export: the header is line 1) and why an exported session could
    not have been recorded as it is, or None when it could.

    An export is untrusted input: its frozen scenario must be a valid scenario with the
    fingerprint it claims, every event one the director could have recorded (``engine.audit``)
    and the header's status and time those the log reached."""
    try:
        scenario = thaw(json.loads(header.scenario_json))
        scenario.compiled_conditions  # noqa: B018 - every `when` must parse
    except Exception as exc:  # whatever a forged scenario breaks, it is refused
        first = str(exc).splitlines()[0] if str(exc) else ""
        return 1, f"the frozen scenario is not a valid scenario ({type(exc).__name__}: {first})"
    if fingerprint(scenario) != header.scenario_sha256:
        return 1, "the frozen scenario does not match its sha256"
    if not events:
        return 1, "the session has no events; a session export has its session_started event"
    try:
        director = audit(scenario, events, session=header.id, seed=header.seed,
                         team=header.team)
    except Forged as forged:
        event = events[forged.index]
        return forged.index + 2, f"event {event.seq} ({event.kind}) is not one breachsim " \
                                 f"could have recorded: {forged}"
    if (header.status == ENDED) != director.ended:
        return 1, (f"the header says the session is {header.status}, but its log "
                   f"{'ends' if director.ended else 'does not end'} it")
    if not director.state.world <= header.world <= director.duration:
        return 1, (f"the header's in-world time {header.world} is not between its last "
                   f"event's ({director.state.world}) and the scenario's end "
                   f"({director.duration})")
    return None


@dataclass
class Session:
    store: SessionStore
    header: SessionHeader
    director: Director
    #: called with each step's events once they are stored (the live storm listens)
    listeners: list[Callable[[list[Event]], None]] = field(default_factory=list)
    #: False until the first step is stored: the header goes in with it, in one transaction
    stored: bool = True
    #: the events of the last step this process recorded (not those other consoles did)
    last_step: list[Event] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.header.id

    @classmethod
    def begin(cls, store: SessionStore, scenario: Scenario, *, seed: int, team: str,
              speed: float | None = None, wall: Callable[[], str] = utc_now) -> Session:
        created = wall()
        header = SessionHeader(
            id=new_session_id(), scenario_id=scenario.id,
            scenario_sha256=fingerprint(scenario), scenario_json=canonical(scenario),
            seed=seed, team=team, language=scenario.language.value, created=created,
            updated=created, versions={"breachsim": __version__}, status=RUNNING, world=0)
        session = cls(store, header, None, stored=False)  # type: ignore[arg-type]
        session.director = Director.start(scenario, session=header.id, seed=seed, team=team,
                                          wall=wall, speed=speed, sink=session._record)
        return session

    @classmethod
    def reopen(cls, store: SessionStore, session_id: str,
               wall: Callable[[], str] = utc_now) -> Session:
        """Continue a stored session exactly where it stopped (the scenario frozen with it)."""
        header = store.header(store.resolve(session_id))
        scenario = thaw(json.loads(header.scenario_json))
        session = cls(store, header, None)  # type: ignore[arg-type]
        session.director = Director.resume(scenario, store.events(header.id), wall=wall,
                                           sink=session._record, now=header.world)
        return session

    def _record(self, events: list[Event]) -> None:
        """The director's sink: one step's events in one transaction (the session's end, and
        so its status, among them). The first step creates the session, so that a kill
        never leaves a session without its start."""
        if self.stored:
            self.store.append_many(self.header.id, events, expected_seq=events[0].seq)
        else:
            self.store.create_session(self.header, events)
            self.stored = True
        self.last_step = events
        for listener in self.listeners:
            listener(events)

    def catch_up(self) -> list[Event]:
        """Fold in what other processes recorded since this one last looked; returns it."""
        director = self.director
        events = self.store.events(self.id, after_seq=director.state.seq)
        if events:
            director.take_in(events)
            for listener in self.listeners:
                listener(events)
        return events

    def do(self, intent: Callable[[Director], Any]) -> Any:
        """Run one step of the director. When another process recorded first (the store
        refuses the seq), fold in what it recorded and run the step again on the new state,
        which may refuse it now (a decision someone else took meanwhile). Consoles that
        collided wait a random while before trying again, so that one of them wins; without
        it a console among several busy ones could lose every try."""
        for attempt in range(RETRIES):
            try:
                return intent(self.director)
            except SeqConflict:
                time.sleep(random.uniform(0, min(LONGEST_PAUSE, 0.001 * 2 ** attempt)))
                self.catch_up()
        return intent(self.director)

    def checkpoint(self) -> None:
        """Remember the in-world time reached (quiet time leaves no event of its own)."""
        status = ENDED if self.director.ended else RUNNING
        self.store.update_progress(self.header.id, self.director.now, status)
