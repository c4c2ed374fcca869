"""The console lays out sensibly from 80×24 to 200×60: every panel on screen, none squeezed
to nothing, and forms reachable at the smallest size."""

from __future__ import annotations

import pytest

from .app_support import FakeClock, advance, every_screen_settled, make_app, start

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


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips(app.size))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.parametrize("language", ["en", "nl"])
async def test_every_facilitator_key_is_on_screen(tmp_path, size, language):
    from breachsim.tui import i18n
    from breachsim.tui.screens import FacilitatorScreen

    app = make_app(tmp_path, language=language)
    async with app.run_test(size=size) as pilot:
        await start(app, pilot)
        await pilot.press("f2")
        await pilot.pause()
        await pilot.pause()
        shown = " ".join(screen_text(app).split())
        for binding in FacilitatorScreen.BINDINGS:
            assert i18n.t(f"bind.{binding.id}") in shown, binding.id


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_notices_never_cover_the_decisions_the_actions_or_the_keys(tmp_path, size):
    from textual.widgets._toast import Toast

    from breachsim.tui.widgets.keybar import KeyBar

    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=size, notifications=True) as pilot:
        await start(app, pilot)
        advance(app, clock, 2 * 3600)  # a decision is open
        for number in range(4):
            app.notify(f"Notice {number}: " + "a long line of text " * 4)
        await pilot.pause()
        await every_screen_settled(app)
        await pilot.pause()
        screen = app.screen
        drawn = screen._compositor.visible_widgets
        toasts = [clip.intersection(region) for widget, (region, clip) in drawn.items()
                  if isinstance(widget, Toast)]
        assert toasts
        for selector in ("#decisions", "#action-bar", "#storm-line", KeyBar, "#feed"):
            region = screen.query_one(selector).region
            assert region.area
            assert not any(toast.overlaps(region) for toast in toasts), selector
