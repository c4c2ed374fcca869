"""Hostile text in scenarios, plans and session files reaches the user's terminal escaped, in
every output of the command line and in the app; names the user types are refused."""

from __future__ import annotations

import json
import re

import pytest

from .conftest import SKELETON, run_cli

#: clears the screen, sets red, moves the cursor home, a carriage return, a right-to-left
#: override and an 8-bit CSI: none may reach the terminal as it is
HOSTILE = "\x1b[2J\x1b[31mRED\x1b[H\rX\u202eY\x9b1m"
HOSTILE_YAML = r"\e[2J\e[31mRED\e[H\rX\u202eY\x9b1m"
#: what a reader sees instead
SHOWN = r"\u001b[2J\u001b[31mRED\u001b[H\u000dX\u202eY\u009b1m"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def assert_inert(text: str) -> None:
    found = RAW.search(text)
    assert found is None, f"raw {found.group()!r} in output"


@pytest.fixture
def hostile(tmp_path):
    """The skeleton with hostile text in its title, an inject's title and an option's label."""
    text = SKELETON.read_text(encoding="utf-8")
    text = text.replace("title: Lost backup tape", f'title: "Tape {HOSTILE_YAML}"', 1)
    text = text.replace("title: A reporter calls",
                        f'title: "<img src=x onerror=alert(1)> {HOSTILE_YAML}"', 1)
    text = text.replace("label: Tell the customers today", f'label: "Tell {HOSTILE_YAML}"', 1)
    path = tmp_path / "hostile.scenario.yaml"
    path.write_text(text, encoding="utf-8")
    assert run_cli("validate", str(path)).returncode == 0
    plan = tmp_path / "hostile.plan.yaml"
    plan.write_text(f'scenario: my-scenario\nseed: 3\nteam: "Team {HOSTILE_YAML}"\n',
                    encoding="utf-8")
    return path, plan


def test_the_printable_form_is_what_a_reader_sees():
    from breachsim.util import printable

    assert printable(HOSTILE) == SHOWN
    assert printable("line one\n\tline two") == "line one\n\tline two"


def test_list_escapes_titles(hostile, tmp_path):
    proc = run_cli("list", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert_inert(proc.stdout)
    assert "Tape " + SHOWN[:40] in proc.stdout
    proc = run_cli("list", "--format", "json", str(tmp_path))
    assert_inert(proc.stdout)
    titles = [e["title"] for e in json.loads(proc.stdout)]
    assert f"Tape {HOSTILE}" in titles  # the JSON still says what the file says


@pytest.mark.parametrize("fmt", ["mermaid", "dot", "json"])
def test_graph_escapes_labels_in_every_format(hostile, fmt):
    path, _ = hostile
    proc = run_cli("graph", "--format", fmt, str(path))
    assert proc.returncode == 0, proc.stderr
    assert_inert(proc.stdout)
    if fmt == "mermaid":
        assert "<img" not in proc.stdout and "#lt;img src=x onerror=alert(1)#gt;" in proc.stdout
    if fmt == "json":
        titles = [n["title"] for n in json.loads(proc.stdout)["nodes"]]
        assert f"<img src=x onerror=alert(1)> {HOSTILE}" in titles


def test_play_sessions_and_import_escape_what_they_show(hostile, tmp_path):
    path, plan = hostile
    store = str(tmp_path / "s.sqlite3")
    proc = run_cli("play", str(path), "--plan", str(plan), "--store", store)
    assert proc.returncode == 0, proc.stderr
    assert_inert(proc.stdout + proc.stderr)
    assert "team Team " + SHOWN in proc.stdout
    proc = run_cli("play", str(path), "--plan", str(plan), "--store", store, "--format", "json")
    assert_inert(proc.stdout)
    assert json.loads(proc.stdout)["team"] == f"Team {HOSTILE}"

    listed = run_cli("sessions", "--store", store)
    assert listed.returncode == 0 and "Team " + SHOWN in listed.stdout
    assert_inert(listed.stdout)
    lines = listed.stdout.splitlines()
    assert len({line.index("my-scenario") for line in lines[1:]}) == 1  # columns still line up
    session = lines[1].split()[0]
    out = tmp_path / "one.jsonl"
    assert run_cli("export", session, "--out", str(out), "--store", store).returncode == 0
    proc = run_cli("import", str(out), "--store", str(tmp_path / "other.sqlite3"))
    assert proc.returncode == 0, proc.stderr
    assert_inert(proc.stderr)


@pytest.mark.parametrize("command", ["play", "run"])
@pytest.mark.parametrize("name", ["\x1b[2JRED", "Blue\rRed", "a\u202eb", "tab\there", "two\nlines",
                                  "c1\x9b"])
def test_a_typed_team_name_with_control_characters_is_refused(tmp_path, command, name):
    proc = run_cli(command, "hospital-ransomware", "--team", name,
                   "--store", str(tmp_path / "s.sqlite3"))
    assert proc.returncode == 2
    assert "a name is one line of printable characters" in proc.stderr
    assert_inert(proc.stderr)
    assert not (tmp_path / "s.sqlite3").exists()  # refused before anything was stored


async def test_the_apps_team_field_refuses_control_characters(tmp_path):
    from textual.widgets import Input

    from .app_support import make_app

    app = make_app(tmp_path, team=None)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        app.screen.query_one("#team", Input).value = "Blue\x1b[2J"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "BriefingScreen" and app.exercise is None
        assert any("control characters" in n.message for n in app._notifications)
        app.screen.query_one("#team", Input).value = "Blue"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.exercise.state.team == "Blue"
