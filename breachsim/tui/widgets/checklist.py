"""A list of choices to tick, where a tick is a visible ✔ and not only a colour (Textual's own
selection list tells checked from unchecked by colour alone)."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class CheckList(OptionList):
    BINDINGS = [Binding("space", "toggle", show=False, id="checklist.toggle")]

    def __init__(self, choices: list[tuple[str, str]], selected: set[str] | None = None,
                 **kwargs):
        self.labels = dict((value, label) for label, value in choices)
        self.selected: list[str] = [v for _, v in choices if v in (selected or set())]
        super().__init__(*[Option(self._prompt(v), id=v) for _, v in choices], **kwargs)

    def _prompt(self, value: str) -> Content:
        ticked = value in self.selected
        return Content.assemble(("[✔] " if ticked else "[ ] ", "bold" if ticked else ""),
                                self.labels[value])

    def select(self, value: str) -> None:
        if value in self.labels and value not in self.selected:
            self.selected.append(value)
            self.replace_option_prompt(value, self._prompt(value))

    def toggle(self, value: str) -> None:
        if value in self.selected:
            self.selected.remove(value)
            self.replace_option_prompt(value, self._prompt(value))
        else:
            self.select(value)

    def action_toggle(self) -> None:
        option = self.highlighted_option
        if option is not None and option.id is not None:
            self.toggle(option.id)

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.toggle(event.option.id)
