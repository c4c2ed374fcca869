"""Sessions from the command line: play, list, export, import, resume — and a killed run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from breachsim.engine.state import fold
from breachsim.store import open_store

from .conftest import ROOT, run_cli

CASE = str(ROOT / "tests" / "engine_cases" / "branching.scenario.yaml")


@pytest.fixture
def store(tmp_path):
    return str(tmp_path / "sessions.sqlite3")


def test_play_without_a_plan_takes_every_default(store):
    proc = run_cli("play", CASE, "--seed", "3", "--store", store, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["seed"] == 3 and data["ended"]["ending"] == "finale"
    assert {"decision": "ransom", "option": "refuse", "by": "timeout",
            "at": "T+02:30"} in data["decisions"]
    assert {d["id"]: d["status"] for d in data["deadlines"]}["authority"] == "missed"
    assert data["score"]["rating"] in ("M", "U")
    assert {"criterion", "expected", "observed", "evidence", "points", "rating"} <= set(
        data["score"]["findings"][0])
    text = run_cli("play", CASE, "--seed", "3", "--store", store).stdout
    assert text.startswith("session ") and "✗ missed         authority" in text
    assert "score: " in text and "to improve:" in text
    assert "ransom → refuse (timed out: default)" in text


def test_a_failing_plan_exits_one_and_says_why(store, tmp_path):
    plan = tmp_path / "p.plan.yaml"
    plan.write_text("steps:\n  - advance: 3h\n  - expect_inject: decryptor\n")
    proc = run_cli("play", CASE, "--plan", str(plan), "--store", store)
    assert proc.returncode == 1
    assert "step 2 (expect_inject): expected 'decryptor' to have arrived by T+03:00" in (
        proc.stderr)
    # the same plan played on from a stored session says why, too
    from breachsim.application.session import Session
    from breachsim.scenario import load

    with open_store(store) as opened:
        session = Session.begin(opened, load(CASE).scenario, seed=1, team="Later")
    proc = run_cli("resume", session.id, "--plan", str(plan), "--store", store)
    assert proc.returncode == 1
    assert "step 2 (expect_inject): expected 'decryptor' to have arrived by T+03:00" in (
        proc.stderr)


def test_a_refused_move_stops_the_play(store, tmp_path):
    plan = tmp_path / "p.plan.yaml"
    plan.write_text("steps:\n  - act: {notify_authority: {nature: x}}\n")
    proc = run_cli("play", CASE, "--plan", str(plan), "--store", store)
    assert proc.returncode == 1
    assert "missing categories, dpo_contact, consequences, measures" in proc.stderr


def test_sessions_export_import_round_trip_is_exact(store, tmp_path):
    assert run_cli("play", CASE, "--seed", "4", "--store", store).returncode == 0
    listing = json.loads(run_cli("sessions", "--store", store, "--format", "json").stdout)
    [session] = listing
    assert session["scenario"] == "branching-case" and session["status"] == "ended"
    assert session["reached"] == "T+90:00"
    first = tmp_path / "one.jsonl"
    assert run_cli("export", session["id"][:12], "--store", store, "--out",
                   str(first)).returncode == 0
    other = str(tmp_path / "other.sqlite3")
    assert run_cli("import", str(first), "--store", other).returncode == 0
    second = tmp_path / "two.jsonl"
    assert run_cli("export", session["id"], "--store", other, "--out",
                   str(second)).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    again = run_cli("import", str(first), "--store", other)
    assert again.returncode == 1 and "Traceback" not in again.stderr


def test_unknown_session_and_broken_store_get_one_line(tmp_path, store):
    proc = run_cli("resume", "nope", "--store", store)
    assert proc.returncode == 1 and proc.stderr.startswith("error: no session")
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(os.urandom(4096))
    proc = run_cli("sessions", "--store", str(junk))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


CHILD = """
import sys, time
from breachsim.scenario import load
from breachsim.application.session import Session
from breachsim.store import open_store
from breachsim.application.play import run_to_end

scenario = load(sys.argv[1]).scenario
store = open_store(sys.argv[2])
session = Session.begin(store, scenario, seed=9, team="Killed")
print("session", session.id, flush=True)
record = session._record

def announce(events):
    record(events)                     # durable first,
    for event in events:
        print("recorded", event.seq, flush=True)  # then reported
    time.sleep(0.02)

session.director.sink = announce
run_to_end(session.director)
print("finished", flush=True)
"""


def test_a_killed_session_loses_nothing_recorded_and_resumes(store):
    child = subprocess.Popen([sys.executable, "-c", CHILD, CASE, store],
                             stdout=subprocess.PIPE, text=True)
    session_id = child.stdout.readline().split()[1]
    reported = []
    for line in child.stdout:
        reported.append(int(line.split()[1]))
        if len(reported) == 6:
            child.send_signal(signal.SIGKILL)
            break
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    with open_store(store) as opened:
        stored = [e.seq for e in opened.events(session_id)]
    assert set(reported) <= set(stored)
    assert stored == list(range(1, len(stored) + 1))
    proc = run_cli("resume", session_id, "--headless", "--store", store, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["ended"]["ending"] == "finale"
    with open_store(store) as opened:
        state = fold(opened.events(session_id))
        assert opened.header(session_id).status == "ended"
    assert state.ended == {"reason": "inject", "ending": "finale"}
    # the resumed run delivers what an uninterrupted one would
    uninterrupted = json.loads(run_cli("play", CASE, "--seed", "9", "--store", store,
                                       "--format", "json").stdout)
    assert list(state.delivered) == [d["inject"] for d in uninterrupted["delivered"]]


def test_explore_reports_paths_and_endings():
    proc = run_cli("explore", CASE, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["never_delivered"] == []
    assert data["paths"] == 9  # (2 options at once + the default at its timeout) × 3 teams
    teams = {p["team"] for p in data["per_path"]}
    assert teams == {"passive", "diligent", "tardy"}
    diligent = [p for p in data["per_path"] if p["team"] == "diligent"]
    assert all("authority" in p["met"] for p in diligent)


def test_explore_fails_on_an_inject_no_path_delivers(tmp_path):
    text = (ROOT / "tests" / "engine_cases" / "branching.scenario.yaml").read_text()
    text = text.replace("when: done(notify_authority)", "when: done(notify_authority) and paid")
    text = text.replace("    when: not paid\n", "    when: not paid and not seen(decryptor)\n")
    path = tmp_path / "x.scenario.yaml"
    path.write_text(text.replace("set: {paid: true}, triggers", "triggers"))
    proc = run_cli("explore", str(path))
    assert proc.returncode == 1 and "ack" in proc.stderr
