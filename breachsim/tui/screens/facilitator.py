"""The facilitator's view: the MSEL (what is still to come, when, and on what it waits), the
controls of the clock, ad-hoc injects, notes, and ending the exercise. Players should not see
it; it replaces the whole console while it is open."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ...application.exercise import Exercise, View
from ..format import clean, offset
from ..i18n import t
from ..keys import Localised, bind
from ..widgets.clock_bar import ClockBar
from ..widgets.keybar import KeyBar

_STATUS = {"triggered": "▶", "due": "▷", "waiting": "…", "unreachable": "∅", "skipped": "↷"}


class FacilitatorScreen(Localised, Screen):
    BINDINGS = [
        bind("facilitator.back", "f2,escape", "back"),
        bind("facilitator.pause", "space", "app.toggle_pause", key_display="space"),
        bind("facilitator.fire", "f", "fire"),
        bind("facilitator.skip", "x", "skip"),
        bind("facilitator.adhoc", "i", "app.adhoc"),
        bind("facilitator.note", "n", "app.note"),
        bind("facilitator.faster", "plus,equals_sign", "app.speed(1)", key_display="+"),
        bind("facilitator.slower", "minus", "app.speed(-1)", key_display="-"),
        bind("facilitator.jump", "j", "app.jump"),
        bind("facilitator.push", "p", "app.push_storm"),
        bind("facilitator.calm", "c", "app.calm_storm"),
        bind("facilitator.end", "e", "app.end_exercise"),
    ]

    def __init__(self, exercise: Exercise):
        super().__init__()
        self.exercise = exercise
        self.last_seq = -1

    def compose(self) -> ComposeResult:
        yield ClockBar(id="clock")
        yield Static(Content.styled(t("facilitator.banner"), "bold reverse $warning"),
                     id="facilitator-banner")
        with Vertical(id="msel-box") as box:
            box.border_title = t("facilitator.msel")
            table = DataTable(id="msel", cursor_type="row", zebra_stripes=True)
            table.add_columns(t("msel.when"), t("msel.status"), t("msel.inject"),
                              t("msel.channel"), t("msel.waits"))
            yield table
        # the highlighted row in full: at 80 columns the table's last columns are out of view
        yield Static(id="msel-detail")
        yield Static(id="notes")
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_view(force=True)
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        self.refresh_view(force=True)

    def refresh_view(self, force: bool = False) -> None:
        view = self.exercise.view()
        self.query_one(ClockBar).show(view, self.exercise.elapsed_wall(),
                                      self.exercise.scenario.title)
        if force or view.seq != self.last_seq:
            self._fill(view)
        self.last_seq = view.seq

    def _fill(self, view: View) -> None:
        table = self.query_one(DataTable)
        keep, row_before = None, table.cursor_row
        if table.row_count and table.cursor_row is not None:
            keep = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        table.clear()
        for row in self.exercise.msel():
            when = "—" if row.earliest is None else (
                offset(row.earliest) if row.exact else f"≥{offset(row.earliest)}")
            status = f"{_STATUS[row.status]} {t('msel.status.' + row.status)}"
            waits = t("msel.how." + row.how) + (f": {clean(row.detail, 60)}" if row.detail
                                                 else "")
            table.add_row(when, status, Text(clean(row.inject.title, 40)),
                          t("channel." + row.inject.channel.value), Text(waits),
                          key=row.inject.id)
        if keep is not None and keep in table.rows:
            table.move_cursor(row=table.get_row_index(keep))
        elif table.row_count:  # it left the list: stay at the same place, not the top
            table.move_cursor(row=min(row_before, table.row_count - 1))
        notes = view.notes[-4:]
        lines = [Content.styled(t("facilitator.notes", count=len(view.notes)), "bold")]
        lines += [Content.assemble((f"{offset(n.world)} ", "$text-muted"),
                                   (t("note.by." + n.by) + ": ", "italic"), clean(n.text, 200))
                  for n in notes]
        self.query_one("#notes", Static).update(Content("\n").join(lines))

    @on(DataTable.RowHighlighted, "#msel")
    def _show_detail(self, event: DataTable.RowHighlighted) -> None:
        row = next((r for r in self.exercise.msel() if r.inject.id == event.row_key.value), None)
        if row is None:
            return
        waits = t("msel.how." + row.how) + (f": {clean(row.detail, 200)}" if row.detail else "")
        self.query_one("#msel-detail", Static).update(Content.assemble(
            (clean(row.inject.title, 200), "bold"), " · ",
            t("channel." + row.inject.channel.value), " · ", waits))

    def _selected(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_fire(self) -> None:
        inject = self._selected()
        if inject:
            self.app.facilitate("fire", inject)

    def action_skip(self) -> None:
        inject = self._selected()
        if inject:
            self.app.facilitate("skip", inject)
