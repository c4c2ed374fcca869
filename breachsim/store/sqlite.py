"""The embedded session store: one SQLite file in WAL mode (standard library only).

Durability. Every append is one transaction, committed before it returns: one event (a
team's decision), or with ``append_many`` all the events of a tick together. In WAL mode a
commit appends the changed pages to the ``-wal`` file; ``synchronous`` decides whether that file
is fsynced at every commit (FULL) or only at checkpoints (NORMAL). Both survive a killed
process, since the commit is in the operating system's hands either way; only FULL also
survives a power cut or an OS crash — NORMAL may roll back the last commits then. The default
is FULL. ``benchmarks/bench_store.py`` measured FULL at 560-2,600 single appends per second on
the development machine's noisy disk, 0.78-1.06 of a bare ``sqlite3`` loop's rate (NORMAL
6,000-12,000), and ticks of 100 events at 20,000-54,000 events per second; a disk needing 10 ms
per fsync would still give 100 commits a second. An exercise records a few events per second at
its busiest, so NORMAL's extra speed buys nothing a session needs and costs the guarantee that
a confirmed decision is on disk (architecture rule 6).

Speed. A single event is one statement, its seq check folded into the ``INSERT`` (``_INSERT``):
outside an explicit transaction a statement is a transaction of its own, so the append costs
one round trip and one commit, about what a bare ``INSERT`` and ``COMMIT`` cost.

Concurrency. WAL lets readers read while one writer writes. A write takes the write lock
before it reads: a longer transaction starts with ``BEGIN IMMEDIATE``, and a single ``INSERT``
takes the lock as it starts, as that does. A second writer then waits in SQLite's busy handler
(``busy_timeout``) instead of failing. A transaction that started as a reader and later tries
to write would instead fail at once with ``SQLITE_BUSY`` in WAL mode, without waiting, if
another writer committed in between.

One ``SqliteStore`` may be shared by threads (the app's workers): calls are serialised by a
lock around the single connection.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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
from .errors import (
    CHOOSE_ANOTHER,
    SeqConflict,
    SessionExists,
    SessionNotFound,
    StoreError,
    StoreReadOnly,
)
from .header import ENDED, STATUSES, SessionHeader, check_header
from .migrations import MIGRATIONS, check_schema, upgrade
from .ownership import check_ours
from .sqlite_errors import folder_error, translated

SYNCHRONOUS_LEVELS = ("NORMAL", "FULL", "EXTRA")
#: See the module docstring and ``benchmarks/bench_store.py`` for why.
DEFAULT_SYNCHRONOUS = "FULL"
#: Seconds a writer waits for another process's write lock before ``StoreLocked``. Writes are
#: single small transactions, so waiting this long means the other process is stuck.
DEFAULT_BUSY_TIMEOUT = 5.0

#: One event (session, seq, kind, world, wall, data, checked). When ``checked`` and its seq is
#: not the session's next, the seq becomes NULL, which its NOT NULL refuses: the check is part of
#: the insert, so one event is one statement, and a transaction of its own. (In ``VALUES``, as
#: an ``INSERT … SELECT`` reading its own table would first copy its rows to a temporary one.)
_INSERT = (f"INSERT INTO events (session, {EVENT_COLUMNS}) VALUES (?1, CASE WHEN NOT ?7 "
           "OR ?2 = (SELECT ifnull(max(seq), 0) + 1 FROM events WHERE session = ?1) THEN ?2 END, "
           "?3, ?4, ?5, ?6)")
#: One event (session, kind, world, wall, data) under the session's next seq, which it returns.
_INSERT_NEXT = (f"INSERT INTO events (session, {EVENT_COLUMNS}) "
                "SELECT ?1, ifnull(max(seq), 0) + 1, ?2, ?3, ?4, ?5 FROM events WHERE session = ?1 "
                "RETURNING seq")

#: The progress of a session (id, world, updated, status), only ever forward: the in-world
#: time never goes back and an ended session stays ended, whoever writes last.
_FORWARD = ("UPDATE sessions SET world = max(world, ?2), updated = ?3, "
            f"status = CASE WHEN ?4 = '{ENDED}' THEN ?4 ELSE status END WHERE id = ?1")


class SqliteStore(SessionStore):
    """A session store in one SQLite file, created (with its folders) when missing.

    ``clock`` gives the wall time written to ``updated``; tests pass a fixed one. A
    ``read_only`` store opens an existing file without writing to it (a file, folder or disk
    that cannot be written can still be listed and exported); appending to it fails.
    """

    def __init__(self, path: str | Path, *, synchronous: str = DEFAULT_SYNCHRONOUS,
                 busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
                 clock: Callable[[], str] = utc_now, read_only: bool = False):
        self.synchronous = synchronous.upper()
        if self.synchronous not in SYNCHRONOUS_LEVELS:
            raise ValueError(f"synchronous must be one of {', '.join(SYNCHRONOUS_LEVELS)}, "
                             f"not {synchronous!r}")
        self.path = Path(path).expanduser()
        self.location = str(self.path)
        self.busy_timeout = busy_timeout
        self._clock = clock
        self._lock = threading.Lock()
        if self.path.is_dir():
            raise StoreError(f"{self.location} is a folder, but a store is a file; "
                             f"{CHOOSE_ANOTHER}")
        check_ours(self.path, self.location)  # before SQLite writes anything to it
        self._db: sqlite3.Connection | None = self._open_read_only() if read_only else self._open()

    # -- connection and transactions -------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
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

    def _open_read_only(self) -> sqlite3.Connection:
        """The existing store, read without a write of ours. SQLite opens a file it may not
        write for reading (``mode=rw`` creates nothing), and, as the last connection, tidies
        away the ``-wal`` file where it may. It reads a WAL store through the ``-shm`` file,
        which it cannot create in a folder it may not write; when there is no ``-wal`` file
        either, everything is in the store file, and SQLite reads it as immutable instead."""
        uri = self.path.absolute().as_uri()
        try:
            return self._connect_read_only(uri + "?mode=rw")
        except StoreReadOnly:
            if Path(f"{self.path}-wal").exists():
                raise
            return self._connect_read_only(uri + "?mode=ro&immutable=1")

    def _connect_read_only(self, uri: str) -> sqlite3.Connection:
        with translated(self.location, self.busy_timeout):
            db = sqlite3.connect(uri, uri=True, timeout=self.busy_timeout, isolation_level=None,
                                 check_same_thread=False)
        try:
            with translated(self.location, self.busy_timeout):
                version = check_schema(db, self.location)
            if version < len(MIGRATIONS):
                raise StoreReadOnly(f"{self.location} needs an upgrade to this breachsim's "
                                    f"schema, which cannot be written; open it once where it "
                                    f"can be, or {CHOOSE_ANOTHER}")
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
    def _connected(self) -> Iterator[sqlite3.Connection]:
        """The connection, to this thread alone; a statement outside ``_transaction`` is a
        transaction of its own."""
        with self._lock, translated(self.location, self.busy_timeout):
            yield self._connection()

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        with self._connected() as db, _transaction(db):
            yield db

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
            values = {name: getattr(header, name) for name in HEADER_FIELDS}
            values["versions"] = canonical_json(header.versions)
            if any(event.kind == SESSION_ENDED for event in events):
                values["status"] = ENDED  # the log says so
            db.execute(f"INSERT INTO sessions ({HEADER_COLUMNS}) "
                       f"VALUES ({', '.join(':' + name for name in HEADER_FIELDS)})", values)
            db.executemany(_INSERT, _rows(header.id, events, checked=False))

    def header(self, session_id: str) -> SessionHeader:
        with self._connected() as db:
            row = db.execute(f"SELECT {HEADER_COLUMNS} FROM sessions WHERE id = ?",
                             (session_id,)).fetchone()
        if row is None:
            raise self._not_found(session_id)
        return header_from_row(row)

    def sessions(self) -> list[SessionHeader]:
        with self._connected() as db:
            rows = db.execute(f"SELECT {HEADER_COLUMNS} FROM sessions "
                              "ORDER BY created DESC, id DESC").fetchall()
        return [header_from_row(row) for row in rows]

    def ids_starting_with(self, prefix: str, limit: int) -> list[str]:
        with self._connected() as db:
            rows = db.execute("SELECT id FROM sessions WHERE substr(id, 1, ?) = ? "
                              "ORDER BY id LIMIT ?", (len(prefix), prefix, limit)).fetchall()
        return [row[0] for row in rows]

    def update_progress(self, session_id: str, world: int, status: str) -> None:
        if status not in STATUSES:
            raise ValueError(f"status {status!r} is not one of {', '.join(STATUSES)}")
        with self._connected() as db:
            if not db.execute(_FORWARD, (session_id, world, self._clock(), status)).rowcount:
                raise self._not_found(session_id)

    def let_go(self, session_id: str) -> None:
        with self._connected() as db:
            if not db.execute("UPDATE sessions SET kept = 0 WHERE id = ?",
                              (session_id,)).rowcount:
                raise self._not_found(session_id)

    def clock_kept(self, session_id: str) -> bool:
        with self._connected() as db:
            row = db.execute("SELECT kept FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise self._not_found(session_id)
        return bool(row[0])

    def take_clock(self, session_id: str, stale: str | None = None) -> bool:
        with self._connected() as db:
            if stale is None:
                return bool(db.execute("UPDATE sessions SET kept = 1 WHERE id = ? AND kept = 0",
                                       (session_id,)).rowcount)
            return bool(db.execute(
                "UPDATE sessions SET kept = 1, updated = ? WHERE id = ? "
                "AND (kept = 0 OR updated = ?)", (self._clock(), session_id, stale)).rowcount)

    # -- events ------------------------------------------------------------------------------

    def append_many(self, session_id: str, events: Sequence[Event],
                    expected_seq: int | None = None) -> None:
        if not events:
            return
        check_batch(events, expected_seq)
        rows = _rows(session_id, events, checked=expected_seq is not None)
        ended = next((e for e in events if e.kind == SESSION_ENDED), None)
        with self._connected() as db:
            try:
                if ended is None:
                    _insert(db, rows)
                else:  # the log and the status agree: both change, or neither
                    with _transaction(db):
                        db.executemany(_INSERT, rows)
                        db.execute(_FORWARD, (session_id, ended.world, self._clock(), ENDED))
            except sqlite3.IntegrityError:  # a seq taken or out of turn, or no such session
                raise self._conflict(db, session_id, events, expected_seq) from None

    def append_next(self, session_id: str, kind: str, world: int, wall: str,
                    data: dict[str, Any] | None = None) -> Event:
        data = dict(data or {})
        with self._connected() as db:
            try:
                [(seq,)] = db.execute(_INSERT_NEXT, (session_id, kind, world, wall,
                                                     canonical_json(data))).fetchall()
            except sqlite3.IntegrityError:  # the session's foreign key
                raise self._not_found(session_id) from None
        return Event(seq, kind, world, wall, data)

    def events(self, session_id: str, after_seq: int = 0) -> list[Event]:
        with self._connected() as db:
            rows = db.execute(f"SELECT {EVENT_COLUMNS} FROM events WHERE session = ? "
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

    def _conflict(self, db: sqlite3.Connection, session_id: str, events: Sequence[Event],
                  expected_seq: int | None) -> SeqConflict:
        """Why a batch did not go in (read afterwards: it may have moved on since)."""
        return seq_conflict(session_id, events, expected_seq, self._last_seq(db, session_id))

    def _not_found(self, session_id: str) -> SessionNotFound:
        return not_found(session_id, self.location)


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, durably committed when the block ends without error."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


def _insert(db: sqlite3.Connection, rows: list[tuple]) -> None:
    """Insert all the rows in one transaction, or none (``IntegrityError``)."""
    if len(rows) == 1:
        db.execute(_INSERT, rows[0])
    else:
        with _transaction(db):
            db.executemany(_INSERT, rows)


def _rows(session_id: str, events: Iterable[Event], *, checked: bool) -> list[tuple]:
    """The events as parameters of ``_INSERT``. Only the first is checked: in one transaction,
    the next after the session's next is the next."""
    rows = []
    for event in events:
        if event.seq < 1:
            raise ValueError(f"event seqs start at 1, not {event.seq}")
        rows.append((session_id, event.seq, event.kind, event.world, event.wall,
                     canonical_json(event.data), checked and not rows))
    return rows
