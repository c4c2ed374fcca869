"""Forged and oversized session files: `import` replays each through the director's checks and
refuses what could not have been recorded, naming the line, leaving the store as it was."""

from __future__ import annotations

import json

import pytest

from breachsim.application.session import Session
from breachsim.store import SqliteStore, export_session

from .app_support import scenario
from .conftest import run_cli


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> list[dict]:
    """A session using every kind of intent, exported: its lines as JSON objects."""
    folder = tmp_path_factory.mktemp("exported")
    with SqliteStore(folder / "s.sqlite3") as store:
        session = Session.begin(store, scenario(), seed=11, team="Blue", wall=lambda: "now")
        director = session.director
        director.start_clock()
        director.advance_to(3 * 3600)
        director.mark_read(next(iter(director.state.delivered)))
        director.note("the CISO is on her way")
        director.add_inject(title="A call", channel="phone", sender="Piet", body="Hello?")
        director.push_storm(50, "leak", -0.5)
        director.calm_storm()
        director.pause_clock()
        director.change_speed(120)
        director.resume_clock()
        to_come = [i.id for i in director.scenario.injects
                   if i.id not in director.state.delivered]
        director.fire(to_come[0])
        director.skip(to_come[-1])
        for decision, opened in list(director.state.open_decisions.items()):
            director.decide(decision, opened.options[0]["id"])
        director.act("declare_awareness", {})
        director.jump()
        director.end()
        director.note("hot wash notes", by="observer")
        session.checkpoint()
        export_session(store, session.id, folder / "one.jsonl")
    lines = (folder / "one.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def write(path, lines: list[dict]) -> None:
    path.write_text("".join(json.dumps(line, ensure_ascii=False, sort_keys=True,
                                       separators=(",", ":")) + "\n" for line in lines),
                    encoding="utf-8")


def renumbered(events: list[dict]) -> list[dict]:
    return [{**event, "seq": seq} for seq, event in enumerate(events, start=1)]


def test_a_genuine_session_with_every_kind_of_event_imports(exported, tmp_path):
    kinds = {line["kind"] for line in exported[1:]}
    assert {"inject_fired", "inject_skipped", "inject_added", "note_added", "storm_pushed",
            "clock_jumped", "inject_read", "decision_recorded", "session_ended"} <= kinds
    path = tmp_path / "good.jsonl"
    write(path, exported)
    proc = run_cli("import", str(path), "--store", str(tmp_path / "s.sqlite3"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.startswith(f"imported session {exported[0]['id']}")


def forge(exported: list[dict], name: str) -> tuple[list[dict], int, str]:
    """The export forged as ``name`` says; the line to blame and what the refusal says."""
    header, events = dict(exported[0]), [dict(e) for e in exported[1:]]
    first = lambda kind: next(i for i, e in enumerate(events) if e["kind"] == kind)  # noqa: E731
    if name == "no start event":
        return [header, *renumbered(events[1:])], 2, "the log starts with"
    if name == "an inject the scenario does not have":
        at = first("inject_delivered")
        events[at] = {**events[at], "data": {**events[at]["data"], "inject": "made_up"}}
        return [header, *events], at + 2, "the scenario has no inject 'made_up'"
    if name == "a delivery retitled":
        at = first("inject_delivered")
        events[at] = {**events[at], "data": {**events[at]["data"], "title": "Pay up"}}
        return [header, *events], at + 2, "title is 'Pay up', but the scenario says"
    if name == "time goes back":
        at = first("note_added")
        events[at] = {**events[at], "world": 0}
        return [header, *events], at + 2, "in-world time 0 is not between"
    if name == "events out of order":
        a, b = first("clock_paused"), first("clock_resumed")
        events[a], events[b] = events[b], events[a]
        return [header, *renumbered(events)], a + 2, "resumed while it ran"
    if name == "another session's start":
        events[0] = {**events[0], "data": {**events[0]["data"], "session": "someone-else"}}
        return [header, *events], 2, "the session started with session 'someone-else'"
    if name == "another team":
        return [{**header, "team": "Red"}, *events], 2, "the session started with team 'Blue'"
    if name == "an option the decision does not have":
        at = first("decision_recorded")
        events[at] = {**events[at], "data": {**events[at]["data"], "option": "pay_twice"}}
        return [header, *events], at + 2, "'pay_twice' is not an option"
    if name == "an event after the end":
        end = first("session_ended")
        extra = {**events[end], "seq": len(events) + 1, "kind": "clock_started",
                 "data": {"speed": 60}}
        return [header, *events, extra], len(events) + 2, "clock_started after the session ended"
    if name == "a second start":
        extra = {**events[0], "seq": len(events) + 1, "world": events[-1]["world"]}
        return [header, *events, extra], len(events) + 2, "a session starts once"
    if name == "the end dropped":
        end = first("session_ended")
        return ([header, *renumbered(events[:end] + events[end + 1:])], 1,
                "the header says the session is ended, but its log does not end it")
    if name == "in-world time 2^62":
        return [{**header, "world": 2**62}, *events], 1, f"in-world time {2**62} is not"
    if name == "an event at 2^62":
        events[-1] = {**events[-1], "world": 2**62}
        return [header, *events], len(events) + 1, f"in-world time {2**62} is not between"
    if name == "a form with a field it does not have":
        at = first("awareness_declared")
        events[at] = {**events[at], "data": {"note": "x", "admin": True}}
        return [header, *events], at + 2, "the director would have refused it"
    raise AssertionError(name)


FORGERIES = ["no start event", "an inject the scenario does not have", "a delivery retitled",
             "time goes back", "events out of order", "another session's start", "another team",
             "an option the decision does not have", "an event after the end",
             "a second start", "the end dropped", "in-world time 2^62", "an event at 2^62",
             "a form with a field it does not have"]


def refused(tmp_path, path, line: int, fragment: str) -> None:
    """The import is refused at ``path:line`` and the store is as it was."""
    store = tmp_path / "s.sqlite3"
    with SqliteStore(store):
        pass
    before = store.read_bytes()
    proc = run_cli("import", str(path), "--store", str(store))
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.startswith(f"{path}:{line}"), proc.stderr
    assert ": error: " in proc.stderr and fragment in proc.stderr, proc.stderr
    assert proc.stderr.rstrip().endswith("nothing was imported")
    assert "Traceback" not in proc.stderr and len(proc.stderr.splitlines()) == 1
    assert store.read_bytes() == before
    with SqliteStore(store) as opened:
        assert opened.sessions() == []


@pytest.mark.parametrize("name", FORGERIES)
def test_a_forged_log_is_refused_at_its_line(exported, tmp_path, name):
    lines, line, fragment = forge(exported, name)
    path = tmp_path / "forged.jsonl"
    write(path, lines)
    refused(tmp_path, path, line, fragment)


def test_deeply_nested_json_is_refused_without_a_traceback(exported, tmp_path):
    path = tmp_path / "deep.jsonl"
    write(path, exported[:2])
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"seq":2,"kind":"note_added","world":0,"wall":"now","data":{"by":'
                     + "[" * 200_000 + "]" * 200_000 + "}}\n")
    refused(tmp_path, path, 3, "nests deeper than 32 levels")


def test_an_oversized_line_is_refused_without_reading_it_whole(exported, tmp_path):
    path = tmp_path / "huge.jsonl"
    write(path, exported[:2])
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"seq":2,"kind":"note_added","world":0,"wall":"now","data":{"text":"')
        handle.write("x" * (33 * 1024 * 1024))
        handle.write('"}}\n')
    refused(tmp_path, path, 3, "the line is longer than 32 MB")
