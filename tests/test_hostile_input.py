"""Untrusted scenario files: every one gets a diagnostic, none a traceback."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from breachsim.scenario import load
from breachsim.scenario.yamlsource import MAX_BYTES

from .conftest import SKELETON, run_cli


def alias_bomb() -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


CASES = {
    "empty": ("", "BS107"),
    "only comments": ("# nothing here\n\n", "BS107"),
    "binary": (bytes(range(256)) * 4, "BS101"),
    "latin-1": ('format: 1\ntitle: "Caf\xe9"\n'.encode("latin-1"), "BS101"),
    "alias bomb": (alias_bomb(), "BS106"),
    "deep sequence": ("a: " + "[" * 10_000 + "]" * 10_000 + "\n", "BS105"),
    "deep mapping": ("".join(" " * i + "k:\n" for i in range(2_000)), "BS105"),
    "a list": ("- format: 1\n- id: x\n", "BS108"),
    "a string": ("just words\n", "BS108"),
    "tabs": ("format: 1\nclock:\n\tstart: now\n", "BS103"),
    "python tag": ('format: !!python/object/apply:os.system ["true"]\n', "BS109"),
    "two documents": ("format: 1\n---\nformat: 1\n", "BS110"),
    "unclosed quote": ('format: 1\ntitle: "open\n', "BS103"),
    "complex key": ("? [a, b]\n: c\n", "BS103"),
}


@pytest.mark.parametrize("name", CASES)
def test_hostile_file_gets_its_diagnostic(write, name):
    content, code = CASES[name]
    result = load(write(content))
    assert result.scenario is None
    assert [d.code for d in result.diagnostics] == [code]
    diag = result.diagnostics[0]
    assert diag.line >= 1 and diag.column >= 1 and diag.message


def test_oversized_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.scenario.yaml"
    with path.open("wb") as handle:  # sparse: fast to make, 50 MB on paper
        handle.write(b"format: 1\n")
        handle.truncate(50 * 1024 * 1024)
    assert path.stat().st_size > MAX_BYTES
    [diag] = load(path).diagnostics
    assert diag.code == "BS102" and "50.0 MB" in diag.message


def test_missing_file_and_folder_are_answered(tmp_path):
    assert [d.code for d in load(tmp_path / "nope.scenario.yaml").diagnostics] == ["BS100"]
    assert [d.code for d in load(tmp_path).diagnostics] == ["BS100"]


def test_command_line_never_shows_a_traceback(write):
    for name, (content, code) in CASES.items():
        path = write(content, name=f"{name.replace(' ', '_')}.scenario.yaml")
        proc = run_cli("validate", str(path))
        assert proc.returncode == 1, name
        assert "Traceback" not in proc.stderr + proc.stdout, name
        assert f"[{code}]" in proc.stderr, name


LINES = SKELETON.read_text(encoding="utf-8").splitlines(keepends=True)


@st.composite
def mutated(draw) -> str:
    """The skeleton with a few lines deleted, duplicated, re-indented or garbled."""
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "indent", "dedent", "garble",
                                       "swap", "truncate"]))
        line = lines[index]
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, line)
        elif action == "indent":
            lines[index] = "  " + line
        elif action == "dedent":
            lines[index] = line[2:] if line.startswith("  ") else line
        elif action == "garble":
            pos = draw(st.integers(0, max(len(line) - 1, 0)))
            char = draw(st.sampled_from(list(string.printable) + ["\t", "é", "\x00", "{{", "&a", "*a"]))
            lines[index] = line[:pos] + char + line[pos + 1:]
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        else:
            lines = lines[:index]
        if not lines:
            break
    return "".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mutated())
def test_mutated_scenarios_end_in_diagnostics_never_exceptions(write, text):
    result = load(write(text))
    lines = text.splitlines()
    for diag in result.diagnostics:
        assert diag.code.startswith("BS") and diag.message
        assert 1 <= diag.line <= max(len(lines), 1) + 1, diag
        assert diag.column >= 1
    if result.scenario is None:
        assert result.errors, "a scenario that cannot load must say why"
