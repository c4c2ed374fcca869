"""The session store on a PostgreSQL server, for a session played from several machines.

``open_store`` opens it for a ``postgresql://`` (or ``postgres://``) URL; it needs the
``postgres`` extra (psycopg 3). Its tables are in the schema ``breachsim`` of the database the
URL names (``pg_migrations.py``), so the database may hold other programs' tables too.

Durability. Every append is one statement in a transaction of its own (autocommit), committed
before it returns, with ``synchronous_commit`` on for the connection whatever the server's
default: a commit is on the server's disk when the call returns.

Concurrency. Each append updates its session's row (``last_seq``, the highest seq) in the
statement that inserts the events. The update locks the row until the commit, so writers to one
session take turns, and under READ COMMITTED a writer that waited reads the row as the other
left it: ``append_next`` takes ``last_seq + 1`` atomically, and ``expected_seq`` is checked
against the current ``last_seq``. Writers to different sessions do not wait for each other.

Following. Every committed append notifies the channel ``breachsim_events`` with the session id
(a trigger), and ``wait`` listens to it on a second connection of its own, so a follower never
holds up a writer.

One ``PostgresStore`` may be shared by threads: calls are serialised by a lock around each
connection. A connection that was lost is opened anew by the next call.

``read_only`` is accepted for the interface's sake and changes nothing: the store writes only
when asked to, and what a role may do is the server's to grant.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import errors as pg

from ..engine.events import SESSION_ENDED, Event
from ..util import utc_now
from .base import SessionStore
from .common import (
    EVENT_COLUMNS,
    HEADER_COLUMNS,
    HEADER_FIELDS,
    canonical_json,
    check_batch,
    header_from_row,
    not_found,
    seq_conflict,
)
from .errors import SessionExists, StoreError
from .header import ENDED, STATUSES, SessionHeader, check_header
from .pg_errors import connect_error, target, translated
from .pg_migrations import CHANNEL, MIGRATIONS, SCHEMA, check_schema, upgrade

#: Seconds to wait for the server to answer a connection before giving up (unless the URL
#: sets ``connect_timeout``).
DEFAULT_CONNECT_TIMEOUT = 10

_UNNEST = ("unnest(%(seqs)s::bigint[], %(kinds)s::text[], %(worlds)s::bigint[], "
           "%(walls)s::text[], %(datas)s::text[])")
#: A batch under its own seqs, in one statement. Updating the session's row first takes its
#: lock and checks the seq; no row (no such session, or another seq expected) inserts nothing.
#: A batch holding the session's end also moves its progress forward, as ``update_progress``.
_APPEND = f"""
    WITH s AS (
        UPDATE {SCHEMA}.sessions SET
            last_seq = CASE WHEN %(checked)s THEN %(last)s ELSE greatest(last_seq, %(last)s) END,
            world = CASE WHEN %(ended)s THEN greatest(world, %(world)s) ELSE world END,
            status = CASE WHEN %(ended)s THEN '{ENDED}' ELSE status END,
            updated = CASE WHEN %(ended)s THEN %(now)s ELSE updated END
        WHERE id = %(session)s AND (NOT %(checked)s OR last_seq = %(first)s - 1)
        RETURNING id)
    INSERT INTO {SCHEMA}.events (session, {EVENT_COLUMNS})
    SELECT s.id, e.* FROM s, {_UNNEST} AS e"""
#: One event under the session's next seq, which it returns (none: no such session).
_APPEND_NEXT = f"""
    WITH s AS (
        UPDATE {SCHEMA}.sessions SET last_seq = last_seq + 1 WHERE id = %s
        RETURNING id, last_seq)
    INSERT INTO {SCHEMA}.events (session, {EVENT_COLUMNS})
    SELECT id, last_seq, %s, %s, %s, %s FROM s RETURNING seq"""
#: The session's events after a seq; no row at all when there is no such session.
_EVENTS = f"""
    SELECT {', '.join('e.' + c for c in EVENT_COLUMNS.split(', '))} FROM {SCHEMA}.sessions s
    LEFT JOIN {SCHEMA}.events e ON e.session = s.id AND e.seq > %s
    WHERE s.id = %s ORDER BY e.seq"""
_FORWARD = (f"UPDATE {SCHEMA}.sessions SET world = greatest(world, %s), updated = %s, "
            f"status = CASE WHEN %s = '{ENDED}' THEN '{ENDED}' ELSE status END WHERE id = %s")


class PostgresStore(SessionStore):
    """A session store in a PostgreSQL database, its schema created when missing.

    ``clock`` gives the wall time written to ``updated``; tests pass a fixed one.
    """

    def __init__(self, url: str, *, clock: Callable[[], str] = utc_now,
                 read_only: bool = False):
        self._target = target(url)
        self.location = self._target.location
        self._url = url
        given = psycopg.conninfo.conninfo_to_dict(url)
        self._defaults = {key: value for key, value in (
            ("connect_timeout", DEFAULT_CONNECT_TIMEOUT), ("application_name", "breachsim"))
            if key not in given}
        self._clock = clock
        self._lock = threading.Lock()
        self._listen_lock = threading.Lock()
        self._closed = False
        self._listener: psycopg.Connection | None = None
        self._db: psycopg.Connection | None = self._connect()
        try:
            with translated(self._target):
                if check_schema(self._db, self.location) < len(MIGRATIONS):
                    with self._db.transaction():
                        upgrade(self._db, self.location)
        except BaseException:
            self._db.close()
            raise

    # -- connections -------------------------------------------------------------------------

    def _connect(self) -> psycopg.Connection:
        try:
            db = psycopg.connect(self._url, autocommit=True, **self._defaults)
        except psycopg.Error as exc:
            raise connect_error(exc, self._target) from None
        try:
            with translated(self._target):
                db.execute("SET synchronous_commit = on")
        except BaseException:
            db.close()
            raise
        return db

    def _closed_error(self) -> StoreError:
        return StoreError(f"the store {self.location} is closed")

    @contextmanager
    def _connected(self) -> Iterator[psycopg.Connection]:
        """The connection, to this thread alone, opened anew if it was lost."""
        with self._lock:
            if self._closed:
                raise self._closed_error()
            if self._db is None or self._db.closed:
                self._db = None
                self._db = self._connect()
            with translated(self._target):
                yield self._db

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._db is not None:
                self._db.close()
                self._db = None
        with self._listen_lock:
            if self._listener is not None:
                self._listener.close()
                self._listener = None

    # -- sessions ----------------------------------------------------------------------------

    def create_session(self, header: SessionHeader, events: Iterable[Event] = ()) -> None:
        check_header(header)
        events = list(events)
        previous = 0
        for event in events:
            if event.seq <= previous:
                raise ValueError(f"event seqs must rise from 1: {event.seq} after {previous}")
            previous = event.seq
        values = {name: getattr(header, name) for name in HEADER_FIELDS}
        _refuse_nul({f"the session's {name}": value for name, value in values.items()})
        values["versions"] = canonical_json(header.versions)
        if any(event.kind == SESSION_ENDED for event in events):
            values["status"] = ENDED  # the log says so
        values["last_seq"] = previous
        rows = _columns(header.id, events)
        with self._connected() as db, db.transaction():
            made = db.execute(
                f"INSERT INTO {SCHEMA}.sessions ({HEADER_COLUMNS}, last_seq) "
                f"VALUES ({', '.join(f'%({name})s' for name in values)}) "
                "ON CONFLICT (id) DO NOTHING", values).rowcount
            if not made:
                raise SessionExists(f"session {header.id} is already in {self.location}; "
                                    "nothing was written")
            if events:
                db.execute(f"INSERT INTO {SCHEMA}.events (session, {EVENT_COLUMNS}) "
                           f"SELECT %(session)s, e.* FROM {_UNNEST} AS e", rows)

    def header(self, session_id: str) -> SessionHeader:
        with self._connected() as db:
            row = db.execute(f"SELECT {HEADER_COLUMNS} FROM {SCHEMA}.sessions WHERE id = %s",
                             (session_id,)).fetchone()
        if row is None:
            raise not_found(session_id, self.location)
        return header_from_row(row)

    def sessions(self) -> list[SessionHeader]:
        with self._connected() as db:
            rows = db.execute(f"SELECT {HEADER_COLUMNS} FROM {SCHEMA}.sessions "
                              "ORDER BY created DESC, id DESC").fetchall()
        return [header_from_row(row) for row in rows]

    def ids_starting_with(self, prefix: str, limit: int) -> list[str]:
        with self._connected() as db:
            rows = db.execute(f"SELECT id FROM {SCHEMA}.sessions WHERE starts_with(id, %s) "
                              "ORDER BY id LIMIT %s", (prefix, limit)).fetchall()
        return [row[0] for row in rows]

    def update_progress(self, session_id: str, world: int, status: str) -> None:
        if status not in STATUSES:
            raise ValueError(f"status {status!r} is not one of {', '.join(STATUSES)}")
        with self._connected() as db:
            if not db.execute(_FORWARD, (world, self._clock(), status, session_id)).rowcount:
                raise not_found(session_id, self.location)

    def let_go(self, session_id: str) -> None:
        with self._connected() as db:
            if not db.execute(f"UPDATE {SCHEMA}.sessions SET kept = false WHERE id = %s",
                              (session_id,)).rowcount:
                raise not_found(session_id, self.location)

    def clock_kept(self, session_id: str) -> bool:
        with self._connected() as db:
            row = db.execute(f"SELECT kept FROM {SCHEMA}.sessions WHERE id = %s",
                             (session_id,)).fetchone()
        if row is None:
            raise not_found(session_id, self.location)
        return bool(row[0])

    def take_clock(self, session_id: str, stale: str | None = None) -> bool:
        with self._connected() as db:
            if stale is None:
                return bool(db.execute(f"UPDATE {SCHEMA}.sessions SET kept = true "
                                       "WHERE id = %s AND NOT kept", (session_id,)).rowcount)
            return bool(db.execute(
                f"UPDATE {SCHEMA}.sessions SET kept = true, updated = %s WHERE id = %s "
                "AND (NOT kept OR updated = %s)", (self._clock(), session_id, stale)).rowcount)

    # -- events ------------------------------------------------------------------------------

    def append_many(self, session_id: str, events: Sequence[Event],
                    expected_seq: int | None = None) -> None:
        if not events:
            return
        check_batch(events, expected_seq)
        ended = next((e for e in events if e.kind == SESSION_ENDED), None)
        values = {**_columns(session_id, events), "checked": expected_seq is not None,
                  "first": events[0].seq, "last": events[-1].seq, "ended": ended is not None,
                  "world": ended.world if ended else 0, "now": self._clock()}
        with self._connected() as db:
            try:
                stored = db.execute(_APPEND, values).rowcount
            except pg.UniqueViolation:  # a seq taken: nothing was written
                stored = 0
            if not stored:
                raise self._conflict(db, session_id, events, expected_seq)

    def append_next(self, session_id: str, kind: str, world: int, wall: str,
                    data: dict[str, Any] | None = None) -> Event:
        data = dict(data or {})
        _refuse_nul({"the event's kind": kind, "the event's wall time": wall})
        with self._connected() as db:
            row = db.execute(_APPEND_NEXT,
                             (session_id, kind, world, wall, canonical_json(data))).fetchone()
        if row is None:
            raise not_found(session_id, self.location)
        return Event(row[0], kind, world, wall, data)

    def events(self, session_id: str, after_seq: int = 0) -> list[Event]:
        with self._connected() as db:
            return self._read(db, session_id, after_seq)

    def wait(self, session_id: str, after_seq: int, timeout: float) -> list[Event]:
        """Listen on a connection of its own: LISTEN is in force before the events are read,
        so an append committed after that read is notified, and the read after the
        notification sees it."""
        deadline = time.monotonic() + timeout
        with self._listen_lock:
            if self._closed:
                raise self._closed_error()
            if self._listener is None or self._listener.closed:
                self._listener = None
                listener = self._connect()
                with translated(self._target):
                    listener.execute(f"LISTEN {CHANNEL}")
                self._listener = listener
            with translated(self._target):
                while True:
                    events = self._read(self._listener, session_id, after_seq)
                    remaining = deadline - time.monotonic()
                    if events or remaining <= 0:
                        return events
                    for note in self._listener.notifies(timeout=remaining):
                        if note.payload == session_id:
                            break

    def _read(self, db: psycopg.Connection, session_id: str, after_seq: int) -> list[Event]:
        rows = db.execute(_EVENTS, (after_seq, session_id)).fetchall()
        if not rows:
            raise not_found(session_id, self.location)
        return [Event(seq, kind, world, wall, json.loads(data))
                for seq, kind, world, wall, data in rows if seq is not None]

    def _conflict(self, db: psycopg.Connection, session_id: str, events: Sequence[Event],
                  expected_seq: int | None) -> StoreError:
        """Why a batch did not go in (read afterwards: it may have moved on since)."""
        row = db.execute(f"SELECT last_seq FROM {SCHEMA}.sessions WHERE id = %s",
                         (session_id,)).fetchone()
        if row is None:
            return not_found(session_id, self.location)
        return seq_conflict(session_id, events, expected_seq, row[0])


def _columns(session_id: str, events: Sequence[Event]) -> dict[str, Any]:
    """The events as the arrays ``_UNNEST`` reads."""
    for event in events:
        if event.seq < 1:
            raise ValueError(f"event seqs start at 1, not {event.seq}")
        _refuse_nul({f"event {event.seq}'s kind": event.kind,
                     f"event {event.seq}'s wall time": event.wall})
    return {"session": session_id, "seqs": [e.seq for e in events],
            "kinds": [e.kind for e in events], "worlds": [e.world for e in events],
            "walls": [e.wall for e in events], "datas": [canonical_json(e.data) for e in events]}


def _refuse_nul(texts: dict[str, object]) -> None:
    """PostgreSQL's text cannot hold U+0000 (JSON writes it as ``\\u0000``, so data can)."""
    for what, value in texts.items():
        if isinstance(value, str) and "\0" in value:
            raise StoreError(f"PostgreSQL cannot store the character U+0000 (NUL) that {what} "
                             "holds; nothing was written")
