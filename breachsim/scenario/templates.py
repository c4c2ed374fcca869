"""Inject bodies as sandboxed templates with a fixed set of names.

Bodies are Jinja templates restricted to ``{{ name }}``, filters and ``{% if %}``/``{% set %}``:
no loops, macros, includes or imports, and arithmetic that cannot blow up. The names an
author may use are fixed (``NAMES``); the validator rejects any other before a session starts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment

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

#: Jinja's node names for the statements an author writes
_STATEMENT_WORDS = {"filterblock": "filter", "callblock": "call", "for": "for", "with": "with",
                    "scope": "with", "macro": "macro", "include": "include", "import": "import",
                    "fromimport": "from", "extends": "extends", "block": "block"}

_ALLOWED_STATEMENTS = (
    nodes.Output, nodes.If, nodes.Assign, nodes.TemplateData, nodes.Template,
)
MAX_OUTPUT = 50_000


class _Environment(SandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and (abs(left) > 1000 or abs(right) > 10):
            raise OverflowError("numbers in a template must stay small")
        result = super().call_binop(context, operator, left, right)
        if isinstance(result, (str, list, tuple)) and len(result) > MAX_OUTPUT:
            raise OverflowError("a template value grew too large")
        return result


_ENV = _Environment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)


@dataclass(frozen=True)
class TemplateProblem:
    code: str
    message: str
    line: int  # 1-based, within the template
    hint: str | None = None
    token: str | None = None  # the text at fault, to put the caret under it


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


def _simple_outline(text: str) -> _Outline | None:
    """The outline of a body of plain text and simple tags, or None when it has more."""
    rest = _SIMPLE_TAG.sub("", text)
    if "{{{" in text or "{{" in rest or "{%" in rest or "{#" in rest:
        return None
    names, filters, attributes = [], [], []
    for match in _SIMPLE_TAG.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        owner, attr, chain = match.groups()
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


def _parsed_outline(text: str) -> _Outline:
    try:
        tree = _ENV.parse(text)
    except TemplateSyntaxError as exc:
        return _Outline(TemplateProblem(
            "BS500", exc.message or "template syntax error", exc.lineno or 1,
            "write {{ name }} for a value and {% if … %}…{% endif %}"))
    statements, names, filters, attributes = [], [], [], []
    assigned = set()
    stack: list[nodes.Node] = [tree]
    while stack:
        node = stack.pop()
        stack.extend(node.iter_child_nodes())
        if isinstance(node, nodes.Stmt) and not isinstance(node, _ALLOWED_STATEMENTS):
            statements.append((type(node).__name__.lower(), node.lineno))
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
    key = lambda item: item[-1]  # noqa: E731 - report in line order
    return _Outline(None, tuple(sorted(statements, key=key)), tuple(sorted(names, key=key)),
                    frozenset(assigned), tuple(sorted(filters, key=key)),
                    tuple(sorted(attributes, key=key)))


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
        TemplateProblem("BS500", f"{{% {_STATEMENT_WORDS.get(word, word)} %}} is not allowed "
                        "in an inject body", line,
                        "bodies use {{ name }}, filters, {% if %} and {% set %} only",
                        _STATEMENT_WORDS.get(word, word))
        for word, line in outline.statements
    ]
    known = set(NAMES) | outline.assigned
    for name, line in outline.names:
        if name not in known:
            problems.append(TemplateProblem(
                "BS501", f"{name!r} is not a name a template can use", line,
                did_you_mean(name, known) or f"available: {', '.join(sorted(NAMES))}", name))
    for what, name, line in outline.filters:
        table = _ENV.filters if what == "filter" else _ENV.tests
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


@lru_cache(maxsize=4096)
def _compiled(text: str):
    return _ENV.from_string(text)


def render(text: str, context: Mapping[str, Any]) -> str:
    """Render a checked body; plain text passes through untouched."""
    if not is_template(text):
        return text
    output = _compiled(text).render(**context)
    return output if len(output) <= MAX_OUTPUT else output[:MAX_OUTPUT] + " …"
