"""The example reports in reports/: the bundled demo scenario played by its poor plan, with the
plan's seed and a wall clock that starts at a fixed moment and moves a minute per event.

``python -m tests.report_examples`` (``make examples``) writes them anew; tests/test_report.py
makes them again and fails when a byte differs. The generation time is the one value that
would change from run to run; the examples fix it (GENERATED) and reports/README.md says so.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from breachsim.application.plan import load_plan
from breachsim.application.play import play
from breachsim.report import Played, build_report
from breachsim.report.render import render
from breachsim.scenario import load
from breachsim.scenario.bundled import DEMO_SCENARIO, find_bundled

from .conftest import ROOT

PLAN = ROOT / "tests" / "playthroughs" / f"{DEMO_SCENARIO}.bad.plan.yaml"
SESSION = f"example-{DEMO_SCENARIO}"
START = datetime(2026, 3, 17, 3, 40)  # UTC: the scenario's 04:40 in Amsterdam
GENERATED = "2026-03-24T09:00:00+00:00"
FOLDER = ROOT / "reports"
FORMATS = ("html", "md", "json")


def played(scenario_id: str = DEMO_SCENARIO, plan_path=PLAN, session: str = SESSION) -> Played:
    """A bundled scenario played headless by a plan, with the plan's seed and a fixed clock."""
    scenario = load(find_bundled(scenario_id)).scenario
    plan, _ = load_plan(plan_path, scenario)
    ticks = itertools.count()

    def wall() -> str:
        return (START + timedelta(minutes=next(ticks))).isoformat() + "+00:00"

    log: list = []
    play(scenario, plan, session=session, seed=plan.seed, team=plan.team, wall=wall,
         sink=log.extend)
    return Played(scenario, session, plan.team, plan.seed, log[0].wall, log)


def examples(formats: tuple[str, ...] = FORMATS) -> dict[str, str | bytes]:
    """File name → content, for each format."""
    report = build_report(played(), generated=GENERATED)
    return {f"{SESSION}.{fmt}": render(report, fmt) for fmt in formats}


if __name__ == "__main__":
    for name, content in examples((*FORMATS, "pdf")).items():
        path = FOLDER / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
