"""The inject feed: everything delivered, newest last, with unread marking and the full body
of the selected inject beside it."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...engine.state import Delivery
from ..format import SEVERITY, clean, offset
from ..i18n import t


def feed_line(delivery: Delivery, unread: bool) -> Content:
    symbol, variable = SEVERITY.get(delivery.severity, SEVERITY["info"])
    sender = clean(delivery.sender_name or "", 24)
    return Content.assemble(
        ("● " if unread else "  ", "bold $unread"),
        (offset(delivery.world), "$text-muted"), " ",
        (f"{symbol} {t('severity.' + delivery.severity)}", f"bold ${variable}"), " ",
        (t("channel." + delivery.channel), "italic"), " ",
        (f"{sender} — " if sender else "", "$text-muted"),
        (clean(delivery.title, 120), "bold" if unread else ""),
    )


class InjectFeed(OptionList):
    """Adds only what is new on each refresh, so a flood of deliveries costs what it adds."""

    DEFAULT_CSS = """
    InjectFeed { height: 1fr; border: round $primary 40%; }
    InjectFeed:focus { border: round $primary; }
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.shown: dict[str, Delivery] = {}
        self.read: set[str] = set()

    def show(self, deliveries: tuple[Delivery, ...], read: frozenset[str]) -> tuple[Delivery, ...]:
        """Add the deliveries not yet listed, marked as the log says the team read them;
        returns them."""
        new = deliveries[len(self.shown):]  # deliveries are only ever added, in order
        if not new:
            return ()
        for delivery in new:
            self.shown[delivery.inject] = delivery
        self.read.update(d.inject for d in new if d.inject in read)
        self.add_options([Option(feed_line(d, d.inject not in self.read), id=d.inject)
                          for d in new])
        self.border_title = t("feed.title", count=len(self.shown),
                              unread=len(self.shown) - len(self.read))
        if self.highlighted is None:
            self.highlighted = 0
        return new

    def mark_read(self, inject_id: str) -> None:
        if inject_id in self.read or inject_id not in self.shown:
            return
        self.read.add(inject_id)
        self.replace_option_prompt(inject_id, feed_line(self.shown[inject_id], False))
        self.border_title = t("feed.title", count=len(self.shown),
                              unread=len(self.shown) - len(self.read))

    def select_inject(self, inject_id: str) -> bool:
        if inject_id not in self.shown:
            return False
        self.highlighted = self.get_option_index(inject_id)
        self.focus()
        return True
