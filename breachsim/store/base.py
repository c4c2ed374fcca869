"""The session store's interface: what the rest of breachsim may ask of any store.

SQLite (``sqlite.py``) is the embedded default; PostgreSQL (``postgres.py``) takes over when a
session is played from several machines. Nothing outside ``breachsim.store`` knows which one it
talks to.

The contract every implementation keeps:

- A session's log is append-only and its seqs are unique; an append is durable (committed to
  disk) before it returns, so a killed process loses nothing that was confirmed.
- ``append_many`` writes its events in one transaction: all of them or none, and a reader sees
  them all at once or not yet.
- Several processes may read and append at once. A reader follows a session with
  ``wait(session_id, last_seen, timeout)``, or by polling ``events(session_id, last_seen)``.
- Every failure a user can meet is a ``StoreError`` with a one-line message.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from typing import Any

from ..engine.events import Event
from .errors import AmbiguousSession, SessionNotFound
from .header import SessionHeader

#: How many candidates an ambiguous prefix lists.
_SHOWN = 5
#: Seconds between two reads of ``wait``'s polling: a follower sees an append within this.
POLL_INTERVAL = 0.05


class SessionStore(ABC):
    #: Where the store lives (a path or a URL), for messages.
    location: str

    @abstractmethod
    def create_session(self, header: SessionHeader, events: Iterable[Event] = ()) -> None:
        """Add a session and, in the same transaction, its first events (import uses this).

        Raises ``SessionExists`` when the id is taken; nothing is written then.
        """

    @abstractmethod
    def append_many(self, session_id: str, events: Sequence[Event],
                    expected_seq: int | None = None) -> None:
        """Store ``events`` (seqs rising by one) under their own seqs in one transaction;
        durable when this returns. An empty batch writes nothing. A batch holding the session's
        end marks it ended in the same transaction.

        ``expected_seq`` is the seq the caller expects the first event to take (its last seen
        seq + 1) and must equal its seq. When given, the store checks in the same transaction
        that it is the session's highest seq + 1. Either way a seq already taken raises
        ``SeqConflict`` and nothing is written: another writer got there first; re-read the
        events and retry.
        """

    def append(self, session_id: str, event: Event, expected_seq: int | None = None) -> None:
        """Store one event, as ``append_many`` does."""
        self.append_many(session_id, (event,), expected_seq)

    @abstractmethod
    def append_next(self, session_id: str, kind: str, world: int, wall: str,
                    data: dict[str, Any] | None = None) -> Event:
        """Store an event under the next free seq, chosen atomically; return it.

        For writers that do not track the log themselves (several processes appending at once).
        """

    @abstractmethod
    def events(self, session_id: str, after_seq: int = 0) -> list[Event]:
        """The session's events with a seq above ``after_seq``, in seq order."""

    def wait(self, session_id: str, after_seq: int, timeout: float) -> list[Event]:
        """The session's events after ``after_seq`` as soon as there are any, or ``[]`` once
        ``timeout`` seconds have passed without one (for a follower's worker thread).

        This polls ``events``, which costs an index look-up when nothing is new; a store that
        can be told of appends (PostgreSQL) waits for that instead."""
        deadline = time.monotonic() + timeout
        while True:
            events = self.events(session_id, after_seq)
            remaining = deadline - time.monotonic()
            if events or remaining <= 0:
                return events
            time.sleep(min(POLL_INTERVAL, remaining))

    @abstractmethod
    def header(self, session_id: str) -> SessionHeader:
        """The session's header; ``SessionNotFound`` if there is none."""

    @abstractmethod
    def sessions(self) -> list[SessionHeader]:
        """Every session, newest first."""

    @abstractmethod
    def update_progress(self, session_id: str, world: int, status: str) -> None:
        """Record the in-world time reached and the status (running or ended), forward only:
        a lower time or ``running`` after ``ended`` (a writer that fell behind) changes
        neither."""

    @abstractmethod
    def let_go(self, session_id: str) -> None:
        """Record that no console keeps the session's clock: the one that did has closed."""

    @abstractmethod
    def clock_kept(self, session_id: str) -> bool:
        """Whether a console took the session's clock and has not let go of it (it may have
        been killed since: its heartbeat tells)."""

    @abstractmethod
    def take_clock(self, session_id: str, stale: str | None = None) -> bool:
        """Record, in one statement, that a console keeps the session's clock; True when
        none did (the last one let go), False when one may (one never let go: it is open,
        or it was killed). With ``stale``, a heartbeat seen to have stopped, also take it
        from a console whose heartbeat still reads ``stale``, and stamp a new one: of two
        consoles taking it from one that was killed, only the first gets it."""

    @abstractmethod
    def ids_starting_with(self, prefix: str, limit: int) -> list[str]:
        """Up to ``limit`` session ids that start with ``prefix``, in id order."""

    @abstractmethod
    def close(self) -> None:
        """Release the store; further calls are errors."""

    def resolve(self, prefix: str) -> str:
        """The one session id that is ``prefix`` or starts with it, as users type it."""
        prefix = prefix.strip()
        matches = self.ids_starting_with(prefix, _SHOWN + 1) if prefix else []
        if prefix in matches:
            return prefix
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise SessionNotFound(f"no session in {self.location} has an id starting with "
                                  f"{prefix!r}; `breachsim sessions` lists them")
        shown = ", ".join(matches[:_SHOWN]) + (", …" if len(matches) > _SHOWN else "")
        raise AmbiguousSession(f"{prefix!r} matches several sessions ({shown}); "
                               "type more of the id")

    def __enter__(self) -> SessionStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
