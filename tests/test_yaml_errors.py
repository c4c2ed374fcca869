"""YAML syntax errors say what is wrong and where the author made the mistake, not where the
parser gave up: the column a mis-indented line belongs at, the quote that opened, the bracket
left open."""

from __future__ import annotations

import pytest

from breachsim.application.validation import validate

BASE = """\
format: 1
id: stolen-laptop
title: Stolen laptop
summary: A laptop with customer records is stolen from a car.
language: en
locale: en_GB
jurisdiction: UK
breach: {data_categories: [identity, contact], encrypted: false}
clock: {start: 2026-03-02T09:00:00+00:00, duration: 72h}
start: laptop_stolen
injects:
  - id: laptop_stolen
    title: A sales rep reports a stolen laptop
    channel: phone
    from: staff
    marks_awareness: true
  - id: ransom_note
    title: Ransom
    channel: email
    at: T+02:00
"""


def _one(write, line: int, old: str, new: str):
    lines = BASE.splitlines()
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new)
    report = validate([write("\n".join(lines) + "\n")])
    [diag] = report.diagnostics
    return diag


@pytest.mark.parametrize(("line", "old", "new", "column", "message", "hint"), [
    pytest.param(13, "    title", "     title", 6,
                 "indented 5 spaces, deeper than `id:` on line 12, which has its value already",
                 "indent it 4 spaces, like `id:` on line 12", id="key-one-space-too-deep"),
    pytest.param(13, "    title", "   title", 4,
                 "indented 3 spaces, which lines up with no key above it",
                 "indent it 4 spaces, like `id:` on line 12", id="key-between-levels"),
    pytest.param(18, "    title", "  title", 3,
                 "indented 2 spaces, which lines up with no key above it",
                 "indent it 4 spaces, like `id:` on line 17", id="key-at-the-dash"),
    pytest.param(17, "  - id", "   - id", 4,
                 "indented 3 spaces, which lines up with no list item or key above it",
                 "indent it 2 spaces, like `- id:` on line 12", id="item-between-levels"),
    pytest.param(3, "title", " title", 2,
                 "indented 1 space, deeper than `id:` on line 2",
                 "indent it 0 spaces, like `id:` on line 2", id="top-level-key"),
    pytest.param(12, "  - id", "  -id", 5,
                 "deeper than `-id:` on line 12",
                 "a list item starts with a dash and a space", id="dash-without-space"),
])
def test_a_mis_indented_line_is_named_with_the_column_it_belongs_at(
        write, line, old, new, column, message, hint):
    diag = _one(write, line, old, new)
    assert diag.code == "BS111"
    assert message in diag.message and hint in diag.hint
    assert (diag.line, diag.column) == (line if "-id" not in new else line + 1, column)


def test_a_tab_is_bad_indentation(write):
    diag = _one(write, 13, "    title", "\ttitle")
    assert (diag.code, diag.line, diag.column) == ("BS111", 13, 1)
    assert "spaces" in diag.hint


@pytest.mark.parametrize("quote", ['"', "'"])
def test_an_unclosed_quote_is_reported_where_it_opens(write, quote):
    diag = _one(write, 13, "title: A", f"title: {quote}A")
    assert (diag.code, diag.line, diag.column) == ("BS112", 13, 12)
    assert f"the quote {quote} here is never closed" in diag.message
    assert diag.related == ((21, 1),)


def test_an_apostrophe_inside_single_quotes(write):
    diag = _one(write, 13, "A sales rep reports a stolen laptop", "'It's late'")
    assert (diag.code, diag.line, diag.column) == ("BS112", 13, 16)
    assert "two quotes ('')" in diag.hint


@pytest.mark.parametrize(("old", "new", "bracket", "at"), [
    ("encrypted: false}", "encrypted: false", "{", (8, 9)),
    ("contact]", "contact", "[", (8, 27)),
])
def test_an_unclosed_bracket_is_reported_where_it_opens(write, old, new, bracket, at):
    diag = _one(write, 8, old, new)
    assert (diag.code, (diag.line, diag.column)) == ("BS112", at)
    assert diag.message.startswith(f"the {bracket} here is not closed")


@pytest.mark.parametrize(("line", "old", "new"), [
    (14, "channel: phone", "channel phone"),
    (11, "injects:", "injects"),
])
def test_a_key_without_its_colon(write, line, old, new):
    diag = _one(write, line, old, new)
    assert (diag.code, diag.line) == ("BS103", line)
    assert f"{new.strip()!r} has no ':' after its key" in diag.message


def test_a_colon_inside_a_value_stays_a_syntax_error_with_its_hint(write):
    diag = _one(write, 18, "Ransom", "Ransom: pay or not?")
    assert (diag.code, diag.line, diag.column) == ("BS103", 18, 18)
    assert "must be quoted" in diag.hint
