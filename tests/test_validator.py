"""The validator on realistic mistakes: the right code, at the right line and column."""

from __future__ import annotations

from breachsim.application.validation import validate
from breachsim.scenario import load


def diags(path):
    return [(d.code, d.line, d.column) for d in load(path).diagnostics]


def line_of(text: str, needle: str) -> int:
    return next(i for i, ln in enumerate(text.splitlines(), 1) if needle in ln)


def test_skeleton_is_clean(write, skeleton_text):
    result = load(write(skeleton_text))
    assert result.ok and result.diagnostics == []
    assert len(result.scenario.injects) == 4


def test_unknown_key_points_at_the_key_and_suggests(write, skeleton_text):
    text = skeleton_text.replace("    severity: high\n", "    severty: high\n", 1)
    [d] = load(write(text)).diagnostics
    assert (d.code, d.line, d.column) == ("BS200", line_of(text, "severty"), 5)
    assert d.hint == "did you mean 'severity'?"
    assert "tape_missing" in d.message


def test_invalid_enum_lists_what_is_allowed(write, skeleton_text):
    text = skeleton_text.replace("channel: phone", "channel: fax", 1)
    [d] = load(write(text)).diagnostics
    assert d.code == "BS202" and d.line == line_of(text, "channel: fax") and d.column == 14
    assert "email" in d.hint and "briefing" in d.hint


def test_missing_key_named_once(write, skeleton_text):
    text = skeleton_text.replace("    title: Courier reports a missing tape\n", "", 1)
    [d] = load(write(text)).diagnostics
    assert d.code == "BS201" and "'title'" in d.message and "tape_missing" in d.message


def test_bare_number_duration_is_refused_with_examples(write, skeleton_text):
    text = skeleton_text.replace("at: T+48:00", "at: 48", 1)
    [d] = load(write(text)).diagnostics
    assert d.code == "BS202" and d.line == line_of(text, "at: 48")
    assert "90m" in d.message


def test_naive_start_time_asks_for_an_offset(write, skeleton_text):
    text = skeleton_text.replace("2026-03-02T09:00:00+01:00", "2026-03-02 09:00", 1)
    [d] = load(write(text)).diagnostics
    assert d.code == "BS202" and "+01:00" in (d.hint or "")


def test_duplicate_keys_report_both_lines(write, skeleton_text):
    text = skeleton_text.replace("    severity: high\n", "    severity: high\n    severity: low\n", 1)
    found = [d for d in load(write(text)).diagnostics if d.code == "BS104"]
    assert len(found) == 1
    first = line_of(text, "severity: high")
    assert found[0].line == first + 1 and found[0].related == ((first, 5),)


def test_duplicate_inject_id(write, skeleton_text):
    text = skeleton_text.replace("  - id: wrap_up", "  - id: press_call", 1)
    codes = {d.code for d in load(write(text)).diagnostics}
    assert "BS300" in codes


def test_unknown_trigger_suggests_the_close_id(write, skeleton_text):
    text = skeleton_text.replace("triggers: [press_call]", "triggers: [pres_call]", 1)
    found = [d for d in load(write(text)).diagnostics if d.code == "BS302"]
    assert found and found[0].hint == "did you mean 'press_call'?"
    assert found[0].line == line_of(text, "pres_call")


def test_condition_error_column_is_inside_the_condition(write, skeleton_text):
    text = skeleton_text.replace("when: not told_customers ", "when: not told_customer ", 1)
    [d] = [d for d in load(write(text)).diagnostics if d.code == "BS401"]
    line = text.splitlines()[d.line - 1]
    assert line[d.column - 1:].startswith("told_customer")


def test_template_error_line_is_inside_the_block(write, skeleton_text):
    text = skeleton_text.replace("{{ persona.outlet }}", "{{ persona.outlit }}", 1)
    [d] = [d for d in load(write(text)).diagnostics if d.code == "BS501"]
    assert d.line == line_of(text, "persona.outlit")
    assert d.hint == "did you mean 'outlet'?"


def test_no_awareness_and_timeout_without_default(write, skeleton_text):
    text = (skeleton_text.replace("    marks_awareness: true", "    marks_awareness: false", 1)
            .replace("      default: wait\n", "", 1))
    codes = {d.code for d in load(write(text)).diagnostics}
    assert {"BS308", "BS306"} <= codes


def test_unreachable_and_late_injects_are_warnings(write, skeleton_text):
    orphan = "  - id: orphan\n    title: Nobody sends this\n    channel: email\n\n"
    text = (skeleton_text.replace("at: T+48:00", "at: T+80:00", 1)
            .replace("objectives:", orphan + "objectives:", 1))
    found = {d.code: d for d in load(write(text)).diagnostics}
    assert set(found) == {"BS303", "BS307"}
    assert found["BS303"].severity == found["BS307"].severity == "warning"
    assert found["BS303"].line == line_of(text, "id: orphan")
    assert found["BS307"].line == line_of(text, "T+80:00")


def test_text_output_has_caret_and_summary(write, skeleton_text, tmp_path):
    text = skeleton_text.replace("channel: phone", "channel: fax", 1)
    path = write(text)
    report = validate([path])
    out = report.text()
    assert f"{path.name}:{line_of(text, 'fax')}:14: error[BS202]" in out
    assert "|              ^" in out or "^" in out.splitlines()[2]
    assert out.splitlines()[-1] == "checked 1 file: 1 error, 0 warnings"


def test_strict_turns_warnings_into_errors(write, skeleton_text):
    text = skeleton_text.replace("  told_customers: false", "  told_customers: false\n  spare: 0", 1)
    report = validate([write(text)])
    assert report.errors() == 0 and report.warnings() == 1
    assert report.errors(strict=True) == 1


def test_a_variable_named_only_in_plain_text_or_a_comment_is_unused(write, skeleton_text):
    text = (skeleton_text.replace("  told_customers: false", "  told_customers: false\n  spare: 0", 1)
            .replace("body: Time is up.", "body: \"Time is up (vars.spare). {# vars.spare #}\""))
    found = [d for d in load(write(text)).diagnostics if d.code == "BS403"]
    assert [d.message for d in found] == ["variable 'spare' is never used"]
