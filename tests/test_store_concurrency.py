"""Several processes on one store, on SQLite and on PostgreSQL: concurrent writers, a reader
following ticks, a follower waiting for appends, and a writer killed mid-stream."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from .conftest import ROOT
from .test_store import header

WRITERS = 4
#: A writer: ``next`` appends each event under the next free seq; ``optimistic`` tracks the
#: log itself and appends batches of 1-3 events with ``expected_seq``, re-reading and retrying
#: when another writer got there first.
WRITER = """
import sys
import time
from breachsim.engine.events import Event
from breachsim.store import SeqConflict, open_store
location, name, count, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
session = "{session}"
with open_store(location) as store:
    print("ready", flush=True)
    sys.stdin.readline()  # wait until every writer is ready, so that they overlap
    i = retries = 0
    last = 0
    while i < count:
        if mode == "next":
            store.append_next(session, "note_added", i, "now", {{"writer": name, "i": i}})
            i += 1
        else:
            size = min(1 + i % 3, count - i)
            batch = [Event(last + 1 + k, "note_added", i + k, "now", {{"writer": name, "i": i + k}})
                     for k in range(size)]
            try:
                store.append_many(session, batch, expected_seq=last + 1)
            except SeqConflict as conflict:
                retries += 1
                last = store.events(session, after_seq=last)[-1].seq
                assert last >= conflict.current
                continue
            last += size
            i += size
        time.sleep(0.001)  # let the others in between appends, as a real writer would
    print(retries, flush=True)
"""


def spawn(code: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def go(processes: list[subprocess.Popen]) -> None:
    """Wait until each process says it is ready, then let them all go at once."""
    for proc in processes:
        assert proc.stdout.readline() == "ready\n", proc.stderr.read()
    for proc in processes:
        proc.stdin.write("go\n")
        proc.stdin.flush()


@pytest.mark.parametrize("mode", ["next", "optimistic"])
def test_writers_appending_at_once_get_every_seq_once(stores, mode):
    count = 150
    with stores.open() as store:
        store.create_session(header())
    code = WRITER.format(session=header().id)
    names = [f"w{n}" for n in range(WRITERS)]
    writers = [spawn(code, stores.location, name, str(count), mode) for name in names]
    go(writers)
    retries = 0
    for proc in writers:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        retries += int(out)
    with stores.open() as store:
        events = store.events(header().id)
    assert [e.seq for e in events] == list(range(1, WRITERS * count + 1))
    for name in names:
        mine = [e.data["i"] for e in events if e.data["writer"] == name]
        assert mine == list(range(count))  # all there once, in the order each process wrote
    if mode == "optimistic":
        assert retries > 0  # they did collide, and the conflicts were caught


TICK = 10
TICKS = f"""
import sys
from breachsim.engine.events import Event
from breachsim.store import open_store
with open_store(sys.argv[1]) as store:
    for tick in range(int(sys.argv[2])):
        first = tick * {TICK} + 1
        store.append_many("{header().id}", [Event(seq, "inject_delivered", tick, "now", {{"t": tick}})
                                        for seq in range(first, first + {TICK})],
                          expected_seq=first)
        print(first + {TICK} - 1, flush=True)  # confirmed: the whole tick is stored
"""


def test_a_reader_sees_the_events_of_a_tick_all_at_once(stores):
    with stores.open() as store:
        store.create_session(header())
    writer = spawn(TICKS, stores.location, "100")
    seen = []
    with stores.open() as reader:
        while len(seen) < 100 * TICK:
            assert writer.poll() in (None, 0), writer.stderr.read()
            polled = reader.events(header().id, after_seq=len(seen))
            assert len(polled) % TICK == 0, [e.seq for e in polled]  # whole ticks only
            seen += polled
    assert writer.wait(timeout=30) == 0
    assert [e.seq for e in seen] == list(range(1, 100 * TICK + 1))


APPENDER = """
import sys
import time
from breachsim.store import open_store
with open_store(sys.argv[1]) as store:
    print("ready", flush=True)
    sys.stdin.readline()
    for i in range(int(sys.argv[2])):
        time.sleep(0.15)
        store.append_next("{session}", "note_added", i, "now", {{"i": i}})
        print(time.monotonic(), flush=True)  # the append has returned
"""


def test_a_follower_sees_another_processs_appends_within_a_second(stores):
    count = 6
    with stores.open() as follower:
        follower.create_session(header())
        follower.wait(header().id, 0, timeout=0.01)  # the first call may connect
        appender = spawn(APPENDER.format(session=header().id), stores.location, str(count))
        go([appender])
        last, lags = 0, []
        while last < count:
            events = follower.wait(header().id, last, timeout=5)
            seen = time.monotonic()
            assert events, appender.stderr.read()
            assert [e.seq for e in events] == list(range(last + 1, last + 1 + len(events)))
            for _ in events:
                lags.append(seen - float(appender.stdout.readline()))
            last = events[-1].seq
        assert appender.wait(timeout=30) == 0
    assert max(lags) < 1.0, lags


KILLED = """
import sys
from breachsim.engine.events import Event
from breachsim.store import open_store
with open_store(sys.argv[1]) as store:
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


def test_every_confirmed_append_survives_a_kill(stores):
    with stores.open() as store:
        store.create_session(header())
    proc = spawn(KILLED.format(session=header().id), stores.location)
    confirmed = confirmed_until_killed(proc, 300)
    assert confirmed == list(range(1, len(confirmed) + 1))
    with stores.open() as store:
        stored = [e.seq for e in store.events(header().id)]
    assert set(confirmed) <= set(stored)
    assert stored == list(range(1, len(stored) + 1))  # and nothing half written
    if stores.backend == "sqlite":
        db = sqlite3.connect(stores.location)
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        db.close()


def test_a_writer_killed_during_ticks_keeps_every_confirmed_tick_whole(stores):
    with stores.open() as store:
        store.create_session(header())
    proc = spawn(TICKS, stores.location, "1000000")
    confirmed = confirmed_until_killed(proc, 50)
    with stores.open() as store:
        stored = [e.seq for e in store.events(header().id)]
    assert stored == list(range(1, len(stored) + 1)) and len(stored) >= confirmed[-1]
    assert len(stored) % TICK == 0  # a tick is there whole, or not at all
