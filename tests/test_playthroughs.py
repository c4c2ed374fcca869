"""Every bundled scenario has a good and a bad playthrough, and both play as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from breachsim.application.plan import load_plan
from breachsim.application.play import play
from breachsim.scenario import load
from breachsim.scenario.bundled import bundled_scenarios

from .conftest import ROOT

PLANS = sorted((ROOT / "tests" / "playthroughs").glob("*.plan.yaml"))


def _scenario_of(plan: Path):
    scenario_id = plan.name.split(".")[0]
    return load(ROOT / "scenarios" / f"{scenario_id}.scenario.yaml").scenario


@pytest.mark.parametrize("scenario_path", bundled_scenarios(), ids=lambda p: p.name)
def test_each_scenario_has_a_good_and_a_bad_plan(scenario_path: Path):
    scenario_id = scenario_path.name.removesuffix(".scenario.yaml")
    for kind in ("good", "bad"):
        assert (ROOT / "tests" / "playthroughs" / f"{scenario_id}.{kind}.plan.yaml").is_file()


@pytest.mark.parametrize("plan_path", PLANS, ids=lambda p: p.name)
def test_plan_plays_as_written(plan_path: Path):
    scenario = _scenario_of(plan_path)
    plan, checked = load_plan(plan_path, scenario)
    assert plan is not None, [d.message for d in checked.diagnostics]
    expectations = [s for s in plan.steps if s.kind.startswith("expect_")]
    assert len(expectations) >= 4, "a playthrough checks the branch it takes"
    result = play(scenario, plan, session="test", seed=plan.seed or 1, team=plan.team or "T",
                  wall=lambda: "w")
    assert result.ok, [f.message for f in result.failures]
    assert result.director.ended


@pytest.mark.parametrize("scenario_path", bundled_scenarios(), ids=lambda p: p.name)
def test_good_plan_meets_the_authority_deadline_more_than_the_bad_one(scenario_path: Path):
    scenario_id = scenario_path.name.removesuffix(".scenario.yaml")
    met = {}
    for kind in ("good", "bad"):
        path = ROOT / "tests" / "playthroughs" / f"{scenario_id}.{kind}.plan.yaml"
        scenario = _scenario_of(path)
        plan, _ = load_plan(path, scenario)
        result = play(scenario, plan, session="t", seed=plan.seed or 1, team="T",
                      wall=lambda: "w")
        met[kind] = sum(1 for d in result.deadlines if d.status.value == "met")
    assert met["good"] > met["bad"]


def _check_plan(tmp_path, text):
    scenario = load(ROOT / "tests" / "engine_cases" / "branching.scenario.yaml").scenario
    path = tmp_path / "x.plan.yaml"
    path.write_text(text)
    plan, checked = load_plan(path, scenario)
    assert plan is None
    return sorted((d.code, d.line, d.column, d.message, d.hint) for d in checked.diagnostics)


def test_a_plan_naming_what_the_scenario_lacks_is_refused_with_locations(tmp_path):
    found = _check_plan(tmp_path, "steps:\n  - until: alrt\n  - choose: {ransom: haggle}\n"
                                  "  - act: notify_authorty\n  - expect_var: {payd: true}\n")
    assert [(c, ln, col) for c, ln, col, _, _ in found] == [
        ("BS302", 2, 12), ("BS302", 3, 22), ("BS302", 4, 10), ("BS302", 5, 18)]
    hints = [h for *_, h in found]
    assert hints == ["did you mean 'alert'?", "expected one of: pay, refuse",
                     "did you mean 'notify_authority'?", "did you mean 'paid'?"]


def test_a_step_doing_two_things_is_refused(tmp_path):
    [(code, line, _, message, _)] = _check_plan(
        tmp_path, "steps:\n  - advance: 2h\n    note: two things\n")
    assert (code, line) == ("BS202", 2) and "exactly one thing" in message


@pytest.mark.parametrize("scenario_path", bundled_scenarios(), ids=lambda p: p.name)
def test_the_good_plans_authority_deadline_follows_the_assessment(scenario_path: Path):
    """Where the scenario's facts require no notification, the 72 hours pass without being
    missed; where they do, the good team meets them. The library and `play` agree."""
    import json
    import subprocess
    import sys

    from breachsim.rules.assessment import scenario_assessment

    scenario_id = scenario_path.name.removesuffix(".scenario.yaml")
    path = ROOT / "tests" / "playthroughs" / f"{scenario_id}.good.plan.yaml"
    scenario = _scenario_of(path)
    plan, _ = load_plan(path, scenario)
    result = play(scenario, plan, session="t", seed=plan.seed or 1, team="T", wall=lambda: "w")
    authority = next(d for d in result.deadlines if d.kind == "authority")
    required = scenario_assessment(scenario).notify_authority
    assert authority.status.value == ("met" if required else "not_required")
    out = subprocess.run([sys.executable, "-m", "breachsim", "play", str(scenario_path),
                          "--plan", str(path), "--format", "json"],
                         capture_output=True, text=True)
    shown = next(d for d in json.loads(out.stdout)["deadlines"] if d["id"] == "authority")
    assert shown["status"] == authority.status.value
