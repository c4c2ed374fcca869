"""BS310: a decision whose options all lead to the same injects, and none that really branches.

The cases by hand name what tells options apart (a trigger, a delay, an ending, a variable a
condition reads, a condition on the choice); over generated scenarios the warning is held
against exploration: when it warns, every option's path delivers the same injects.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from breachsim.application.explore import explore
from breachsim.application.validation import validate
from breachsim.scenario import load
from breachsim.scenario.bundled import bundled_scenarios

from .conftest import run_cli

HEADER = """\
format: 1
id: branching
title: Branching case
summary: One decision and what follows it.
language: en
locale: en_GB
jurisdiction: NL
breach: {nature: [confidentiality], data_categories: [identity], data_subjects: 10}
clock: {start: 2026-03-02T09:00:00+01:00, speed: 60, duration: 24h}
start: i0
"""


def _scenario(options: list[dict], *later: dict, variables: dict | None = None) -> str:
    injects = [{"id": "i0", "title": "Start", "channel": "email", "marks_awareness": True,
                "decision": {"prompt": "Which?", "options": options}},
               {"id": "i1", "title": "One", "channel": "email", "at": "T+01:00"},
               {"id": "i2", "title": "Two", "channel": "email", "at": "T+02:00"},
               *later]
    data = {"variables": variables} if variables else {}
    return HEADER + yaml.safe_dump({**data, "injects": injects}, sort_keys=False)


def _codes(write, text: str) -> list[str]:
    return [d.code for d in validate([write(text)]).diagnostics]


def _option(name: str, **fields) -> dict:
    return {"id": name, "label": name.upper(), **fields}


SAME = [
    pytest.param([_option("a", triggers=["i1"]), _option("b", triggers=["i1"])], (),
                 id="same-trigger"),
    pytest.param([_option("a", triggers=["i1", "i2"]), _option("b", triggers=["i2", "i1"])],
                 (), id="same-triggers-in-another-order"),
    pytest.param([_option("a", ends=True), _option("b", ends=True)], (), id="both-end"),
    pytest.param([_option("a", triggers=["i1"], set={"note": "x"}),
                  _option("b", triggers=["i1"], set={"note": "y"})], (),
                 id="differ-only-in-a-variable-nobody-reads"),
    pytest.param([_option("a"), _option("b")],
                 ({"id": "i3", "title": "Three", "channel": "email",
                   "when": "chose(i0, a) or chose(i0, b)"},), id="a-condition-true-for-both"),
    pytest.param([_option("a", triggers=["i1"]), _option("b", triggers=["i1"])],
                 ({"id": "i3", "title": "Three", "channel": "email",
                   "when": "seen(i1) and (chose(i0, a) or not chose(i0, a))"},),
                 id="a-condition-that-cannot-tell"),
    pytest.param([_option("a", triggers=["i1"]), _option("b", triggers=["i1"])],
                 ({"id": "i3", "title": "Three", "channel": "email",
                   "when": "(chose(i0, a) and seen(i2)) or (chose(i0, b) and seen(i2))"},),
                 id="the-same-test-written-twice"),
]

BRANCHES = [
    pytest.param([_option("a", triggers=["i1"]), _option("b", triggers=["i2"])], (),
                 id="different-triggers"),
    pytest.param([_option("a", triggers=["i1"]),
                  _option("b", triggers=[{"inject": "i1", "delay": "2h"}])], (),
                 id="same-inject-later"),
    pytest.param([_option("a", triggers=["i1"]), _option("b", triggers=["i1"], ends=True)], (),
                 id="one-ends"),
    pytest.param([_option("a", triggers=["i1"], set={"flag": True}),
                  _option("b", triggers=["i1"], set={"flag": False})],
                 ({"id": "i3", "title": "Three", "channel": "email", "when": "flag"},),
                 id="a-variable-a-condition-reads"),
    pytest.param([_option("a", triggers=["i1"]), _option("b", triggers=["i1"])],
                 ({"id": "i3", "title": "Three", "channel": "email",
                   "when": "chose(i0, b) and elapsed > 3h"},), id="a-condition-on-one-option"),
    pytest.param([_option("a", triggers=["i1"]), _option("b", triggers=["i1"])],
                 ({"id": "i3", "title": "Three", "channel": "email",
                   "when": "chose(i0, a) == seen(i2)"},), id="a-comparison-with-the-choice"),
]


@pytest.mark.parametrize(("options", "later"), SAME)
def test_options_that_lead_to_the_same_injects_are_a_warning(write, options, later):
    variables = {"note": {"type": "str"}}
    codes = _codes(write, _scenario(options, *later, variables=variables))
    assert "BS310" in codes


@pytest.mark.parametrize(("options", "later"), BRANCHES)
def test_a_real_branch_is_not_a_warning(write, options, later):
    variables = {"flag": {"type": "bool"}}
    assert "BS310" not in _codes(write, _scenario(options, *later, variables=variables))


def test_options_without_any_consequence_are_left_to_bs304(write):
    codes = _codes(write, _scenario([_option("a"), _option("b")]))
    assert codes.count("BS304") == 2 and "BS310" not in codes


def test_no_bundled_scenario_has_a_decision_that_does_not_branch():
    report = validate(bundled_scenarios())
    assert [d for d in report.diagnostics if d.code == "BS310"] == []


def test_graph_marks_the_decision_and_warns(write):
    path = str(write(_scenario([_option("a", triggers=["i1"]), _option("b", triggers=["i1"])])))
    mermaid = run_cli("graph", path)
    assert mermaid.returncode == 0
    assert "warning[BS310]" in mermaid.stderr
    assert "%% BS310: every option of 'i0' leads to the same injects" in mermaid.stdout
    assert "// BS310: every option of 'i0'" in run_cli("graph", path, "--format", "dot").stdout
    nodes = {n["id"]: n for n in json.loads(
        run_cli("graph", path, "--format", "json").stdout)["nodes"]}
    assert nodes["i0"]["branches"] is False


def test_graph_of_a_real_branch_says_nothing(write):
    path = str(write(_scenario([_option("a", triggers=["i1"]), _option("b", triggers=["i2"])])))
    proc = run_cli("graph", path, "--format", "json")
    assert proc.returncode == 0 and proc.stderr == ""
    assert {n["id"]: n for n in json.loads(proc.stdout)["nodes"]}["i0"]["branches"] is True


CONDITIONS = st.recursive(
    st.sampled_from(["chose(i0, a)", "chose(i0, b)", "chose(i0, c)", "seen(i1)", "seen(i2)",
                     "elapsed > 3h", "true"]),
    lambda inner: st.one_of(
        st.builds(lambda x: f"not ({x})", inner),
        st.builds(lambda x, y: f"({x}) and ({y})", inner, inner),
        st.builds(lambda x, y: f"({x}) or ({y})", inner, inner)),
    max_leaves=5)


@st.composite
def decisions(draw) -> tuple[list[dict], list[dict]]:
    """Three options that often share their triggers, and injects on conditions of them."""
    shared = draw(st.lists(st.sampled_from(["i1", "i2"]), max_size=2, unique=True))
    options = []
    for name in ("a", "b", "c"):
        own = shared if draw(st.integers(0, 3)) else draw(
            st.lists(st.sampled_from(["i1", "i2"]), max_size=2, unique=True))
        options.append(_option(name, triggers=list(own)))
    later = [{"id": f"w{k}", "title": f"When {k}", "channel": "email", "when": condition}
             for k, condition in enumerate(draw(st.lists(CONDITIONS, max_size=2)))]
    return options, later


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(decisions())
def test_when_it_warns_every_option_delivers_the_same(tmp_path_factory, drawn):
    options, later = drawn
    path = Path(tmp_path_factory.mktemp("branches")) / "generated.scenario.yaml"
    path.write_text(_scenario(options, *later))
    loaded = load(path)
    assume(loaded.ok)
    warned = "BS310" in {d.code for d in loaded.diagnostics}
    event(f"BS310: {warned}")
    if not warned:
        return
    walked = explore(loaded.scenario, seed=1, max_paths=50, wall=lambda: "w")
    for team in {p.team for p in walked.paths}:
        seen = {(tuple(p.delivered), p.ending, p.ended_at)
                for p in walked.paths if p.team == team}
        assert len(seen) == 1, (team, seen)
