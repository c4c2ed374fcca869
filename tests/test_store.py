"""The session store: sessions, the append-only log, optimistic and atomic appends, lookup."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from breachsim.engine.events import Event
from breachsim.store import (
    AmbiguousSession,
    SeqConflict,
    SessionExists,
    SessionHeader,
    SessionNotFound,
    SessionStore,
    SqliteStore,
    StoreError,
    new_session_id,
    open_store,
    store_path,
)
from breachsim.store import location as location_module
from breachsim.store.header import ID_PATTERN
from breachsim.store.migrations import APPLICATION_ID, MIGRATIONS
from breachsim.store.pg_migrations import MIGRATIONS as PG_MIGRATIONS

from .conftest import ROOT

WALL = "2025-03-14T09:30:00+00:00"


def header(session_id: str = "20250314-093000-abcd", **changes) -> SessionHeader:
    """A complete header; tests change what they look at."""
    values = dict(id=session_id, scenario_id="hospital-ransomware", scenario_sha256="ab" * 32,
                  scenario_json='{"id":"hospital-ransomware","injects":[]}', seed=42,
                  team="Blue team", language="en", created=WALL, updated=WALL,
                  versions={"breachsim": "0.1.0", "events": 1})
    return SessionHeader(**{**values, **changes})


def event(seq: int, kind: str = "note_added", **data) -> Event:
    return Event(seq, kind, seq * 60, WALL, data)


@pytest.fixture
def store(stores):
    """An empty store, on SQLite and on PostgreSQL (``stores`` in conftest.py)."""
    with stores.open(clock=lambda: "2025-03-14T10:00:00+00:00") as opened:
        yield opened


def test_a_session_reads_back_as_it_was_created(store):
    store.create_session(header(team=None))
    assert store.header("20250314-093000-abcd") == header(team=None)
    assert store.sessions() == [header(team=None)]
    assert store.events("20250314-093000-abcd") == []


def test_sessions_are_listed_newest_first(store):
    for day in (2, 9, 5):
        store.create_session(header(f"2025031{day}-000000-aaaa",
                                    created=f"2025-03-1{day}T00:00:00+00:00"))
    assert [h.id for h in store.sessions()] == [
        "20250319-000000-aaaa", "20250315-000000-aaaa", "20250312-000000-aaaa"]


def test_a_session_id_is_taken_once(store):
    store.create_session(header())
    with pytest.raises(SessionExists, match="already in"):
        store.create_session(header(team="Red team"))
    assert store.header(header().id).team == "Blue team"


def test_a_session_is_created_with_its_events_or_not_at_all(store):
    store.create_session(header(), [event(1), event(2, text="é 🚨")])
    assert store.events(header().id) == [event(1), event(2, text="é 🚨")]
    with pytest.raises(ValueError, match="rise"):
        store.create_session(header("other"), [event(2), event(1)])
    with pytest.raises(SessionNotFound):
        store.header("other")


def test_append_with_expected_seq_is_optimistic(store):
    store.create_session(header())
    sid = header().id
    store.append(sid, event(1), expected_seq=1)
    store.append(sid, event(2), expected_seq=2)
    with pytest.raises(SeqConflict, match="re-read the events") as stale:
        store.append(sid, event(2, text="late"), expected_seq=2)
    assert stale.value.current == 2
    with pytest.raises(SeqConflict):
        store.append(sid, event(4), expected_seq=4)  # a gap is a conflict too
    with pytest.raises(ValueError, match="differs"):
        store.append(sid, event(3), expected_seq=4)
    assert [e.seq for e in store.events(sid)] == [1, 2]


def test_append_without_expected_seq_still_refuses_a_taken_seq(store):
    store.create_session(header())
    store.append(header().id, event(1))
    with pytest.raises(SeqConflict) as taken:
        store.append(header().id, event(1, text="again"))
    assert taken.value.current == 1
    assert store.events(header().id) == [event(1)]


def test_a_batch_is_appended_whole_or_not_at_all(store):
    store.create_session(header())
    sid = header().id
    store.append_many(sid, [event(1), event(2), event(3)], expected_seq=1)
    store.append(sid, event(6))  # without expected_seq, a seq ahead is taken as given
    with pytest.raises(SeqConflict, match=r"already has events in 4-7 \(its last is 6\)"):
        store.append_many(sid, [event(4), event(5), event(6), event(7)])  # 6 fails, mid-batch
    with pytest.raises(SeqConflict, match="is at event 6, so the next is 7, not 4"):
        store.append_many(sid, [event(4), event(5)], expected_seq=4)
    assert [e.seq for e in store.events(sid)] == [1, 2, 3, 6]
    with pytest.raises(ValueError, match="rise by one: 9 after 7"):
        store.append_many(sid, [event(7), event(9)])
    with pytest.raises(ValueError, match="differs"):
        store.append_many(sid, [event(7), event(8)], expected_seq=8)
    store.append_many(sid, [], expected_seq=7)  # nothing to write
    store.append_many(sid, [event(7), event(8)], expected_seq=7)
    assert [e.seq for e in store.events(sid)] == [1, 2, 3, 6, 7, 8]


def test_append_next_takes_the_next_seq(store):
    store.create_session(header())
    store.append(header().id, event(1))
    made = store.append_next(header().id, "awareness_declared", 600, WALL, {"by": "CISO"})
    assert made == Event(2, "awareness_declared", 600, WALL, {"by": "CISO"})
    assert store.append_next(header().id, "note_added", 660, WALL).seq == 3
    assert store.events(header().id)[1:] == [made, Event(3, "note_added", 660, WALL, {})]


def test_a_reader_follows_the_log_by_polling_seq(store, stores):
    store.create_session(header())
    with stores.open() as reader:
        seen: list[Event] = []
        for seq in (1, 2, 3):
            store.append(header().id, event(seq), expected_seq=seq)
            seen += reader.events(header().id, after_seq=seen[-1].seq if seen else 0)
        assert [e.seq for e in seen] == [1, 2, 3]
        assert reader.events(header().id, after_seq=3) == []


def test_update_progress_records_world_status_and_wall_time(store):
    store.create_session(header())
    store.update_progress(header().id, 7_200, "ended")
    now = store.header(header().id)
    assert (now.world, now.status, now.updated) == (7_200, "ended", "2025-03-14T10:00:00+00:00")
    assert now.created == WALL
    with pytest.raises(ValueError, match="status"):
        store.update_progress(header().id, 7_300, "paused")


def test_the_clock_is_taken_at_once_only_after_its_console_let_go(store):
    store.create_session(header())
    assert store.clock_kept(header().id)
    assert not store.take_clock(header().id)  # the console that made it keeps it
    store.update_progress(header().id, 600, "running")  # a heartbeat changes nothing of it
    assert not store.take_clock(header().id)
    store.let_go(header().id)
    assert not store.clock_kept(header().id)
    assert store.take_clock(header().id)
    assert store.clock_kept(header().id)
    assert not store.take_clock(header().id)  # taken: the next console may not
    assert store.header(header().id) == header(updated="2025-03-14T10:00:00+00:00", world=600)


def test_of_two_consoles_taking_the_clock_from_a_stopped_heartbeat_only_the_first_gets_it(
        stores):
    ticks = iter(range(10, 60))
    with stores.open(clock=lambda: f"2025-03-14T10:00:{next(ticks)}+00:00") as store:
        store.create_session(header())  # kept by the console that made it, never let go
        stopped = store.header(header().id).updated  # both consoles saw this heartbeat stop
        assert store.take_clock(header().id, stale=stopped)
        assert not store.take_clock(header().id, stale=stopped)
        taken = store.header(header().id)
        assert taken.updated != stopped  # the new console's first beat
        assert not store.take_clock(header().id, stale="2025-03-14T09:00:00+00:00")
        store.let_go(header().id)
        assert store.take_clock(header().id, stale=taken.updated)


@pytest.mark.parametrize("call", [
    lambda s: s.header("nope"),
    lambda s: s.events("nope"),
    lambda s: s.append("nope", event(1)),
    lambda s: s.append_next("nope", "note_added", 0, WALL, {}),
    lambda s: s.append_many("nope", [event(1), event(2)], expected_seq=1),
    lambda s: s.append_many("nope", [event(2), event(3)], expected_seq=2),
    lambda s: s.update_progress("nope", 0, "running"),
    lambda s: s.let_go("nope"),
    lambda s: s.clock_kept("nope"),
])
def test_an_unknown_session_is_a_clear_error(store, call):
    with pytest.raises(SessionNotFound, match=r"no session nope in .*breachsim sessions"):
        call(store)


def test_resolve_finds_a_session_by_unique_prefix(store):
    for sid in ("20250314-093000-abcd", "20250314-093000-abce", "20250315-120000-zzzz", "2025"):
        store.create_session(header(sid))
    assert store.resolve("20250315") == "20250315-120000-zzzz"
    assert store.resolve("20250314-093000-abcd") == "20250314-093000-abcd"
    assert store.resolve("2025") == "2025"  # an exact id wins over the ids it starts
    with pytest.raises(AmbiguousSession, match=r"'20250314-093000-abc' matches several .*abcd, "
                                               r"20250314-093000-abce\); type more"):
        store.resolve("20250314-093000-abc")
    for unknown in ("2024", "", "  "):
        with pytest.raises(SessionNotFound, match="breachsim sessions"):
            store.resolve(unknown)


def test_resolve_does_not_treat_the_prefix_as_a_pattern(store):
    store.create_session(header("ab_cd"))
    store.create_session(header("AB-CD"))
    with pytest.raises(SessionNotFound):
        store.resolve("a%")
    assert store.resolve("ab") == "ab_cd"  # case matters


def test_session_ids_are_short_sortable_and_plain():
    start = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
    ids = [new_session_id(start + timedelta(seconds=s)) for s in (0, 1, 59, 3600, 86400)]
    assert ids == sorted(ids)
    assert all(ID_PATTERN.fullmatch(i) and len(i) == 20 for i in ids)
    assert ids[0].startswith("20250314-093000-")


@pytest.mark.parametrize("bad, message", [
    (dict(session_id="../etc"), "session id"),
    (dict(status="paused"), "status"),
    (dict(world=-1), "negative"),
    (dict(seed=2**64), "64 bits"),
])
def test_a_header_the_store_cannot_keep_is_refused(store, bad, message):
    bad = dict(bad)  # the parameter is shared by both backends' runs
    sid = bad.pop("session_id", "x")
    with pytest.raises(ValueError, match=message):
        store.create_session(header(sid, **bad))


def test_event_data_must_be_plain_json(store):
    store.create_session(header())
    with pytest.raises(ValueError):
        store.append(header().id, event(1, score=float("nan")))
    with pytest.raises(ValueError, match="start at 1"):
        store.append(header().id, event(0))


def test_events_are_append_only_in_the_database(store, stores):
    store.create_session(header(), [event(1)])
    if stores.backend == "sqlite":
        db = sqlite3.connect(store.path)
        for statement in ("UPDATE events SET kind = 'x'", "DELETE FROM events"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                db.execute(statement)
        db.close()
    else:
        import psycopg

        with psycopg.connect(stores.location, autocommit=True) as db:
            for statement in ("UPDATE breachsim.events SET kind = 'x'",
                              "DELETE FROM breachsim.events", "TRUNCATE breachsim.events"):
                with pytest.raises(psycopg.errors.IntegrityConstraintViolation,
                                   match="append-only"):
                    db.execute(statement)
    assert store.events(header().id) == [event(1)]


@pytest.mark.parametrize("migrations", [MIGRATIONS, PG_MIGRATIONS], ids=["sqlite", "postgresql"])
def test_migrations_are_numbered_in_order(migrations):
    assert [m.__name__[:5] for m in migrations] == [
        f"m{n:03d}_" for n in range(1, len(migrations) + 1)]


def test_schema_comes_from_numbered_migrations(tmp_path):
    store = SqliteStore(tmp_path / "sessions.sqlite3")
    db = sqlite3.connect(store.path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
    store.create_session(header())
    store.close()
    with SqliteStore(store.path) as again:  # reopening runs nothing and keeps the data
        assert again.sessions() == [header()]


def test_postgresql_schema_comes_from_numbered_migrations(pg_server):
    import psycopg

    from breachsim.store.postgres import PostgresStore

    url = pg_server.url(pg_server.new_database())
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("CREATE TABLE photos (name text)")  # another program's table is no bother
    with PostgresStore(url) as store:
        store.create_session(header())
    with psycopg.connect(url, autocommit=True) as db:
        rows = db.execute("SELECT number, name FROM breachsim.migrations ORDER BY number")
        assert [tuple(row) for row in rows] == [
            (number, step.__name__) for number, step in enumerate(PG_MIGRATIONS, start=1)]
    with PostgresStore(url) as again:  # reopening runs nothing and keeps the data
        assert again.sessions() == [header()]


def test_synchronous_is_configurable(tmp_path):
    for level, number in (("FULL", 2), ("normal", 1)):
        with SqliteStore(tmp_path / "s.sqlite3", synchronous=level) as opened:
            assert opened._db.execute("PRAGMA synchronous").fetchone()[0] == number
    with pytest.raises(ValueError, match="synchronous"):
        SqliteStore(tmp_path / "s.sqlite3", synchronous="OFF")


def test_open_store_path_env_and_platform_default(tmp_path, monkeypatch):
    monkeypatch.delenv("BREACHSIM_STORE", raising=False)
    assert store_path().parts[-2:] == ("breachsim", "sessions.sqlite3")
    monkeypatch.setattr(location_module.platformdirs, "user_data_path",
                        lambda name, appauthor: tmp_path / "data" / name)
    with open_store() as default:
        assert isinstance(default, SessionStore)
        assert Path(default.location) == tmp_path / "data" / "breachsim" / "sessions.sqlite3"
    monkeypatch.setenv("BREACHSIM_STORE", str(tmp_path / "env" / "s.sqlite3"))
    assert store_path() == tmp_path / "env" / "s.sqlite3"
    explicit = tmp_path / "deep" / "er" / "mine.sqlite3"
    with open_store(str(explicit)):
        assert explicit.is_file()  # the folders were made


def test_one_store_serves_several_threads(store):
    store.create_session(header())

    def write(name: str) -> None:
        for i in range(20):
            store.append_next(header().id, "note_added", i, WALL, {"by": name})

    threads = [threading.Thread(target=write, args=(name,)) for name in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [e.seq for e in store.events(header().id)] == list(range(1, 41))


def test_a_closed_store_says_so(stores):
    opened = stores.open()
    opened.close()
    opened.close()
    for call in (lambda: opened.sessions(), lambda: opened.wait("x", 0, 0.1)):
        with pytest.raises(StoreError, match="closed"):
            call()


def test_wait_returns_what_another_thread_appends_at_once(store):
    store.create_session(header(), [event(1)])
    assert store.wait(header().id, 0, timeout=5) == [event(1)]  # already there: no wait
    start = time.monotonic()
    assert store.wait(header().id, 1, timeout=0.2) == []
    assert 0.2 <= time.monotonic() - start < 2
    appended = threading.Timer(0.2, store.append, (header().id, event(2)))
    appended.start()
    start = time.monotonic()
    assert store.wait(header().id, 1, timeout=10) == [event(2)]
    assert time.monotonic() - start < 1.5
    appended.join()
    with pytest.raises(SessionNotFound):
        store.wait("nope", 0, timeout=0.1)


def test_wait_is_not_woken_for_good_by_another_session(store):
    store.create_session(header())
    store.create_session(header("other"))
    noise = threading.Timer(0.1, store.append_next, ("other", "note_added", 0, WALL))
    noise.start()
    start = time.monotonic()
    assert store.wait(header().id, 0, timeout=0.5) == []
    assert time.monotonic() - start >= 0.5
    noise.join()


def test_the_store_never_imports_textual():
    code = ("import sys, importlib, pkgutil, breachsim.store as s\n"
            "for m in pkgutil.walk_packages(s.__path__, 'breachsim.store.'):\n"
            "    importlib.import_module(m.name)\n"
            "print([m for m in sys.modules if m.split('.')[0] == 'textual'])\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         check=True)
    assert out.stdout.strip() == "[]"
