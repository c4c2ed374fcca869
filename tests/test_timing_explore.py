"""The timing analysis and the exploration agree on which injects can arrive at all.

``scenario.timing.in_time`` reads the arrival rule statically; ``application.explore`` plays
every combination of decision options through the director. Over generated scenarios, an
inject is reachable by one exactly when some explored path delivers it.
"""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from breachsim.application.explore import explore
from breachsim.scenario import load
from breachsim.scenario.timing import in_time

HEADER = """\
format: 1
id: generated
title: Generated timing case
summary: Injects arriving at set times, after others, and by decisions.
language: en
locale: en_GB
jurisdiction: NL
organisation: {name: Testco}
breach: {nature: [confidentiality], data_categories: [identity], data_subjects: 10}
clock: {start: 2026-03-02T09:00:00+01:00, speed: 60, duration: 24h}
start: i0
objectives:
  - {id: o1, title: Notify, criteria: [regulatory_timeliness]}
"""


@st.composite
def scenarios(draw) -> list[dict]:
    count = draw(st.integers(2, 7))
    injects: list[dict] = [{"id": "i0", "title": "Start", "channel": "email"}]
    triggered: list[tuple[int, int]] = []  # (inject with the decision, inject it triggers)
    for k in range(1, count):
        inject = {"id": f"i{k}", "title": f"Inject {k}", "channel": "email"}
        how = draw(st.sampled_from(["at", "after", "trigger", "nothing"]))
        other = draw(st.integers(0, count - 2))
        other += other >= k  # any inject but this one
        if how == "at":
            inject["at"] = f"T+{draw(st.integers(0, 30)):02d}:00"
        elif how == "after":
            inject["after"] = {"inject": f"i{other}", "delay": f"{draw(st.integers(0, 30))}h"}
        elif how == "trigger":
            triggered.append((other, k))
        injects.append(inject)
    for source in sorted({s for s, _ in triggered}):
        targets = [t for s, t in triggered if s == source]
        options = [{"id": "a", "label": "A", "triggers": []},
                   {"id": "b", "label": "B", "triggers": []}]
        for target in targets:
            option = options[draw(st.integers(0, 1))]
            option["triggers"].append({"inject": f"i{target}",
                                       "delay": f"{draw(st.integers(0, 30))}h"})
        decision = {"prompt": "Which?", "options": options}
        if draw(st.booleans()):
            decision |= {"timeout": "30m", "default": draw(st.sampled_from(["a", "b"]))}
        injects[source]["decision"] = decision
    return injects


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_timing_and_exploration_agree_on_what_can_arrive(tmp_path_factory, injects):
    path = tmp_path_factory.mktemp("timing") / "generated.scenario.yaml"
    path.write_text(HEADER + yaml.safe_dump({"injects": injects}, sort_keys=False))
    loaded = load(path)
    assume(loaded.scenario is not None)
    scenario = loaded.scenario
    static = in_time(scenario)
    walked = explore(scenario, seed=1, max_paths=200, wall=lambda: "w")
    assert not walked.truncated
    delivered = {i for path in walked.paths for i in path.delivered}
    assert static == delivered


def test_a_decision_at_the_very_end_triggers_nothing(tmp_path):
    """Found by the property above: an inject at the end whose decision triggers another at
    once. The session ends before the decision is taken, and the analysis says so."""
    injects = [
        {"id": "i0", "title": "Start", "channel": "email"},
        {"id": "last", "title": "Last", "channel": "email", "at": "T+24:00",
         "decision": {"prompt": "Go on?", "options": [
             {"id": "go", "label": "Go", "triggers": [{"inject": "never"}]},
             {"id": "stop", "label": "Stop"}]}},
        {"id": "never", "title": "Never", "channel": "email"},
    ]
    path = tmp_path / "end.scenario.yaml"
    path.write_text(HEADER + yaml.safe_dump({"injects": injects}, sort_keys=False))
    loaded = load(path)
    assert any(d.code == "BS307" and "never" in d.message for d in loaded.diagnostics)
    assert in_time(loaded.scenario) == {"i0", "last"}
    walked = explore(loaded.scenario, seed=1, max_paths=50, wall=lambda: "w")
    assert all("never" not in p.delivered for p in walked.paths)


def test_a_default_taken_at_once_is_explored_beside_the_clock_taking_it(tmp_path):
    """Found by the property above: the option a decision defaults to, taken the moment it
    opens, triggers in time what the same option taken by the clock 30 minutes later
    triggers past the end; the exploration walks both."""
    injects = [
        {"id": "i0", "title": "Start", "channel": "email",
         "decision": {"prompt": "Which?", "timeout": "30m", "default": "a", "options": [
             {"id": "a", "label": "A", "triggers": [{"inject": "i1", "delay": "24h"}]},
             {"id": "b", "label": "B"}]}},
        {"id": "i1", "title": "Inject 1", "channel": "email"},
    ]
    path = tmp_path / "default.scenario.yaml"
    path.write_text(HEADER + yaml.safe_dump({"injects": injects}, sort_keys=False))
    scenario = load(path).scenario
    walked = explore(scenario, seed=1, max_paths=50, wall=lambda: "w")
    passive = [p for p in walked.paths if p.team == "passive"]
    assert sorted((p.timed_out, "i1" in p.delivered) for p in passive) == [
        ([], False), ([], True), (["i0"], False)]
    assert in_time(scenario) == {"i0", "i1"}
