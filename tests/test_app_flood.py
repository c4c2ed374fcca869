"""The console under a flood of injects: the feed lists every delivery but styles only the
lines it draws, and a dialog opened over the console draws the console behind it once, as
Textual would have drawn it."""

from __future__ import annotations

import gc

import pytest
from textual.content import Content

from breachsim.engine.state import Delivery
from breachsim.tui.screens import ActionMenu, ConsoleScreen, HelpScreen
from breachsim.tui.screens.modal import Modal
from breachsim.tui.widgets.feed import FeedLine, InjectFeed

from .app_support import FakeClock, advance, make_app, start

FLOOD = 200


def flood_scenario(count: int) -> str:
    """A start inject, then ``count`` injects at T+00:10, some with titles that wrap."""
    out = ["format: 1", "id: flood", "title: A flood", "summary: Many injects at once.",
           "language: en", "locale: en_GB", "jurisdiction: EU",
           "breach: {nature: [confidentiality]}",
           "clock: {start: 2026-01-05T08:00:00+01:00, speed: 60, duration: 24h}",
           "start: first", "injects:",
           "  - {id: first, title: It starts, channel: email, body: A breach.}"]
    for n in range(count):
        title = f"Message {n}" + (" that goes on and on about the breach" * (n % 3))
        out += [f"  - {{id: flood{n}, title: {title}, channel: chat, severity: high,",
                f"     at: T+00:10, body: Message {n}.}}"]
    return "\n".join(out) + "\n"


def delivery(title: str, sender: str | None = "Service desk", severity: str = "high") -> Delivery:
    return Delivery(inject="x", seq=1, world=600, title=title, channel="email", sender=None,
                    sender_name=sender, recipient=None, severity=severity, body="",
                    via="at")


@pytest.mark.parametrize("title", [
    "Short", "A title of exactly some length that wraps at a narrow width",
    "漢字のタイトルは一文字が二桁を占める", "x" * 119 + "y" * 5, "emoji 🔥🔥 and words"])
@pytest.mark.parametrize("sender", [None, "Victor Lelijveld"])
def test_a_feed_line_is_as_high_as_its_styled_text(title, sender):
    """The quick height (one line when the text fits) is the height Textual's wrapping
    gives, at every width."""
    for unread in (True, False):
        line = FeedLine(delivery(title, sender), unread)
        text = Content.assemble(*line.parts)
        assert line.plain == text.plain and str(line) == text.plain
        for width in range(4, line.cells + 4):
            for rules in ({}, {"line_pad": 1}):
                assert line.get_height(rules, width) == text.get_height(rules, width), (
                    width, rules)


async def test_a_flood_is_listed_but_only_the_lines_drawn_are_styled(tmp_path):
    path = tmp_path / "flood.scenario.yaml"
    path.write_text(flood_scenario(FLOOD), encoding="utf-8")
    clock = FakeClock()
    app = make_app(tmp_path, str(path), clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot)
        advance(app, clock, 700)
        await pilot.pause()
        feed = app.screen.query_one(InjectFeed)
        assert feed.option_count == FLOOD + 1
        assert str(feed.border_title) == f"Injects: {FLOOD + 1} ({FLOOD} unread)"
        lines = [feed.get_option_at_index(i).prompt for i in range(feed.option_count)]
        styled = [line for line in lines if line._content is not None]
        assert 0 < len(styled) <= feed.size.height  # what is on screen, no more
        assert feed.virtual_size.height > feed.option_count  # long titles wrap

        # the keyboard still walks the feed and opens what it lands on
        await pilot.press("end")
        await pilot.pause()
        assert feed.highlighted == FLOOD
        assert f"flood{FLOOD - 1}" in feed.read
        assert str(feed.border_title) == f"Injects: {FLOOD + 1} ({FLOOD - 1} unread)"
        assert feed.get_option_at_index(FLOOD).prompt.plain.startswith("  ")  # no dot
        await pilot.press("up")
        await pilot.pause()
        assert feed.highlighted_option.id == f"flood{FLOOD - 2}"


async def test_a_dialog_draws_the_console_behind_it_once_as_textual_would(
        tmp_path, monkeypatch):
    path = tmp_path / "flood.scenario.yaml"
    path.write_text(flood_scenario(30), encoding="utf-8")
    clock = FakeClock()
    app = make_app(tmp_path, str(path), clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(app, pilot)
        advance(app, clock, 700)
        await pilot.pause()
        app.clear_notifications()
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        menu = app.screen
        assert isinstance(menu, ActionMenu) and isinstance(menu, Modal)
        ours = app.export_screenshot()
        with monkeypatch.context() as patch:  # the same picture drawn Textual's way
            patch.setattr(Modal, "_beneath", lambda self: None)
            menu.refresh()
            await pilot.pause()
            assert app.export_screenshot() == ours
        menu.refresh()
        await pilot.pause()
        drawn = menu._backdrop
        assert drawn is not None

        # the console changes beneath the dialog: the picture stays as it was drawn
        console = app.screen_stack[-2]
        assert isinstance(console, ConsoleScreen)
        app.exercise.pause()
        advance(app, clock, 60)
        await pilot.pause()
        assert menu._backdrop is drawn

        # a screen on top and back: the dialog draws what is beneath it now
        app.action_help()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is menu
        ours = app.export_screenshot()
        assert menu._backdrop is not drawn
        with monkeypatch.context() as patch:
            patch.setattr(Modal, "_beneath", lambda self: None)
            menu.refresh()
            await pilot.pause()
            assert app.export_screenshot() == ours


async def test_what_the_app_built_is_left_out_of_full_collections_until_it_closes(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot)
        await pilot.pause()
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
