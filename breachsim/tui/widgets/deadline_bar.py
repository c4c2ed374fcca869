"""The deadline bar: the authority's clock from awareness, then the nearest other deadlines."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from ...application.exercise import View
from ...rules.deadlines import distinct
from ..format import DEADLINE, deadline_state, deadline_text
from ..i18n import t

#: How many deadlines besides the authority's fit on the bar.
OTHERS = 3


class DeadlineBar(Static):
    DEFAULT_CSS = """
    DeadlineBar { height: auto; max-height: 3; padding: 0 1; background: $surface; }
    """

    def show(self, view: View, authority_name: str, window_hours: int) -> None:
        authority = next((d for d in view.deadlines if d.kind == "authority"), None)
        now = view.now
        if authority is None:
            symbol, variable = DEADLINE["not_started"]
            first = (t("deadline.not_started", symbol=symbol, authority=authority_name,
                       hours=window_hours), f"${variable}")
        else:
            state = deadline_state(authority, now)
            style = f"bold ${DEADLINE[state][1]}" + (" reverse" if state == "overdue" else "")
            first = (deadline_text(authority, now, {}), style)
        titles = {d.inject: d.title for d in view.deliveries}
        others = [d for d in distinct(view.deadlines) if d.kind != "authority"]
        running = [d for d in others if d.status.value in ("open", "overdue")]
        shown = sorted(running, key=lambda d: (d.status.value != "overdue", d.due))[:OTHERS]
        parts: list = [first]
        for deadline in shown:
            state = deadline_state(deadline, now)
            parts += ["   ", (deadline_text(deadline, now, titles), f"${DEADLINE[state][1]}")]
        hidden = len(running) - len(shown)
        if hidden > 0:
            parts += ["   ", (t("deadline.more", count=hidden), "$text-muted")]
        self.update(Content.assemble(*parts))
