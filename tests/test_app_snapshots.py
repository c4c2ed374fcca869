"""One SVG snapshot per screen state, with the clock frozen (``--snapshot-update`` refreshes
them after a deliberate change; the facilitator guide shows them)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from breachsim.application.config import Settings

from .app_support import FakeClock, advance, every_screen_settled, make_app, start

H = 3600


@pytest.fixture
def frozen(tmp_path, monkeypatch):
    """Same session id, same export folder, no local scenarios: the same picture every run."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("breachsim.application.session.new_session_id", lambda: "snapshot-session")
    return tmp_path


def app_for(tmp_path, *args, **kwargs):
    kwargs.setdefault("settings", Settings(export_folder="exports"))
    clock = kwargs.setdefault("clock", FakeClock())
    return make_app(tmp_path, *args, **kwargs), clock


async def settle(app, pilot):
    await pilot.pause()
    await app.workers.wait_for_complete()
    await every_screen_settled(app)  # the screens behind a modal too
    app.clear_notifications()  # toasts time out in real time: keep them out of the pictures
    await pilot.pause()


def test_picker(frozen, snap_compare):
    app, _ = app_for(frozen, "", scenario=None)

    async def run_before(pilot):
        await settle(app, pilot)
        await pilot.press("down", "down")

    assert snap_compare(app, terminal_size=(120, 30), run_before=run_before)


def test_briefing(frozen, snap_compare):
    app, _ = app_for(frozen)

    async def run_before(pilot):
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_console_at_start(frozen, snap_compare):
    app, _ = app_for(frozen)

    async def run_before(pilot):
        await start(app, pilot)
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_console_small_terminal(frozen, snap_compare):
    app, clock = app_for(frozen)

    async def run_before(pilot):
        await start(app, pilot)
        advance(app, clock, 2 * H)
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_console_with_the_deadline_overdue(frozen, snap_compare):
    app, clock = app_for(frozen)

    async def run_before(pilot):
        await start(app, pilot)
        for _ in range(8):  # ten hours at a time, decisions left to their defaults
            advance(app, clock, 10 * H)
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(160, 45), run_before=run_before)


def test_authority_form_refused(frozen, snap_compare):
    app, clock = app_for(frozen)

    async def run_before(pilot):
        await start(app, pilot)
        advance(app, clock, 2 * H)
        await settle(app, pilot)  # the toasts go while the console is on top
        await pilot.press("2")
        await pilot.pause()
        app.screen.query_one("#field-nature", TextArea).text = (
            "Ransomware encrypted the patient record; files were copied.")
        await pilot.press("ctrl+s")
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_subjects_form_checks_article_34(frozen, snap_compare):
    app, clock = app_for(frozen)

    async def run_before(pilot):
        await start(app, pilot)
        advance(app, clock, 2 * H)
        await settle(app, pilot)  # the toasts go while the console is on top, not behind
        await pilot.press("3")
        await pilot.pause()
        app.screen.query_one("#field-audience", Input).value = "All patients since 2015"
        app.screen.query_one("#field-message", TextArea).text = (
            "Criminals stole files with your medical data from our hospital. "
            "Be alert to phishing. Call us on 0800 123 if you have questions.")
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_facilitator_view(frozen, snap_compare):
    app, clock = app_for(frozen)

    async def run_before(pilot):
        await start(app, pilot)
        advance(app, clock, 3 * H)
        app.exercise.note("Legal counsel argued against paying; CISO unsure.", by="observer")
        await pilot.press("f2")
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_end_summary(frozen, snap_compare):
    app, clock = app_for(frozen)

    async def run_before(pilot):
        await start(app, pilot)
        advance(app, clock, 1 * H)
        app.exercise.act("declare_awareness", {})
        advance(app, clock, 30 * H)
        app.exercise.end()
        app.tick_now()
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(120, 45), run_before=run_before)


def test_dutch_console(frozen, snap_compare):
    app, clock = app_for(frozen, "klantbestand-verkeerd-verstuurd", language="nl")

    async def run_before(pilot):
        await start(app, pilot)
        advance(app, clock, 3 * H)
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_light_theme_console(frozen, snap_compare):
    app, clock = app_for(frozen, settings=Settings(theme="light", export_folder="exports"))

    async def run_before(pilot):
        await start(app, pilot)
        advance(app, clock, 2 * H)
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(140, 40), run_before=run_before)


def test_help(frozen, snap_compare):
    app, _ = app_for(frozen)

    async def run_before(pilot):
        await start(app, pilot)
        await pilot.press("f1")
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_storm_panel_small_terminal(frozen, snap_compare):
    """Twelve hours into the hospital breach with nothing said: the storm panel at 80x24."""
    app, clock = app_for(frozen)

    async def run_before(pilot):
        await start(app, pilot)
        advance(app, clock, 12 * H)
        await settle(app, pilot)  # the toasts go while the console is on top
        await pilot.press("s")
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


# At 80x24 in Dutch, the longer language: every key on screen, nothing cut off

def test_dutch_console_small_terminal(frozen, snap_compare):
    app, clock = app_for(frozen, "klantbestand-verkeerd-verstuurd", language="nl")

    async def run_before(pilot):
        await start(app, pilot)
        advance(app, clock, 3 * H)
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_dutch_facilitator_small_terminal(frozen, snap_compare):
    app, clock = app_for(frozen, "klantbestand-verkeerd-verstuurd", language="nl")

    async def run_before(pilot):
        await start(app, pilot)
        advance(app, clock, 1 * H)
        await pilot.press("f2")
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_dutch_help_small_terminal(frozen, snap_compare):
    app, _ = app_for(frozen, "klantbestand-verkeerd-verstuurd", language="nl")

    async def run_before(pilot):
        await start(app, pilot)
        await pilot.press("f1")
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
