"""Several processes on one store: concurrent writers, a reader following ticks, and a writer
killed mid-stream."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys

from breachsim.store import SqliteStore

from .conftest import ROOT
from .test_store import header

WRITER = """
import sys
import time
from breachsim.store import SqliteStore
path, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
with SqliteStore(path) as store:
    print("ready", flush=True)
    sys.stdin.readline()  # wait until every writer is ready, so that they overlap
    for i in range(count):
        store.append_next("{session}", "note_added", i, "now", {{"writer": name, "i": i}})
        time.sleep(0.001)  # let the other writer in between appends, as a real one would
"""


def spawn(code: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def test_two_processes_appending_at_once_get_every_seq_once(tmp_path):
    path = tmp_path / "sessions.sqlite3"
    with SqliteStore(path) as store:
        store.create_session(header())
    code = WRITER.format(session=header().id)
    writers = {name: spawn(code, str(path), name, "200") for name in ("a", "b")}
    for proc in writers.values():
        assert proc.stdout.readline() == "ready\n", proc.stderr.read()
    for proc in writers.values():
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in writers.values():
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    with SqliteStore(path) as store:
        events = store.events(header().id)
    assert [e.seq for e in events] == list(range(1, 401))
    for name in writers:
        mine = [e.data["i"] for e in events if e.data["writer"] == name]
        assert mine == list(range(200))  # all there, in the order each process wrote them


TICK = 10
TICKS = f"""
import sys
from breachsim.engine.events import Event
from breachsim.store import SqliteStore
with SqliteStore(sys.argv[1]) as store:
    for tick in range(int(sys.argv[2])):
        first = tick * {TICK} + 1
        store.append_many("{header().id}", [Event(seq, "inject_delivered", tick, "now", {{"t": tick}})
                                        for seq in range(first, first + {TICK})],
                          expected_seq=first)
        print(first + {TICK} - 1, flush=True)  # confirmed: the whole tick is stored
"""


def test_a_reader_sees_the_events_of_a_tick_all_at_once(tmp_path):
    path = tmp_path / "sessions.sqlite3"
    with SqliteStore(path) as store:
        store.create_session(header())
    writer = spawn(TICKS, str(path), "100")
    seen = []
    with SqliteStore(path) as reader:
        while len(seen) < 100 * TICK:
            assert writer.poll() in (None, 0), writer.stderr.read()
            polled = reader.events(header().id, after_seq=len(seen))
            assert len(polled) % TICK == 0, [e.seq for e in polled]  # whole ticks only
            seen += polled
    assert writer.wait(timeout=30) == 0
    assert [e.seq for e in seen] == list(range(1, 100 * TICK + 1))


KILLED = """
import sys
from breachsim.engine.events import Event
from breachsim.store import SqliteStore
with SqliteStore(sys.argv[1]) as store:
    for seq in range(1, 1_000_000):
        store.append("{session}", Event(seq, "note_added", seq, "now", {{"n": seq}}),
                     expected_seq=seq)
        print(seq, flush=True)  # confirmed: the append has returned
"""


def confirmed_until_killed(proc: subprocess.Popen, lines_wanted: int) -> list[int]:
    """Read what ``proc`` confirmed (one number a line) until ``lines_wanted`` lines, kill it
    and read the rest; the lines it finished writing, as numbers."""
    lines = []
    while len(lines) < lines_wanted:
        line = proc.stdout.readline()
        assert line, proc.stderr.read()
        lines.append(line)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL
    # the rest through the same file: communicate() would read past what readline buffered
    lines += proc.stdout.read().splitlines(keepends=True)
    for pipe in (proc.stdin, proc.stdout, proc.stderr):
        pipe.close()
    return [int(line) for line in lines if line.endswith("\n")]


def test_every_confirmed_append_survives_a_kill(tmp_path):
    path = tmp_path / "sessions.sqlite3"
    with SqliteStore(path) as store:
        store.create_session(header())
    proc = spawn(KILLED.format(session=header().id), str(path))
    confirmed = confirmed_until_killed(proc, 300)
    assert confirmed == list(range(1, len(confirmed) + 1))
    with SqliteStore(path) as store:
        stored = [e.seq for e in store.events(header().id)]
    assert set(confirmed) <= set(stored)
    assert stored == list(range(1, len(stored) + 1))  # and nothing half written
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


def test_a_writer_killed_during_ticks_keeps_every_confirmed_tick_whole(tmp_path):
    path = tmp_path / "sessions.sqlite3"
    with SqliteStore(path) as store:
        store.create_session(header())
    proc = spawn(TICKS, str(path), "1000000")
    confirmed = confirmed_until_killed(proc, 50)
    with SqliteStore(path) as store:
        stored = [e.seq for e in store.events(header().id)]
    assert stored == list(range(1, len(stored) + 1)) and len(stored) >= confirmed[-1]
    assert len(stored) % TICK == 0  # a tick is there whole, or not at all
