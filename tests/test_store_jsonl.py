"""Export to one JSONL file and import back: byte-for-byte, and every bad line located."""

from __future__ import annotations

import itertools
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breachsim.engine.events import Event
from breachsim.store import (
    BadExport,
    SessionExists,
    StoreError,
    export_session,
    export_text,
    import_session,
    read_export,
)
from breachsim.store.jsonl import FORMAT, header_json

from .test_store import WALL, event, header


@pytest.fixture
def store(stores):
    """An empty store, on SQLite and on PostgreSQL (``stores`` in conftest.py)."""
    with stores.open() as opened:
        yield opened


@pytest.fixture
def other(stores):
    """A second one of the same backend."""
    with stores.open(stores.new_location()) as opened:
        yield opened


EVENTS = [
    event(1, "session_started", seed=42, versions={"breachsim": "0.1.0"}),
    event(2, "inject_delivered", title="Losgeld 💰 — «betaal nu»", body="line 1\nline 2\t\"q\""),
    event(3, "authority_notified", fields={"records": 12_000, "share": 0.125, "late": None,
                                            "categories": ["health", "contact"], "nested": {}}),
    Event(4, "decision_recorded", 9_000, WALL, {"big": 2**80, "neg": -1.5e-7, "emoji": "\u2028"}),
]


def test_export_is_the_header_then_one_line_per_event(store, tmp_path):
    store.create_session(header(), EVENTS)
    out = tmp_path / "out" / "session.jsonl"
    export_session(store, header().id, out)
    lines = out.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "" and len(lines) == 1 + len(EVENTS) + 1
    assert json.loads(lines[0]) == {"format": FORMAT, **json.loads(header_json(header()))}
    assert lines[1:-1] == [e.to_json() for e in EVENTS]
    assert list(out.parent.iterdir()) == [out]  # no temporary file left behind


def test_export_import_export_is_byte_identical(store, other, tmp_path):
    store.create_session(header(team=None, status="ended", world=9_000), EVENTS)
    first = tmp_path / "first.jsonl"
    export_session(store, header().id, first)
    assert import_session(other, first) == header(team=None, status="ended", world=9_000)
    second = tmp_path / "second.jsonl"
    export_session(other, header().id, second)
    assert second.read_bytes() == first.read_bytes()
    assert other.events(header().id) == EVENTS


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


def test_any_session_round_trips_byte_for_byte(store, other, stores, tmp_path):
    """The same two stores for every example, each example a session of its own."""
    ids = itertools.count(1)
    # PostgreSQL's text cannot hold U+0000 (test_a_nul_postgresql_cannot_store_is_refused)
    texts = st.text() if stores.backend == "sqlite" else st.text(
        st.characters(exclude_characters="\0"))

    @settings(max_examples=40, deadline=None)
    @given(payloads=st.lists(st.dictionaries(st.text(), json_values, max_size=5), max_size=6),
           team=st.none() | texts, scenario=st.text())
    def round_trip(payloads, team, scenario):
        events = [Event(seq, "note_added", seq, WALL, data)
                  for seq, data in enumerate(payloads, 1)]
        sid = f"s{next(ids)}"
        store.create_session(header(sid, team=team, scenario_json=json.dumps(scenario)), events)
        text = export_text(store, sid)
        (tmp_path / "x.jsonl").write_text(text, encoding="utf-8")
        import_session(other, tmp_path / "x.jsonl")
        assert export_text(other, sid) == text

    round_trip()


def test_a_nul_postgresql_cannot_store_is_refused(other, stores, tmp_path):
    path = tmp_path / "nul.jsonl"
    path.write_text("\n".join([header_json(header(team="Blue\0team")),
                               *[e.to_json() for e in EVENTS]]) + "\n", encoding="utf-8")
    if stores.backend == "sqlite":
        import_session(other, path)
        assert export_text(other, header().id) == path.read_text(encoding="utf-8")
        return
    with pytest.raises(StoreError) as error:
        import_session(other, path)
    assert str(error.value) == ("PostgreSQL cannot store the character U+0000 (NUL) that the "
                                "session's team holds; nothing was written")
    assert other.sessions() == []


def test_importing_a_session_twice_is_refused(store, other, tmp_path):
    store.create_session(header(), EVENTS)
    path = tmp_path / "s.jsonl"
    export_session(store, header().id, path)
    import_session(other, path)
    with pytest.raises(SessionExists) as error:
        import_session(other, path)
    assert str(error.value) == (f"{path}: session {header().id} is already in {other.location} "
                                "(imported before?); nothing was imported")
    assert other.events(header().id) == EVENTS


def test_windows_line_ends_are_read(store, other, tmp_path):
    store.create_session(header(), EVENTS)
    path = tmp_path / "s.jsonl"
    path.write_bytes(export_text(store, header().id).replace("\n", "\r\n").encode("utf-8"))
    import_session(other, path)
    assert export_text(other, header().id) == export_text(store, header().id)


HEAD = header_json(header())
GOOD = [e.to_json() for e in EVENTS[:2]]


def _replace(line: str, old: str, new: str) -> str:
    assert old in line
    return line.replace(old, new, 1)


# name: (lines of the file, line number, the text the column points at, message fragment)
BAD = {
    "empty file": ([], 1, None, "the file is empty"),
    "header not JSON": (['{"format": "breachsim-session/1", oops}'], 1, "oops",
                        "not valid JSON: Expecting property name"),
    "no header": (GOOD, 1, None, "not a breachsim session export"),
    "a list": (["[1, 2]"], 1, None, "expected a JSON object"),
    "newer format": ([_replace(HEAD, "session/1", "session/2")], 1, '"breachsim-session/2"',
                     "a newer breachsim may read it"),
    "header lacks seed": ([_replace(HEAD, '"seed":42,', "")], 1, None,
                          "the header has no 'seed'"),
    "seed as text": ([_replace(HEAD, '"seed":42', '"seed":"42"')], 1, '"42"',
                     "'seed' must be an integer, not \"42\""),
    "bad session id": ([_replace(HEAD, '"id":"20250314-093000-abcd"', '"id":"../x"')], 1,
                       '"../x"', "the session id must be"),
    "bad status": ([_replace(HEAD, '"running"', '"paused"')], 1, '"paused"', "status must be"),
    "scenario not JSON": ([_replace(HEAD, '"scenario_json":"{', '"scenario_json":"{{')], 1,
                          '"{{', "scenario_json is not valid JSON text"),
    "unknown header field": ([_replace(HEAD, "{", '{"colour":"red",')], 1, '"colour"',
                             "unknown field 'colour' in the header"),
    "truncated event": ([HEAD, GOOD[0], GOOD[1][:25]], 3, '"line 1',
                        "not valid JSON: Unterminated string"),
    "event lacks data": ([HEAD, '{"kind":"x","seq":1,"wall":"w","world":0}'], 2, None,
                         "an event has no 'data'"),
    "seq goes back": ([HEAD, GOOD[0], GOOD[1], GOOD[0]], 4, "1,", "seq 1 follows seq 2"),
    "seq zero": ([HEAD, _replace(GOOD[0], '"seq":1', '"seq":0')], 2, "0,", "without gaps"),
    "seq true": ([HEAD, _replace(GOOD[0], '"seq":1', '"seq":true')], 2, "true",
                 "'seq' must be an integer, not true"),
    "seq too big": ([HEAD, _replace(GOOD[0], '"seq":1', f'"seq":{2**64}')], 2, str(2**64),
                    "'seq' does not fit in 64 bits"),
    "data a list": ([HEAD, _replace(GOOD[0], '"data":{', '"data":[{').replace("},", "}],", 1)],
                    2, "[", "'data' must be an object"),
    "empty kind": ([HEAD, _replace(GOOD[0], '"session_started"', '""')], 2, '""',
                   "is not an event this version of breachsim knows"),
    "NaN": ([HEAD, _replace(GOOD[0], '"seed":42', '"seed":NaN')], 2, '{"seed"',
            "NaN is not a JSON number (in 'data')"),
    "overflowing float": ([HEAD, GOOD[0], _replace(GOOD[1], '"seq":2', '"seq":2,"x":1e999')], 3,
                          "1e999", "1e999 is not a JSON number (in 'x')"),
    "duplicate field": ([HEAD, _replace(GOOD[0], '"seq":1', '"seq":1,"seq":2')], 2, '"seq":2',
                        "duplicate field 'seq'"),
    "duplicate nested field": ([HEAD, _replace(GOOD[0], '"seed":42', '"seed":4,"seed":2')], 2,
                               '{"seed"', "duplicate field 'seed' in 'data'"),
    "blank line": ([HEAD, GOOD[0], "", GOOD[1]], 3, None, "blank line"),
}


@pytest.mark.parametrize("name", BAD)
def test_every_bad_line_is_located_and_nothing_is_imported(other, tmp_path, name):
    lines, number, marker, fragment = BAD[name]
    path = tmp_path / "bad.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    with pytest.raises(BadExport) as error:
        import_session(other, path)
    column = 1 if marker is None else lines[number - 1].index(marker) + 1
    message = str(error.value)
    assert message.startswith(f"{path}:{number}:{column}: "), message
    assert fragment in message and "\n" not in message
    assert other.sessions() == []


def test_bytes_that_are_not_utf8_are_located(other, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(HEAD.encode() + b"\n" + '{"kind":"é'.encode() + b"\xff\xfe}\n")
    with pytest.raises(BadExport, match=f"^{re.escape(str(path))}:2:11: not UTF-8 text$"):
        import_session(other, path)


def test_a_missing_file_is_a_clear_error(other, tmp_path):
    with pytest.raises(StoreError, match=r"cannot read .*missing\.jsonl: No such file"):
        read_export(tmp_path / "missing.jsonl")


def test_an_export_that_cannot_be_written_is_a_clear_error(store, tmp_path):
    store.create_session(header())
    (tmp_path / "file").write_text("")
    with pytest.raises(StoreError, match=r"cannot write .*choose another --out"):
        export_session(store, header().id, tmp_path / "file" / "s.jsonl")
