"""Every store failure a user can meet is a StoreError with one line saying what to do: the
SQLite file's failures, then the PostgreSQL server's."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from breachsim.store import (
    AccessDenied,
    DatabaseMissing,
    ForeignStore,
    ServerUnreachable,
    SqliteStore,
    StoreCorrupt,
    StoreError,
    StoreLocked,
    StoreReadOnly,
    StoreTooNew,
    open_store,
    store_location,
    store_url,
)
from breachsim.store.migrations import MIGRATIONS
from breachsim.store.pg_errors import target
from breachsim.store.pg_migrations import MIGRATIONS as PG_MIGRATIONS
from breachsim.store.postgres import PostgresStore

from .conftest import ROOT, run_cli
from .pg_support import ADMIN, PASSWORD, throwaway_server
from .test_store import event, header


def one_line(error: pytest.ExceptionInfo) -> str:
    message = str(error.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def filled_store(path: Path) -> None:
    with SqliteStore(path) as store:
        store.create_session(header(), [event(seq) for seq in range(1, 200)])


def test_a_file_of_random_bytes_is_not_a_store(tmp_path):
    path = tmp_path / "sessions.sqlite3"
    path.write_bytes(os.urandom(4096))
    with pytest.raises(StoreCorrupt) as error:
        open_store(path)
    assert one_line(error).startswith(f"{path} is not a breachsim session store")
    assert "--store PATH" in str(error.value)


def test_a_damaged_store_is_reported_as_damaged(tmp_path):
    path = tmp_path / "sessions.sqlite3"
    filled_store(path)
    size = path.stat().st_size
    with path.open("r+b") as damaged:  # keep the first page (the header and schema) intact
        damaged.seek(4096)
        damaged.write(b"\xff" * (size - 4096))
    with pytest.raises(StoreCorrupt) as error, SqliteStore(path) as store:
        store.events(header().id)
    assert "is damaged" in one_line(error)


def test_another_programs_database_is_left_alone(tmp_path):
    path = tmp_path / "photos.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE photos (name TEXT)")
    db.commit()
    db.close()
    with pytest.raises(ForeignStore) as error:
        open_store(path)
    assert "another program's SQLite database" in one_line(error)
    db = sqlite3.connect(path)
    assert [r[0] for r in db.execute("SELECT name FROM sqlite_master")] == ["photos"]
    db.close()


def test_a_store_from_a_newer_breachsim_is_refused(tmp_path):
    path = tmp_path / "sessions.sqlite3"
    filled_store(path)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 3}")
    db.close()
    with pytest.raises(StoreTooNew) as error:
        open_store(path)
    assert one_line(error) == (
        f"{path} was written by a newer breachsim (store schema {len(MIGRATIONS) + 3}, this "
        f"breachsim knows up to {len(MIGRATIONS)}); upgrade breachsim to open it")


def test_a_new_store_in_a_read_only_folder(tmp_path, read_only):
    (tmp_path / "ro").mkdir()
    folder = read_only(tmp_path / "ro")
    with pytest.raises(StoreReadOnly) as error:
        open_store(folder / "sessions.sqlite3")
    assert "read-only" in one_line(error)


def test_a_new_store_below_a_read_only_folder(tmp_path, read_only):
    (tmp_path / "ro").mkdir()
    folder = read_only(tmp_path / "ro")
    with pytest.raises(StoreReadOnly) as error:
        open_store(folder / "sub" / "sessions.sqlite3")
    assert "cannot create the folder" in one_line(error)


def test_an_existing_store_in_a_read_only_folder(tmp_path, read_only):
    filled_store(tmp_path / "ro" / "sessions.sqlite3")
    folder = read_only(tmp_path / "ro")
    with pytest.raises(StoreReadOnly) as error:
        open_store(folder / "sessions.sqlite3")
    assert "read-only" in one_line(error)


def test_a_read_only_store_file(tmp_path, read_only):
    path = tmp_path / "sessions.sqlite3"
    filled_store(path)
    read_only(path)
    with pytest.raises(StoreReadOnly) as error:
        open_store(path)
    assert one_line(error).startswith(f"cannot write to {path}")


@pytest.fixture
def locked(tmp_path):
    """A store whose write lock another connection holds."""
    path = tmp_path / "sessions.sqlite3"
    filled_store(path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    yield path
    holder.execute("ROLLBACK")
    holder.close()


def test_opening_a_store_locked_too_long(locked):
    start = time.monotonic()
    with pytest.raises(StoreLocked) as error:
        open_store(locked, busy_timeout=0.2)
    assert time.monotonic() - start >= 0.15  # it waited before giving up
    assert one_line(error) == (f"{locked} is locked by another process (waited 0.2 s); close "
                               "other breachsim windows using it, or try again")


def test_appending_to_a_store_locked_too_long(tmp_path):
    path = tmp_path / "sessions.sqlite3"
    filled_store(path)
    with SqliteStore(path, busy_timeout=0.05) as store:
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        with pytest.raises(StoreLocked):
            store.append_next(header().id, "note_added", 0, "now", {})
        with pytest.raises(StoreLocked):
            store.update_progress(header().id, 60, "running")
        assert len(store.events(header().id)) == 199  # readers do not wait for the writer
        holder.execute("ROLLBACK")
        holder.close()
        assert store.append_next(header().id, "note_added", 0, "now", {}).seq == 200


def test_a_folder_is_not_a_store(tmp_path):
    with pytest.raises(StoreError, match="is a folder") as error:
        open_store(tmp_path)
    one_line(error)


def test_a_store_below_a_file(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(StoreError, match="cannot create the folder") as error:
        open_store(tmp_path / "notes.txt" / "sessions.sqlite3")
    one_line(error)


# -- PostgreSQL ------------------------------------------------------------------------------

def pg_failure(error: pytest.ExceptionInfo, *passwords: str) -> str:
    """The one-line message, which names no password."""
    message = one_line(error)
    for password in (PASSWORD, *passwords):
        assert password not in message
    return message


def nothing_listens() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_server(monkeypatch):
    port = nothing_listens()
    monkeypatch.setenv("BREACHSIM_STORE", f"postgresql://me:{PASSWORD}@127.0.0.1:{port}/db")
    with pytest.raises(ServerUnreachable) as error:
        open_store()
    assert pg_failure(error).startswith(f"cannot reach the PostgreSQL server at 127.0.0.1:{port}: "
                                        "Connection refused; is it running")


def test_a_wrong_password(pg_server):
    with pytest.raises(AccessDenied) as error:
        open_store(pg_server.url("postgres", password="not-the-pw"))
    message = pg_failure(error, "not-the-pw")
    assert message.startswith(f"the PostgreSQL server at 127.0.0.1:{pg_server.port} refused "
                              f"user '{ADMIN}' (password authentication failed")
    assert "check the user and password" in message


def test_a_missing_database(pg_server):
    with pytest.raises(DatabaseMissing) as error:
        open_store(pg_server.url("nowhere"))
    assert pg_failure(error) == (
        f"the PostgreSQL server at 127.0.0.1:{pg_server.port} has no database 'nowhere'; "
        "create it (see docs/shared-store.md) or correct the URL given with --store or "
        "BREACHSIM_STORE")


def test_a_user_without_the_privilege_to_create_the_schema(pg_server):
    name = pg_server.new_database()
    role = f"guest_{name}"  # roles are the server's, databases come back for other tests
    with pg_server.admin() as db:
        db.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'guest-pw'")
    with pytest.raises(AccessDenied) as error:
        open_store(pg_server.url(name, user=role, password="guest-pw"))
    assert f"the PostgreSQL user '{role}' may not do this" in pg_failure(error, "guest-pw")
    pg_server.give_back(name)


def test_the_command_line_reports_a_server_error_in_one_line(pg_server):
    result = run_cli("sessions", "--store", pg_server.url("postgres", password="not-the-pw"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "not-the-pw" not in result.stderr
    assert result.stderr.count("\n") == 1 and "refused user" in result.stderr


def test_the_url_shown_has_no_password():
    assert target("postgresql://ann:pw@db.example:6543/ex?sslmode=require").location == \
        "postgresql://ann@db.example:6543/ex?sslmode=require"
    shown = target("postgres://ann@db.example/ex?password=pw&sslmode=require")
    assert (shown.location, shown.server) == (
        "postgres://ann@db.example/ex?sslmode=require", "db.example:5432")
    with pytest.raises(StoreError) as error:
        target("postgresql://ann:pw@db.example/ex?bogus=1")
    assert one_line(error) == (
        'postgresql://ann@db.example/ex?bogus=1 is not a PostgreSQL URL libpq can read (invalid '
        'URI query parameter: "bogus"); correct the URL given with --store or BREACHSIM_STORE')
    with pytest.raises(StoreError, match=r"^the PostgreSQL URL is not valid \(Invalid IPv6"):
        target("postgresql://ann:pw@[::1/ex")


def test_a_url_is_a_postgresql_store_whatever_its_type():
    url = "postgresql://ann:pw@db.example/ex"
    assert store_url(url) == url
    assert store_url(Path(url)) == url  # as a path option hands it over
    assert store_url("postgresql-notes.sqlite3") is None
    assert store_location(Path("/tmp/postgres:/x")) == Path("/tmp/postgres:/x")


@pytest.fixture
def lost_connection(pg_server):
    """A store, and a function that cuts the server's side of each of its connections."""
    name = pg_server.new_database()
    store = PostgresStore(pg_server.url(name))
    store.create_session(header(), [event(1)])

    def cut() -> None:
        with pg_server.admin() as db:
            db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       "WHERE datname = %s", (name,))

    yield store, cut
    store.close()
    pg_server.give_back(name)


def test_a_connection_lost_mid_session(lost_connection):
    store, cut = lost_connection
    assert store.wait(header().id, 0, 0.1) == [event(1)]  # the listener is connected
    cut()
    with pytest.raises(ServerUnreachable) as error:
        store.append_next(header().id, "note_added", 0, "now")
    assert pg_failure(error).startswith("lost the connection to the PostgreSQL server at "
                                        "127.0.0.1:")
    with pytest.raises(ServerUnreachable):
        store.wait(header().id, 1, 0.1)
    # the next calls connect again
    assert store.append_next(header().id, "note_added", 0, "now").seq == 2
    assert [e.seq for e in store.wait(header().id, 1, 1)] == [2]


def test_a_server_that_goes_away_mid_session():
    with throwaway_server() as server:
        store = PostgresStore(server.url("postgres"))
        store.create_session(header())
        server.stop_server()
        with pytest.raises(ServerUnreachable) as error:
            store.events(header().id)
        assert "lost the connection" in pg_failure(error)
        with pytest.raises(ServerUnreachable) as error:
            store.events(header().id)
        assert pg_failure(error).startswith("cannot reach the PostgreSQL server")
        store.close()


def test_a_postgresql_schema_from_a_newer_breachsim_is_refused(pg_server):
    name = pg_server.new_database()
    PostgresStore(pg_server.url(name)).close()
    with pg_server.admin(name) as db:
        db.execute("INSERT INTO breachsim.migrations (number, name) VALUES (%s, 'future')",
                   (len(PG_MIGRATIONS) + 3,))
    with pytest.raises(StoreTooNew) as error:
        open_store(pg_server.url(name))
    assert pg_failure(error) == (
        f"{pg_server.url(name).replace(':' + PASSWORD, '')} was written by a newer breachsim "
        f"(store schema {len(PG_MIGRATIONS) + 3}, this breachsim knows up to "
        f"{len(PG_MIGRATIONS)}); upgrade breachsim to open it")
    pg_server.give_back(name)


def test_another_programs_breachsim_schema_is_left_alone(pg_server):
    name = pg_server.new_database()
    with pg_server.admin(name) as db:
        db.execute("CREATE SCHEMA breachsim")
        db.execute("CREATE TABLE breachsim.photos (name text)")
    with pytest.raises(ForeignStore) as error:
        open_store(pg_server.url(name))
    assert "has a schema 'breachsim' that is not a breachsim session store" in pg_failure(error)
    with pg_server.admin(name) as db:
        assert db.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'breachsim'"
                          ).fetchone()[0] == 1
    pg_server.give_back(name)


def test_without_psycopg_a_postgresql_url_says_what_to_install():
    code = ("import sys; sys.modules['psycopg'] = None\n"
            "from breachsim.store import StoreError, open_store\n"
            "try:\n    open_store('postgresql://ann@db.example/ex')\n"
            "except StoreError as error:\n    print(error)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout == ("the PostgreSQL store needs the postgres extra: "
                          "pip install 'breachsim[postgres]'\n")


def test_a_sqlite_store_never_imports_psycopg(tmp_path):
    code = ("import sys\nfrom breachsim.store import open_store\n"
            f"open_store({str(tmp_path / 's.sqlite3')!r}).close()\n"
            "print([m for m in sys.modules if m.split('.')[0] == 'psycopg'])\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_a_role_that_may_only_read_lists_but_cannot_write(pg_server):
    """The observer role of docs/shared-store.md."""
    name = pg_server.new_database()
    with PostgresStore(pg_server.url(name)) as store:
        store.create_session(header())
    role = f"observer_{name}"  # roles are the server's, databases come back for other tests
    with pg_server.admin(name) as db:
        db.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'observer-pw'")
        for grant in (f"CONNECT ON DATABASE {name}", "USAGE ON SCHEMA breachsim",
                      "SELECT ON ALL TABLES IN SCHEMA breachsim"):
            db.execute(f"GRANT {grant} TO {role}")
    with open_store(pg_server.url(name, user=role, password="observer-pw"),
                    read_only=True) as observer:
        assert [h.id for h in observer.sessions()] == [header().id]
        assert observer.wait(header().id, 0, 0.05) == []
        with pytest.raises(AccessDenied) as error:
            observer.append_next(header().id, "note_added", 0, "now")
        assert f"the PostgreSQL user '{role}' may not do this" in pg_failure(error, "observer-pw")
    pg_server.give_back(name)
