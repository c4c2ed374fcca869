"""Text from scenarios and players is shown as written: markup-like text never styles the
screen or becomes a clickable action, and escape sequences never reach the terminal."""

from __future__ import annotations

from textual.widgets import TextArea

from breachsim.tui.screens import DecisionScreen, FacilitatorScreen, FormScreen

from .app_support import FakeClock, advance, make_app, start

HOSTILE_TITLE = "[@click=app.quit]Quit[/] [bold red]LOUD[/]"
ESCAPE = "\x1b[2J\x1b[31mred\x1b[0m"

SCENARIO = f'''format: 1
id: hostile-text
title: "{HOSTILE_TITLE}"
summary: "[link=https://example.org]click[/link] me"
language: en
locale: en_GB
jurisdiction: EU
breach:
  nature: [confidentiality]
clock:
  start: 2026-03-02T09:00:00+01:00
  speed: 60
  duration: 24h
briefing: "[reverse]briefing[/reverse] {{{{ 1 }}}}"
start: first
injects:
  - id: first
    title: "{HOSTILE_TITLE}"
    channel: email
    severity: high
    body: "Body with [b]markup[/b] and an escape: \\x1b[2J\\x1b[31mred\\x1b[0m end"
  - id: choose
    title: "[i]Decide[/i]"
    channel: briefing
    at: 1h
    decision:
      prompt: "[blink]Which?[/blink]"
      timeout: 2h
      default: one
      options:
        - id: one
          label: "[@click=app.quit]one[/]"
        - id: two
          label: "[red]two[/red]"
'''


def visible(app) -> str:
    """Everything on screen, as plain text (the SVG's text without its styling)."""
    import html
    import re

    svg = app.export_screenshot()
    return html.unescape(" ".join(re.findall(r">([^<]*)</text>", svg))).replace("\xa0", " ")


async def test_markup_and_escapes_in_a_scenario_are_shown_literally(tmp_path):
    path = tmp_path / "hostile.scenario.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    clock = FakeClock()
    app = make_app(tmp_path, str(path), clock=clock)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        shown = visible(app)
        assert "[reverse]briefing[/reverse]" in shown
        await start(app, pilot)
        shown = visible(app)
        # the title line, the feed, the top of the inject and the panel's border title
        assert shown.count("[@click=app.quit]Quit[/] [bold red]LOUD[/]") == 4
        assert "[b]markup[/b]" in shown
        assert "\x1b" not in shown and "[2J" in shown  # the escape byte is dropped
        advance(app, clock, 3600)
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DecisionScreen)
        shown = visible(app)
        assert "[blink]Which?[/blink]" in shown
        assert shown.count("[@click=app.quit]one[/]") == 2  # the option and the default
        # clicking the label chooses the option; it does not run the action in its text
        await pilot.click("#option-one")
        await pilot.pause()
        assert app.is_running and app.exercise.state.choices["choose"].option == "one"


async def test_markup_in_notes_and_ad_hoc_injects_is_shown_literally(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 45)) as pilot:
        await start(app, pilot)
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#field-text", TextArea).text = f"[bold]note[/bold] {ESCAPE}"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FacilitatorScreen)
        shown = visible(app)
        assert "[bold]note[/bold]" in shown and "\x1b" not in shown
        await pilot.press("i")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-title").value = "[@click=app.quit]boom[/]"
        form.query_one("#field-body", TextArea).text = "[red]body[/red]"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert "[@click=app.quit]boom[/]" in visible(app)  # in the feed
        assert app.screen.select_inject("adhoc_1")
        await pilot.pause()
        assert "[red]body[/red]" in visible(app)  # and its body, once selected
