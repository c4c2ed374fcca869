"""Helpers for driving the app in tests: a wall clock that moves only when told, and an app
on a temporary store with the clock tick switched off (tests call ``tick_now``)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from breachsim.application.config import Settings
from breachsim.scenario import load
from breachsim.scenario.bundled import find_bundled
from breachsim.store import open_store
from breachsim.tui import i18n
from breachsim.tui.app import BreachsimApp

WALL = "2026-03-17T04:40:00.000+00:00"


class FakeClock:
    """Monotonic seconds that move only when a test says so."""

    def __init__(self, start: float = 1000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now


def scenario(name: str = "hospital-ransomware"):
    path = Path(name) if name.endswith(".yaml") else find_bundled(name)
    result = load(path)
    assert result.scenario is not None, result.diagnostics
    return result.scenario


def make_app(tmp_path: Path, name: str = "hospital-ransomware", *, language: str = "en",
             clock: FakeClock | None = None, **kwargs) -> BreachsimApp:
    i18n.set_language(language)
    store = open_store(tmp_path / "sessions.sqlite3")
    kwargs.setdefault("scenario", scenario(name) if name else None)
    kwargs.setdefault("settings", Settings(export_folder=str(tmp_path / "exports")))
    return BreachsimApp(store, seed=kwargs.pop("seed", 7), team=kwargs.pop("team", "Blue"),
                        monotonic=clock or FakeClock(), wall=kwargs.pop("wall", lambda: WALL),
                        tick_seconds=None,
                        **kwargs)


def advance(app: BreachsimApp, clock: FakeClock, world_seconds: float) -> None:
    """Let ``world_seconds`` of in-world time pass at the exercise's speed, then tick."""
    clock.now += world_seconds / app.exercise.state.speed
    app.tick_now()


async def start(app: BreachsimApp, pilot) -> None:
    """From the briefing to the running console."""
    await pilot.pause()
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert type(app.screen).__name__ == "ConsoleScreen"


async def every_screen_settled(app: BreachsimApp) -> None:
    """Wait until every widget of every screen on the stack has handled the messages it had.

    The pilot waits so only for the top screen; behind a modal the console may still be
    laying itself out, and the pilot's other test (is the process using the CPU?) cannot tell
    waiting from idle when other processes share the CPU, as in a parallel test run."""
    loop = asyncio.get_running_loop()
    handled = []
    for screen in app.screen_stack:
        for node in [screen, *screen.walk_children()]:
            done = loop.create_future()
            if node.call_later(done.set_result, None):
                handled.append(done)
    await asyncio.wait_for(asyncio.gather(*handled), timeout=30)
