from datetime import timedelta

import pytest

from breachsim.scenario import conditions as c

SCOPE_VARS = {"paid": ("bool", None), "calls": ("int", None), "stance": ("enum", ["deny", "apologise"]),
              "grace": ("duration", None)}


def scope():
    return c.Scope(variables=SCOPE_VARS, injects={"alert", "leak"},
                   decisions={"ransom": ["pay", "refuse"]},
                   actions={"notify_authority", "public_statement"})


def facts(**overrides):
    base = dict(variables={"paid": False, "calls": 0, "stance": "deny", "grace": "4h"},
                seen=set(), choices={}, done=set(), elapsed=timedelta(0), since_awareness=None)
    base.update(overrides)
    return c.Facts(**base)


def run(text, **overrides):
    expr = c.parse(text)
    assert c.check(expr, scope()) == []
    types = {k: t for k, (t, _) in SCOPE_VARS.items()}
    return c.compile_condition(expr, types)(facts(**overrides))


def test_precedence_not_binds_tighter_than_and_than_or():
    assert run("true or false and false") is True
    assert run("not false and false") is False
    assert run("not (false and false)") is True


def test_functions_read_the_session():
    assert run("seen(alert)", seen={"alert"}) is True
    assert run("seen(alert)") is False
    assert run("chose(ransom, pay)", choices={"ransom": "pay"}) is True
    assert run("chose(ransom, pay)", choices={"ransom": "refuse"}) is False
    assert run("not done(notify_authority)") is True


def test_durations_and_clock_names():
    assert run("elapsed >= T+12:00", elapsed=timedelta(hours=12)) is True
    assert run("elapsed > 24h", elapsed=timedelta(hours=12)) is False
    assert run("since_awareness > PT1H", since_awareness=timedelta(hours=2)) is True
    assert run("grace < 5h") is True


def test_before_awareness_comparisons_are_false_and_aware_is_false():
    assert run("since_awareness > 0m") is False
    assert run("since_awareness < 100h") is False
    assert run("aware") is False
    assert run("aware", since_awareness=timedelta(0)) is True


def test_variables_and_enums():
    assert run("calls >= 3", variables={"calls": 3}) is True
    assert run("stance == 'apologise'", variables={"stance": "apologise"}) is True
    assert run('stance != "deny"', variables={"stance": "deny"}) is False


@pytest.mark.parametrize(
    ("text", "code", "fragment"),
    [
        ("calls = 3", "BS400", "=="),
        ("seen(alert", "BS400", "expected ')'"),
        ("calls > 3 > 2", "BS400", "chained"),
        ("", "BS400", "empty"),
        ("calls >", "BS400", "expected a value"),
        ("paid and", "BS400", "expected a value"),
        ("foo(bar)", "BS400", "unknown function"),
        ("chose(ransom)", "BS400", "2 argument"),
        ("paid && calls", "BS400", "`and`"),
        ("'open", "BS400", "close the string"),
        ("(" * 40 + "true" + ")" * 40, "BS400", "nested"),
    ],
)
def test_syntax_errors_name_the_problem(text, code, fragment):
    with pytest.raises(c.ConditionError) as info:
        c.parse(text)
    assert info.value.code == code
    assert fragment in (info.value.message + " " + (info.value.hint or ""))


@pytest.mark.parametrize(
    ("text", "code", "offset"),
    [
        ("payd", "BS401", 0),
        ("calls > 3h", "BS402", 6),
        ("paid > true", "BS402", 5),
        ("stance == 'sorry'", "BS402", 10),
        ("calls", "BS402", 0),
        ("not calls", "BS402", 4),
        ("seen(alrt)", "BS302", 5),
        ("chose(ransom, maybe)", "BS302", 14),
        ("chose(alert, pay)", "BS302", 6),
        ("done(notify_police)", "BS302", 5),
    ],
)
def test_reference_and_type_errors_point_at_the_token(text, code, offset):
    errors = c.check(c.parse(text), scope())
    assert [(e.code, e.offset) for e in errors][:1] == [(code, offset)]


def test_misspelt_variable_suggests_the_declared_one():
    [error] = c.check(c.parse("payd"), scope())
    assert error.hint == "did you mean 'paid'?"


def test_no_python_is_ever_evaluated():
    for hostile in ("__import__('os').system('true')", "paid.__class__", "calls[0]", "lambda: 1"):
        with pytest.raises(c.ConditionError):
            c.parse(hostile)
