"""A newcomer at the keyboard: random keys on every screen, the clock moving and the terminal
resized now and then, never crash the app or record what nobody sent.

One seed runs by default: seed 1 starts the exercise within a few keys and goes through most
screens (briefing, console, forms, palette, help, facilitator view, a confirmation and the
summary). More seeds are marked slow: ``pytest -m slow tests/test_app_keyboard.py`` runs them,
``pytest -m "slow or not slow"`` runs everything."""

from __future__ import annotations

import random

import pytest

from .app_support import FakeClock, make_app

KEYS = ["space", "1", "2", "3", "4", "a", "d", "n", "f2", "f1", "escape", "enter", "tab",
        "shift+tab", "down", "up", "f", "x", "i", "j", "plus", "minus", "e", "y", "ctrl+s",
        "ctrl+p", "q", "f9", "left", "right", "pagedown", "home", "end", "h", "0", "9"]


SLOW_SEEDS = range(2, 9)


@pytest.mark.parametrize("seed", [1, *(pytest.param(s, marks=pytest.mark.slow) for s in SLOW_SEEDS)])
async def test_random_keys_never_crash_the_app(tmp_path, seed):
    rnd = random.Random(seed)
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for _ in range(150):
            await pilot.press(rnd.choice(KEYS))  # waits until the app has handled the key
            if app.exercise is not None and rnd.random() < 0.2:
                clock.now += rnd.random() * 200
                app.tick_now()
                await pilot.pause()
            if rnd.random() < 0.05:
                await pilot.resize_terminal(rnd.choice([80, 120, 200]), rnd.choice([24, 40, 60]))
            if not app.is_running:
                break
        await app.workers.wait_for_complete()
    assert app.return_code in (0, None)
    if app.exercise is not None:  # whatever was recorded folds, and the screens agreed
        events = app.exercise.session.store.events(app.exercise.session.id)
        assert [e.seq for e in events] == list(range(1, len(events) + 1))
