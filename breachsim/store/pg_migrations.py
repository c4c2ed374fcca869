"""The PostgreSQL schema, as numbered migrations.

Everything breachsim keeps lives in the schema ``breachsim`` of the database the URL names, so
the database may hold other programs' tables too. ``breachsim.migrations`` records one row per
migration run. As for SQLite (``migrations.py``) the list is append-only: a migration that has
shipped is never edited, reordered or removed, and a schema with more migrations than this
list was written by a newer breachsim and is refused.

A schema ``breachsim`` that is empty (made by an administrator beforehand) is taken as new; one
holding tables but no ``migrations`` table is another program's and is left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .errors import ForeignStore, StoreTooNew

if TYPE_CHECKING:
    from psycopg import Connection

SCHEMA = "breachsim"
#: The channel a committed append notifies, with the session id as payload (``wait``).
CHANNEL = "breachsim_events"
#: The advisory lock that makes two processes opening a new database migrate one at a time.
LOCK_KEY = 0x42534D53  # "BSMS", as SQLite's application_id

Migration = Callable[["Connection"], None]
MIGRATIONS: list[Migration] = []


def migration(step: Migration) -> Migration:
    MIGRATIONS.append(step)
    return step


@migration
def m001_sessions_and_events(db: Connection) -> None:
    """Ids and wall times sort as bytes (``COLLATE "C"``), as in SQLite, whatever the
    database's locale. Texts are stored as given (never ``jsonb``, which would reorder keys and
    rewrite numbers), so an export gives back the bytes imported. ``last_seq`` is the session's
    highest seq, kept by every append in the statement that inserts, so that updating it both
    picks the next seq and locks the session against other writers."""
    db.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    db.execute(f"""
        CREATE TABLE {SCHEMA}.migrations (
            number integer PRIMARY KEY CHECK (number >= 1),
            name text NOT NULL,
            applied timestamptz NOT NULL DEFAULT now()
        )""")
    db.execute(f"""
        CREATE TABLE {SCHEMA}.sessions (
            id text COLLATE "C" PRIMARY KEY,
            scenario_id text NOT NULL,
            scenario_sha256 text NOT NULL,
            scenario_json text NOT NULL,
            seed bigint NOT NULL,
            team text,
            language text NOT NULL,
            versions text NOT NULL,
            status text NOT NULL CHECK (status IN ('running', 'ended')),
            created text COLLATE "C" NOT NULL,
            updated text NOT NULL,
            world bigint NOT NULL CHECK (world >= 0),
            last_seq bigint NOT NULL DEFAULT 0 CHECK (last_seq >= 0)
        )""")
    db.execute(f"CREATE INDEX sessions_by_created ON {SCHEMA}.sessions (created)")
    db.execute(f"""
        CREATE TABLE {SCHEMA}.events (
            session text COLLATE "C" NOT NULL REFERENCES {SCHEMA}.sessions (id),
            seq bigint NOT NULL CHECK (seq >= 1),
            kind text NOT NULL,
            world bigint NOT NULL,
            wall text NOT NULL,
            data text NOT NULL,
            PRIMARY KEY (session, seq)
        )""")
    db.execute(f"""
        CREATE FUNCTION {SCHEMA}.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'events are append-only'
                USING ERRCODE = 'integrity_constraint_violation';
        END $$""")
    db.execute(f"""
        CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON {SCHEMA}.events
        FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.refuse_change()""")
    db.execute(f"""
        CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON {SCHEMA}.events
        FOR EACH STATEMENT EXECUTE FUNCTION {SCHEMA}.refuse_change()""")
    # A notification is delivered when its transaction commits; the server folds the repeats
    # of one transaction (a batch) into one.
    db.execute(f"""
        CREATE FUNCTION {SCHEMA}.notify_append() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{CHANNEL}', NEW.session);
            RETURN NULL;
        END $$""")
    db.execute(f"""
        CREATE TRIGGER events_notify AFTER INSERT ON {SCHEMA}.events
        FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.notify_append()""")


@migration
def m002_who_keeps_the_clock(db: Connection) -> None:
    """As SQLite's: ``kept`` is false once the console that kept the clock has closed."""
    db.execute(f"ALTER TABLE {SCHEMA}.sessions ADD COLUMN kept boolean NOT NULL DEFAULT true")


def check_schema(db: Connection, location: str) -> int:
    """How many migrations the database has had (0: none yet); ``ForeignStore`` or
    ``StoreTooNew`` when it is not one this breachsim may open."""
    schema, ours, tables = db.execute(
        "SELECT to_regnamespace(%s) IS NOT NULL, to_regclass(%s) IS NOT NULL, "
        "(SELECT count(*) FROM pg_class WHERE relnamespace = to_regnamespace(%s))",
        (SCHEMA, f"{SCHEMA}.migrations", SCHEMA)).fetchone()
    if not schema:
        return 0
    if not ours:
        if tables:
            raise ForeignStore(f"{location} has a schema {SCHEMA!r} that is not a breachsim "
                               "session store; use another database in --store or "
                               "BREACHSIM_STORE")
        return 0
    [(version,)] = db.execute(f"SELECT coalesce(max(number), 0) FROM {SCHEMA}.migrations")
    if version > len(MIGRATIONS):
        raise StoreTooNew(f"{location} was written by a newer breachsim (store schema {version}, "
                          f"this breachsim knows up to {len(MIGRATIONS)}); upgrade breachsim to "
                          "open it")
    return version


def upgrade(db: Connection, location: str) -> int:
    """Bring the schema up to date inside the caller's transaction, one process at a time;
    return how many migrations ran."""
    db.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
    version = check_schema(db, location)  # again: another process may have migrated meanwhile
    for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
        step(db)
        db.execute(f"INSERT INTO {SCHEMA}.migrations (number, name) VALUES (%s, %s)",
                   (number, step.__name__))
    return len(MIGRATIONS) - version
