"""Inject bodies as sandboxed templates with a fixed set of names.

Bodies are Jinja templates restricted to ``{{ name }}``, filters and ``{% if %}``/``{% set %}``:
no loops, macros, includes or imports, and arithmetic that cannot blow up. The names an
author may use are fixed (``NAMES``); the validator rejects any other before a session starts.
"""

from __future__ import annotations

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
    "fake": FAKE_METHODS,
    "vars": None,  # checked against the declared variables
    "params": None,  # checked against the library inject's parameters
}

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


def is_template(text: str) -> bool:
    return "{{" in text or "{%" in text or "{#" in text


def check(text: str, variables: set[str], params: set[str] | None) -> list[TemplateProblem]:
    """Syntax, allowed statements, and names. ``params`` is None outside library injects."""
    from .diagnostics import hint_for

    if not is_template(text):
        return []
    try:
        tree = _ENV.parse(text)
    except TemplateSyntaxError as exc:
        return [TemplateProblem("BS500", exc.message or "template syntax error", exc.lineno or 1,
                                "write {{ name }} for a value and {% if … %}…{% endif %}")]
    problems: list[TemplateProblem] = []
    for node in tree.find_all(nodes.Stmt):
        if not isinstance(node, _ALLOWED_STATEMENTS):
            word = type(node).__name__.lower()
            problems.append(TemplateProblem(
                "BS500", f"{{% {word} %}} is not allowed in an inject body", node.lineno,
                "bodies use {{ name }}, filters, {% if %} and {% set %} only"))
    assigned = {n.name for n in tree.find_all(nodes.Name) if n.ctx == "store"}
    known = set(NAMES) | assigned
    for node in tree.find_all(nodes.Name):
        if node.ctx == "load" and node.name not in known:
            problems.append(TemplateProblem(
                "BS501", f"{node.name!r} is not a name a template can use", node.lineno,
                hint_for(node.name, known) or f"available: {', '.join(sorted(NAMES))}"))
    for node in tree.find_all((nodes.Filter, nodes.Test)):
        table = _ENV.filters if isinstance(node, nodes.Filter) else _ENV.tests
        if node.name not in table:
            what = "filter" if isinstance(node, nodes.Filter) else "test"
            problems.append(TemplateProblem(
                "BS501", f"there is no {what} named {node.name!r}", node.lineno,
                hint_for(node.name, set(table))))
    for node in tree.find_all(nodes.Getattr):
        if not isinstance(node.node, nodes.Name) or node.node.name in assigned:
            continue
        owner = node.node.name
        if owner == "params" and params is None:
            problems.append(TemplateProblem(
                "BS501", "'params' exists only in library injects", node.lineno,
                "use a scenario variable with {{ vars.name }}"))
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
        if allowed is not None and node.attr not in allowed:
            what = {"vars": "declared variable", "params": "parameter"}.get(owner, "field")
            problems.append(TemplateProblem(
                "BS501", f"{owner}.{node.attr} is not a {what} of {owner!r}", node.lineno,
                hint_for(node.attr, allowed) or (f"available: {', '.join(sorted(allowed))}"
                                                  if allowed else None)))
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
