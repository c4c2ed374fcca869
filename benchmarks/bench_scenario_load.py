"""Load and validate scenarios: generated ones of 1,000 and 10,000 injects, and the bundled set.

Targets (issue 3): each bundled scenario under 0.3 s; 10,000 injects under 3 s.
Prints the median of several runs, in seconds.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import scenario_text

from breachsim.scenario import load, templates
from breachsim.scenario.bundled import bundled_scenarios


def median_seconds(path: Path, runs: int) -> tuple[float, int]:
    times = []
    diagnostics = 0
    for _ in range(runs):
        templates._outline.cache_clear()  # measure cold, as a fresh process would
        start = time.perf_counter()
        result = load(path)
        times.append(time.perf_counter() - start)
        diagnostics = len(result.diagnostics)
        assert result.scenario is not None, result.diagnostics[:3]
    return statistics.median(times), diagnostics


def main() -> None:
    print("scenario load + validate (median seconds)")
    with tempfile.TemporaryDirectory() as folder:
        for count, runs, kind in ((1_000, 7, "mixed"), (10_000, 5, "mixed"),
                                  (10_000, 3, "full")):
            path = Path(folder) / f"generated-{count}-{kind}.scenario.yaml"
            path.write_text(scenario_text(count, kind), encoding="utf-8")
            seconds, diags = median_seconds(path, runs)
            print(f"  generated {count:>6} injects, {kind:<5} bodies  {seconds:7.3f} s  "
                  f"({path.stat().st_size / 1e6:.1f} MB, {diags} diagnostics, {runs} runs)")
    for path in bundled_scenarios():
        seconds, diags = median_seconds(path, 9)
        process = statistics.median(process_seconds(path) for _ in range(5))
        print(f"  bundled {path.name:<46} {seconds:6.3f} s in process, {process:6.3f} s as "
              f"`breachsim validate` ({diags} diagnostics)")


def process_seconds(path: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "breachsim", "validate", str(path)], check=True,
                   capture_output=True)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
