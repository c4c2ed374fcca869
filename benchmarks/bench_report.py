"""After-action report speed. Target (issue 13): the report of a 20,000-event session in each of
html, md and json under 1 s; the PDF within a few seconds.

The session is a generated scenario of 16,000 injects spread over 96 in-world hours (every
fourth expecting an answer to a journalist) played by a diligent team, as in bench_score.py
but within the span of a real exercise, so the storm the report recomputes covers four days.
Building the report (score, deadlines, the storm, every section) is timed apart from rendering
each format; a format's figure is the two together. The PDF is timed on the example report
(the demo scenario played poorly, 49 events) and on the first 2,000 events of the big session.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generate import scenario_text

from breachsim.application.explore import _run
from breachsim.report import Played, build_report
from breachsim.report.render import render
from breachsim.report.session import Facts
from breachsim.scenario import load
from tests.report_examples import played as example

RUNS = 3


def timed(what, runs: int = RUNS):
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = what()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated-16000.scenario.yaml"
        path.write_text(scenario_text(16_000, "mixed", expect_every=4, hours=96),
                        encoding="utf-8")
        scenario = load(path).scenario
    run, _ = _run(scenario, 1, "diligent", [], lambda: "2026-01-05T07:00:00.000+00:00")
    session = Played(scenario, "bench", "Team", 1, "2026-01-05T07:00:00+00:00", run.events)
    print(f"session of {len(session.events):,} events over "
          f"{session.events[-1].world / 3600:.0f} in-world hours; medians of {RUNS} runs")
    storm, _ = timed(lambda: Facts(session, "en").storm)
    build, report = timed(lambda: build_report(session, generated="2026-01-05T07:00:00Z"))
    print(f"  build the report model: {build:.2f} s (of which the storm {storm:.2f} s)")
    for fmt in ("html", "md", "json"):
        took, text = timed(lambda fmt=fmt: render(report, fmt))
        print(f"  {fmt:<4}: render {took:.2f} s, with the build {build + took:.2f} s "
              f"({len(text) / 1e6:.1f} MB)")
    small = example()
    made = build_report(small, generated="2026-03-24T09:00:00Z")
    took, pdf = timed(lambda: render(made, "pdf"), 1)
    print(f"  pdf of the example report ({len(small.events)} events): {took:.1f} s "
          f"({len(pdf) / 1e3:.0f} kB)")
    part = replace(session, events=session.events[:2000])
    made = build_report(part, generated="2026-01-05T07:00:00Z")
    took, pdf = timed(lambda: render(made, "pdf"), 1)
    print(f"  pdf of the first 2,000 events: {took:.1f} s ({len(pdf) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
