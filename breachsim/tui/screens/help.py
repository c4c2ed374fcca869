"""The help screen, generated from the bindings: key, what it does, and its id for remapping.

What a key does wraps within the dialog's width, so that the whole text is in view at 80
columns too; the table scrolls up and down."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from ..i18n import t
from ..keys import Localised, bind, key_label
from .modal import Modal


class HelpScreen(Localised, Modal[None]):
    BINDINGS = [bind("help.close", "escape,q,f1", "close")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help") as box:
            box.border_title = t("help.title")
            yield Static(t("help.intro"), classes="intro")
            yield DataTable(id="bindings", cursor_type="row", zebra_stripes=True)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fill)

    def _fill(self) -> None:
        """The rows, with the last column as wide as the table leaves it."""
        from ..keys import all_bindings

        table = self.query_one(DataTable)
        keymap = self.app._keymap  # the user's remapped keys, normalised
        rows = [(Text(key_label(keymap.get(binding_id, binding.key_display or binding.key))),
                 Text(binding_id),
                 Text(t(f"bind.{binding_id}") + " — " + t(f"tip.{binding_id}")))
                for binding_id, binding in sorted(all_bindings().items())]
        widths = [max(len(str(row[i])) for row in rows) for i in range(2)]
        # two cells' padding per column, and the scroll bar
        left = table.size.width - sum(widths) - 2 * 3 - 2
        does = max(20, left)
        if table.columns and table.ordered_columns[-1].width == does:
            return
        table.clear(columns=True)
        # the id (what the config file remaps) before the long text, so it stays in view
        table.add_column(t("help.col.key"), width=widths[0])
        table.add_column(t("help.col.id"), width=widths[1])
        table.add_column(t("help.col.does"), width=does)
        for row in rows:
            table.add_row(*row, height=None)

    def action_close(self) -> None:
        self.dismiss(None)
