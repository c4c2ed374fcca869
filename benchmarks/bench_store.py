"""Durable appends to the session store: events per second, one commit per event.

WAL mode with ``synchronous=FULL`` (the WAL is fsynced at every commit) against ``NORMAL``
(fsynced only at checkpoints): the median of 5 runs of 2,000 ``append_next`` calls each, on a
temporary file, the two levels taking turns so that drift in the disk hits both alike. Then the
default the store uses, and why.

    python benchmarks/bench_store.py [FOLDER]   # FOLDER: measure on that disk instead of /tmp
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from breachsim.store import SessionHeader, SqliteStore
from breachsim.store.sqlite import DEFAULT_SYNCHRONOUS

RUNS = 5
APPENDS = 2_000
LEVELS = ("FULL", "NORMAL")
#: Events per second an exercise records at its busiest (a burst of injects and decisions;
#: storm posts are recomputed, never stored one by one) — with a wide margin.
BUSIEST = 10
PAYLOAD = {"inject": "journalist_calls", "channel": "phone", "title": "NOS asks for a reaction",
           "body": "A reporter has heard about the outage and asks whether patient data leaked. "
                   "She wants a statement within the hour."}


def appends_per_second(path: Path, level: str) -> float:
    with SqliteStore(path, synchronous=level) as store:
        store.create_session(SessionHeader(
            id="bench", scenario_id="bench", scenario_sha256="0" * 64, scenario_json="{}",
            seed=1, team="bench", language="en", created="2025-01-01T00:00:00+00:00",
            updated="2025-01-01T00:00:00+00:00"))
        start = time.perf_counter()
        for world in range(APPENDS):
            store.append_next("bench", "inject_delivered", world, "2025-01-01T00:00:00+00:00",
                              PAYLOAD)
        return APPENDS / (time.perf_counter() - start)


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    rates: dict[str, list[float]] = {level: [] for level in LEVELS}
    with tempfile.TemporaryDirectory(dir=folder) as scratch:
        for run in range(RUNS):
            for level in LEVELS:
                rates[level].append(appends_per_second(Path(scratch, f"{level}-{run}.db"), level))
    median = {level: statistics.median(rates[level]) for level in LEVELS}
    print(f"session store: durable appends, one commit per event "
          f"(WAL, median of {RUNS} runs × {APPENDS:,}, in {folder or tempfile.gettempdir()})")
    print(f"  {'synchronous':<12} {'events/s':>10} {'ms/event':>9}")
    for level in LEVELS:
        print(f"  {level:<12} {median[level]:>10,.0f} {1000 / median[level]:>9.3f}")
    full, normal = median["FULL"], median["NORMAL"]
    if full >= 10 * BUSIEST:
        why = (f"FULL's {full:,.0f} events/s is {full / BUSIEST:,.0f}× the busiest exercise "
               f"(~{BUSIEST}/s), so NORMAL's {normal / full:.1f}× speed buys nothing, while in "
               "WAL it may lose the last commits on a power cut or OS crash (both survive a "
               "killed process)")
    else:
        why = (f"but on this disk FULL manages only {full:,.0f} events/s, close to the busiest "
               f"exercise (~{BUSIEST}/s); consider NORMAL here")
    print(textwrap.fill(f"default: synchronous={DEFAULT_SYNCHRONOUS} — {why}", width=96,
                        initial_indent="  ", subsequent_indent="    "))


if __name__ == "__main__":
    main()
