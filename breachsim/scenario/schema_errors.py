"""Pydantic validation errors, translated into diagnostics at the right line."""

from __future__ import annotations

import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic, Diagnostics, expected_one_of, hint_for
from .yamlsource import Source

_TAGS = {"inject", "use"}  # union tags pydantic adds to a location; the YAML has no such key
_CODES = {"extra_forbidden": "BS200", "missing": "BS201"}  # any other error is BS202


def diagnostics_for(error: ValidationError, source: Source, model: type[BaseModel],
                    into: Diagnostics, base: tuple = ()) -> None:
    """One diagnostic per pydantic error, located through ``source``'s node tree, in the
    order pydantic found them; the keys missing from one mapping make one diagnostic.

    ``base`` is the location of the validated data inside the file (for a single inject).
    """
    missing: dict[tuple, list[dict[str, Any]]] = {}  # a mapping's location → its missing keys
    found: list[dict[str, Any] | list[dict[str, Any]]] = []  # an error, or missing keys
    for item in error.errors(include_url=False):
        if item["type"] != "missing":
            found.append(item)
        elif (parent := _loc(item)[:-1]) not in missing:
            missing[parent] = [item]
            found.append(missing[parent])
        else:
            missing[parent].append(item)
    for entry in found:
        if isinstance(entry, list):
            into.add(source.path, "BS201", _missing, entry, base, source, model)
        else:
            into.add(source.path, _CODES.get(entry["type"], "BS202"), _one, entry, base,
                     source, model)


def _loc(item: dict[str, Any]) -> tuple:
    """The error's location in the data, without the union tags pydantic adds."""
    return tuple(seg for seg in item["loc"] if seg not in _TAGS or not _is_tag(item, seg))


def _missing(items: list[dict[str, Any]], base: tuple, source: Source,
             model: type[BaseModel]) -> Diagnostic:
    diag = _one(items[0], base, source, model)
    if len(items) == 1:
        return diag
    names = ", ".join(repr(str(_loc(item)[-1])) for item in items)
    where = _describe(base + _loc(items[0]), source.data)
    return Diagnostic.make("BS201", diag.file, diag.line, diag.column,
                           f"missing keys {names}{where}", diag.hint)


def _is_tag(item: dict[str, Any], seg: object) -> bool:
    return isinstance(seg, str) and seg in _TAGS and "injects" in item["loc"]


def _one(item: dict[str, Any], base: tuple, source: Source, model: type[BaseModel]
         ) -> Diagnostic:
    model_loc = _loc(item)
    loc = base + model_loc
    kind = item["type"]
    where = _describe(loc, source.data)
    if kind == "extra_forbidden":
        line, col = source.locate(loc, at_key=True)
        key = str(loc[-1])
        allowed = _fields_at(model, model_loc[:-1])
        return Diagnostic.make("BS200", source.path, line, col,
                               f"unknown key {key!r}{where}",
                               hint_for(key, allowed) if allowed else None)
    if kind == "missing":
        line, col = source.locate(loc[:-1])
        parent_node, _ = source.node_at(loc[:-1])
        if parent_node is source.root:
            line, col = 1, 1
        return Diagnostic.make("BS201", source.path, line, col,
                               f"missing key {loc[-1]!r}{where}", _missing_hint(str(loc[-1])))
    line, col = source.locate(loc)
    message = item["msg"].removeprefix("Value error, ")
    hint = None
    field = _field_name(loc)
    if kind in ("enum", "literal_error"):
        choices = re.findall(r"'([^']*)'", item.get("ctx", {}).get("expected", ""))
        value = item.get("input")
        message = f"{value!r} is not a valid {field}" if field else f"{value!r} is not valid"
        if choices:
            hint = hint_for(str(value), choices) if isinstance(value, str) else None
            hint = hint or expected_one_of(choices)
    elif kind == "string_pattern_mismatch":
        value = item.get("input")
        message = f"{value!r} is not a valid {field or 'identifier'}"
        hint = ("ids use lower-case letters, digits and _, and start with a letter "
                f"(e.g. {_suggest_ident(str(value))!r})")
    elif kind.startswith(("timezone_", "datetime_")):
        hint = "write the date-time with its UTC offset, e.g. 2026-03-14T06:40:00+01:00"
    elif kind == "union_tag_invalid":  # pragma: no cover - our discriminator always tags
        message = "an inject is a mapping"
    else:
        hint = None
    prefix = f"{field}: " if field and kind not in ("enum", "literal_error",
                                                    "string_pattern_mismatch") else ""
    return Diagnostic.make("BS202", source.path, line, col, f"{prefix}{message}{where}", hint)


def _field_name(loc: tuple) -> str | None:
    if len(loc) >= 3 and loc[-1] == "[key]":  # pydantic's mark for a mapping's key
        return f"{loc[-3]} key"
    for seg in reversed(loc):
        if isinstance(seg, str):
            return seg
    return None


def _suggest_ident(value: str) -> str:
    slug = re.sub(r"[^a-z0-9_]+", "_", value.lower()).strip("_")
    return slug if slug and slug[0].isalpha() else f"x_{slug}"


def _missing_hint(key: str) -> str | None:
    return {
        "format": "the first line of a scenario is `format: 1`",
        "start": "name the inject that opens the exercise, e.g. `start: first_alert`",
        "title": "every inject and scenario has a short title",
        "channel": "how it reaches the team: email, phone, chat, ticket, news, social, "
                   "regulator, customer or briefing",
        "default": "a decision with a timeout names the option taken when time runs out",
    }.get(key)


def _describe(loc: tuple, data: object) -> str:
    """' in inject 'x'' when the location is inside a named inject."""
    if len(loc) >= 2 and loc[0] == "injects" and isinstance(loc[1], int):
        try:
            entry = data["injects"][loc[1]]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return ""
        if isinstance(entry, dict):
            name = entry.get("id") or entry.get("use")
            if isinstance(name, str):
                return f" (in inject {name!r})"
        return f" (in inject #{loc[1] + 1})"
    return ""


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys allowed in the mapping at ``loc`` of ``model``."""
    target: Any = model
    for seg in loc:
        target = _step(target, seg)
        if target is None:
            return []
    target = _unwrap(target)
    if isinstance(target, list):
        names = []
        for member in target:
            if isinstance(member, type) and issubclass(member, BaseModel):
                names += _keys(member)
        return sorted(set(names))
    if isinstance(target, type) and issubclass(target, BaseModel):
        return _keys(target)
    return []


def _keys(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items() if name != "schema_"]


def _unwrap(tp: Any) -> Any:
    """Strip Annotated and None from a type; a union of models becomes a list."""
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        members = [_unwrap(a) for a in typing.get_args(tp) if a is not type(None)]
        return members[0] if len(members) == 1 else members
    return tp


def _step(tp: Any, seg: object) -> Any:
    tp = _unwrap(tp)
    if isinstance(tp, list):
        for member in tp:
            found = _step(member, seg)
            if found is not None:
                return found
        return None
    origin = typing.get_origin(tp)
    if isinstance(seg, int) and origin is list:
        return typing.get_args(tp)[0]
    if origin is dict:
        return typing.get_args(tp)[1]
    if isinstance(tp, type) and issubclass(tp, BaseModel) and isinstance(seg, str):
        for name, field in tp.model_fields.items():
            if seg in (name, field.alias):
                return field.annotation
    return None
