"""Durable appends to the session store: events per second, at synchronous=FULL unless said.

Each run writes 2,000 events to a new temporary file per measure, the measures taking turns so
that drift in the disk hits them alike; the table gives the median of 7 runs:

- ``append``, one event per commit (a team's decision), at FULL and at NORMAL;
- ``append_next``, one event per commit under the next free seq (several writers at once);
- a raw ``sqlite3`` loop on the same schema and pragmas: one ``INSERT`` and ``COMMIT`` per
  event, its payload ``json.dumps``-ed — the floor for one commit per event;
- ``append_many``, one commit per tick of 10 and of 100 events, and the raw loop with one
  ``executemany`` and ``COMMIT`` per tick of 100.

The store's rate against the raw loop's is the median of the runs' own ratios.

Then the default the store uses, and why.

    python benchmarks/bench_store.py [FOLDER]   # FOLDER: measure on that disk instead of /tmp
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

from breachsim.engine.events import Event
from breachsim.store import SessionHeader, SqliteStore
from breachsim.store.sqlite import DEFAULT_SYNCHRONOUS

RUNS = 7
EVENTS = 2_000
SESSION = "bench"
WALL = "2025-01-01T00:00:00+00:00"
#: Events per second an exercise records at its busiest (a burst of injects and decisions;
#: storm posts are recomputed, never stored one by one) — with a wide margin.
BUSIEST = 10
PAYLOAD = {"inject": "journalist_calls", "channel": "phone", "title": "NOS asks for a reaction",
           "body": "A reporter has heard about the outage and asks whether patient data leaked. "
                   "She wants a statement within the hour."}


def event(seq: int) -> Event:
    return Event(seq, "inject_delivered", seq, WALL, PAYLOAD)


def new_store(path: Path, level: str) -> SqliteStore:
    store = SqliteStore(path, synchronous=level)
    store.create_session(SessionHeader(
        id=SESSION, scenario_id="bench", scenario_sha256="0" * 64, scenario_json="{}", seed=1,
        team="bench", language="en", created=WALL, updated=WALL))
    return store


def timed(write: Callable[[], None]) -> float:
    """Events per second of ``write``, which writes ``EVENTS`` events."""
    start = time.perf_counter()
    write()
    return EVENTS / (time.perf_counter() - start)


def appends(path: Path, level: str = "FULL") -> float:
    with new_store(path, level) as store:
        def write() -> None:
            for seq in range(1, EVENTS + 1):
                store.append(SESSION, event(seq), expected_seq=seq)
        return timed(write)


def next_appends(path: Path) -> float:
    with new_store(path, "FULL") as store:
        def write() -> None:
            for world in range(EVENTS):
                store.append_next(SESSION, "inject_delivered", world, WALL, PAYLOAD)
        return timed(write)


def ticks(path: Path, size: int) -> float:
    batches = [[event(seq) for seq in range(first, first + size)]
               for first in range(1, EVENTS + 1, size)]
    with new_store(path, "FULL") as store:
        def write() -> None:
            for batch in batches:
                store.append_many(SESSION, batch, expected_seq=batch[0].seq)
        return timed(write)


def raw_loop(path: Path, size: int = 1) -> float:
    """The same rows through ``sqlite3`` alone, on the store's schema and pragmas: a commit per
    ``size`` events (one ``INSERT``, or one ``executemany``)."""
    new_store(path, "FULL").close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")
    insert = ("INSERT INTO events (session, seq, kind, world, wall, data) "
              "VALUES (?, ?, ?, ?, ?, ?)")

    def write() -> None:
        for first in range(1, EVENTS + 1, size):
            rows = [(SESSION, seq, "inject_delivered", seq, WALL, json.dumps(PAYLOAD))
                    for seq in range(first, first + size)]
            if size == 1:
                db.execute(insert, rows[0])
            else:
                db.executemany(insert, rows)
            db.commit()

    try:
        return timed(write)
    finally:
        db.close()


SINGLE = "append, a commit per event"
RAW = "raw sqlite3 INSERT + COMMIT per event"
NORMAL = "append at NORMAL, a commit per event"
TICKS = "append_many, ticks of 100 events"
RAW_TICKS = "raw sqlite3, ticks of 100 events"
MEASURES: dict[str, Callable[[Path], float]] = {
    SINGLE: appends,
    "append_next, a commit per event": next_appends,
    RAW: raw_loop,
    NORMAL: lambda path: appends(path, "NORMAL"),
    "append_many, ticks of 10 events": lambda path: ticks(path, 10),
    TICKS: lambda path: ticks(path, 100),
    RAW_TICKS: lambda path: raw_loop(path, 100),
}
#: The store against the raw loop, each pair measured within the same run.
VERSUS = ((SINGLE, RAW, "append / raw loop"), (TICKS, RAW_TICKS, "ticks of 100 / raw ticks"))


def measure(folder: Path | None) -> dict[str, list[float]]:
    rates: dict[str, list[float]] = {name: [] for name in MEASURES}
    with tempfile.TemporaryDirectory(dir=folder) as scratch:
        for run in range(RUNS):
            for number, (name, rate) in enumerate(MEASURES.items()):
                rates[name].append(rate(Path(scratch, f"{run}-{number}.db")))
    return rates


def why_the_default(full: float, normal: float) -> str:
    if full >= 10 * BUSIEST:
        why = (f"FULL's {full:,.0f} commits/s is {full / BUSIEST:,.0f}× the busiest exercise "
               f"(~{BUSIEST} events/s), so NORMAL's {normal / full:.1f}× speed buys nothing, "
               "while in WAL it may lose the last commits on a power cut or OS crash (both "
               "survive a killed process)")
    else:
        why = (f"but on this disk FULL manages only {full:,.0f} commits/s, close to the busiest "
               f"exercise (~{BUSIEST} events/s); consider NORMAL here")
    return textwrap.fill(f"default: synchronous={DEFAULT_SYNCHRONOUS} — {why}", width=96,
                         initial_indent="  ", subsequent_indent="    ")


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    rates = measure(folder)
    median = {name: statistics.median(values) for name, values in rates.items()}
    print(f"session store: durable appends, synchronous=FULL unless said (WAL, median of "
          f"{RUNS} runs × {EVENTS:,} events, in {folder or tempfile.gettempdir()})")
    print(f"  {'what':<40} {'events/s':>10} {'ms/event':>9}")
    for name, rate in median.items():
        print(f"  {name:<40} {rate:>10,.0f} {1000 / rate:>9.3f}")
    for store, raw, label in VERSUS:
        ratio = statistics.median(a / b for a, b in zip(rates[store], rates[raw], strict=True))
        print(f"  {label}, median of the runs' ratios: {ratio:.2f}×")
    print(why_the_default(median[SINGLE], median[NORMAL]))


if __name__ == "__main__":
    main()
