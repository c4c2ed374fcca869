"""Hostile and odd inputs found in review: each once hung, crashed or leaked."""

from __future__ import annotations

import json
import os

import pytest

from breachsim.engine.director import Director
from breachsim.engine.state import fold
from breachsim.scenario import load, templates
from breachsim.scenario.template_eval import TemplateError

from .conftest import ROOT, SKELETON, run_cli


@pytest.mark.parametrize(("text", "code"), [
    ("format: 1\nx: &a [*a]\n", "BS106"),
    ("format: 1\nn: &n {<<: *n}\n", "BS106"),
    ("m: {<<: {? [x] : 1}}\n", "BS103"),
    ("a0: &a0 " + "[" * 40 + "1" + "]" * 40 + "\n"
     + "".join(f"a{i}: &a{i} " + "[" * 40 + f"*a{i - 1}" + "]" * 40 + "\n" for i in range(1, 4)),
     "BS105"),
])
def test_aliases_cannot_loop_or_nest_past_the_limit(write, text, code):
    assert [d.code for d in load(write(text)).diagnostics] == [code]


def test_special_files_are_refused(tmp_path):
    fifo = tmp_path / "pipe.scenario.yaml"
    os.mkfifo(fifo)
    assert [d.code for d in load(fifo).diagnostics] == ["BS100"]


@pytest.mark.parametrize("duration", ["99999999999999w", "P99999999999999D", "3651d"])
def test_absurd_durations_are_invalid_values_not_crashes(write, duration):
    text = SKELETON.read_text().replace("duration: 72h", f"duration: {duration}", 1)
    assert {d.code for d in load(write(text)).diagnostics} == {"BS202"}


def test_start_outside_the_calendar_is_refused(write):
    text = SKELETON.read_text().replace("2026-03-02T09:00:00+01:00", "9999-12-31T00:00:00+01:00")
    assert {d.code for d in load(write(text)).diagnostics} == {"BS202"}


@pytest.mark.parametrize("body", ["{{ fake.name }}", "{{ organisation.name() }}",
                                  "{% set f = fake.city %}{{ f }}",
                                  "{{ " + "(" * 600 + "1" + ")" * 600 + " }}"])
def test_templates_that_would_leak_or_recurse_are_refused(body):
    assert {p.code for p in templates.check(body, set(), None)} <= {"BS500", "BS501"}
    assert templates.check(body, set(), None)


@pytest.mark.parametrize("body", [
    "{{ 2000000000 * 'x' }}", "{{ '%2000000000s' % 'x' }}",
    "{% set a = 'x' * 49999 %}{{ a | replace('x', a) }}",
    "{% set a = 99999999 %}{% set a = a * a %}{% set a = a * a %}{{ a }}",
])
def test_template_values_cannot_exhaust_memory_or_time(body):
    with pytest.raises(TemplateError):
        templates.render(body, {"scenario": {"language": "en"}})


def test_fake_dates_and_times_repeat_for_the_same_seed():
    from breachsim.engine.cast import FakeNamespace

    first, second = FakeNamespace("en_GB", 4, "k"), FakeNamespace("en_GB", 4, "k")
    assert (first.date(), first.time()) == (second.date(), second.time())


def test_the_earliest_trigger_wins_live_and_on_replay(tmp_path):
    text = (ROOT / "tests" / "engine_cases" / "branching.scenario.yaml").read_text()
    text = text.replace("triggers: [leak]", "triggers: [leak, {inject: decryptor, delay: 8h}]")
    path = tmp_path / "t.scenario.yaml"
    path.write_text(text)
    scenario = load(path).scenario
    log = []
    director = Director.start(scenario, session="s", seed=1, team="T", wall=lambda: "w",
                              sink=log.extend)
    director.advance_to(2 * 3600)
    director.decide("ransom", "refuse")
    state = fold(log)
    assert state.triggered["decryptor"] == director.state.triggered["decryptor"] == 2 * 3600 + 8 * 3600


def test_explore_takes_decisions_opened_by_other_decisions(tmp_path):
    chained = tmp_path / "chain.scenario.yaml"
    chained.write_text(SKELETON.read_text().replace(
        "          triggers: [press_call]\n",
        "          triggers: [press_call, second]\n").replace(
        "  - id: wrap_up\n",
        "  - id: second\n    title: Second decision\n    channel: briefing\n"
        "    decision:\n      prompt: Go on?\n      timeout: 30m\n      default: b1\n"
        "      options:\n        - {id: b1, label: One}\n"
        "        - {id: b2, label: Two, triggers: [third]}\n"
        "  - id: third\n    title: Only after b2\n    channel: email\n\n"
        "  - id: wrap_up\n"))
    proc = run_cli("explore", str(chained))
    assert proc.returncode == 0, proc.stderr
    truncated = run_cli("explore", str(chained), "--max-paths", "1")
    assert truncated.returncode == 0 and "stopped at --max-paths" in truncated.stderr


def test_an_export_whose_scenario_does_not_replay_is_not_imported(tmp_path, write):
    store = str(tmp_path / "s.sqlite3")
    assert run_cli("play", str(SKELETON), "--seed", "1", "--store", store).returncode == 0
    session = json.loads(run_cli("sessions", "--store", store, "--format", "json").stdout)[0]
    out = tmp_path / "e.jsonl"
    run_cli("export", session["id"], "--store", store, "--out", str(out))
    header, *events = out.read_text().splitlines()
    data = json.loads(header)
    frozen = json.loads(data["scenario_json"])
    frozen["injects"][1]["when"] = "seen((("
    data["scenario_json"] = json.dumps(frozen)
    out.write_text("\n".join([json.dumps(data), *events]) + "\n")
    proc = run_cli("import", str(out), "--store", str(tmp_path / "other.sqlite3"))
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"{out}:1: error: the frozen scenario is not a valid scenario")
    assert "Traceback" not in proc.stderr


def test_terminal_escapes_in_scenarios_never_reach_the_terminal(tmp_path):
    text = SKELETON.read_text().replace("title: Courier reports a missing tape",
                                        'title: "Courier \\e]0;PWNED\\a reports"')
    path = tmp_path / "esc.scenario.yaml"
    path.write_text(text)
    proc = run_cli("play", str(path), "--seed", "1", "--store", str(tmp_path / "s.sqlite3"))
    assert proc.returncode == 0
    assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout
