"""The full text of one inject: who, when, which channel, and the body as written."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ...engine.render import spell_moment
from ...engine.state import Delivery
from ..format import SEVERITY, clean, reflow
from ..i18n import language, t


class InjectView(VerticalScroll):
    DEFAULT_CSS = """
    InjectView { height: 1fr; border: round $secondary 40%; padding: 0 1; }
    InjectView > Static { width: 1fr; }
    """

    def compose(self):
        yield Static(t("inject.none"), id="inject-body")

    def show(self, delivery: Delivery | None, when) -> None:
        body = self.query_one("#inject-body", Static)
        if delivery is None:
            body.update(t("inject.none"))
            self.border_title = ""
            return
        symbol, variable = SEVERITY.get(delivery.severity, SEVERITY["info"])
        self.border_title = Content(clean(delivery.title, 80))  # literal, never markup
        sender = clean(delivery.sender_name or "") or t("inject.unknown_sender")
        body.update(Content.assemble(
            (clean(delivery.title, 200), "bold"), "\n",
            (f"{symbol} {t('severity.' + delivery.severity)}", f"bold ${variable}"), " · ",
            t("channel." + delivery.channel), " · ", t("inject.from", sender=sender), "\n",
            (spell_moment(when, language()), "$text-muted"), "\n\n",
            reflow(delivery.body),
        ))
        self.scroll_home(animate=False)
