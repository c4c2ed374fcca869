import pytest
from hypothesis import assume, given, settings
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


def test_no_python_object_is_reachable_and_nothing_blows_up():
    from breachsim.scenario.template_eval import TemplateError

    class Secret:
        password = "hunter2"

    for body, context in [
        ("{{ organisation.__class__ }}", {"organisation": {"name": "x"}}),
        ("{{ thing.password }}", {"thing": Secret()}),
        ("{{ 'x' * 100000000 }}", {}),
        ("{{ 'ab' ~ 'c' * 60000 }}", {}),
        ("{{ 1 / 0 }}", {}),
    ]:
        with pytest.raises(TemplateError):
            templates.render(body, context)


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("{{ 2 ** 8 }}", "BS500"),
        ("{{ organisation.name.upper() }}", "BS500"),
        ("{{ fake.name('x') }}", "BS500"),
        ("{{ {'a': 1} }}", "BS500"),
        ("{{ 'abc'[0:2] }}", "BS500"),
        ("{% filter upper %}x{% endfilter %}", "BS500"),
        ("{{ '%d' | format(3) }}", "BS501"),
        ("{{ '{:,}'.format(3) }}", "BS500"),
    ],
)
def test_constructs_outside_the_closed_language_are_refused(body, code):
    assert code in codes(body)


def test_rendering_covers_the_whole_language():
    context = {"organisation": {"name": "acme ltd", "employees": 1200},
               "breach": {"data_subjects": 42000, "records": None},
               "vars": {"paid": False, "stance": "open"}, "seen": {"alert": 1}.keys(),
               "scenario": {"language": "nl"}}
    body = ("{% set n = breach.data_subjects %}{{ organisation.name | title }}: "
            "{{ n | number }} people, {{ breach.records | default('unknown') }} records."
            "{% if vars.paid %} Paid.{% elif vars.stance == 'open' %} Open.{% else %} Quiet."
            "{% endif %}{{ ' Seen.' if 'alert' in seen }} {{ organisation.employees // 100 }}"
            "{{ ' ' ~ (n is number) }} {{ [1, 2] | join('-') }}")
    assert templates.render(body, context) == (
        "Acme Ltd: 42.000 people, unknown records. Open. Seen. 12 True 1-2")


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
    # calls on anything but fake, and fake.x without a call, go to the full check
    assume(fast is not None)
    full = templates._parsed_outline(body)
    assert full.error is None
    assert sorted(fast.names) == sorted(full.names)
    assert sorted(fast.attributes) == sorted(full.attributes)
    assert sorted(fast.filters) == sorted(full.filters)


@given(SIMPLE_BODIES.filter(lambda b: "nme" not in b and "nmae" not in b and "params" not in b
                            and "uper" not in b.replace("upper", "")))
@settings(max_examples=200, deadline=None)
def test_simple_bodies_render_the_same_with_and_without_a_tree(body):
    from breachsim.engine.cast import FakeNamespace
    from breachsim.scenario import template_eval

    def context():
        return {"organisation": {"name": "acme", "city": "Gouda"},
                "vars": {"name": "v", "city": "c"},
                "fake": FakeNamespace("nl_NL", 3, "k"), "scenario": {"language": "en"}}

    def outcome(render):
        try:
            return render()
        except template_eval.TemplateError:
            return "error"

    fast = outcome(lambda: templates.render(body, context()))
    tree = templates._parse(body)
    slow = outcome(lambda: template_eval.render(tree, context()))
    assert fast == slow
