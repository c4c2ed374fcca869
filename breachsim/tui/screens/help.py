"""The help screen, generated from the bindings: key, what it does, and its id for remapping."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from ..i18n import t
from ..keys import Localised, bind
from .modal import Modal


class HelpScreen(Localised, Modal[None]):
    BINDINGS = [bind("help.close", "escape,q,f1", "close")]

    def compose(self) -> ComposeResult:
        from ..keys import all_bindings

        keymap = self.app._keymap  # the user's remapped keys, normalised
        with Vertical(classes="dialog", id="help") as box:
            box.border_title = t("help.title")
            yield Static(t("help.intro"), classes="intro")
            table = DataTable(id="bindings", cursor_type="row", zebra_stripes=True)
            # the id (what the config file remaps) before the long text, so it stays in view
            table.add_columns(t("help.col.key"), t("help.col.id"), t("help.col.does"))
            for binding_id, binding in sorted(all_bindings().items()):
                keys = keymap.get(binding_id, binding.key_display or binding.key)
                table.add_row(Text(keys), Text(binding_id),
                              Text(t(f"bind.{binding_id}") + " — " + t(f"tip.{binding_id}")))
            yield table

    def action_close(self) -> None:
        self.dismiss(None)
