"""The keys of the screen in view, wrapped onto as many lines as the width needs.

Textual's footer is one line that cuts off what does not fit: at 80 columns, or in Dutch,
the facilitator's last keys (End among them) were gone. This bar shows every key the footer
would, in the same order, and goes on on the next line instead. A key is clickable, as in the
footer. Notices (toasts) are kept above it (``place_toasts``)."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.css.query import NoMatches
from textual.geometry import Region, Size
from textual.widget import Widget

from ..keys import description, key_label

#: Between two keys on a line.
GAP = "  "


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom; height: auto; padding: 0 1;
        color: $footer-foreground; background: $footer-background;
        link-style: none; link-color: $footer-foreground; link-background: $footer-background;
        link-style-hover: reverse;
    }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh(layout=True)

    def on_resize(self) -> None:
        self.call_after_refresh(place_toasts, self.screen)

    def bindings(self) -> list[tuple[Binding, bool]]:
        """The keys shown: one per action, as the footer picks them, the palette's last."""
        shown: dict[str, tuple[Binding, bool]] = {}
        palette = None
        for key, (_, binding, enabled, _) in self.screen.active_bindings.items():
            if key == self.app.COMMAND_PALETTE_BINDING and self.app.ENABLE_COMMAND_PALETTE:
                palette = (binding, enabled)
            elif binding.show:
                shown.setdefault(binding.action, (binding, enabled))
        return [*shown.values(), *([palette] if palette else [])]

    def items(self) -> list[Content]:
        items = []
        for binding, enabled in self.bindings():
            key = key_label(self.app.get_key_display(binding))
            item = Content.assemble(
                (key, "bold $footer-key-foreground"), " ",
                (description(binding), "$footer-description-foreground"))
            # a click presses the key, as a click on Textual's footer does
            style = f"@click=app.simulate_key({binding.key.split(',')[0]!r})"
            items.append(item.stylize(style) if enabled else item.stylize("dim"))
        return items

    def lines(self, width: int) -> list[Content]:
        lines: list[Content] = []
        line: list[Content] = []
        used = 0
        for item in self.items():
            extra = item.cell_length + (len(GAP) if line else 0)
            if line and used + extra > width:
                lines.append(Content(GAP).join(line))
                line, used = [], 0
                extra = item.cell_length
            line.append(item)
            used += extra
        if line:
            lines.append(Content(GAP).join(line))
        return lines or [Content("")]

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.content_region.width or self.size.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))


def place_toasts(screen) -> None:
    """Keep the screen's notices clear of what must stay in view: within the region the
    screen names (``toast_area``), or above the key bar."""
    try:
        rack = screen.query_one("#textual-toastrack")
        bar = screen.query_one(KeyBar)
    except NoMatches:  # a screen that is closing, or notices switched off
        return
    area = getattr(screen, "toast_area", None)
    region = area() if area else Region(0, 0, screen.size.width, bar.region.y)
    margin = (0, 0, max(0, screen.size.height - region.bottom), region.x)
    if tuple(rack.styles.margin) != margin:
        rack.styles.margin = margin
    if rack.styles.width is None or rack.styles.width.value != region.width:
        rack.styles.width = region.width  # a docked widget's margin does not narrow it
    limit = max(3, region.height)
    if rack.styles.max_height is None or rack.styles.max_height.value != limit:
        rack.styles.max_height = limit
