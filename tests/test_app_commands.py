"""The command palette offers what the screen can do and every inject to jump to; a store
that cannot record refuses the action instead of pretending it happened."""

from __future__ import annotations

from textual.widgets import TextArea

from breachsim.store import StoreFull
from breachsim.tui.screens import ConsoleScreen, FormScreen
from breachsim.tui.widgets.feed import InjectFeed

from .app_support import FakeClock, advance, make_app, start


async def test_the_palette_offers_actions_and_jumps_to_any_inject(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot)
        advance(app, clock, 2 * 3600)
        await pilot.pause()
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        for title in ("Pause/resume", "Decide", "Facilitator", "Help", "All actions"):
            assert title in commands
        jump = commands["Jump to inject: The ransom note"]
        jump.callback()
        await pilot.pause()
        feed = app.screen.query_one(InjectFeed)
        assert feed.highlighted_option.id == "ransom_note"
        assert "ransom_note" in feed.read
        # and from the palette itself, by typing
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"pause")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert not app.exercise.running


async def test_an_action_the_store_cannot_record_is_not_shown_as_done(tmp_path, monkeypatch):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot)
        store = app.exercise.session.store

        def full(*args, **kwargs):
            raise StoreFull("the disk is full")

        monkeypatch.setattr(store, "append", full)
        await pilot.press("1")
        await pilot.pause()
        app.screen.query_one("#field-note", TextArea).text = "We know."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)  # still open, nothing lost
        assert "disk is full" in str(app.screen.query_one("#form-error").render())
        assert "declare_awareness" not in app.exercise.state.done
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
        assert "declare_awareness" in app.exercise.state.done
        assert str(app.screen.query_one("#do-declare_awareness").label).startswith("✔")
