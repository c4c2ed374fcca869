"""Inject bodies as templates in a closed language with a fixed set of names.

Authors write Jinja syntax restricted to ``{{ name }}``, filters, ``{% if %}`` and
``{% set %}``: no loops, macros, includes, imports or calls other than ``fake.…()``. Bodies are
parsed with Jinja's parser and rendered by ``template_eval``, which walks the tree itself and
never compiles author text to code. The names an author may use are fixed (``NAMES``); the
validator rejects any other name, filter or construct before a session starts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import Environment, TemplateSyntaxError, nodes

from . import template_eval
from .model import BreachFacts, Organisation, Persona

#: Generated values an inject body may ask for: ``{{ fake.name() }}``.
FAKE_METHODS = (
    "name", "first_name", "last_name", "company", "city", "street_address", "postcode",
    "phone_number", "email", "iban", "date", "time", "job", "user_name", "ipv4",
)

#: name → its attributes (None: any attribute is an error-free lookup of a declared key).
NAMES: dict[str, tuple[str, ...] | None] = {
    "organisation": tuple(Organisation.model_fields),
    "breach": tuple(BreachFacts.model_fields),
    "persona": (*Persona.model_fields, "id"),
    "recipient": (*Persona.model_fields, "id"),
    "scenario": ("id", "title", "language", "jurisdiction"),
    "authority": (),
    "now": (),
    "team": (),
    "seen": (),  # the ids of the injects delivered so far: {% if 'leak' in seen %}
    "done": (),  # the team actions taken so far: {% if 'notify_authority' in done %}
    "fake": FAKE_METHODS,
    "vars": None,  # checked against the declared variables
    "params": None,  # checked against the library inject's parameters
}

#: What Jinja calls the constructs an author might try, in the author's words
_WORDS = {
    "For": "{% for %}", "Macro": "{% macro %}", "CallBlock": "{% call %}",
    "FilterBlock": "{% filter %}", "With": "{% with %}", "Scope": "{% with %}",
    "Include": "{% include %}", "Import": "{% import %}", "FromImport": "{% from %}",
    "Extends": "{% extends %}", "Block": "{% block %}", "AssignBlock": "{% set %}…{% endset %}",
    "ScopedEvalContextModifier": "{% autoescape %}", "EvalContextModifier": "{% autoescape %}",
    "Pow": "the ** operator", "Slice": "slices", "Dict": "mappings", "Call": "a call",
    "UncalledFake": "fake.… without () (write e.g. fake.name())",
    "ExprStmt": "{% do %}", "Continue": "{% continue %}", "Break": "{% break %}",
}

_ALLOWED = template_eval.STATEMENTS + template_eval.EXPRESSIONS + (nodes.Keyword, nodes.Pair)

# Jinja is used to parse only; nothing is ever compiled or run by it.
_ENV = Environment(keep_trailing_newline=True)


@dataclass(frozen=True)
class TemplateProblem:
    code: str
    message: str
    line: int  # 1-based, within the template
    hint: str | None = None
    token: str | None = None  # the text at fault, to put the caret under it

    def offset_in(self, text: str) -> int:
        """Where in ``text`` the token at fault stands (or its line starts)."""
        lines = text.split("\n")
        index = min(max(self.line, 1), len(lines)) - 1
        start = sum(len(line) + 1 for line in lines[:index])
        found = lines[index].find(self.token) if self.token else -1
        return start + max(found, 0)


def is_template(text: str) -> bool:
    return "{{" in text or "{%" in text or "{#" in text


@dataclass(frozen=True)
class _Outline:
    """What a template refers to, from one walk of its syntax tree."""

    error: TemplateProblem | None = None
    statements: tuple[tuple[str, int], ...] = ()  # disallowed statements
    names: tuple[tuple[str, int], ...] = ()  # names read
    assigned: frozenset[str] = frozenset()
    filters: tuple[tuple[str, str, int], ...] = ()  # (filter|test, name, line)
    attributes: tuple[tuple[str, str, int], ...] = ()  # (owner name, attribute, line)


# `{{ name }}`, `{{ owner.attr }}`, `{{ fake.name() }}`, each with optional `| filter`s: a strict
# subset of Jinja's grammar. A body made only of text and such tags needs no full parse.
_SIMPLE_TAG = re.compile(
    r"\{\{[ \t]*([A-Za-z_]\w*)(?:\.([A-Za-z_]\w*))?(?:\(\))?((?:[ \t]*\|[ \t]*[A-Za-z_]\w*)*)"
    r"[ \t]*\}\}"
)
_FILTER_NAME = re.compile(r"[A-Za-z_]\w*")


@lru_cache(maxsize=65536)
def _simple_outline(text: str) -> _Outline | None:
    """The outline of a body of plain text and simple tags, or None when it has more."""
    rest = _SIMPLE_TAG.sub("", text)
    if "{{{" in text or "{{" in rest or "{%" in rest or "{#" in rest:
        return None
    names, filters, attributes = [], [], []
    for match in _SIMPLE_TAG.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        owner, attr, chain = match.groups()
        called = "(" in match.group(0).split("|", 1)[0]
        if called != (owner == "fake" and attr is not None):
            return None  # a call on anything but fake, or fake.x not called: the full check
        names.append((owner, line))
        if attr:
            attributes.append((owner, attr, line))
        filters += [("filter", name, line) for name in _FILTER_NAME.findall(chain)]
    return _Outline(names=tuple(names), filters=tuple(filters), attributes=tuple(attributes))


@lru_cache(maxsize=8192)
def _outline(text: str) -> _Outline:
    simple = _simple_outline(text)
    if simple is not None:
        return simple
    return _parsed_outline(text)


@lru_cache(maxsize=65536)
def _parse(text: str) -> nodes.Template | TemplateSyntaxError:
    """The syntax tree of a body (cached: the validator and the renderer share it)."""
    try:
        return _ENV.parse(text)
    except TemplateSyntaxError as exc:
        return exc
    except RecursionError:
        return TemplateSyntaxError("the template is nested too deeply", 1)


def _parsed_outline(text: str) -> _Outline:
    tree = _parse(text)
    if isinstance(tree, TemplateSyntaxError):
        exc = tree
        return _Outline(TemplateProblem(
            "BS500", exc.message or "template syntax error", exc.lineno or 1,
            "write {{ name }} for a value and {% if … %}…{% endif %}"))
    statements, names, filters, attributes = [], [], [], []
    assigned = set()
    called: set[int] = set()
    fake_attrs: list[nodes.Getattr] = []
    stack: list[nodes.Node] = [tree]
    while stack:
        node = stack.pop()
        stack.extend(node.iter_child_nodes())
        if not isinstance(node, _ALLOWED) or (
                isinstance(node, nodes.Call) and not _is_fake_call(node)):
            statements.append((type(node).__name__, node.lineno))
        elif isinstance(node, nodes.Name):
            if node.ctx == "store":
                assigned.add(node.name)
            else:
                names.append((node.name, node.lineno))
        elif isinstance(node, nodes.Filter):
            filters.append(("filter", node.name, node.lineno))
        elif isinstance(node, nodes.Test):
            filters.append(("test", node.name, node.lineno))
        elif isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name):
            attributes.append((node.node.name, node.attr, node.lineno))
        if isinstance(node, nodes.Call):
            called.add(id(node.node))
        elif (isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name)
              and node.node.name == "fake"):
            fake_attrs.append(node)
    statements += [("UncalledFake", n.lineno) for n in fake_attrs if id(n) not in called]
    key = lambda item: item[-1]  # noqa: E731 - report in line order
    return _Outline(None, tuple(sorted(statements, key=key)), tuple(sorted(names, key=key)),
                    frozenset(assigned), tuple(sorted(filters, key=key)),
                    tuple(sorted(attributes, key=key)))


def _is_fake_call(node: nodes.Call) -> bool:
    """``fake.name()``: the only call a body may make, without arguments."""
    target = node.node
    return (isinstance(target, nodes.Getattr) and isinstance(target.node, nodes.Name)
            and target.node.name == "fake" and not (node.args or node.kwargs or node.dyn_args
                                                    or node.dyn_kwargs))


def variables_read(text: str) -> set[str]:
    """The scenario variables a body reads (``vars.name``), from the same outline the checks
    use — so a ``vars.x`` in a comment or in plain text does not count."""
    if not is_template(text):
        return set()
    return {attr for owner, attr, _ in _outline(text).attributes if owner == "vars"}


def check(text: str, variables: set[str] | None, params: set[str] | None
          ) -> list[TemplateProblem]:
    """Syntax, allowed statements, and names.

    ``variables`` are the scenario's, or None for text written in a library file (which
    cannot know them); ``params`` are the library inject's, or None outside library injects.
    """
    from .diagnostics import did_you_mean, hint_for

    if not is_template(text):
        return []
    outline = _outline(text)
    if outline.error is not None:
        return [outline.error]
    problems = [
        TemplateProblem("BS500", f"{_WORDS.get(kind, kind)} is not allowed in an inject body",
                        line, "bodies use {{ name }}, filters, {% if %}, {% set %} and "
                        "fake.…() only", _token(kind))
        for kind, line in outline.statements
    ]
    known = set(NAMES) | outline.assigned
    for name, line in outline.names:
        if name not in known:
            problems.append(TemplateProblem(
                "BS501", f"{name!r} is not a name a template can use", line,
                did_you_mean(name, known) or f"available: {', '.join(sorted(NAMES))}", name))
    for what, name, line in outline.filters:
        table = template_eval.FILTERS if what == "filter" else template_eval.TESTS
        if name not in table:
            problems.append(TemplateProblem("BS501", f"there is no {what} named {name!r}", line,
                                            hint_for(name, set(table)), name))
    for owner, attr, line in outline.attributes:
        if owner in outline.assigned:
            continue
        if owner == "params" and params is None:
            problems.append(TemplateProblem(
                "BS501", "'params' exists only in library injects", line,
                "use a scenario variable with {{ vars.name }}", "params"))
            continue
        if owner == "vars" and variables is None:
            problems.append(TemplateProblem(
                "BS501", f"vars.{attr}: library injects cannot read scenario variables", line,
                "declare a parameter and use {{ params.name }}; scenarios pass it with `with:`",
                f"vars.{attr}"))
            continue
        allowed: set[str] | None
        if owner == "vars":
            allowed = variables
        elif owner == "params":
            allowed = params or set()
        elif owner in NAMES:
            fields = NAMES[owner]
            allowed = set(fields) if fields is not None else None
        else:
            continue
        if allowed is not None and attr not in allowed:
            what = {"vars": "declared variable", "params": "parameter"}.get(owner, "field")
            problems.append(TemplateProblem(
                "BS501", f"{owner}.{attr} is not a {what} of {owner!r}", line,
                hint_for(attr, allowed) or (f"available: {', '.join(sorted(allowed))}"
                                            if allowed else None), f"{owner}.{attr}"))
    return problems


def _token(kind: str) -> str | None:
    """The text to put the caret under for a refused construct."""
    word = _WORDS.get(kind, "")
    if word.startswith("{% "):
        return word[3:].split(" ", 1)[0].rstrip("%}").strip()
    return {"Pow": "**", "Call": "("}.get(kind)


def render(text: str, context: Mapping[str, Any]) -> str:
    """Render a checked body; plain text passes through untouched.

    Raises ``template_eval.TemplateError`` when the values do not fit the body.
    """
    if not is_template(text):
        return text
    if _simple_outline(text) is not None:  # text and simple tags only: no tree needed
        return template_eval.render_tags(_SIMPLE_TAG, text, context)
    tree = _parse(text)
    if isinstance(tree, TemplateSyntaxError):
        raise template_eval.TemplateError(tree.message or "template syntax error")
    return template_eval.render(tree, context)
