"""The command palette offers what the screen can do and every inject to jump to; a store
that cannot record refuses the action instead of pretending it happened."""

from __future__ import annotations

from textual.widgets import TextArea

from breachsim.store import StoreFull
from breachsim.tui.screens import ConsoleScreen, FormScreen
from breachsim.tui.widgets.feed import InjectFeed

from .app_support import FakeClock, advance, make_app, start


async def declare_awareness_on_a_full_disk(app, pilot, monkeypatch, error: StoreFull) -> str:
    """Send the awareness form while the store refuses every write; the form's error."""
    def full(*args, **kwargs):
        raise error

    monkeypatch.setattr(app.exercise.session.store, "append_many", full)
    await pilot.press("1")
    await pilot.pause()
    app.screen.query_one("#field-note", TextArea).text = "We know."
    await pilot.press("ctrl+s")
    await pilot.pause()
    return str(app.screen.query_one("#form-error").render())


async def test_the_palette_offers_actions_and_jumps_to_any_inject(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot)
        advance(app, clock, 2 * 3600)
        await pilot.pause()
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        for title in ("Pause/resume", "Decide", "Facilitator", "Help", "All actions",
                      "Inform the police", "Brief the contact centre", "Answer a request"):
            assert title in commands
        commands["Inform the police"].callback()
        await pilot.pause()
        assert app.screen.query_one("#field-message")  # the police form
        await pilot.press("escape")
        await pilot.pause()
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
        error = await declare_awareness_on_a_full_disk(app, pilot, monkeypatch,
                                                       StoreFull("the disk is full"))
        assert isinstance(app.screen, FormScreen)  # still open, nothing lost
        assert "disk is full" in error
        assert "declare_awareness" not in app.exercise.state.done
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
        assert "declare_awareness" in app.exercise.state.done
        assert str(app.screen.query_one("#do-declare_awareness").label).startswith("✔")


async def test_a_store_failure_is_explained_in_dutch(tmp_path, monkeypatch):
    app = make_app(tmp_path, language="nl")
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot)
        error = await declare_awareness_on_a_full_disk(app, pilot, monkeypatch, StoreFull(
            "the disk holding S is full; free some space and try again", code="full",
            location="S"))
        assert "de schijf met S is vol" in error
        assert "disk" not in error and "free some space" not in error


async def test_app_commands_from_the_palette_run_as_the_app_and_any_theme_works(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot)
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        await commands["Help"].callback()
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await commands["Light/dark"].callback()
        assert app.theme == "breachsim-light"
        app.theme = "nord"  # one of Textual's own, from the palette's theme list
        await pilot.pause()
        assert app.is_running


async def test_a_store_failure_mid_tick_halts_and_loses_no_inject(tmp_path, monkeypatch):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot)
        exercise = app.exercise
        store = exercise.session.store

        def full(*args, **kwargs):
            raise StoreFull("the disk is full")

        monkeypatch.setattr(store, "append_many", full)
        clock.now += 3600 / exercise.state.speed
        app.run_worker(app._tick_thread, thread=True)  # the app's own tick, as the timer runs it
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not exercise.running and "PAUSED" in str(app.screen.query_one("#clock").render())
        assert "ransomware_confirmed" not in exercise.state.delivered
        monkeypatch.undo()
        await pilot.press("space")  # the facilitator resumes once the disk has room
        app.tick_now()
        await pilot.pause()
        assert "ransomware_confirmed" in exercise.state.delivered


async def test_phased_notification_and_counts_are_explained(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-kind").value = "follow_up"
        form.query_one("#field-subjects_approx").value = "-5"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "a whole number" in str(form.query_one("#form-error").render())
        # a size is no count: refused with a hint, not stored as its number
        form.query_one("#field-subjects_approx").value = "380 GB of files"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "not a size like 380 GB" in str(form.query_one("#form-error").render())
        form.query_one("#field-subjects_approx").value = "5,000"  # as people write it
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "no initial notification" in str(form.query_one("#form-error").render())
        assert form.query_one("#field-kind").has_class("-invalid")


async def test_the_palette_speaks_dutch_in_a_dutch_interface(tmp_path):
    app = make_app(tmp_path, "klantbestand-verkeerd-verstuurd", language="nl")
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Stoppen", "Help", "Pauze/verder", "Politie informeren"} <= titles
        assert not titles & {"Quit", "Theme", "Keys", "Screenshot"}


async def test_a_form_answers_the_oldest_open_request_and_a_follow_up_starts_from_the_first(
        tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot)
        advance(app, clock, 6 * 3600)  # De Rivierbode has called for a statement
        await pilot.pause()
        exercise = app.exercise
        await pilot.press("4")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-regarding").value == "rivierbode_call"
        await pilot.press("escape")
        await pilot.pause()
        first = {"nature": "Ransomware encrypted the patient record.",
                 "categories": ["health"], "subjects_approx": 215000,
                 "dpo_contact": "M. Hoogland", "consequences": "Care delayed.",
                 "measures": "Systems isolated."}
        exercise.act("notify_authority", first)
        await pilot.press("2")
        await pilot.pause()
        form = app.screen
        assert form.query_one("#field-kind").value == "follow_up"
        assert form.query_one("#field-subjects_approx").value == "215000"
        assert form.query_one("#field-nature", TextArea).text == first["nature"]
