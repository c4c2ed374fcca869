"""Several processes on one session: 4 writers appending at once, and a follower.

Each writer process appends ``PER_WRITER`` small events to the same session with
``append_next`` (a commit each), all starting together; a follower process waits for them with
``wait`` (timeout 0.5 s, as the app's worker does). For SQLite (a file in /tmp, the default
synchronous=FULL) and PostgreSQL (a throwaway local server with the default durability,
``fsync`` on, started from the machine's PostgreSQL programs as the tests do):

- events/s: all the events, from the first writer's start to the last one's end;
- follower lag: from an append returning in its writer to the follower's ``wait`` returning it
  (the processes share the system's monotonic clock), median and 99th percentile. It can be
  below zero: the follower may be told of a commit before its writer has read the reply.

Each figure is the median of ``RUNS`` runs. A PostgreSQL URL as argument measures that server
instead (its database gets a session named ``bench-writers-…``).

    python benchmarks/bench_store_writers.py [postgresql://…]
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from backends import on_each_backend  # noqa: E402

from breachsim.store import SessionHeader, open_store  # noqa: E402

RUNS = 3
WRITERS = 4
PER_WRITER = 500
WALL = "2025-01-01T00:00:00+00:00"
DATA = {"action": "call_dpo", "by": "CISO"}


def writer(location: str, session: str) -> None:
    """Append, then print when each append returned: {seq: monotonic time}."""
    with open_store(location) as store:
        print("ready", flush=True)
        sys.stdin.readline()
        returned = {"start": time.monotonic()}
        for world in range(PER_WRITER):
            seq = store.append_next(session, "decision_recorded", world, WALL, DATA).seq
            returned[seq] = time.monotonic()
        returned["end"] = time.monotonic()
    print(json.dumps(returned), flush=True)


def follower(location: str, session: str) -> None:
    """Follow until every event is seen, then print when each was: {seq: monotonic time}."""
    with open_store(location) as store:
        store.wait(session, 0, 0.01)  # connected before the writers start
        print("ready", flush=True)
        sys.stdin.readline()
        seen, last = {}, 0
        while last < WRITERS * PER_WRITER:
            events = store.wait(session, last, 0.5)
            now = time.monotonic()
            for event in events:
                seen[event.seq] = now
            last = events[-1].seq if events else last
    print(json.dumps(seen), flush=True)


def one_run(location: str, session: str) -> tuple[float, float, float]:
    """events/s, median and 99th-percentile follower lag in ms."""
    with open_store(location) as store:
        store.create_session(SessionHeader(
            id=session, scenario_id="bench", scenario_sha256="0" * 64, scenario_json="{}",
            seed=1, team="bench", language="en", created=WALL, updated=WALL))
    roles = ["follower"] + ["writer"] * WRITERS
    procs = [subprocess.Popen([sys.executable, __file__, role, location, session], text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE) for role in roles]
    for proc in procs:
        assert proc.stdout.readline() == "ready\n"
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    results = [json.loads(proc.communicate(timeout=600)[0]) for proc in procs]
    seen, writers = results[0], results[1:]
    start = min(w.pop("start") for w in writers)
    end = max(w.pop("end") for w in writers)
    returned = {seq: at for w in writers for seq, at in w.items()}
    assert sorted(map(int, returned)) == list(range(1, WRITERS * PER_WRITER + 1))
    lags = sorted(1000 * (seen[seq] - at) for seq, at in returned.items())
    return (WRITERS * PER_WRITER / (end - start), statistics.median(lags),
            lags[int(0.99 * (len(lags) - 1))])


def measure(name: str, locations) -> None:
    runs = [one_run(location, f"bench-writers-{time.time_ns()}") for location in locations]
    rate, median, p99 = (statistics.median(column) for column in zip(*runs, strict=True))
    print(f"  {name:<12} {rate:>10,.0f} {median:>12.1f} {p99:>12.1f}")


def main() -> None:
    print(f"session store: {WRITERS} writer processes × {PER_WRITER} append_next on one "
          f"session, one follower (wait); median of {RUNS} runs")
    print(f"  {'store':<12} {'events/s':>10} {'lag ms p50':>12} {'lag ms p99':>12}")
    on_each_backend(measure, RUNS, sys.argv[1] if len(sys.argv) > 1 else None)


if __name__ == "__main__":
    if sys.argv[1:2] == ["writer"]:
        writer(*sys.argv[2:])
    elif sys.argv[1:2] == ["follower"]:
        follower(*sys.argv[2:])
    else:
        main()
