"""Small modal screens: a decision point, the menu of every team action, a yes/no question."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from ...engine.actions import FORMS, Refused
from ...engine.state import OpenDecision
from ...util import printable
from ..format import clean, explain, hms
from ..i18n import t
from ..keys import Localised, bind
from .modal import Modal


class DecisionScreen(Localised, Modal[bool]):
    """A decision point: its prompt, its options (keys 1–9), and an optional rationale."""

    BINDINGS = [bind("decision.cancel", "escape", "cancel")]

    def __init__(self, decision: OpenDecision, now: Callable[[], int],
                 is_open: Callable[[], bool], choose: Callable[[str, str | None], None]):
        super().__init__()
        self.decision = decision
        self.now = now
        self.is_open = is_open
        self.choose = choose

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="decision") as box:
            box.border_title = t("decision.dialog_title")
            yield Static(Content(printable(self.decision.prompt).strip()), classes="prompt")
            yield Static(self._countdown(), id="countdown", classes="intro")
            for number, option in enumerate(self.decision.options, start=1):
                yield Button(Content(f"{number}  {clean(option['label'], 90)}"),
                             id=f"option-{option['id']}", classes="option")
            yield Input(placeholder=t("decision.rationale"), id="rationale")
            yield Static(id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(t("form.cancel"), id="cancel")

    def _countdown(self) -> Content:
        if self.decision.deadline is None:
            return Content(t("decision.no_timeout"))
        default = next((o["label"] for o in self.decision.options
                        if o["id"] == self.decision.default), None)
        return Content(t("decision.timeout", time=hms(self.decision.deadline - self.now()),
                         default=clean(default or "—", 60)))  # the label is literal text

    def refresh_view(self) -> None:
        """Count down with the clock; once the decision is no longer open, say so."""
        if self.is_open():
            self.query_one("#countdown", Static).update(self._countdown())
            return
        for button in self.query(".option"):
            button.disabled = True
        self.query_one("#countdown", Static).update(
            Content.styled(t("decision.closed"), "bold $warning"))

    def on_key(self, event) -> None:
        if not self.is_open():
            return
        if event.character and event.character.isdigit() and not isinstance(
                self.focused, Input):
            index = int(event.character) - 1
            if 0 <= index < len(self.decision.options):
                event.stop()
                self._choose(self.decision.options[index]["id"])

    @on(Button.Pressed, ".option")
    def _pressed(self, event: Button.Pressed) -> None:
        self._choose((event.button.id or "").removeprefix("option-"))

    def _choose(self, option: str) -> None:
        rationale = self.query_one("#rationale", Input).value.strip() or None
        try:
            self.choose(option, rationale)
        except Refused as refused:
            self.query_one("#form-error", Static).update(
                Content.styled("✘ " + explain(refused), "bold $error"))
            return
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)


class ActionMenu(Localised, Modal[str | None]):
    """Every team action; those already taken are ticked (they may be taken again)."""

    BINDINGS = [bind("menu.cancel", "escape", "cancel")]

    def __init__(self, done: set[str]):
        super().__init__()
        self.done = done

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="action-menu") as box:
            box.border_title = t("action.menu_title")
            yield OptionList(*[
                Option(Content.assemble(("✔ " if a in self.done else "  ", "$clock-done"),
                                        t("action." + a), ("  " + t("tip.action." + a),
                                                           "$text-muted")), id=a)
                for a in FORMS], id="actions")

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(Localised, Modal[bool]):
    BINDINGS = [bind("confirm.yes", "y", "yes"), bind("confirm.no", "escape,n", "no")]

    def __init__(self, question: str, yes: str):
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm"):
            yield Static(self.question, classes="prompt")
            # the safe choice has the focus, so Enter keeps things as they are; say so
            yield Static(t("confirm.keys", yes=self.yes), classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(t("confirm.yes_key", yes=self.yes), id="yes", variant="error")
                yield Button(t("confirm.no_key"), id="no")

    def on_mount(self) -> None:
        self.query_one("#no").focus()

    @on(Button.Pressed, "#yes")
    def action_yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_no(self) -> None:
        self.dismiss(False)
