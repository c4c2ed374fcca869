"""The command line, run as a user runs it: in a subprocess."""

from __future__ import annotations

import json

import pytest
import yaml

from .conftest import ROOT, run_cli


def test_validate_clean_file_exits_zero(write, skeleton_text):
    proc = run_cli("validate", str(write(skeleton_text)))
    assert proc.returncode == 0
    assert proc.stdout == ""
    assert proc.stderr.strip() == "checked 1 file: 0 errors, 0 warnings"


def test_validate_errors_exit_one_with_caret_on_stderr(write, skeleton_text):
    path = write(skeleton_text.replace("channel: phone", "channel: fax", 1))
    proc = run_cli("validate", str(path))
    assert proc.returncode == 1 and proc.stdout == ""
    first, source, caret, *_ = proc.stderr.splitlines()
    assert first.endswith("error[BS202] 'fax' is not a valid channel (in inject 'tape_missing')")
    assert "channel: fax" in source and caret.rstrip().endswith("^")
    assert "expected one of:" in proc.stderr


def test_validate_json_is_data_on_stdout(write, skeleton_text):
    path = write(skeleton_text.replace("severity: high", "severty: high", 1))
    proc = run_cli("validate", "--format", "json", str(path))
    assert proc.returncode == 1
    [item] = json.loads(proc.stdout)
    assert {"file", "line", "column", "severity", "code", "message", "hint"} <= set(item)
    assert item["code"] == "BS200" and item["severity"] == "error"


def test_validate_strict_fails_on_warnings(write, skeleton_text):
    path = write(skeleton_text.replace("  told_customers: false", "  told_customers: false\n  spare: 0"))
    assert run_cli("validate", str(path)).returncode == 0
    proc = run_cli("validate", "--strict", str(path))
    assert proc.returncode == 1 and "error[BS403]" in proc.stderr


def test_validate_a_folder_checks_every_file(tmp_path, skeleton_text):
    (tmp_path / "a.scenario.yaml").write_text(skeleton_text)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.scenario.yaml").write_text("format: 1\n")
    (tmp_path / "notes.yaml").write_text("ignored: true\n")
    proc = run_cli("validate", str(tmp_path))
    assert proc.returncode == 1
    assert "checked 2 files" in proc.stderr


def test_usage_errors_exit_two():
    assert run_cli("validate").returncode == 2
    assert run_cli("graph", "x", "--format", "png").returncode == 2
    assert run_cli("no-such-command").returncode == 2
    assert run_cli("validate", "").returncode == 2


def test_missing_path_exits_one_without_traceback(tmp_path):
    proc = run_cli("validate", str(tmp_path / "nope.scenario.yaml"))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "no such file" in proc.stderr


def test_graph_formats(write, skeleton_text):
    path = str(write(skeleton_text))
    mermaid = run_cli("graph", path).stdout
    assert mermaid.startswith("flowchart TD")
    assert 'tape_decision -- "Wait for the courier\'s search" --> press_call' in mermaid
    dot = run_cli("graph", path, "--format", "dot").stdout
    assert dot.startswith('digraph "my-scenario"') and "tape_missing -> tape_decision" in dot
    data = json.loads(run_cli("graph", path, "--format", "json").stdout)
    assert data["start"] == "tape_missing"
    by_id = {n["id"]: n for n in data["nodes"]}
    assert by_id["tape_decision"]["earliest"] == "T+02:00" and by_id["tape_decision"]["decision"]
    assert {"from": "tape_decision", "to": "press_call", "kind": "trigger", "option": "wait",
            "delay": "0m"} in data["edges"]


def test_graph_of_an_invalid_scenario_shows_diagnostics(write):
    proc = run_cli("graph", str(write("format: 1\n")))
    assert proc.returncode == 1 and "BS201" in proc.stderr and proc.stdout == ""


def test_new_writes_skeletons_that_validate(tmp_path):
    for lang in ("en", "nl"):
        out = tmp_path / f"{lang}.scenario.yaml"
        assert run_cli("new", "--lang", lang, "--out", str(out)).returncode == 0
        assert yaml.safe_load(out.read_text())["language"] == lang
        proc = run_cli("validate", "--strict", str(out))
        assert proc.returncode == 0, proc.stderr
    again = run_cli("new", "--out", str(tmp_path / "en.scenario.yaml"))
    assert again.returncode == 1 and "exists" in again.stderr


def test_schema_matches_the_committed_files(tmp_path):
    hint = "the models changed: run `make schema` and commit schema/"
    assert run_cli("schema").stdout == (ROOT / "schema" / "scenario.schema.json").read_text(), hint
    assert run_cli("schema", "--library").stdout == (
        ROOT / "schema" / "injects.schema.json").read_text(), hint
    out = tmp_path / "s.json"
    assert run_cli("schema", "--out", str(out)).returncode == 0
    assert json.loads(out.read_text())["title"] == "breachsim scenario"


def test_list_shows_bundled_and_local(tmp_path, skeleton_text):
    (tmp_path / "mine.scenario.yaml").write_text(skeleton_text)
    proc = run_cli("list", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0
    entries = json.loads(proc.stdout)
    local = [e for e in entries if not e["bundled"]]
    assert [(e["id"], e["injects"], e["decisions"], e["duration"]) for e in local] == [
        ("my-scenario", 4, 1, "3d")]
    text = run_cli("list", cwd=tmp_path).stdout
    assert text.splitlines()[0].split() == ["id", "title", "lang", "jur", "injects", "decisions",
                                            "duration", "where"]


def test_list_without_folders_stays_in_the_current_folder(tmp_path, skeleton_text):
    (tmp_path / "deep" / "er").mkdir(parents=True)
    (tmp_path / "deep" / "er" / "hidden.scenario.yaml").write_text(skeleton_text)
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "mine.scenario.yaml").write_text(skeleton_text)
    local = [e for e in json.loads(run_cli("list", "--format", "json", cwd=tmp_path).stdout)
             if not e["bundled"]]
    assert [e["path"] for e in local] == ["scenarios/mine.scenario.yaml"]
    found = json.loads(run_cli("list", "deep", "--format", "json", cwd=tmp_path).stdout)
    assert [e["path"] for e in found if not e["bundled"]] == ["deep/er/hidden.scenario.yaml"]


@pytest.mark.parametrize("args", [
    ["--lang", "nl"], ["--team", "Blue", "--seed", "3"], ["hospital-ransomware", "--lang", "nl"],
    ["hospital-ransomware"], ["run", "--speed", "120"],
])
def test_the_bare_form_takes_what_the_readme_shows(args):
    done = run_cli(*args)  # no terminal here: parsed, then refused for want of one
    assert done.returncode == 2
    assert "the app needs a terminal" in done.stderr, done.stderr


def test_a_mistyped_command_is_named_not_taken_for_a_scenario():
    done = run_cli("sesions")
    assert done.returncode == 2 and "Did you mean" in done.stderr and "'sessions'" in done.stderr


def test_every_command_the_readme_lists_exists():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## The command line", 1)[1].split("```", 2)[1]
    named = set()
    for line in block.splitlines():
        if line.startswith("breachsim "):  # `breachsim sessions | export SESSION | import FILE`
            for part in line.removeprefix("breachsim ").split(" | "):
                word = part.split()[0]
                if not word.startswith(("[", "-")):
                    named.add(word)
    assert {"resume", "validate", "play", "report", "sessions", "export", "import"} <= named
    for command in sorted(named):
        done = run_cli(command, "--help")
        assert done.returncode == 0, (command, done.stderr)
