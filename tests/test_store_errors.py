"""Every store failure a user can meet is a StoreError with one line saying what to do."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from breachsim.store import (
    ForeignStore,
    SqliteStore,
    StoreCorrupt,
    StoreError,
    StoreLocked,
    StoreReadOnly,
    StoreTooNew,
    open_store,
)
from breachsim.store.migrations import MIGRATIONS

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
