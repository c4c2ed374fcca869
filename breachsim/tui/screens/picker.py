"""The scenario picker: bundled and local scenarios, a preview, and the errors of those that
do not validate instead of opening them."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ...law.messages import span
from ...scenario.catalogue import Entry
from ...util import printable
from ..format import clean, reflow
from ..i18n import language, t
from ..keys import Localised, bind
from ..widgets.keybar import KeyBar


class PickerScreen(Localised, Screen):
    BINDINGS = [
        bind("picker.open", "enter", "open", show=True),
        bind("picker.quit", "q", "app.quit", show=False),
    ]

    def __init__(self, folders: list[Path] | None = None):
        super().__init__()
        self.folders = folders
        self.entries: dict[str, Entry] = {}
        self.loaded: dict[str, object] = {}  # path → load result

    def compose(self) -> ComposeResult:
        yield Static(Content.styled(t("picker.title"), "bold"), id="picker-title")
        with Horizontal(id="picker-main"):
            table = DataTable(id="scenarios", cursor_type="row")
            table.add_columns(t("picker.col.title"), t("picker.col.language"),
                              t("picker.col.jurisdiction"), t("picker.col.duration"),
                              t("picker.col.injects"), t("picker.col.decisions"))
            table.loading = True
            yield table
            with VerticalScroll(id="preview-box") as box:
                box.border_title = t("picker.preview")
                yield Static(id="preview")
        yield KeyBar()

    def on_mount(self) -> None:
        self.load_catalogue()

    @work(thread=True, exclusive=True)
    def load_catalogue(self) -> None:
        from ...scenario.catalogue import candidates, entry
        from ...scenario.loader import load

        found = []
        for path, is_bundled in candidates(self.folders):
            result = load(path)
            found.append((entry(path, is_bundled, result), result))
        self.app.call_from_thread(self._fill, found)

    def _fill(self, found: list) -> None:
        table = self.query_one(DataTable)
        table.loading = False
        for index, (line, result) in enumerate(found):
            key = str(index)  # a local copy may share a bundled scenario's file name
            self.entries[key] = line
            self.loaded[key] = result
            scenario = result.scenario
            title = t("picker.invalid") if scenario is None else clean(line.title, 34)
            duration = "?" if scenario is None else span(
                scenario.clock.duration.total_seconds(), language())
            table.add_row(Text(("✘ " if line.errors else "") + title), line.language,
                          line.jurisdiction, duration, str(line.injects),
                          str(line.decisions), key=key)
        table.focus()
        if not found:
            self.query_one("#preview", Static).update(t("picker.none"))

    @on(DataTable.RowHighlighted)
    def _preview(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value
        entry, result = self.entries.get(key), self.loaded.get(key)
        if entry is None or result is None:
            return
        preview = self.query_one("#preview", Static)
        if result.scenario is None or result.error_count:
            from ...application.validation import Report

            preview.update(Content.assemble(
                (t("picker.broken", count=result.error_count), "bold $error"), "\n\n",
                printable(Report([result]).text()).strip()))
            return
        scenario = result.scenario
        origin = t("picker.bundled") if entry.bundled else entry.path
        preview.update(Content.assemble(
            (clean(scenario.title, 200), "bold"), "\n",
            (f"{origin} · {scenario.id}", "$text-muted"), "\n\n",
            reflow(scenario.summary)))

    @on(DataTable.RowSelected)
    def action_open(self, event: DataTable.RowSelected | None = None) -> None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        result = self.loaded.get(key)
        if result is None or result.scenario is None or result.error_count:
            self.notify(t("picker.cannot_open"), severity="error")
            return
        self.app.show_briefing(result.scenario)

