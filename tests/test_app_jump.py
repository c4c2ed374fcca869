"""The facilitator's jump skips quiet time, never the team's chance to act: it stops before
the team's next deadline, and goes past one only when the facilitator agrees in a dialog that
names it (where Enter changes nothing)."""

from __future__ import annotations

from breachsim.application.jumps import LEAD
from breachsim.rules.deadlines import Status
from breachsim.tui.screens import ConfirmScreen

from .app_support import FakeClock, make_app, start


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


def awareness(app):
    """The scenario's expectation that the team declares awareness after the CISO's call."""
    return next(d for d in app.exercise.obligations() if d.action == "declare_awareness")


async def test_jump_stops_before_a_deadline_of_the_team_and_asks_before_passing_it(tmp_path):
    app = make_app(tmp_path, clock=FakeClock())
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot)
        await pilot.press("f2")
        for _ in range(3):  # the CISO's call, the ransom note, the decision on ambulances
            await pilot.press("j")
            await pilot.pause()
        exercise = app.exercise
        due = awareness(app).due
        assert exercise.now < due < exercise.plan_jump().target  # the next jump passes it

        await pilot.press("j")
        await pilot.pause()
        assert exercise.now == due - LEAD
        assert awareness(app).status is Status.open
        assert any("stopping 15 minutes before a deadline of the team: Declare awareness"
                   in m for m in messages(app))

        await pilot.press("j")  # now too close to stop before it: the app asks
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        text = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert "passes these deadlines of the team" in text
        assert "Declare awareness · CISO: it is ransomware" in text and "due T+01:40" in text
        await pilot.press("enter")  # the safe choice: nothing changes
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert exercise.now == due - LEAD and awareness(app).status is Status.open

        target = exercise.plan_jump().target
        await pilot.press("j")
        await pilot.pause()
        await pilot.press("y")  # on purpose, past it
        await pilot.pause()
        assert exercise.now == target
        assert awareness(app).status is Status.overdue


async def test_a_jump_stops_before_a_decision_times_out_to_its_default(tmp_path):
    app = make_app(tmp_path, clock=FakeClock())
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot)
        exercise = app.exercise

        def timed():
            return [d for d in exercise.state.open_decisions.values()
                    if d.deadline and d.deadline - exercise.now > LEAD]

        while not (timed() and exercise.plan_jump().target >= timed()[0].deadline):
            exercise.jump(past=True)  # to where the next jump would time a decision out
        [decision] = timed()
        await pilot.press("f2", "j")
        await pilot.pause()
        assert exercise.now == decision.deadline - LEAD
        assert decision.decision in exercise.state.open_decisions  # not timed out
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert decision.decision in exercise.state.open_decisions


async def test_the_jump_dialog_speaks_dutch(tmp_path):
    app = make_app(tmp_path, clock=FakeClock(), language="nl")
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot)
        exercise = app.exercise
        while exercise.plan_jump().stop is not None:
            exercise.jump()
        await pilot.press("f2", "j")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        text = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert "slaat deze termijnen van het team over" in text and "uiterlijk" in text
