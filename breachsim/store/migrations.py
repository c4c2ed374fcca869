"""The SQLite schema, as numbered migrations.

Each migration is a named function appended to ``MIGRATIONS``; ``PRAGMA user_version`` counts
how many a store has had. The list is append-only: a migration that has shipped is never edited,
reordered or removed — a schema change is a new function at the end. A store whose
``user_version`` is beyond the list was written by a newer breachsim and is refused rather than
guessed at.

``PRAGMA application_id`` marks the file as a breachsim store, so that pointing ``--store`` at
another program's SQLite database is refused instead of adding our tables to it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from .errors import CHOOSE_ANOTHER, ForeignStore, StoreTooNew

APPLICATION_ID = 0x42534D53  # "BSMS": breachsim session store

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[Migration] = []


def migration(step: Migration) -> Migration:
    MIGRATIONS.append(step)
    return step


@migration
def m001_sessions_and_events(db: sqlite3.Connection) -> None:
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("""
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            scenario_id TEXT NOT NULL,
            scenario_sha256 TEXT NOT NULL,
            scenario_json TEXT NOT NULL,
            seed INTEGER NOT NULL,
            team TEXT,
            language TEXT NOT NULL,
            versions TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('running', 'ended')),
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            world INTEGER NOT NULL CHECK (world >= 0)
        )""")
    db.execute("CREATE INDEX sessions_by_created ON sessions (created)")
    db.execute("""
        CREATE TABLE events (
            session TEXT NOT NULL REFERENCES sessions (id),
            seq INTEGER NOT NULL CHECK (seq >= 1),
            kind TEXT NOT NULL,
            world INTEGER NOT NULL,
            wall TEXT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (session, seq)
        )""")
    for verb in ("UPDATE", "DELETE"):
        db.execute(f"""
            CREATE TRIGGER events_no_{verb.lower()} BEFORE {verb} ON events
            BEGIN SELECT RAISE(ABORT, 'events are append-only'); END""")


@migration
def m002_who_keeps_the_clock(db: sqlite3.Connection) -> None:
    """``kept`` is 0 once the facilitator's console that kept a session's clock has closed,
    so that the next may take it without waiting to see whether a heartbeat still moves."""
    db.execute("ALTER TABLE sessions ADD COLUMN kept INTEGER NOT NULL DEFAULT 1 "
               "CHECK (kept IN (0, 1))")


def check_schema(db: sqlite3.Connection, location: str) -> int:
    """The store's schema version; ``ForeignStore`` or ``StoreTooNew`` when it is not one
    this breachsim may open."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    app_id = db.execute("PRAGMA application_id").fetchone()[0]
    empty = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    if app_id != APPLICATION_ID and not (app_id == 0 and version == 0 and empty):
        raise foreign(location)
    if version > len(MIGRATIONS):
        raise StoreTooNew(f"{location} was written by a newer breachsim (store schema {version}, "
                          f"this breachsim knows up to {len(MIGRATIONS)}); upgrade breachsim to "
                          "open it")
    return version


def foreign(location: str) -> ForeignStore:
    return ForeignStore(f"{location} is another program's SQLite database, not a breachsim "
                        f"session store; {CHOOSE_ANOTHER}")


def upgrade(db: sqlite3.Connection, location: str) -> int:
    """Bring the schema up to date inside the caller's write transaction; return how many
    migrations ran (0 when it was current)."""
    version = check_schema(db, location)
    for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
        step(db)
        db.execute(f"PRAGMA user_version = {number}")
    return len(MIGRATIONS) - version
