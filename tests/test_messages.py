"""The core's message catalogue: both languages say every message with the same placeholders,
every key the code uses exists, and no message is left that nothing uses."""

from __future__ import annotations

import ast
import random
import re
import typing
from pathlib import Path

import pytest

from breachsim.engine.actions import FORMS
from breachsim.law import messages
from breachsim.law.messages import CatalogueError, catalogue, message, number, placeholders, series
from breachsim.rules import assessment, enisa, findings
from breachsim.rules.plain_language import ELEMENTS
from breachsim.rules.risk import careful, rate
from breachsim.scenario.model import BreachFacts
from breachsim.scenario.vocab import (
    TEAM_ACTIONS,
    ControllerRole,
    DataCategory,
    Exfiltration,
    Nature,
    RiskSource,
)

from .conftest import ROOT

PACKAGE = ROOT / "breachsim"
#: The functions that take a message key → what they put in front of it, and the one module
#: they are in (None: any module).
TAKE_KEYS = {"message": ("", None), "say": ("", None),
             "_reason": ("reason.", "rules/assessment.py"),
             "_label": ("label.", "rules/assessment.py"),
             # the report's words: a label of a family, a rating
             "label": ("", "report/words.py"), "rating": ("rating.", "report/words.py")}


# -- the catalogue itself -----------------------------------------------------------------------

def test_every_key_has_both_languages_with_the_same_placeholders():
    for key, entry in catalogue().items():
        assert set(entry) == set(messages.LANGUAGES), key
        assert all(text.strip() for text in entry.values()), key
        assert placeholders(entry["en"]) == placeholders(entry["nl"]), key


def test_both_files_list_the_keys_in_the_same_order():
    import yaml

    folder = Path(messages.__file__).parent
    orders = [list(yaml.safe_load((folder / f"{lang}.yaml").read_text(encoding="utf-8")))
              for lang in messages.LANGUAGES]
    assert orders[0] == orders[1]


def test_dutch_is_really_translated():
    same = [k for k, e in catalogue().items() if e["en"] == e["nl"]]
    # loanwords and labels both languages write alike (team, scenario, status, e-mail, chat)
    assert len(same) <= 0.05 * len(catalogue()), same


@pytest.mark.parametrize("en, nl, problem", [
    ("a: {x}", "b: {y}", "different placeholders"),
    ("a", None, "missing in nl"),
    ("a: {x.y}", "b: {x.y}", "not a plain name"),
    ("a: {x:.1f}", "b: {x:.1f}", "not a plain name"),
])
def test_a_broken_catalogue_fails_to_load(tmp_path, monkeypatch, en, nl, problem):
    import yaml

    (tmp_path / "en.yaml").write_text(yaml.safe_dump({"k": en}), encoding="utf-8")
    (tmp_path / "nl.yaml").write_text(yaml.safe_dump({"k": nl} if nl else {}), encoding="utf-8")
    monkeypatch.setattr(messages, "_FOLDER", tmp_path)
    messages.catalogue.cache_clear()
    try:
        with pytest.raises(CatalogueError, match=problem):
            messages.catalogue()
    finally:
        messages.catalogue.cache_clear()


def test_a_message_fails_loudly():
    with pytest.raises(KeyError, match="no message"):
        message("label.no_such_key", "en")
    with pytest.raises(KeyError, match="no language"):
        message("label.why", "de")
    with pytest.raises(KeyError, match="needs a value for 'hours'"):
        message("label.authority.yes", "nl", authority="AP")


def test_values_are_inserted_as_they_are():
    said = message("report.score", "en", percent="{__class__}", rating="{0}")
    assert said == "score: {__class__}% ({0})"
    # a value the message does not name is ignored: variants of a message share a call
    assert message("label.why", "nl", hours=4) == "Waarom"


def test_numbers_are_written_as_the_language_writes_them():
    assert number(1234567, "en") == "1,234,567" and number(1234567, "nl") == "1.234.567"
    assert number(1234.5, "en") == "1,234.5" and number(1234.5, "nl") == "1.234,5"
    assert number(1.5, "nl", ".1f") == "1,5" and number(2.0, "en", ".1f") == "2.0"
    assert number(0.25, "nl", "g") == "0,25" and number(36.5, "en", ".0f") == "36"
    assert number("n/a", "nl") == "n/a"


def test_a_list_in_a_sentence_ends_with_the_language_s_and():
    assert series([], "en") == "" and series(["one"], "nl") == "one"
    assert series(["a", "b"], "en") == "a and b" and series(["a", "b", "c"], "nl") == "a, b en c"


# -- the keys the code uses ---------------------------------------------------------------------

def _calls():
    """(path, line, prefix, key node) for every call of a function that takes a message key,
    except those inside such functions (they pass their own key on)."""
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(PACKAGE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        wrappers = [node for node in ast.walk(tree)
                    if isinstance(node, ast.FunctionDef) and node.name in TAKE_KEYS]
        inside = {id(n) for w in wrappers for n in ast.walk(w)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args or id(node) in inside:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in TAKE_KEYS:
                continue
            prefix, module = TAKE_KEYS[name]
            if module in (None, where):
                yield path, node.lineno, prefix, node.args[0]


def _constants(node: ast.AST) -> list[str]:
    """The string constants a key expression evaluates to (``a if c else b`` gives both);
    empty when any of them is made at run time."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _constants(node.body), _constants(node.orelse)
        return body + orelse if body and orelse else []
    return []


def literal_keys() -> set[str]:
    return ({prefix + key for _, _, prefix, node in _calls() for key in _constants(node)}
            | _template_keys()[0])


def _form_labels() -> set[str]:
    """The keys the app's form fields take as their ``label`` (the app's catalogue or the
    core's)."""
    labels = set()
    for path in sorted((PACKAGE / "tui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Field":
                labels |= {k for kw in node.keywords if kw.arg == "label"
                           for k in _constants(kw.value)}
    return labels


def _template_keys() -> tuple[set[str], set[str]]:
    """The keys the report's templates name, and the families they build (``t("x." ~ v)``)."""
    literal, families = set(), set()
    for path in (PACKAGE / "report" / "templates").glob("*.j2"):
        text = path.read_text(encoding="utf-8")
        literal |= set(re.findall(r'\bt\("([a-z_.]+)"\s*[,)]', text))
        literal |= {k for pair in re.findall(r'\bt\("([a-z_.]+)" if [^)]* else "([a-z_.]+)"\)',
                                                text) for k in pair}
        families |= set(re.findall(r'\bt\("([a-z_.]+\.)" ~', text))
    return literal, families


def _report_keys() -> dict[str, set[str]]:
    """The families of keys the report builds, from the lists in its code."""
    from breachsim.engine.events import ACTION_OF_EVENT, KINDS
    from breachsim.report import evaluation, model, regulatory, render
    from breachsim.rules.deadlines import Status
    from breachsim.scenario.vocab import Channel
    from breachsim.storm.params import CONTACT_KINDS

    def literal(annotation) -> set[str]:
        return set(typing.get_args(annotation))

    enums = {"nature": Nature, "exfiltration": Exfiltration, "risk_source": RiskSource,
             "controller_role": ControllerRole}
    return {
        "aar.cause.": {f"aar.cause.{evaluation.variant('cause', c, v)}"
                       for c in evaluation.CRITERIA for v in evaluation.VARIANTS},
        "aar.fix.": {f"aar.fix.{evaluation.variant('fix', c, v)}"
                     for c in evaluation.CRITERIA for v in evaluation.VARIANTS},
        "aar.h.": {key for _, key in render.SECTIONS},
        "aar.role.": {f"aar.role.{r}" for r in evaluation.ROLES},
        "aar.capability.": {f"aar.capability.{c}" for c, _ in evaluation.CRITERIA.values()},
        "aar.verdict.": {f"aar.verdict.{r}" for r in [*findings.Rating]},
        "aar.event.": {f"aar.event.{k}" for k in KINDS - set(ACTION_OF_EVENT)},
        "aar.notification.": {"aar.notification.initial", "aar.notification.follow_up"},
        "aar.accuracy.": {f"aar.accuracy.{f}" for f in ("subjects_approx", "records_approx")},
        "aar.fact.": {f"aar.fact.{f}" for f in BreachFacts.model_fields},
        "aar.value.": {f"aar.value.{f}.{v.value}" for f, e in enums.items() for v in e},
        "aar.key_status.": {f"aar.key_status.{s}" for s in literal(
            model.KeyTime.model_fields["status"].annotation)},
        "aar.status.": {f"aar.status.{s.value}" for s in Status},
        "aar.lane.": {f"aar.lane.{lane}" for lane in literal(
            model.TimelineEntry.model_fields["lane"].annotation)},
        "aar.to.": {f"aar.to.{t}" for t in literal(
            model.Notification.model_fields["to"].annotation)},
        "aar.standing.": {f"aar.standing.{s}" for s in render.STANDINGS},
        "aar.request.": {f"aar.request.{k}" for k in (*CONTACT_KINDS, *regulatory.REQUESTS,
                                                       "request")},
        "note.by.": {f"note.by.{b}" for b in ("team", "facilitator", "observer")},
        "summary.by.": {f"summary.by.{b}" for b in ("team", "facilitator", "timeout")},
        "summary.reason.": {f"summary.reason.{r}" for r in ("duration", "facilitator",
                                                            "inject", "option")},
        "channel.": {f"channel.{c.value}" for c in Channel},
    }


def _engine_codes() -> set[str]:
    """Every ``code=`` the core gives a ``Refused``."""
    codes = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        if "tui" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Refused":
                codes |= {k.value.value for k in node.keywords
                          if k.arg == "code" and isinstance(k.value, ast.Constant)}
    return codes


def _rule_keys() -> set[str]:
    """The wording keys the rules of ``risk`` give, over a fixed spread of facts."""
    rng = random.Random(15)

    def maybe(value):
        return None if rng.random() < 0.3 else value()

    def some(enum):
        return maybe(lambda: rng.sample(list(enum), rng.randint(1, min(4, len(enum)))))

    def flag():
        return maybe(lambda: rng.random() < 0.5)

    keys = set()
    for _ in range(2000):
        facts = BreachFacts(
            nature=some(Nature), data_categories=some(DataCategory), special_categories=flag(),
            data_subjects=maybe(lambda: rng.choice([3, 40, 1234, 250_000])),
            records=maybe(lambda: rng.choice([5, 999, 100_000])), vulnerable_subjects=flag(),
            encrypted=flag(), key_compromised=flag(), backup_available=flag(),
            restore_hours=maybe(lambda: rng.choice([0.0, 2.5, 12, 48, 1234.5])),
            exfiltration=maybe(lambda: rng.choice(list(Exfiltration))),
            risk_source=maybe(lambda: rng.choice(list(RiskSource))),
            recipients_trusted=flag(), data_recovered=flag(), identifiable=flag(),
            controller_role=maybe(lambda: rng.choice(list(ControllerRole))))
        keys |= {step.key for part in rate(careful(facts)) for step in part.steps}
    return keys


def built_keys() -> dict[str, set[str]]:
    """The keys the code builds at run time, by the family it builds them in."""
    return {
        "criterion.": {f"criterion.{c}" for c in findings.CRITERIA},
        "source.": {f"source.{c}" for c in findings.CRITERIA},
        "score.element.": {f"score.element.{e}" for e in ELEMENTS},
        "refused.": {f"refused.{code}" for code in _engine_codes()},
        "reason.": {f"reason.{key}" for key in _rule_keys()},
        "reason.assume.": {f"reason.assume.{group}" for group in assessment.ASSUMPTIONS},
        "label.": {f"label.{name}" for name in _labels()},
        # the labels the app and the report share
        "action.": {f"action.{a}" for a in (*TEAM_ACTIONS, "decide")},
        "rating.": {f"rating.{r}" for r in [*findings.Rating, "none"]},
        "category.": {f"category.{c.value}" for c in DataCategory},
        "field.": {f"field.{name}" for form in FORMS.values() for name in form.model_fields
                   if name not in ("follows",)},
        **_report_keys(),
    }


def _labels() -> set[str]:
    """What render_text labels: the risk (``risk`` reads ``risk.risk``), each reason's effect,
    the exception, and the ENISA level (``high`` reads ``high.enisa``)."""
    risks = {"risk.risk" if risk == "risk" else risk for risk in typing.get_args(assessment.Risk)}
    levels = [name for _, name in enisa.BANDS] + ["very_high"]
    return (risks | set(typing.get_args(assessment.Effect))
            | set(typing.get_args(assessment.ExceptionCode))
            | {"high.enisa" if level == "high" else level for level in levels})


def test_every_literal_key_the_code_uses_exists():
    missing = sorted(literal_keys() - set(catalogue()))
    assert not missing


def test_every_key_built_at_run_time_exists():
    for family, keys in built_keys().items():
        assert keys, family
        assert not sorted(keys - set(catalogue())), family


def test_every_key_the_code_builds_belongs_to_a_known_family():
    """A key made at run time (an f-string, a variable) must be one of the families
    ``built_keys`` lists, so that the two tests above and the one below see it."""
    families = set(built_keys())
    unknown = []
    for path, line, prefix, node in _calls():
        if _constants(node):
            continue
        if isinstance(node, ast.JoinedStr) and isinstance(node.values[0], ast.Constant):
            built = prefix + node.values[0].value
        else:
            built = prefix
        if built not in families:
            unknown.append(f"{path.relative_to(ROOT)}:{line}: {built!r}")
    assert not unknown


def test_no_message_is_unused():
    used = literal_keys().union(_form_labels(), *built_keys().values())
    unused = sorted(set(catalogue()) - used)
    assert not unused


def test_every_refusal_the_engine_gives_is_said_in_both_languages():
    from breachsim.engine.actions import Refused
    from breachsim.tui import format as fmt
    from breachsim.tui import i18n

    codes = _engine_codes()
    assert {"ended", "delay_reasons", "speed_range"} <= codes
    try:
        for language in messages.LANGUAGES:
            i18n.set_language(language)
            for code in codes:
                values = {name: f"<{name}>" for name in
                          placeholders(catalogue()[f"refused.{code}"]["en"])}
                assert fmt.explain(Refused("reason", code=code, values=values)) == message(
                    f"refused.{code}", language, **values)
            assert fmt.explain(Refused("in English", code="no_such_code")) == "in English"
            assert fmt.explain(Refused("in English")) == "in English"
    finally:
        i18n.set_language("en")
