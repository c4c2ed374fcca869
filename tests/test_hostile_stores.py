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
