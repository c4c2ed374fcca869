"""Render inject bodies by walking their syntax tree: a small interpreter for a closed subset.

Bodies are parsed with Jinja's parser (so authors write familiar ``{{ }}`` and ``{% if %}``),
but never compiled to Python: this module evaluates the tree itself. Only the node types,
filters and tests listed here exist; attribute access reads keys of plain mappings (or the
methods of ``fake``), so no Python object is ever reachable from author text. It is also
fast: a body costs microseconds, not the milliseconds of compiling a template.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import nodes

MAX_TEXT = 50_000
MAX_NUMBER = 10**15


class TemplateError(Exception):
    """A body that cannot be rendered with these values (the validator catches names)."""


# -- filters and tests ----------------------------------------------------------------------


def _number(scope: Mapping[str, Any], value: Any, decimals: int = 0) -> str:
    """42000 → "42,000" in English, "42.000" in Dutch."""
    if value is None:
        return "?"
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise TemplateError(f"`number` needs a number, not {value!r}")
    text = f"{_number_checked(value):,.{min(max(int(decimals), 0), 6)}f}"
    language = (scope.get("scenario") or {}).get("language", "en")
    if language == "nl":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def _default(scope: Mapping[str, Any], value: Any, fallback: Any = "", *_: Any) -> Any:
    """The value, or ``fallback`` when it is unknown (None) or empty."""
    return fallback if value is None or value == "" else value


def _round(scope: Mapping[str, Any], value: Any, precision: int = 0, *_: Any) -> float:
    return round(float(value), int(precision))


def _join(scope: Mapping[str, Any], value: Any, separator: str = "") -> str:
    items = [_text(item) for item in _iterable(value)]
    if sum(map(len, items)) + len(str(separator)) * len(items) > MAX_TEXT:
        raise TemplateError("a value in the body grew too large")
    return str(separator).join(items)


def _iterable(value: Any) -> list[Any]:
    if isinstance(value, (list, tuple, str)):
        return list(value)
    raise TemplateError(f"expected a list, not {value!r}")


def _replace(scope: Mapping[str, Any], value: Any, old: str, new: str) -> str:
    text, old, new = _text(value), str(old), str(new)
    if not old:
        raise TemplateError("`replace` needs something to replace")
    if len(text) + text.count(old) * len(new) > MAX_TEXT:
        raise TemplateError("a value in the body grew too large")
    return text.replace(old, new)


FILTERS: dict[str, Callable[..., Any]] = {
    "upper": lambda scope, v: _text(v).upper(),
    "lower": lambda scope, v: _text(v).lower(),
    "title": lambda scope, v: _text(v).title(),
    "capitalize": lambda scope, v: _text(v).capitalize(),
    "trim": lambda scope, v: _text(v).strip(),
    "default": _default,
    "d": _default,
    "round": _round,
    "int": lambda scope, v, fallback=0: _to_int(v, fallback),
    "string": lambda scope, v: _text(v),
    "length": lambda scope, v: len(_iterable(v)),
    "count": lambda scope, v: len(_iterable(v)),
    "join": _join,
    "replace": _replace,
    "first": lambda scope, v: _iterable(v)[0] if _iterable(v) else None,
    "last": lambda scope, v: _iterable(v)[-1] if _iterable(v) else None,
    "abs": lambda scope, v: abs(v),
    "number": _number,
}

TESTS: dict[str, Callable[..., bool]] = {
    "none": lambda v: v is None,
    "defined": lambda v: v is not None,
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "string": lambda v: isinstance(v, str),
    "even": lambda v: isinstance(v, int) and v % 2 == 0,
    "odd": lambda v: isinstance(v, int) and v % 2 == 1,
    "divisibleby": lambda v, n: isinstance(v, int) and n != 0 and v % n == 0,
}

#: The syntax an inject body may use; anything else is refused by the validator (BS500).
STATEMENTS = (nodes.Template, nodes.Output, nodes.TemplateData, nodes.If, nodes.Assign)
EXPRESSIONS = (
    nodes.Const, nodes.Name, nodes.Getattr, nodes.Getitem, nodes.Call, nodes.Filter,
    nodes.Test, nodes.Compare, nodes.Operand, nodes.And, nodes.Or, nodes.Not, nodes.CondExpr,
    nodes.Concat, nodes.Add, nodes.Sub, nodes.Mul, nodes.Div, nodes.FloorDiv, nodes.Mod,
    nodes.Neg, nodes.Pos, nodes.List, nodes.Tuple,
)


def _to_int(value: Any, fallback: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return fallback


def _text(value: Any) -> str:
    if getattr(value, "template_methods", None) is not None or callable(value):
        raise TemplateError("`fake` makes values: write e.g. fake.name() or fake.city()")
    return str(value)


def _number_checked(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and (
            abs(value) > MAX_NUMBER):
        raise TemplateError("numbers in a body must stay below 10^15")
    return value


def _checked(value: Any) -> Any:
    if isinstance(value, (str, list, tuple)) and len(value) > MAX_TEXT:
        raise TemplateError("a value in the body grew too large")
    return _number_checked(value)


# -- evaluation -----------------------------------------------------------------------------


def render(tree: nodes.Template, context: Mapping[str, Any]) -> str:
    out: list[str] = []
    scope = dict(context)
    try:
        _block(tree.body, scope, out)
    except TemplateError:
        raise
    except (TypeError, ValueError, ZeroDivisionError, KeyError, IndexError, OverflowError,
            AttributeError, RecursionError, MemoryError) as exc:
        raise TemplateError(str(exc) or type(exc).__name__) from None
    text = "".join(out)
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + " …"


def render_tags(pattern: re.Pattern[str], text: str, context: Mapping[str, Any]) -> str:
    """Render a body of plain text and simple tags (``{{ owner.attr() | filter }}``), as
    matched by ``pattern`` (groups: owner, attribute, filter chain), without a syntax tree."""
    scope = dict(context)

    def one(match: re.Match[str]) -> str:
        owner, attr, chain = match.groups()
        if owner not in scope:
            raise TemplateError(f"{owner!r} is not defined")
        value = scope[owner]
        if attr:
            value = _lookup(value, attr)
        if "(" in match.group(0).split("|", 1)[0]:
            if not callable(value):
                raise TemplateError(f"{owner}.{attr} cannot be called")
            value = value()
        for name in re.findall(r"[A-Za-z_]\w*", chain or ""):
            value = FILTERS[name](scope, value)
        return _text(value)

    try:
        return _checked(pattern.sub(one, text))
    except TemplateError:
        raise
    except (TypeError, ValueError, KeyError, IndexError, AttributeError) as exc:
        raise TemplateError(str(exc)) from None


def _block(body: list[nodes.Node], scope: dict[str, Any], out: list[str]) -> None:
    for node in body:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if isinstance(child, nodes.TemplateData):
                    out.append(child.data)
                else:
                    out.append(_text(_expr(child, scope)))
        elif isinstance(node, nodes.If):
            if _expr(node.test, scope):
                _block(node.body, scope, out)
                continue
            for branch in node.elif_:
                if _expr(branch.test, scope):
                    _block(branch.body, scope, out)
                    break
            else:
                _block(node.else_, scope, out)
        elif isinstance(node, nodes.Assign) and isinstance(node.target, nodes.Name):
            scope[node.target.name] = _expr(node.node, scope)
        else:
            raise TemplateError(f"{type(node).__name__} is not allowed in a body")


_BINARY: dict[type, Callable[[Any, Any], Any]] = {
    nodes.Add: lambda a, b: a + b,
    nodes.Sub: lambda a, b: a - b,
    nodes.Mul: lambda a, b: a * b,
    nodes.Div: lambda a, b: a / b,
    nodes.FloorDiv: lambda a, b: a // b,
    nodes.Mod: lambda a, b: a % b,
}

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "lt": lambda a, b: a < b,
    "lteq": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "gteq": lambda a, b: a >= b,
    "in": lambda a, b: a in b,
    "notin": lambda a, b: a not in b,
}


def _expr(node: nodes.Node, scope: dict[str, Any]) -> Any:
    if isinstance(node, nodes.Const):
        return node.value
    if isinstance(node, nodes.Name):
        if node.name not in scope:
            raise TemplateError(f"{node.name!r} is not defined")
        return scope[node.name]
    if isinstance(node, nodes.Getattr):
        return _lookup(_expr(node.node, scope), node.attr)
    if isinstance(node, nodes.Getitem):
        owner, key = _expr(node.node, scope), _expr(node.arg, scope)
        if isinstance(owner, Mapping):
            return owner[key]
        if isinstance(owner, (list, tuple, str)) and isinstance(key, int):
            return owner[key]
        raise TemplateError(f"cannot index {type(owner).__name__}")
    if isinstance(node, nodes.Call):
        function = _expr(node.node, scope)
        if node.args or node.kwargs or node.dyn_args or node.dyn_kwargs or not callable(
                function):
            raise TemplateError("only fake.…() can be called, without arguments")
        return _checked(function())
    if isinstance(node, nodes.Filter):
        if node.node is None or node.name not in FILTERS or node.kwargs:
            raise TemplateError(f"filter {node.name!r} cannot be used here")
        args = [_expr(a, scope) for a in node.args]
        return _checked(FILTERS[node.name](scope, _expr(node.node, scope), *args))
    if isinstance(node, nodes.Test):
        if node.name not in TESTS:
            raise TemplateError(f"there is no test {node.name!r}")
        return TESTS[node.name](_expr(node.node, scope), *[_expr(a, scope) for a in node.args])
    if isinstance(node, nodes.Compare):
        left = _expr(node.expr, scope)
        for operand in node.ops:
            right = _expr(operand.expr, scope)
            if not _COMPARE[operand.op](left, right):
                return False
            left = right
        return True
    if isinstance(node, nodes.And):
        return _expr(node.left, scope) and _expr(node.right, scope)
    if isinstance(node, nodes.Or):
        return _expr(node.left, scope) or _expr(node.right, scope)
    if isinstance(node, nodes.Not):
        return not _expr(node.node, scope)
    if isinstance(node, nodes.CondExpr):
        if _expr(node.test, scope):
            return _expr(node.expr1, scope)
        return "" if node.expr2 is None else _expr(node.expr2, scope)
    if isinstance(node, nodes.Concat):
        return _checked("".join(_text(_expr(n, scope)) for n in node.nodes))
    if type(node) in _BINARY:
        left, right = _expr(node.left, scope), _expr(node.right, scope)
        if isinstance(node, nodes.Mul):
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and (
                        len(seq) * times > MAX_TEXT):
                    raise TemplateError("a value in the body grew too large")
        if isinstance(node, nodes.Mod) and isinstance(left, str):
            raise TemplateError("% formatting of text is not available; use ~ to join text")
        return _checked(_BINARY[type(node)](left, right))
    if isinstance(node, nodes.Neg):
        return -_expr(node.node, scope)
    if isinstance(node, nodes.Pos):
        return +_expr(node.node, scope)
    if isinstance(node, nodes.List):
        return [_expr(item, scope) for item in node.items]
    if isinstance(node, nodes.Tuple):
        return tuple(_expr(item, scope) for item in node.items)
    raise TemplateError(f"{type(node).__name__} is not allowed in a body")


def _lookup(owner: Any, attr: str) -> Any:
    """``owner.attr``: a key of a mapping, or a generator of ``fake``; nothing else."""
    if isinstance(owner, Mapping):
        if attr not in owner:
            raise TemplateError(f"no {attr!r} here")
        return owner[attr]
    allowed = getattr(owner, "template_methods", None)
    if allowed is not None and attr in allowed:
        return getattr(owner, attr)
    raise TemplateError(f"cannot read {attr!r} of {type(owner).__name__}")
