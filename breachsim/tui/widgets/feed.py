"""The inject feed: everything delivered, newest last, with unread marking and the full body
of the selected inject beside it."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.css.styles import RulesMap
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...engine.state import Delivery
from ..format import SEVERITY, clean, offset
from ..i18n import t


def feed_parts(delivery: Delivery, unread: bool) -> tuple[tuple[str, str], ...]:
    """The line of one inject as (text, style) pieces."""
    symbol, variable = SEVERITY.get(delivery.severity, SEVERITY["info"])
    sender = clean(delivery.sender_name or "", 24)
    return (
        ("● " if unread else "  ", "bold $unread"),
        (offset(delivery.world), "$text-muted"), (" ", ""),
        (f"{symbol} {t('severity.' + delivery.severity)}", f"bold ${variable}"), (" ", ""),
        (t("channel." + delivery.channel), "italic"), (" ", ""),
        (f"{sender} — " if sender else "", "$text-muted"),
        (clean(delivery.title, 120), "bold" if unread else ""),
    )


class FeedLine(Visual):
    """One inject's line, made into styled text only when it is drawn: a flood of deliveries
    costs the feed the lines it shows, not every line it lists. (A line too long for the
    feed is still wrapped once, as plain text, to know how high it is.)"""

    def __init__(self, delivery: Delivery, unread: bool):
        self.parts = feed_parts(delivery, unread)
        self.plain = "".join(text for text, _ in self.parts)
        self.cells = cell_len(self.plain)
        self._content: Content | None = None
        self._measure: Content | None = None

    def __str__(self) -> str:
        return self.plain

    @property
    def content(self) -> Content:
        if self._content is None:
            self._content = Content.assemble(*self.parts)
        return self._content

    def render_strips(self, width: int, height: int | None, style: Style,
                      options: RenderOptions):
        return self.content.render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.content.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        if self.cells <= width - rules.get("line_pad", 0) * 2:
            return 1  # one line of text that fits is one line, wrapped or not
        if self._measure is None:  # the styles do not change where the text wraps
            self._measure = Content(self.plain)
        return self._measure.get_height(rules, width)


class InjectFeed(OptionList):
    """Adds only what is new on each refresh, and styles only the lines it draws, so a flood
    of deliveries costs what it adds."""

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
        self.add_options([Option(FeedLine(d, d.inject not in self.read), id=d.inject)
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
        self.replace_option_prompt(inject_id, FeedLine(self.shown[inject_id], False))
        self.border_title = t("feed.title", count=len(self.shown),
                              unread=len(self.shown) - len(self.read))

    def select_inject(self, inject_id: str) -> bool:
        if inject_id not in self.shown:
            return False
        self.highlighted = self.get_option_index(inject_id)
        self.focus()
        return True
