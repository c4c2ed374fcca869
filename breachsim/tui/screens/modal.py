"""The base of the app's modal screens: a dialog over a dimmed picture of the screen beneath.

Textual draws that picture by rendering the whole screen beneath through Rich and tinting it
segment by segment, on every repaint of the modal and on every change beneath it: under a
flood of injects the console changes with every tick, and each change redrew the console
and its feed under the dialog. Here the picture is taken once, from the lines the screen
beneath has already composed, when the modal is first drawn or shown again, and retaken
only when the terminal's size or the theme changes. The dialog is what the team looks at;
the console behind it is live again as soon as the dialog closes."""

from __future__ import annotations

from typing import TypeVar

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.screen import ModalScreen, Screen
from textual.strip import Strip

ResultType = TypeVar("ResultType")


class Modal(ModalScreen[ResultType]):
    """A modal screen whose dimmed backdrop is drawn once, not on every change beneath."""

    _backdrop: list[Strip] | None = None  # the dimmed lines, or None until drawn
    _backdrop_key: tuple | None = None  # the size and colours it was drawn for

    def on_screen_resume(self) -> None:
        self._backdrop = None  # what is beneath may have changed while it was covered

    def _beneath(self) -> Screen | None:
        """The screen drawn under this one, if this class can draw it (Textual's own
        drawing is used for the rest)."""
        if self.styles.background.a >= 1:
            return None  # an opaque modal shows nothing beneath it
        stack = self.app.screen_stack
        index = stack.index(self) if self in stack else 0
        if index == 0:
            return None
        beneath = stack[index - 1]
        if beneath._compositor.size != self.size:
            return None  # not yet laid out for a new terminal size: not worth keeping
        # a translucent screen of another kind draws its own backdrop from Textual's record
        # of the screens in view, which only Textual's drawing keeps up to date
        if beneath.styles.background.a < 1 and not isinstance(beneath, Modal):
            return None
        return beneath

    def render_line(self, y: int) -> Strip:
        beneath = self._beneath()
        if beneath is None:
            return super().render_line(y)
        key = (self.size, self.styles.background, self.visual_style)
        if self._backdrop is None or key != self._backdrop_key:
            tints: dict[Style | None, Style] = {}
            self._backdrop = [self._dim(line, tints)
                              for line in beneath._compositor.render_strips(self.size)]
            self._backdrop_key = key
        if y < len(self._backdrop):
            return self._backdrop[y]
        return Strip.blank(self.size.width, self.visual_style.rich_style)

    def _dim(self, line: Strip, tints: dict[Style | None, Style]) -> Strip:
        segments = []
        for text, style, control in line:
            if control:
                continue
            tinted = tints.get(style)
            if tinted is None:
                tinted = tints[style] = self._tint(style)
            segments.append(Segment(text, tinted))
        return Strip(segments, line.cell_length)

    def _tint(self, style: Style | None) -> Style:
        """What Textual's backdrop makes of a style: the screen's translucent background
        blended into its colours, without links or actions (the picture is not clickable),
        over the screen's own style."""
        color = self.styles.background
        style = Style() if style is None else style.clear_meta_and_links()
        from_rich = Color.from_rich_color
        tinted = style + Style.from_color(
            (from_rich(style.color) + color).rich_color if style.color is not None else None,
            (from_rich(style.bgcolor) + color).rich_color if style.bgcolor is not None
            else None)
        return self.visual_style.rich_style + tinted
