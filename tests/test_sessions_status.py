"""`breachsim sessions` tells apart a session running in an open console, one paused there,
one paused with no console (its console may have quit a moment ago), one whose console went
away with its clock running, and one that ended — in a subprocess, as a facilitator reads it
in a second terminal."""

from __future__ import annotations

import json
import subprocess
import sys

from breachsim.application.exercise import Exercise
from breachsim.store import SqliteStore

from .app_support import WALL, FakeClock, scenario
from .conftest import run_cli

LONG_AGO = "2020-01-01T00:00:00.000+00:00"

CONSOLES = """
import sys, time
from breachsim.application.exercise import Exercise
from breachsim.scenario.bundled import find_bundled
from breachsim.scenario import load
from breachsim.store import open_store

store = open_store(sys.argv[1])
case = load(find_bundled("hospital-ransomware")).scenario
running = Exercise.begin(store, case, seed=1, team="Running", speed=60)
running.start()
paused = Exercise.begin(store, case, seed=2, team="Paused open", speed=60)
paused.start()
paused.pause()
for exercise in (running, paused):
    exercise.checkpoint()
print(running.session.id, paused.session.id, flush=True)
while True:  # both consoles keep their heartbeat, as the app does each second
    for exercise in (running, paused):
        exercise.tick()
    time.sleep(0.05)
"""


def left_behind(path) -> dict[str, str]:
    """Sessions whose last heartbeat was long ago: paused, gone (clock running), ended."""
    store = SqliteStore(path, clock=lambda: LONG_AGO)
    made = {}
    for team in ("Paused", "Gone", "Ended"):
        exercise = Exercise.begin(store, scenario(), seed=3, team=team, wall=lambda: WALL,
                                  monotonic=FakeClock())
        exercise.start()
        if team == "Paused":
            exercise.pause()
        elif team == "Ended":
            exercise.end()
        exercise.checkpoint()
        made[team] = exercise.session.id
    store.close()
    return made


def test_sessions_tells_running_paused_gone_and_ended_apart(tmp_path):
    path = tmp_path / "sessions.sqlite3"
    made = left_behind(path)
    with SqliteStore(path) as store:  # its console paused and quit a moment ago
        closed = Exercise.begin(store, scenario(), seed=4, team="Closed")
        closed.start()
        closed.pause()
        closed.checkpoint()
        closed.let_go()
        made["Closed"] = closed.session.id
    child = subprocess.Popen([sys.executable, "-c", CONSOLES, str(path)],
                             stdout=subprocess.PIPE, text=True)
    try:
        made["Running"], made["Paused open"] = child.stdout.readline().split()
        listed = run_cli("sessions", "--store", str(path), "--format", "json")
        text = run_cli("sessions", "--store", str(path))
    finally:
        child.kill()
        child.wait(timeout=30)
    assert listed.returncode == 0 and text.returncode == 0, listed.stderr + text.stderr
    by_team = {s["team"]: (s["status"], s["console_open"]) for s in json.loads(listed.stdout)}
    assert by_team == {"Running": ("running", True), "Paused open": ("paused", True),
                       "Paused": ("paused", False), "Closed": ("paused", False),
                       "Gone": ("gone", False),
                       "Ended": ("ended", False)}
    header, *lines = text.stdout.splitlines()
    column = slice(header.index("status"), header.index("reached"))
    rows = {line.split()[0]: line[column].strip() for line in lines if line[:1].isdigit()}
    assert {team: rows[made[team]] for team in made} == {
        "Running": "running", "Paused open": "paused (open)", "Paused": "paused",
        "Closed": "paused", "Gone": "console gone", "Ended": "ended"}
    assert "console gone: its clock was running when its facilitator's console stopped " \
           "answering" in text.stdout
    assert "`breachsim resume` continues it" in text.stdout
