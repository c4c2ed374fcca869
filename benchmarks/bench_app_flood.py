"""The console under a flood: 500 injects delivered at once.

Target (issue 6): the console absorbs 500 injects that arrive at the same in-world moment
with no frame blocked longer than 100 ms.

The real app runs headless (``App.run_test``, 120x40) on a generated scenario: a start inject
and one more at T+00:01 (so the feed has a line to move down to), then 500 injects at
T+00:10. Its clock is a fake monotonic clock that the benchmark moves; the app's own tick
(every 0.25 wall seconds, in a worker thread) delivers what is due. After Start on the
briefing, a task on the event loop sleeps 5 ms at a time and records how late it wakes: the
longest lateness is the longest time the event loop (and so any frame or key press) was
blocked. The benchmark then moves the clock past T+00:10 and records:

- absorbed: from moving the clock to the feed listing every inject, split into waiting for
  the next tick and the rest (the engine and the store deliver in the tick thread, then the
  console adds them to the feed);
- longest block: the longest the event loop was blocked, from moving the clock until 0.3 s
  after the feed lists everything;
- key press: a key sent as soon as the first of the 500 is delivered, until it has taken
  effect. Each round floods twice: once pressing Down (moves in the feed, touches only the
  widget) and once pressing ``a`` (opens the action menu, which reads the exercise).

``--count N`` floods with N injects instead of 500; ``--long-titles`` gives them titles too
long for one line of the feed (the feed wraps them, so it measures each one as it lists it);
``--profile`` runs one more flood (with ``a``) under cProfile and prints where the event
loop's thread spent its time.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import statistics
import tempfile
import time
from pathlib import Path

from textual import events

from breachsim.scenario import load
from breachsim.store import open_store
from breachsim.tui import i18n
from breachsim.tui.app import BreachsimApp

FLOOD = 500
CHANNELS = ("email", "phone", "news", "social", "regulator", "chat", "ticket")
SEVERITIES = ("info", "low", "medium", "high", "critical")
#: The keys pressed during the flood, and how to tell that the app has handled each.
KEYS = {
    "down": (events.Key("down", None), lambda app, feed: feed.highlighted == 1),
    "a": (events.Key("a", "a"), lambda app, feed: type(app.screen).__name__ == "ActionMenu"),
}


#: What ``--long-titles`` adds to each title of the flood: two lines of the feed at 120x40.
LONG = " and what the service desk, the press office and the regulator have said about it"


def flood_scenario(count: int, long_titles: bool = False) -> str:
    """A valid scenario: a start inject, one at T+00:01, then ``count`` at T+00:10."""
    out = [
        "format: 1",
        "id: flood",
        f"title: {count} injects at once",
        "summary: A synthetic scenario for the console benchmark.",
        "language: en",
        "locale: en_GB",
        "jurisdiction: EU",
        "breach: {nature: [confidentiality], data_categories: [identity], data_subjects: 5000}",
        "clock: {start: 2026-01-05T08:00:00+01:00, speed: 60, duration: 24h}",
        "start: first",
        "injects:",
        "  - {id: first, title: It starts, channel: email, marks_awareness: true,",
        "     body: The service desk reports a breach.}",
        "  - {id: second, title: A second message, channel: chat, at: T+00:01,",
        "     body: Still looking into it.}",
    ]
    for n in range(count):
        out += [
            f"  - id: flood{n}",
            f"    title: Message {n} of the flood{LONG if long_titles else ''}",
            f"    channel: {CHANNELS[n % len(CHANNELS)]}",
            f"    severity: {SEVERITIES[n % len(SEVERITIES)]}",
            "    at: T+00:10",
            f"    body: Message {n} about {{{{ organisation.name }}}}; nothing new yet.",
        ]
    return "\n".join(out) + "\n"


class Clock:
    """A monotonic clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def flood_once(scenario, store_path: Path, key: str) -> dict[str, float]:
    press, handled = KEYS[key]
    clock = Clock()
    total = len(scenario.injects)
    speed = scenario.clock.speed
    with open_store(store_path) as store:
        app = BreachsimApp(store, scenario=scenario, seed=1, team="Bench", monotonic=clock,
                           tick_seconds=0.25)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert type(app.screen).__name__ == "ConsoleScreen", app.screen
            feed = app.screen.query_one("#feed")
            clock.now += 90 / speed  # past T+00:01: two injects in the feed
            while feed.option_count < 2:
                await asyncio.sleep(0.01)
            await pilot.pause()
            assert feed.highlighted == 0, feed.highlighted

            marks: dict[str, float] = {}
            worst = 0.0
            done = False

            async def monitor() -> None:
                nonlocal worst
                while not done:
                    start = time.perf_counter()
                    await asyncio.sleep(0.005)
                    now = time.perf_counter()
                    worst = max(worst, now - start - 0.005)
                    if "first" not in marks and len(app.exercise.state.delivered) > 2:
                        marks["first"] = now
                        app._driver.send_message(press)
                    if "first" in marks and "key" not in marks and handled(app, feed):
                        marks["key"] = now
                    if "shown" not in marks and feed.option_count == total:
                        marks["shown"] = now

            watcher = asyncio.create_task(monitor())
            await asyncio.sleep(0.05)
            worst = 0.0
            moved = time.perf_counter()
            clock.now += 600 / speed  # past T+00:10
            while not {"shown", "key"} <= marks.keys():
                if time.perf_counter() > moved + 30:
                    raise TimeoutError(f"the flood was not absorbed in 30 s: {marks}")
                await asyncio.sleep(0.01)
            await asyncio.sleep(0.3)  # a refresh or two after the flood belongs to it
            done = True
            await watcher
            return {
                "absorbed": marks["shown"] - moved,
                "wait": marks["first"] - moved,
                "rest": marks["shown"] - marks["first"],
                "block": worst,
                "key": marks["key"] - marks["first"],
            }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--count", type=int, default=FLOOD, help="injects in the flood")
    parser.add_argument("--long-titles", action="store_true",
                        help="titles that wrap in the feed")
    parser.add_argument("--profile", action="store_true",
                        help="profile one more flood and print the top functions")
    args = parser.parse_args()
    i18n.set_language("en")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "flood.scenario.yaml"
        path.write_text(flood_scenario(args.count, args.long_titles), encoding="utf-8")
        result = load(path)
        assert result.ok, result
        scenario = result.scenario
        runs: dict[str, list[dict[str, float]]] = {key: [] for key in KEYS}
        for n in range(args.runs):
            for key in KEYS:
                store = Path(folder) / f"run{n}-{key}.sqlite3"
                run = asyncio.run(flood_once(scenario, store, key))
                print(f"  run {n + 1}, key {key!r}: absorbed {run['absorbed']:.3f} s (tick "
                      f"wait {run['wait']:.3f} + delivered and listed {run['rest']:.3f}); "
                      f"longest block {run['block'] * 1000:.0f} ms; key handled in "
                      f"{run['key'] * 1000:.0f} ms", flush=True)
                runs[key].append(run)

        print(f"{args.count} injects at once{' (long titles)' if args.long_titles else ''}, "
              f"median of {args.runs} (target: no block over 100 ms)")
        for key, results in runs.items():
            def median(name: str, results=results) -> float:
                return statistics.median(r[name] for r in results)

            worst = max(r["block"] for r in results)
            print(f"  pressing {key!r}: absorbed in {median('absorbed'):.3f} s (waiting for "
                  f"the tick {median('wait'):.3f} + delivered and listed "
                  f"{median('rest'):.3f}); longest event-loop block "
                  f"{median('block') * 1000:.0f} ms (worst run {worst * 1000:.0f} ms); "
                  f"key handled in {median('key') * 1000:.0f} ms")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            asyncio.run(flood_once(scenario, Path(folder) / "profile.sqlite3", "a"))
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(12)


if __name__ == "__main__":
    main()
