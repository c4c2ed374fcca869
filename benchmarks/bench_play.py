"""Headless play speed.

Targets (issue 4): each bundled scenario played headless in under 0.5 s including start-up
(a fresh `breachsim play` process); a generated scenario of 10,000 injects played to the end
at over 20,000 events per second, excluding the store.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import scenario_text

from breachsim.application.play import play
from breachsim.scenario import load
from breachsim.scenario.bundled import bundled_scenarios


def process_seconds(scenario: Path, store: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "breachsim", "play", str(scenario), "--seed", "1",
                        "--store", store], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = os.path.join(folder, "bench.sqlite3")
        print("headless play of each bundled scenario, whole process (median of 5)")
        for path in bundled_scenarios():
            seconds = process_seconds(path, store, 5)
            print(f"  {path.name:<46} {seconds:6.3f} s")
        startup = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "breachsim", "--version"], check=True,
                           capture_output=True)
            startup.append(time.perf_counter() - start)
        print(f"  (for scale: `breachsim --version` alone {statistics.median(startup):.3f} s)")

        for kind in ("mixed", "full"):
            path = Path(folder) / f"generated-10000-{kind}.scenario.yaml"
            path.write_text(scenario_text(10_000, kind), encoding="utf-8")
            scenario = load(path).scenario
            rates = []
            for _ in range(4):
                start = time.perf_counter()
                result = play(scenario, None, session="bench", seed=1, team="T",
                              wall=lambda: "2026-01-01T00:00:00.000+00:00")
                rates.append(result.director.state.seq / (time.perf_counter() - start))
            events = result.director.state.seq
            print(f"generated 10,000 injects ({kind} bodies) played to the end, no store: "
                  f"{events} events; first play {rates[0]:,.0f} events/s, "
                  f"median of the next 3 {statistics.median(rates[1:]):,.0f} events/s")


if __name__ == "__main__":
    main()
