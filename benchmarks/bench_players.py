"""Players on one session: 4 player processes acting at once, and a console that shows them.

The facilitator's process opens a session of the bundled hospital scenario and keeps its
clock (a checkpoint a second, as the app does). Each of ``PLAYERS`` player processes joins it
(``Exercise.join``, as ``breachsim join`` and ``act`` do) and records ``PER_PLAYER`` team
actions (a public statement each: the director checks the form, appends the action in one
transaction, and checks again on the new state when another console wrote first). A third
kind of process, the watcher, is a player's console as the app runs it: ``follow`` with a
0.5 s timeout in a loop, folding what others recorded into its state. Measured:

- actions/s: all the players' actions, from the first player's start to the last one's end;
- act → shown: from ``act`` returning in its player to the action being in the watcher's
  state, median and 99th percentile (the processes share the system's monotonic clock). The
  app's screen is refreshed from that state in the same turn of its follow loop.

On SQLite (a file in a temporary folder) and PostgreSQL (a throwaway local server, as the
tests start it). Each figure is the median of ``RUNS`` runs.

    python benchmarks/bench_players.py
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

RUNS = 3
PLAYERS = 4
PER_PLAYER = 100
STATEMENT = {"kind": "holding", "stance": "apologise"}


def _scenario():
    from breachsim.scenario import load
    from breachsim.scenario.bundled import find_bundled

    return load(find_bundled("hospital-ransomware")).scenario


def facilitator(location: str) -> None:
    """Open the session, print its id, keep its clock until stdin closes."""
    import threading

    from breachsim.application.exercise import Exercise
    from breachsim.store import open_store

    with open_store(location) as store:
        exercise = Exercise.begin(store, _scenario(), seed=1, team="Bench", speed=1)
        exercise.start()
        print(exercise.session.id, flush=True)
        done = threading.Event()
        threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
        while not done.wait(1.0):
            exercise.tick()
            exercise.checkpoint()


def player(location: str, session: str, name: str) -> None:
    """Act PER_PLAYER times, then print when each act returned: {text: monotonic time}."""
    from breachsim.application.exercise import Exercise
    from breachsim.store import open_store

    with open_store(location) as store:
        exercise = Exercise.join(store, session, role="comms")
        print("ready", flush=True)
        sys.stdin.readline()  # all start together
        returned = {}
        for index in range(PER_PLAYER):
            text = f"{name} statement {index}"
            exercise.act("public_statement", {**STATEMENT, "text": text})
            returned[text] = time.monotonic()
    print(json.dumps(returned), flush=True)


def watcher(location: str, session: str) -> None:
    """Follow as the app does until every action is in the state: {text: monotonic time}."""
    from breachsim.application.exercise import Exercise
    from breachsim.store import open_store

    with open_store(location) as store:
        exercise = Exercise.join(store, session, role="observer")
        print("ready", flush=True)
        seen: dict[str, float] = {}
        while len(seen) < PLAYERS * PER_PLAYER:
            if exercise.follow(0.5):
                now = time.monotonic()
                for record in exercise.state.actions:
                    seen.setdefault(record.fields.get("text", ""), now)
    print(json.dumps(seen), flush=True)


def _start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, __file__, *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)


def one_run(location: str) -> tuple[float, float, float]:
    keeper = _start("facilitator", location)
    session = keeper.stdout.readline().strip()
    try:
        watch = _start("watcher", location, session)
        players = [_start("player", location, session, f"p{n}") for n in range(PLAYERS)]
        for process in (watch, *players):
            assert process.stdout.readline().strip() == "ready"
        started = time.monotonic()
        for process in players:
            process.stdin.write("go\n")
            process.stdin.flush()
        returned = {}
        for process in players:
            returned.update(json.loads(process.stdout.readline()))
            process.wait()
        elapsed = max(returned.values()) - started
        seen = json.loads(watch.stdout.readline())
        watch.wait()
    finally:
        keeper.stdin.close()
        keeper.wait()
    lags = sorted((seen[text] - at) * 1000 for text, at in returned.items())
    return (len(returned) / elapsed, statistics.median(lags),
            lags[min(len(lags) - 1, int(0.99 * len(lags)))])


def measure(name: str, locations: list[str]) -> None:
    runs = [one_run(location) for location in locations]
    rate, median, p99 = (statistics.median(run[i] for run in runs) for i in range(3))
    print(f"  {name:<12} {rate:>10,.0f} {median:>14.0f} {p99:>14.0f}")


def main() -> None:
    print(f"players: {PLAYERS} player processes × {PER_PLAYER} team actions on one session, "
          f"a watcher following as the app does; median of {RUNS} runs")
    print(f"  {'store':<12} {'actions/s':>10} {'shown ms p50':>14} {'shown ms p99':>14}")
    on_each_backend(measure, RUNS)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in ("facilitator", "player", "watcher"):
        {"facilitator": facilitator, "player": player, "watcher": watcher}[sys.argv[1]](
            *sys.argv[2:])
    else:
        main()
