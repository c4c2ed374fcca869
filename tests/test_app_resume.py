"""Resuming a session in the app: exactly where it stopped, with the clock paused, and what
was never sent is not pretended to be."""

from __future__ import annotations

import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta

from textual.widgets import TextArea

from breachsim.application.exercise import Exercise
from breachsim.store import open_store
from breachsim.tui.screens import ConsoleScreen, FormScreen
from breachsim.tui.widgets.decisions import DecisionList
from breachsim.tui.widgets.feed import InjectFeed

from .app_support import FakeClock, advance, make_app, start

H = 3600


async def test_closing_mid_form_and_resuming_keeps_the_log_as_it_was(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot)
        advance(app, clock, 90 * 60)
        await pilot.pause()
        session_id = app.exercise.session.id
        delivered = list(app.exercise.state.delivered)
        reached = app.exercise.now
        await pilot.press("3")  # a message to the patients, typed but never sent
        await pilot.pause()
        app.screen.query_one("#field-message", TextArea).text = "Dear patient, …"
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert "breachsim resume" in (app.return_value or "")

    again = make_app(tmp_path, name="", scenario=None, session_id=session_id)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, ConsoleScreen)
        exercise = again.exercise
        assert not exercise.running  # paused until the facilitator resumes
        assert "PAUSED" in str(again.screen.query_one("#clock").render())
        assert list(exercise.state.delivered) == delivered
        assert exercise.now == reached
        assert again.screen.query_one(InjectFeed).option_count == len(delivered)
        decisions = again.screen.query_one(DecisionList)
        assert decisions.option_count == len(exercise.state.open_decisions) == 1
        assert "notify_subjects" not in exercise.state.done
        await pilot.press("space")
        await pilot.pause()
        assert exercise.running


async def test_what_the_team_read_stays_read_after_resume(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot)
        advance(app, clock, 6 * H)
        await pilot.pause()
        feed = app.screen.query_one(InjectFeed)
        assert feed.option_count >= 3
        feed.focus()
        await pilot.press("down")  # open the second inject as well as the first
        await pilot.pause()
        read = set(feed.read)
        assert len(read) == 2 and read == app.exercise.state.read
        session_id = app.exercise.session.id
        await pilot.press("ctrl+q")
        await pilot.pause()

    again = make_app(tmp_path, name="", scenario=None, session_id=session_id)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        feed = again.screen.query_one(InjectFeed)
        assert read <= feed.read
        unread = feed.option_count - len(feed.read)
        assert unread == feed.option_count - len(read)  # nothing else came back as read
        assert str(feed.border_title) == f"Injects: {feed.option_count} ({unread} unread)"


KILLED = """
import sys
from datetime import UTC, datetime, timedelta
from breachsim.application.exercise import Exercise
from breachsim.scenario import load
from breachsim.scenario.bundled import find_bundled
from breachsim.store import open_store

store = open_store(sys.argv[1])
exercise = Exercise.begin(store, load(find_bundled("hospital-ransomware")).scenario, seed=3,
                          team="Killed")
exercise.start()
exercise.jump()   # the CISO's call: awareness
exercise.act("declare_awareness", {})
print(exercise.session.id, flush=True)
sys.stdin.read()  # wait to be killed, clock running
"""


async def test_a_killed_app_loses_no_confirmed_action(tmp_path):
    path = tmp_path / "sessions.sqlite3"
    child = subprocess.Popen([sys.executable, "-c", KILLED, str(path)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    session_id = child.stdout.readline().strip()
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    with open_store(path) as store:
        exercise = Exercise.reopen(store, session_id)
        assert "declare_awareness" in exercise.state.done
        assert not exercise.running
        assert [e.kind for e in store.events(session_id)][-1] == "clock_paused"


async def test_an_ended_session_reopens_on_its_summary(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot)
        app.exercise.end()
        app.tick_now()
        await app.workers.wait_for_complete()
        await pilot.pause()
        session_id = app.exercise.session.id
    again = make_app(tmp_path, name="", scenario=None, session_id=session_id)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await again.workers.wait_for_complete()
        assert type(again.screen).__name__ == "SummaryScreen"
        assert not isinstance(again.screen, FormScreen)


def clock_bar(app) -> str:
    return str(app.screen.query_one("#clock").render())


async def test_the_elapsed_timer_goes_on_after_resume_without_the_time_away(tmp_path):
    clock = FakeClock()
    start_of_day = datetime(2026, 3, 17, 4, 40, tzinfo=UTC)

    def wall() -> str:  # the wall clock the log records moves with the test's clock
        return (start_of_day + timedelta(seconds=clock.now)).isoformat(timespec="milliseconds")

    app = make_app(tmp_path, clock=clock, wall=wall)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot)
        for _ in range(5):
            clock.now += 15
            app.tick_now()
        await pilot.pause()
        assert "elapsed 00:01:15" in clock_bar(app)
        session_id = app.exercise.session.id
        await pilot.press("ctrl+q")
        await pilot.pause()

    clock.now += 3600  # an hour away from the exercise
    again = make_app(tmp_path, name="", scenario=None, session_id=session_id, clock=clock,
                     wall=wall)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "elapsed 00:01:15" in clock_bar(again)
        clock.now += 30  # paused: the timer stands
        again.tick_now()
        await pilot.pause()
        assert "elapsed 00:01:15" in clock_bar(again)
        await pilot.press("space")
        await pilot.pause()
        clock.now += 20
        again.tick_now()
        await pilot.pause()
        assert "elapsed 00:01:35" in clock_bar(again)


async def test_a_team_that_read_all_but_two_finds_two_unread_after_resume(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot)
        advance(app, clock, 24 * H)
        await pilot.pause()
        feed = app.screen.query_one(InjectFeed)
        feed.focus()
        for _ in range(feed.option_count - 3):  # the first is read on arrival
            await pilot.press("down")
        await pilot.pause()
        assert feed.option_count - len(feed.read) == 2
        total, session_id = feed.option_count, app.exercise.session.id
        await pilot.press("ctrl+q")
        await pilot.pause()

    again = make_app(tmp_path, name="", scenario=None, session_id=session_id)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        feed = again.screen.query_one(InjectFeed)
        assert str(feed.border_title) == f"Injects: {total} (2 unread)"
