"""The scenario picker: bundled and local scenarios, a preview, and a broken one shown with
its errors instead of opened."""

from __future__ import annotations

import shutil

from breachsim.scenario.bundled import find_bundled
from breachsim.tui.screens import BriefingScreen, PickerScreen

from .app_support import make_app


async def test_picker_lists_local_copies_shows_errors_and_opens_the_briefing(
        tmp_path, monkeypatch, skeleton_text):
    work = tmp_path / "work"
    (work / "scenarios").mkdir(parents=True)
    shutil.copy(find_bundled("hospital-ransomware"), work)  # same file name as a bundled one
    (work / "scenarios" / "broken.scenario.yaml").write_text(
        skeleton_text.replace("channel: phone", "channel: fax", 1), encoding="utf-8")
    monkeypatch.chdir(work)
    app = make_app(tmp_path, "", scenario=None)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        table = picker.query_one("#scenarios")
        titles = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        ransomware = [i for i, title in enumerate(titles) if title.startswith("Ransomware at")]
        assert len(ransomware) == 2
        assert str(table.get_row_at(ransomware[0])[3]) == "4 d"  # its 96h, as a reader says it
        broken = next(i for i, title in enumerate(titles) if title.startswith("✘"))
        table.move_cursor(row=broken)
        await pilot.pause()
        preview = str(picker.query_one("#preview").render())
        assert "does not validate" in preview and "broken.scenario.yaml:" in preview
        assert "BS202" in preview
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)  # never opened
        table.move_cursor(row=ransomware[1])  # the local copy
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("escape")  # back to the list
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
