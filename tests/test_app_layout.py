"""The console lays out sensibly from 80×24 to 200×60: every panel on screen, none squeezed
to nothing, and forms reachable at the smallest size."""

from __future__ import annotations

import pytest

from .app_support import FakeClock, advance, make_app, start

PANELS = ("#clock", "#deadlines", "#feed", "#inject", "#decisions", "#action-bar")


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (160, 45), (200, 60)])
async def test_the_console_fits_every_size(tmp_path, size):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=size) as pilot:
        await start(app, pilot)
        advance(app, clock, 2 * 3600)  # a decision is open, deadlines run
        await pilot.pause()
        screen = app.screen.region
        for selector in PANELS:
            region = app.screen.query_one(selector).region
            assert region.width >= 20 and region.height >= 1, selector
            assert screen.contains_region(region), (selector, region, screen)
        feed = app.screen.query_one("#feed").region
        inject = app.screen.query_one("#inject").region
        assert feed.height >= 6 and inject.height >= 4
        assert not feed.overlaps(inject)


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_the_longest_form_can_be_sent_at_any_size(tmp_path, size):
    app = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await start(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        submit = app.screen.query_one("#submit")
        submit.scroll_visible(animate=False)
        await pilot.pause()
        assert app.screen.region.contains_region(submit.region)
        await pilot.click("#submit")
        await pilot.pause()
        assert "fill in" in str(app.screen.query_one("#form-error").render())
