"""Stores under pressure: a writer that fell behind, a store that is another program's, one we
may only read, a session whose first step could not be stored, and what a killed export left."""

from __future__ import annotations

import json
import sqlite3

import pytest

from breachsim.application.session import Session
from breachsim.store import ENDED, RUNNING, SqliteStore, StoreError

from .app_support import scenario
from .conftest import run_cli
from .test_store_concurrency import spawn

LAGGING = """
import sys
from breachsim.application.session import Session
from breachsim.store import SqliteStore
with SqliteStore(sys.argv[1]) as store:
    session = Session.reopen(store, sys.argv[2])  # still running when this process read it
    print("ready", flush=True)
    sys.stdin.readline()
    session.checkpoint()  # what the app does when it is quit
    print(store.header(session.id).status, flush=True)
"""


def running_session(path) -> str:
    with SqliteStore(path) as store:
        session = Session.begin(store, scenario(), seed=5, team="Blue", wall=lambda: "now")
        assert store.header(session.id).status == RUNNING
        return session.id


def test_a_session_ended_by_one_process_stays_ended_when_another_writes_after(tmp_path):
    path = tmp_path / "s.sqlite3"
    session_id = running_session(path)
    lagging = spawn(LAGGING, str(path), session_id)
    assert lagging.stdout.readline() == "ready\n", lagging.stderr.read()
    finished = run_cli("resume", session_id, "--headless", "--store", str(path))
    assert finished.returncode == 0, finished.stderr
    out, err = lagging.communicate("go\n", timeout=60)
    assert lagging.returncode == 0, err
    assert out == "ended\n"
    listed = json.loads(run_cli("sessions", "--format", "json", "--store", str(path)).stdout)
    assert [s["status"] for s in listed] == [ENDED]
    again = run_cli("resume", "--headless", "--store", str(path))
    assert again.returncode == 1 and "no unfinished session" in again.stderr


def test_progress_only_moves_forward(tmp_path):
    path = tmp_path / "s.sqlite3"
    session_id = running_session(path)
    with SqliteStore(path) as store:
        store.update_progress(session_id, 5000, RUNNING)
        store.update_progress(session_id, 100, RUNNING)
        assert store.header(session_id).world == 5000
        store.update_progress(session_id, 6000, ENDED)
        store.update_progress(session_id, 6000, RUNNING)
        assert store.header(session_id).status == ENDED


def test_a_session_whose_first_step_cannot_be_stored_leaves_nothing(tmp_path):
    path = tmp_path / "s.sqlite3"
    with SqliteStore(path) as store:
        pass
    db = sqlite3.connect(path)  # the disk gives out just as the first events go in
    db.execute("CREATE TRIGGER fail BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'gone'); "
               "END")
    db.commit()
    db.close()
    with SqliteStore(path) as store:
        with pytest.raises(StoreError):
            Session.begin(store, scenario(), seed=5, team="Blue", wall=lambda: "now")
        assert store.sessions() == []


def foreign_databases(tmp_path):
    """Other programs' files, as ``--store`` may be pointed at them."""
    made = {}
    for name, setup in {
        "tables": ["CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)",
                   "INSERT INTO notes (body) VALUES ('keep me')"],
        "wal": ["PRAGMA journal_mode = WAL", "CREATE TABLE t (x)", "INSERT INTO t VALUES (1)"],
        "user_version": ["PRAGMA user_version = 7"],
        "application_id": ["PRAGMA application_id = 1234", "CREATE TABLE t (x)"],
    }.items():
        path = tmp_path / f"{name}.db"
        db = sqlite3.connect(path)
        for statement in setup:
            db.execute(statement)
        db.commit()
        db.close()
        made[name] = path
    made["text"] = tmp_path / "notes.txt"
    made["text"].write_text("my notes, not a database\n" * 10)
    return made


@pytest.mark.parametrize("command", [["sessions"], ["play", "gestolen-laptop"]])
def test_another_programs_file_is_refused_and_left_byte_identical(tmp_path, command):
    for name, path in foreign_databases(tmp_path).items():
        before = path.read_bytes()
        proc = run_cli(*command, "--store", str(path))
        assert proc.returncode == 1, (name, proc.stdout)
        assert "Traceback" not in proc.stderr
        said = ("is not a breachsim session store" if name == "text"
                else "is another program's SQLite database")
        assert said in proc.stderr, (name, proc.stderr)
        assert path.read_bytes() == before, name
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(path.name)) == [
            path.name], name  # no -wal or -shm left beside it


def test_a_store_that_cannot_be_written_is_still_listed_and_exported(tmp_path, read_only):
    from click.testing import CliRunner

    from breachsim.cli import main

    path = tmp_path / "s.sqlite3"
    session_id = running_session(path)
    read_only(path)
    runner = CliRunner()
    listed = runner.invoke(main, ["sessions", "--store", str(path)])
    assert listed.exit_code == 0, listed.output
    assert session_id in listed.output
    out = tmp_path / "out.jsonl"
    exported = runner.invoke(main, ["export", session_id[:10], "--out", str(out),
                                    "--store", str(path)])
    assert exported.exit_code == 0, exported.output
    assert json.loads(out.read_text().splitlines()[0])["id"] == session_id
    played = runner.invoke(main, ["play", "gestolen-laptop", "--store", str(path)])
    assert played.exit_code == 1 and "cannot write to" in played.output  # writing still says so


def test_a_killed_exports_stale_temporary_is_removed_by_the_next_export(tmp_path):
    import os
    import time

    path = tmp_path / "s.sqlite3"
    session_id = running_session(path)
    out = tmp_path / "out.jsonl"
    stale, fresh = tmp_path / ".out.jsonl.k1ll3d_x.tmp", tmp_path / ".out.jsonl.wr1t1ngx.tmp"
    others = [tmp_path / ".other.jsonl.k1ll3d_x.tmp", tmp_path / ".out.jsonl.mine.tmp"]
    two_hours_ago = time.time() - 7200
    for leftover in (stale, fresh, *others):
        leftover.write_text("half an export")
        if leftover is not fresh:
            os.utime(leftover, (two_hours_ago, two_hours_ago))
    proc = run_cli("export", session_id, "--out", str(out), "--store", str(path))
    assert proc.returncode == 0, proc.stderr
    assert not stale.exists()
    assert fresh.exists() and all(p.exists() for p in others)  # in use, or not ours
