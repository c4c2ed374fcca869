"""Untrusted scenario files: every one gets a diagnostic, none a traceback."""

from __future__ import annotations

import json
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from breachsim.application.validation import validate
from breachsim.scenario import load
from breachsim.scenario.diagnostics import LIMIT
from breachsim.scenario.yamlsource import MAX_BYTES, parse

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
    "tabs": ("format: 1\nclock:\n\tstart: now\n", "BS111"),
    "python tag": ('format: !!python/object/apply:os.system ["true"]\n', "BS109"),
    "two documents": ("format: 1\n---\nformat: 1\n", "BS110"),
    "unclosed quote": ('format: 1\ntitle: "open\n', "BS112"),
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


# --- many problems: the first LIMIT are reported, the rest counted ---------------------------


def unknown_keys(count: int, before: str = "") -> str:
    return (SKELETON.read_text(encoding="utf-8") + before
            + "".join(f"unknown_{i}: 1\n" for i in range(count)))


def merges(count: int) -> str:
    """The shape of an issue: every key a mapping that merges the same anchor."""
    return "base: &a {x: 1}\n" + "".join(f"m{i}: {{<<: *a}}\n" for i in range(count))


def test_many_unknown_keys_report_the_first_hundred_and_count_the_rest(write):
    text = unknown_keys(20_000)
    first_line = text.count("\n", 0, text.index("unknown_0:")) + 1
    path = write(text)
    result = load(path)
    assert len(result.diagnostics) == LIMIT
    assert [(d.code, d.line, d.column) for d in result.diagnostics[:3]] == [
        ("BS200", first_line + i, 1) for i in range(3)]
    assert result.diagnostics[-1].message == "unknown key 'unknown_99'"
    assert result.diagnostics.omitted == {str(path): {"BS200": 19_900}}
    assert result.error_count == 20_000 and not result.ok


def test_many_unknown_keys_on_the_command_line(write):
    path = write(unknown_keys(20_000))
    proc = run_cli("validate", str(path))
    assert proc.returncode == 1
    blocks = proc.stderr.rstrip("\n").split("\n\n")
    assert len(blocks) == LIMIT + 2
    assert blocks[-2] == f"{path}: … and 19,900 more diagnostics: BS200 ×19,900"
    assert blocks[-1] == "checked 1 file: 20000 errors, 0 warnings"

    proc = run_cli("validate", "--format", "json", str(path))
    assert proc.returncode == 1
    entries = json.loads(proc.stdout)
    assert len(entries) == LIMIT + 1
    assert entries[-1] == {
        "file": str(path), "line": None, "column": None, "code": None,
        "message": "… and 19,900 more diagnostics: BS200 ×19,900", "hint": None,
        "severity": "error", "related": [], "omitted": {"BS200": 19_900}}
    assert proc.stderr.strip() == "checked 1 file: 20000 errors, 0 warnings"


def test_many_merges_keep_the_missing_keys_and_count_the_rest(write):
    path = write(merges(20_000))
    result = load(path)
    first, second, third = result.diagnostics[:3]
    assert (first.code, first.line, first.column) == ("BS201", 1, 1)
    assert first.message.startswith("missing keys 'format', 'id', 'title'")
    assert (second.code, second.line, second.message) == ("BS200", 1, "unknown key 'base'")
    assert (third.code, third.line, third.message) == ("BS200", 2, "unknown key 'm0'")
    assert len(result.diagnostics) == LIMIT
    assert result.diagnostics.omitted == {str(path): {"BS200": 19_902}}
    assert result.error_count == 20_002


def test_the_limit_counts_every_check_of_a_file(write):
    """Duplicate keys are found while reading, unknown keys while validating: one limit."""
    path = write(unknown_keys(100, before="dup: 1\n" * 61))
    result = load(path)
    codes = [d.code for d in result.diagnostics]
    assert codes.count("BS104") == 60 and codes.count("BS200") == 40
    assert result.diagnostics.omitted == {str(path): {"BS200": 61}}


def test_a_shared_library_is_counted_once(tmp_path):
    """Validated on its own and through two scenarios, a library's problems are one set."""
    (tmp_path / "noisy.injects.yaml").write_text(
        "format: 1\nlibrary: noisy\nlanguage: en\ninjects: []\n"
        + "".join(f"extra_{i}: 1\n" for i in range(150)), encoding="utf-8")
    skeleton = SKELETON.read_text(encoding="utf-8")
    for name in ("one", "two"):
        (tmp_path / f"{name}.scenario.yaml").write_text(
            skeleton.replace("format: 1\n", "format: 1\nimports: [./noisy.injects.yaml]\n", 1),
            encoding="utf-8")
    report = validate([tmp_path])
    library = [d for d in report.diagnostics if d.file.endswith("noisy.injects.yaml")]
    assert len(library) == LIMIT
    [(file, counts)] = report.diagnostics.omitted.items()
    assert file.endswith("noisy.injects.yaml") and counts == {"BS200": 50}
    assert report.errors() == 150


def test_many_merged_mappings_into_one_follow_yaml():
    """As the YAML merge key says: of the mappings merged, the first to have a key gives it,
    and the mapping's own keys win; here 2,000 of them merged into one."""
    anchors = "".join(f"a{i}: &a{i} {{k{i}: {i}, shared: {i}}}\n" for i in range(2_000))
    text = anchors + "m:\n  <<: [" + ", ".join(f"*a{i}" for i in range(2_000)) + "]\n  k5: own\n"
    merged = parse(text, "merges.yaml").data["m"]
    assert merged == {**{f"k{i}": i for i in range(2_000)}, "shared": 0, "k5": "own"}


def test_the_collector_stays_paused_through_nested_loads_and_always_comes_back(monkeypatch):
    """Paused for the whole check of a scenario and the libraries it imports (the inner
    pauses must not end it early), and running again afterwards, even after an exception."""
    import gc

    from breachsim.scenario import loader

    from .conftest import ROOT

    enabled_while_reading = []
    read_source = loader.read_source

    def spy(path, result):
        enabled_while_reading.append(gc.isenabled())
        return read_source(path, result)

    monkeypatch.setattr(loader, "read_source", spy)
    assert gc.isenabled()
    result = validate([ROOT / "scenarios" / "hospital-ransomware.scenario.yaml"]).results[0]
    assert result.ok and len(enabled_while_reading) >= 2  # the scenario and its libraries
    assert not any(enabled_while_reading) and gc.isenabled()
    with pytest.raises(RuntimeError), loader.collection_paused():
        raise RuntimeError
    assert gc.isenabled()


# --- numbers in a facts file: bounded, each with its diagnostic -------------------------------

FACTS = {
    "data_subjects: true": "data_subjects: Input should be a valid integer",
    "data_subjects: " + "9" * 400: "data_subjects: Input should be less than or equal to",
    f"records: {2**63}": "records: Input should be less than or equal to 1000000000000",
    "records: 1e308": "records: Input should be a valid integer",
    "restore_hours: 1e308": "restore_hours: Input should be a valid number",  # YAML: text
    "restore_hours: 1.0e+308": "restore_hours: Input should be less than or equal to 87600",
    "restore_hours: .inf": "restore_hours: Input should be a finite number",
    "restore_hours: true": "restore_hours: Input should be a valid number",
}


@pytest.mark.parametrize("line", FACTS)
def test_assess_bounds_every_number_with_a_diagnostic(tmp_path, line):
    path = tmp_path / "facts.yaml"
    path.write_text("nature: [confidentiality]\n" + line + "\n", encoding="utf-8")
    proc = run_cli("assess", str(path))
    assert proc.returncode == 1 and proc.stdout == ""
    column = line.index(":") + 3
    assert f"{path}:2:{column}: error[BS202] {FACTS[line]}" in proc.stderr
    assert "Traceback" not in proc.stderr
