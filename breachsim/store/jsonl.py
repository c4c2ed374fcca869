"""A session as one JSONL file: the header on the first line, then one event per line.

An export is how a session leaves the machine (an archive, a hand-over, a report made
elsewhere) and comes back. Header and events are canonical JSON (sorted keys, no spaces, UTF-8,
``\\n`` line ends), so export → import → export gives the same bytes. The file is written
atomically: a reader never sees half an export.

An import file is untrusted input (architecture rule 5). Every line is checked and the first problem
is reported as ``file:line:col: message``; nothing reaches the store unless the whole file is
good.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from ..engine.events import KINDS, Event
from ..util import write_atomic
from .base import SessionStore
from .errors import BadExport, SessionExists, StoreError
from .header import ID_PATTERN, STATUSES, SessionHeader

_FAMILY = "breachsim-session/"
FORMAT = _FAMILY + "1"


# -- export ----------------------------------------------------------------------------------

def header_json(header: SessionHeader) -> str:
    return json.dumps({"format": FORMAT, **asdict(header)}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))


def export_text(store: SessionStore, session_id: str) -> str:
    lines = [header_json(store.header(session_id))]
    lines += [event.to_json() for event in store.events(session_id)]
    return "\n".join(lines) + "\n"


def export_session(store: SessionStore, session_id: str, path: str | Path) -> None:
    text = export_text(store, session_id)
    try:
        write_atomic(Path(path), text)
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}; choose another --out "
                         "file", code="cannot_write", path=str(path),
                         why=exc.strerror or str(exc)) from None


# -- import ----------------------------------------------------------------------------------

def import_session(store: SessionStore, path: str | Path,
                   read: tuple[SessionHeader, list[Event]] | None = None) -> SessionHeader:
    """Check the whole file (unless ``read`` is what ``read_export`` made of it), then add the
    session and its events in one transaction."""
    header, events = read or read_export(path)
    try:
        store.create_session(header, events)
    except SessionExists:
        raise SessionExists(f"{path}: session {header.id} is already in {store.location} "
                            "(imported before?); nothing was imported") from None
    return header


#: The longest line an export may have (a header carries its frozen scenario, whose file may
#: be 16 MB; an event is far smaller). A longer line is refused before it is read whole.
MAX_LINE = 32 * 1024 * 1024
#: How deeply the JSON of a line may nest; the events breachsim writes nest five levels.
MAX_DEPTH = 32


def read_export(path: str | Path) -> tuple[SessionHeader, list[Event]]:
    path = Path(path)
    try:
        with path.open("rb") as handle:
            header = None
            events: list[Event] = []
            for number, line in enumerate(_lines(path, handle), start=1):
                if header is None:
                    header = _header(_Line(path, 1, line))
                else:
                    events.append(_event(_Line(path, number, line),
                                         events[-1].seq if events else 0))
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from None
    if header is None:
        raise _error(path, 1, 1, "the file is empty; a session export starts with its header "
                                 "line")
    return header, events


def _lines(path: Path, handle) -> Iterator[bytes]:
    """The file's lines without their newline, none read longer than ``MAX_LINE``."""
    number = 0
    while line := handle.readline(MAX_LINE + 1):
        number += 1
        if len(line) > MAX_LINE:
            raise _error(path, number, MAX_LINE + 1,
                         f"the line is longer than {MAX_LINE // (1024 * 1024)} MB; no line of "
                         "a session export is")
        yield line.removesuffix(b"\n")


def _error(path: Path, line: int, col: int, what: str) -> BadExport:
    return BadExport(f"{path}:{line}:{col}: {what}", where=f"{path}:{line}:{col}", what=what)


_KINDS = {
    "an integer": lambda v: type(v) is int and -(2**63) <= v < 2**63,  # SQLite's INTEGER
    "text": lambda v: isinstance(v, str),
    "text or null": lambda v: v is None or isinstance(v, str),
    "an object": lambda v: isinstance(v, dict),
}
_KIND_OF_TYPE = {"int": "an integer", "str": "text", "str | None": "text or null",
                 "dict[str, Any]": "an object"}
_HEADER_SPEC = {"format": "text",
                **{f.name: _KIND_OF_TYPE[str(f.type)] for f in fields(SessionHeader)}}
_EVENT_SPEC = {"seq": "an integer", "kind": "text", "world": "an integer", "wall": "text",
               "data": "an object"}


def _header(line: _Line) -> SessionHeader:
    found = line.members.get("format")
    if found is not None and isinstance(found.value, str) and found.value.startswith(_FAMILY) \
            and found.value != FORMAT:
        raise line.error(found.value_col, f"format {found.value!r} is not one this breachsim "
                                          f"reads ({FORMAT}); a newer breachsim may read it")
    if found is None or found.value != FORMAT:
        raise line.error(1, "not a breachsim session export: the first line must be its header, "
                            f'with "format": "{FORMAT}"')
    values = line.typed(_HEADER_SPEC, "the header")
    if not ID_PATTERN.fullmatch(values["id"]):
        raise line.error(line.members["id"].value_col,
                         "the session id must be 1-64 letters, digits, '.', '_' or '-'")
    if values["status"] not in STATUSES:
        raise line.error(line.members["status"].value_col,
                         f"status must be one of {', '.join(STATUSES)}")
    if values["world"] < 0:
        raise line.error(line.members["world"].value_col, "world time must not be negative")
    try:
        json.loads(values["scenario_json"])
    except json.JSONDecodeError as exc:
        raise line.error(line.members["scenario_json"].value_col,
                         f"scenario_json is not valid JSON text ({exc})") from None
    del values["format"]
    return SessionHeader(**values)


def _event(line: _Line, previous: int) -> Event:
    values = line.typed(_EVENT_SPEC, "an event")
    at = line.members["seq"].value_col
    if values["seq"] != previous + 1:
        raise line.error(at, f"seq {values['seq']} follows seq {previous}; a log counts 1, 2, 3 "
                             "… without gaps")
    if values["kind"] not in KINDS:
        raise line.error(line.members["kind"].value_col,
                         f"{values['kind']!r} is not an event this version of breachsim knows")
    if values["world"] < 0:
        raise line.error(line.members["world"].value_col, "in-world time cannot be negative")
    return Event(**values)


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether ``value`` has containers nested deeper than ``limit`` (walked without
    recursion, so that the walk itself cannot overflow)."""
    level = [value]
    for _ in range(limit):
        level = [inner for outer in level if isinstance(outer, dict | list)
                 for inner in (outer.values() if isinstance(outer, dict) else outer)]
        if not level:
            return False
    return any(isinstance(item, dict | list) for item in level)


# -- reading one line, keeping columns for messages ------------------------------------------

class _Duplicate(ValueError):
    def __init__(self, key: str):
        self.key = key


class _NotJson(ValueError):
    def __init__(self, literal: str):
        self.literal = literal


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A repeated key would silently keep only its last value; refuse it instead."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Duplicate(key)
        result[key] = value
    return result


def _constant(literal: str) -> float:
    raise _NotJson(literal)


def _finite(literal: str) -> float:
    number = float(literal)
    if math.isinf(number):  # 1e999: Python would read infinity, which JSON cannot write back
        raise _NotJson(literal)
    return number


_STRICT = json.JSONDecoder(object_pairs_hook=_unique, parse_constant=_constant,
                           parse_float=_finite)
_SPACE = re.compile(r"\s*")
_COLON = re.compile(r"\s*:\s*")
_COMMA = re.compile(r"\s*,?\s*")


@dataclass
class _Member:
    value: Any
    key_col: int
    value_col: int


class _Line:
    """One line of an export, parsed as a JSON object whose members know their columns."""

    def __init__(self, path: Path, number: int, raw: bytes):
        self.path = path
        self.number = number
        self.members = self._parse(raw.removesuffix(b"\r"))

    def error(self, col: int, message: str) -> BadExport:
        return _error(self.path, self.number, col, message)

    def typed(self, spec: dict[str, str], what: str) -> dict[str, Any]:
        for key, member in self.members.items():
            if key not in spec:
                raise self.error(member.key_col, f"unknown field {key!r} in {what} "
                                                 f"(expected {', '.join(spec)})")
        values = {}
        for key, kind in spec.items():
            member = self.members.get(key)
            if member is None:
                raise self.error(1, f"{what} has no {key!r}")
            if not _KINDS[kind](member.value):
                if kind == "an integer" and type(member.value) is int:
                    raise self.error(member.value_col, f"{key!r} does not fit in 64 bits")
                shown = json.dumps(member.value, ensure_ascii=False)
                shown = shown if len(shown) <= 40 else shown[:39] + "…"
                raise self.error(member.value_col, f"{key!r} must be {kind}, not {shown}")
            values[key] = member.value
        return values

    def _parse(self, raw: bytes) -> dict[str, _Member]:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            col = len(raw[:exc.start].decode("utf-8", "replace")) + 1
            raise self.error(col, "not UTF-8 text") from None
        if not text.strip():
            raise self.error(1, "blank line; expected a JSON object")
        deep = f"the JSON nests deeper than {MAX_DEPTH} levels; no line of a session export does"
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise self.error(exc.colno, f"not valid JSON: {exc.msg}") from None
        except RecursionError:
            raise self.error(1, deep) from None
        if _deeper_than(value, MAX_DEPTH):
            raise self.error(1, deep)
        return self._members(text)

    def _members(self, text: str) -> dict[str, _Member]:
        """Walk the top-level object of a line already known to be valid JSON."""
        at = _SPACE.match(text).end()
        if text[at] != "{":
            raise self.error(at + 1, "expected a JSON object {…}")
        members: dict[str, _Member] = {}
        at = _SPACE.match(text, at + 1).end()
        while text[at] != "}":
            key, end = _STRICT.raw_decode(text, at)
            if key in members:
                raise self.error(at + 1, f"duplicate field {key!r}")
            start = _COLON.match(text, end).end()
            try:
                value, end = _STRICT.raw_decode(text, start)
            except _Duplicate as exc:
                raise self.error(start + 1, f"duplicate field {exc.key!r} in {key!r}") from None
            except _NotJson as exc:
                raise self.error(start + 1, f"{exc.literal} is not a JSON number "
                                            f"(in {key!r})") from None
            members[key] = _Member(value, at + 1, start + 1)
            at = _COMMA.match(text, end).end()
        return members
