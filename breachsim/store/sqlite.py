"""The embedded session store: one SQLite file in WAL mode (standard library only).

Durability. Every append is its own transaction, committed before ``append`` returns. In WAL
mode a commit appends the changed pages to the ``-wal`` file; ``synchronous`` decides whether
that file is fsynced at every commit (FULL) or only at checkpoints (NORMAL). Both survive a
killed process, since the commit is in the operating system's hands either way; only FULL also
survives a power cut or an OS crash — NORMAL may roll back the last commits then. The default
is FULL. ``benchmarks/bench_store.py`` measured FULL at 3,500-4,500 appends per second on the
development machine (NORMAL 20,000-26,000); a disk needing 10 ms per fsync would still give 100 a
second. An exercise records a few events per second at its busiest, so NORMAL's extra speed
buys nothing a session needs and costs the guarantee that a confirmed decision is on disk
(DESIGN rule 6).

Concurrency. WAL lets readers read while one writer writes. Every write transaction starts
with ``BEGIN IMMEDIATE``, which takes the write lock up front: a second writer then waits in
SQLite's busy handler (``busy_timeout``) instead of failing. A transaction that started as a
reader and later tries to write would instead fail at once with ``SQLITE_BUSY`` in WAL mode,
without waiting, if another writer committed in between.

One ``SqliteStore`` may be shared by threads (the app's workers): calls are serialised by a
lock around the single connection.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path
from typing import Any

from ..engine.events import Event
from ..util import utc_now
from .base import SessionStore
from .errors import CHOOSE_ANOTHER, SeqConflict, SessionExists, SessionNotFound, StoreError
from .header import STATUSES, SessionHeader, check_header
from .migrations import MIGRATIONS, upgrade
from .sqlite_errors import folder_error, translated

SYNCHRONOUS_LEVELS = ("NORMAL", "FULL", "EXTRA")
#: See the module docstring and ``benchmarks/bench_store.py`` for why.
DEFAULT_SYNCHRONOUS = "FULL"
#: Seconds a writer waits for another process's write lock before ``StoreLocked``. Writes are
#: single small transactions, so waiting this long means the other process is stuck.
DEFAULT_BUSY_TIMEOUT = 5.0

_HEADER_FIELDS = [f.name for f in fields(SessionHeader)]
_HEADER_COLUMNS = ", ".join(_HEADER_FIELDS)
_EVENT_COLUMNS = "seq, kind, world, wall, data"


def _json(value: Any) -> str:
    """Canonical JSON; NaN and infinities are refused because an export could not hold them."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)


class SqliteStore(SessionStore):
    """A session store in one SQLite file, created (with its folders) when missing.

    ``clock`` gives the wall time written to ``updated``; tests pass a fixed one.
    """

    def __init__(self, path: str | Path, *, synchronous: str = DEFAULT_SYNCHRONOUS,
                 busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
                 clock: Callable[[], str] = utc_now):
        self.synchronous = synchronous.upper()
        if self.synchronous not in SYNCHRONOUS_LEVELS:
            raise ValueError(f"synchronous must be one of {', '.join(SYNCHRONOUS_LEVELS)}, "
                             f"not {synchronous!r}")
        self.path = Path(path).expanduser()
        self.location = str(self.path)
        self.busy_timeout = busy_timeout
        self._clock = clock
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = self._open()

    # -- connection and transactions -------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        if self.path.is_dir():
            raise StoreError(f"{self.location} is a folder, but a store is a file; "
                             f"{CHOOSE_ANOTHER}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise folder_error(exc, self.location) from exc
        with translated(self.location, self.busy_timeout):
            db = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None,
                                 check_same_thread=False)
        try:
            with translated(self.location, self.busy_timeout):
                mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                db.execute(f"PRAGMA synchronous = {self.synchronous}")
                db.execute("PRAGMA foreign_keys = ON")
                self._migrate(db)
            if mode != "wal":
                raise StoreError(f"{self.location} is on a file system without the shared "
                                 f"memory SQLite's WAL mode needs (a network drive?); "
                                 f"{CHOOSE_ANOTHER} on a local disk")
        except BaseException:
            db.close()
            raise
        return db

    def _migrate(self, db: sqlite3.Connection) -> None:
        """Upgrade the schema, and prove the store writable now rather than at the first append.

        Opening is for writing, so a read-only file, folder or disk is reported here.
        """
        db.execute("BEGIN IMMEDIATE")
        try:
            ran = upgrade(db, self.location)
            db.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")  # a write: fails if read-only
            db.execute("COMMIT" if ran else "ROLLBACK")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            raise StoreError(f"the store {self.location} is closed")
        return self._db

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        with self._lock, translated(self.location, self.busy_timeout):
            yield self._connection()

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, durably committed when the block ends without error."""
        with self._lock, translated(self.location, self.busy_timeout):
            db = self._connection()
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    # -- sessions ----------------------------------------------------------------------------

    def create_session(self, header: SessionHeader, events: Iterable[Event] = ()) -> None:
        check_header(header)
        events = list(events)
        previous = 0
        for event in events:
            if event.seq <= previous:
                raise ValueError(f"event seqs must rise from 1: {event.seq} after {previous}")
            previous = event.seq
        with self._writing() as db:
            if db.execute("SELECT 1 FROM sessions WHERE id = ?", (header.id,)).fetchone():
                raise SessionExists(f"session {header.id} is already in {self.location}; "
                                    "nothing was written")
            values = {name: getattr(header, name) for name in _HEADER_FIELDS}
            values["versions"] = _json(header.versions)
            db.execute(f"INSERT INTO sessions ({_HEADER_COLUMNS}) "
                       f"VALUES ({', '.join(':' + name for name in _HEADER_FIELDS)})", values)
            for event in events:
                self._insert(db, header.id, event)

    def header(self, session_id: str) -> SessionHeader:
        with self._reading() as db:
            row = db.execute(f"SELECT {_HEADER_COLUMNS} FROM sessions WHERE id = ?",
                             (session_id,)).fetchone()
        if row is None:
            raise self._not_found(session_id)
        return _header(row)

    def sessions(self) -> list[SessionHeader]:
        with self._reading() as db:
            rows = db.execute(f"SELECT {_HEADER_COLUMNS} FROM sessions "
                              "ORDER BY created DESC, id DESC").fetchall()
        return [_header(row) for row in rows]

    def ids_starting_with(self, prefix: str, limit: int) -> list[str]:
        with self._reading() as db:
            rows = db.execute("SELECT id FROM sessions WHERE substr(id, 1, ?) = ? "
                              "ORDER BY id LIMIT ?", (len(prefix), prefix, limit)).fetchall()
        return [row[0] for row in rows]

    def update_progress(self, session_id: str, world: int, status: str) -> None:
        if status not in STATUSES:
            raise ValueError(f"status {status!r} is not one of {', '.join(STATUSES)}")
        with self._writing() as db:
            changed = db.execute("UPDATE sessions SET world = ?, status = ?, updated = ? "
                                 "WHERE id = ?",
                                 (world, status, self._clock(), session_id)).rowcount
            if not changed:
                raise self._not_found(session_id)

    # -- events ------------------------------------------------------------------------------

    def append(self, session_id: str, event: Event, expected_seq: int | None = None) -> None:
        if expected_seq is not None and expected_seq != event.seq:
            raise ValueError(f"expected_seq {expected_seq} differs from the event's seq "
                             f"{event.seq}")
        with self._writing() as db:
            current = self._last_seq(db, session_id)
            if expected_seq is not None and expected_seq != current + 1:
                raise SeqConflict(f"session {session_id} is at event {current}, so the next "
                                  f"is {current + 1}, not {expected_seq}; re-read the events "
                                  "and retry", current)
            try:
                self._insert(db, session_id, event)
            except sqlite3.IntegrityError:
                raise SeqConflict(f"session {session_id} already has an event {event.seq} "
                                  f"(its last is {current}); re-read the events and retry",
                                  current) from None

    def append_next(self, session_id: str, kind: str, world: int, wall: str,
                    data: dict[str, Any] | None = None) -> Event:
        with self._writing() as db:
            event = Event(self._last_seq(db, session_id) + 1, kind, world, wall, dict(data or {}))
            self._insert(db, session_id, event)
        return event

    def events(self, session_id: str, after_seq: int = 0) -> list[Event]:
        with self._reading() as db:
            rows = db.execute(f"SELECT {_EVENT_COLUMNS} FROM events WHERE session = ? "
                              "AND seq > ? ORDER BY seq", (session_id, after_seq)).fetchall()
            if not rows and not db.execute("SELECT 1 FROM sessions WHERE id = ?",
                                           (session_id,)).fetchone():
                raise self._not_found(session_id)
        return [Event(seq, kind, world, wall, json.loads(data))
                for seq, kind, world, wall, data in rows]

    def _last_seq(self, db: sqlite3.Connection, session_id: str) -> int:
        known, last = db.execute(
            "SELECT (SELECT 1 FROM sessions WHERE id = ?), "
            "(SELECT max(seq) FROM events WHERE session = ?)",
            (session_id, session_id)).fetchone()
        if known is None:
            raise self._not_found(session_id)
        return last or 0

    @staticmethod
    def _insert(db: sqlite3.Connection, session_id: str, event: Event) -> None:
        if event.seq < 1:
            raise ValueError(f"event seqs start at 1, not {event.seq}")
        db.execute(f"INSERT INTO events (session, {_EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
                   (session_id, event.seq, event.kind, event.world, event.wall,
                    _json(event.data)))

    def _not_found(self, session_id: str) -> SessionNotFound:
        return SessionNotFound(f"no session {session_id} in {self.location}; "
                               "`breachsim sessions` lists them")


def _header(row: tuple) -> SessionHeader:
    values = dict(zip(_HEADER_FIELDS, row, strict=True))
    values["versions"] = json.loads(values["versions"])
    return SessionHeader(**values)
