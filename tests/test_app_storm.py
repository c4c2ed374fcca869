"""The storm panel and the facilitator's storm controls, driven through the app."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Select, Static, TextArea

from breachsim.application.live_storm import StormView
from breachsim.tui import i18n
from breachsim.tui.screens import FacilitatorScreen, FormScreen, StormScreen
from breachsim.tui.screens.storm import summary

from .app_support import FakeClock, advance, make_app, start
from .storm_support import scenario as storm_scenario

H = 3600


def kinds(app):
    return [e.kind for e in app.exercise.session.store.events(app.exercise.session.id)]


def text_of(widget: Static) -> str:
    return str(widget.render())


async def test_the_storm_panel_shows_the_storm_and_a_journalist_is_answered_from_it(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, "", clock=clock,
                   scenario=storm_scenario(burst=400, organisation="[b]Harbour[/b] Freight"))
    async with app.run_test(size=(160, 40)) as pilot:
        await start(app, pilot)
        advance(app, clock, 12 * H)
        await pilot.pause()
        line = text_of(app.screen.query_one("#storm-line", Static))
        assert "posts/h" in line and "journalists waiting" in line
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StormScreen)
        feed = text_of(app.screen.query_one("#storm-feed", Static))
        assert "[b]Harbour[/b]" in feed  # scenario text is never taken as markup
        waiting = app.exercise.storm.press
        assert waiting, "a storm this size has journalists asking for comment"
        press = app.screen.query_one("#storm-press", OptionList)
        press.focus()
        press.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-regarding", Select).value == waiting[0].id
        form.query_one("#field-text", TextArea).text = "We are sorry; we are writing to every customer."
        await pilot.press("ctrl+s")
        await pilot.pause()
        answered = app.exercise.session.store.events(app.exercise.session.id)[-1]
        assert answered.kind == "journalist_answered"
        assert answered.data["regarding"] == waiting[0].id
        assert isinstance(app.screen, StormScreen)
        advance(app, clock, H)
        await pilot.pause()
        assert waiting[0].id not in {r.id for r in app.exercise.storm.press}


async def test_the_facilitator_pushes_and_calms_the_storm_from_f2(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, "", clock=clock, scenario=storm_scenario())
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot)
        advance(app, clock, 3 * H)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, FacilitatorScreen)
        await pilot.press("p")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-burst", Input).value = "5000"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "storm_pushed" not in kinds(app)  # refused: too big, and nothing recorded
        assert isinstance(app.screen, FormScreen)
        form.query_one("#field-burst", Input).value = "300"
        form.query_one("#field-topic", Input).value = "leak-site"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert kinds(app)[-1] == "storm_pushed"
        await pilot.press("c")
        await pilot.pause()
        assert kinds(app)[-1] == "storm_calmed"
        advance(app, clock, 2 * H)
        assert any(p.topic == "leak-site" for p in app.exercise.storm.posts)


def test_the_storm_line_writes_its_numbers_as_the_interface_language_does():
    view = StormView(per_hour=12345, negative=0.5)
    try:
        i18n.set_language("en")
        assert summary(view).startswith("Storm: 12,345 posts/h")
        i18n.set_language("nl")
        assert summary(view).startswith("Storm: 12.345 berichten/u")  # not "12,345": 12 and a bit
    finally:
        i18n.set_language("en")
