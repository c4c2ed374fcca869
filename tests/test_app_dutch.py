"""The app in Dutch says nothing in English: every screen and dialog is walked, and every word
on screen must come from the Dutch catalogue, from the scenario, or from what the exercise
generated (names, the storm's posts). English left in by Textual's own widgets ("Dismiss
menu", "Select", "Search for commands…") fails it as much as a string of ours."""

from __future__ import annotations

import re

from textual.screen import ModalScreen

from breachsim.engine.actions import FORMS
from breachsim.scenario.bundled import find_bundled
from breachsim.tui import i18n
from breachsim.tui.keys import all_bindings

from .app_support import FakeClock, advance, every_screen_settled, make_app, start

SCENARIO = "klantbestand-verkeerd-verstuurd"  # a Dutch scenario: its text is Dutch too
WORD = re.compile(r"[^\W\d_]{2,}")
#: Names of generated data that are codes, not text (a post's stance, a contact's kind).
#: The kinds of file the summary names (the session's export and report).
FILE_TYPES = {"jsonl", "html"}
CODES = {"id", "kind", "stance", "channel", "topic", "via", "severity", "persona"}


def words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text)}


def strings_in(value) -> list[str]:
    """Every string in generated data (tuples, named tuples, dataclasses), codes left out."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, (tuple, list)):
        fields = getattr(value, "_fields", None)
        if fields:
            return [s for f, v in zip(fields, value, strict=True) if f not in CODES
                    for s in strings_in(v)]
        return [s for v in value for s in strings_in(v)]
    if hasattr(value, "__dataclass_fields__"):
        return [s for f in value.__dataclass_fields__ if f not in CODES
                for s in strings_in(getattr(value, f))]
    return []


def shown(app, only: str | None = None) -> str:
    """The screen as text; of a dialog, only the dialog (the screen beneath was looked at
    before, and its words are cut where the dialog covers them); with ``only``, only the
    widgets it selects (an open list over a screen cuts the words it covers too)."""
    screen = app.screen
    strips = screen._compositor.render_strips(app.size)
    if only is None and not isinstance(screen, ModalScreen):
        return "\n".join(strip.text for strip in strips)
    # where each widget in view is drawn (a widget inside another is read twice: no matter)
    drawn = screen._compositor.visible_widgets
    widgets = screen.query(only) if only else [w for w in drawn if w is not screen]
    regions = [drawn[w][0] for w in widgets if w in drawn]
    return "\n".join(strips[y].crop(r.x, r.right).text
                     for r in regions for y in range(r.y, r.bottom))


class Walk:
    """Collects, screen by screen, the words that are neither Dutch nor the exercise's own."""

    def __init__(self, app, tmp_path):
        catalogue = " ".join(entry["nl"] for entry in i18n.catalogue().values())
        # the scenario's text, with the library's injects it uses
        scenario = " ".join(strings_in(app.scenario.model_dump() if app.scenario else {}))
        self.app = app
        self.known = (words(catalogue) | words(scenario) | words(str(tmp_path))
                      | words(app.team or "") | FILE_TYPES)
        self.foreign: dict[str, set[str]] = {}

    async def look(self, pilot, where: str, also: set[str] = frozenset(),
                   only: str | None = None) -> None:
        app = self.app
        await pilot.pause()
        await every_screen_settled(app)
        await pilot.pause()
        known = self.known | also
        exercise = app.exercise
        if exercise is not None:
            view = exercise.view()
            known |= words(" ".join(strings_in(exercise.storm)))
            known |= words(" ".join(f"{d.title} {d.body} {d.sender_name or ''}"
                                    for d in view.deliveries))
            known |= words(exercise.session.id)
        text = shown(app, only)
        # a word cut short with an ellipsis is known when a known word starts with it
        cut = {w.lower() for w in re.findall(r"([^\W\d_]+)…", text)}
        unknown = {w for w in words(text) - known
                   if not (w in cut and any(k.startswith(w) for k in known))}
        if unknown:
            self.foreign[where] = unknown


async def test_every_screen_in_dutch_speaks_dutch(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    clock = FakeClock()
    app = make_app(tmp_path, SCENARIO, language="nl", clock=clock)
    walk = Walk(app, tmp_path)
    async with app.run_test(size=(200, 60)) as pilot:
        await walk.look(pilot, "briefing")
        app.screen.query_one("Select").focus()
        await pilot.press("enter")
        await walk.look(pilot, "briefing, speed list open", only="SelectOverlay, KeyBar")
        await pilot.press("escape")
        await pilot.press("f1")
        # the ids the config file remaps by, and the keys' own names, are not words
        ids = words(" ".join(f"{i} {b.key}" for i, b in all_bindings().items()))
        await walk.look(pilot, "help", ids)
        await pilot.press("escape")
        await start(app, pilot)
        advance(app, clock, 2 * 3600)
        await walk.look(pilot, "console")
        await pilot.press("ctrl+p")
        await walk.look(pilot, "palette")
        await pilot.press("escape")
        await pilot.press("a")
        await walk.look(pilot, "action menu")
        await pilot.press("escape")
        for action in FORMS:
            app.open_form(action)
            await walk.look(pilot, f"form {action}")
            for select in app.screen.query("Select"):  # its list open: the keys it adds
                select.focus()
                await pilot.press("enter")
                await walk.look(pilot, f"form {action}, {select.id} open", only="SelectOverlay")
                await pilot.press("escape")
            await pilot.press("escape")
        for key, where in (("d", "decision"), ("n", "note"), ("s", "storm")):
            await pilot.press(key)
            await walk.look(pilot, where)
            await pilot.press("escape")
        await pilot.press("f2")
        await walk.look(pilot, "facilitator")
        for key, where in (("i", "ad-hoc inject"), ("p", "storm push"), ("e", "end?")):
            await pilot.press(key)
            await walk.look(pilot, where)
            await pilot.press("escape")
        await pilot.press("e", "y")
        app.tick_now()
        await walk.look(pilot, "summary")
        assert type(app.screen).__name__ == "SummaryScreen"
    assert not walk.foreign, sorted((k, sorted(v)) for k, v in walk.foreign.items())


async def test_the_scenario_picker_in_dutch_speaks_dutch(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(tmp_path, "", scenario=None, language="nl")
    walk = Walk(app, tmp_path)
    # the picker lists every bundled scenario: their titles and summaries are theirs
    for path in find_bundled(SCENARIO).parent.glob("*.scenario.yaml"):
        walk.known |= words(path.read_text(encoding="utf-8"))
    async with app.run_test(size=(200, 60)) as pilot:
        await walk.look(pilot, "picker")
    assert not walk.foreign, sorted((k, sorted(v)) for k, v in walk.foreign.items())
