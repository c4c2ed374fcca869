"""The interface catalogue: every string the app shows exists in English and Dutch, and no
widget is handed text that bypasses the catalogue."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from breachsim.engine.actions import FORMS
from breachsim.scenario.vocab import Channel, DataCategory, Nature, Severity
from breachsim.tui import i18n
from breachsim.tui.keys import all_bindings

TUI = Path(i18n.__file__).parent
SOURCES = sorted(TUI.rglob("*.py"))


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_has_both_languages_with_the_same_placeholders():
    for key, entry in i18n.catalogue().items():
        assert set(entry) == set(i18n.LANGUAGES), key
        assert all(entry[lang].strip() for lang in i18n.LANGUAGES), key
        assert fields(entry["en"]) == fields(entry["nl"]), key


def test_dutch_is_really_translated():
    same = [k for k, e in i18n.catalogue().items() if e["en"] == e["nl"]]
    # words that are the same in both languages (Team, Status, Inject …) are few
    assert len(same) < 0.1 * len(i18n.catalogue()), same


def literal_keys() -> set[str]:
    keys = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "t" and node.args
                    and isinstance(node.args[0], ast.Constant)):
                keys.add(node.args[0].value)
    return keys


def test_every_literal_key_the_code_uses_exists():
    missing = literal_keys() - set(i18n.catalogue())
    assert not missing


@pytest.mark.parametrize("family, values", [
    ("bind.{}", all_bindings()), ("tip.{}", all_bindings()),
    ("action.{}", FORMS), ("tip.action.{}", FORMS),
    ("severity.{}", [s.value for s in Severity]),
    ("choice.severity.{}", [s.value for s in Severity]),
    ("channel.{}", [c.value for c in Channel]),
    ("choice.channel.{}", [c.value for c in Channel]),
    ("category.{}", [c.value for c in DataCategory]),
    ("nature.{}", [n.value for n in Nature]),
    ("note.by.{}", ["facilitator", "observer", "team"]),
    ("summary.reason.{}", ["duration", "option", "inject", "facilitator"]),
    ("summary.by.{}", ["team", "facilitator", "timeout"]),
    ("rating.{}", ["P", "S", "M", "U"]),
    ("msel.status.{}", ["triggered", "due", "waiting", "unreachable", "skipped"]),
    ("msel.how.{}", ["start", "at", "after", "trigger", "when", "skipped"]),
])
def test_every_key_built_at_run_time_exists(family, values):
    missing = [family.format(v) for v in values if family.format(v) not in i18n.catalogue()]
    assert not missing


def test_every_form_field_and_choice_has_a_label():
    from breachsim.tui.screens.forms import action_fields

    for action in FORMS:
        for field in action_fields(action):
            assert f"field.{field.name}" in i18n.catalogue(), (action, field.name)
            for choice in field.choices:
                assert f"choice.{field.name}.{choice}" in i18n.catalogue(), (action, choice)


#: Calls that put text on screen; their text must come from t(), a variable or author data.
_SHOWS = {"Static", "Label", "Button", "notify", "Option", "Input", "update", "add_column",
          "add_columns", "Content", "styled"}
_WORDS = re.compile(r"[A-Za-z]{3,}")


def test_no_widget_is_given_untranslated_words():
    found = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in _SHOWS:
                continue
            texts = [*node.args, *(k.value for k in node.keywords
                                   if k.arg in ("placeholder", "label", "title"))]
            for arg in texts:
                for const in _constants(arg):
                    if _WORDS.search(const.value) and not _is_style(const.value):
                        found.append(f"{path.name}:{const.lineno}: {const.value!r}")
    assert not found


def _constants(node: ast.AST):
    """The string constants in an expression, except the catalogue keys inside ``t(...)``."""
    if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "t":
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node
    if isinstance(node, ast.Subscript):  # option["label"] is data, not text
        yield from _constants(node.value)
        return
    for child in ast.iter_child_nodes(node):
        yield from _constants(child)


def _is_style(text: str) -> bool:
    """Style strings and ids (``bold $error``, ``#field-x``) are not interface text."""
    return bool(re.fullmatch(r"[\w$#. -]*", text)) and (
        "$" in text or text.startswith("#") or set(text.split()) <= {
            "bold", "italic", "underline", "reverse", "dim"} | {w for w in text.split()
                                                               if w.startswith("$")})


def test_the_language_follows_the_environment(monkeypatch):
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    assert i18n.system_language() == "nl"
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert i18n.system_language() == "en"
