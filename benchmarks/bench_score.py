"""Scoring speed. Target (issue 5): a session of 20,000 events scored in under 0.5 s.

The session is a generated scenario of 16,000 injects (every fourth expecting an answer to a
journalist) played by a diligent team that takes every expected action at once, so the log
holds deliveries, decisions and actions in realistic proportions.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import scenario_text

from breachsim.application.explore import _run
from breachsim.rules.scoring import score
from breachsim.scenario import load


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated-16000.scenario.yaml"
        path.write_text(scenario_text(16_000, "mixed", expect_every=4), encoding="utf-8")
        scenario = load(path).scenario
        played, _ = _run(scenario, 1, "diligent", [], lambda: "2026-01-01T00:00:00.000+00:00")
        events = played.events
        times = []
        for _ in range(5):
            start = time.perf_counter()
            result = score(scenario, events)
            times.append(time.perf_counter() - start)
        print(f"score a session of {len(events):,} events ({len(result.findings):,} findings): "
              f"median {statistics.median(times):.3f} s of 5 runs "
              f"(min {min(times):.3f}, max {max(times):.3f})")


if __name__ == "__main__":
    main()
