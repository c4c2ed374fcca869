import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breachsim.scenario import templates


def codes(text, variables=(), params=None):
    return [p.code for p in templates.check(text, set(variables), params)]


def test_plain_text_is_not_a_template():
    assert codes("Dear customer, 100% of {braces} are fine") == []
    assert templates.render("a {b} c", {}) == "a {b} c"


def test_known_names_pass_and_render():
    text = "{{ organisation.name }} / {{ vars.paid }} / {% if breach.encrypted %}safe{% endif %}"
    assert codes(text, {"paid"}) == []
    out = templates.render(text, {"organisation": {"name": "Acme"}, "vars": {"paid": True},
                                  "breach": {"encrypted": False}})
    assert out == "Acme / True / "


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("{{ organisaton.name }}", "BS501"),
        ("{{ organisation.nmae }}", "BS501"),
        ("{{ vars.unknown }}", "BS501"),
        ("{{ params.outlet }}", "BS501"),  # outside a library inject
        ("{{ fake.credit_card_number() }}", "BS501"),
        ("{{ name", "BS500"),
        ("{% for x in [1,2] %}{{ x }}{% endfor %}", "BS500"),
        ("{% include 'x' %}", "BS500"),
        ("{% macro m() %}{% endmacro %}", "BS500"),
        ("{{ organisation.name | uper }}", "BS501"),
        ("{% if breach.encrypted is nosuchtest %}x{% endif %}", "BS501"),
    ],
)
def test_bad_templates_are_refused_before_a_session(text, code):
    assert code in codes(text)


def test_params_are_checked_in_library_injects():
    assert codes("{{ params.outlet }}", params={"outlet"}) == []
    assert codes("{{ params.outlt }}", params={"outlet"}) == ["BS501"]


def test_set_names_are_usable():
    assert codes("{% set who = fake.name() %}{{ who }}") == []


def test_sandbox_stops_escapes_and_blowups():
    from jinja2.exceptions import SecurityError

    with pytest.raises(SecurityError):
        templates.render("{{ organisation.__class__.__mro__ }}", {"organisation": object()})
    with pytest.raises(OverflowError):
        templates.render("{{ 'x' * 100000000 }}", {})
    with pytest.raises(OverflowError):
        templates.render("{{ 99999 ** 99999 }}", {})


def test_markup_in_values_is_not_interpreted():
    out = templates.render("{{ vars.note }}", {"vars": {"note": "[bold]{{ 7*7 }}[/bold]"}})
    assert out == "[bold]{{ 7*7 }}[/bold]"


SIMPLE_BODIES = st.lists(
    st.one_of(
        st.text(alphabet="abc XYZ.,!\n}{|()", max_size=12).filter(
            lambda t: "{{" not in t and "{%" not in t and "{#" not in t and not t.endswith("{")),
        st.builds(lambda o, a, call, f: "{{ " + o + (f".{a}" if a else "") + ("()" if call else "")
                  + "".join(f" | {x}" for x in f) + " }}",
                  st.sampled_from(["organisation", "fake", "vars", "nme", "params"]),
                  st.sampled_from(["", "name", "city", "nmae"]), st.booleans(),
                  st.lists(st.sampled_from(["upper", "title", "uper"]), max_size=2)),
    ),
    max_size=6,
).map("".join)


@given(SIMPLE_BODIES)
@settings(max_examples=300, deadline=None)
def test_fast_path_agrees_with_the_full_parse(body):
    fast = templates._simple_outline(body)
    assert fast is not None
    full = templates._parsed_outline(body)
    assert full.error is None
    assert sorted(fast.names) == sorted(full.names)
    assert sorted(fast.attributes) == sorted(full.attributes)
    assert sorted(fast.filters) == sorted(full.filters)
