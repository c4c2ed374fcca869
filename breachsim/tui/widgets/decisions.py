"""The open decision points, each with its own countdown."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...engine.state import OpenDecision
from ..format import DEADLINE, clean, closing, hms
from ..i18n import t


def decision_line(decision: OpenDecision, now: int) -> Content:
    prompt = clean(decision.prompt, 90)
    if decision.deadline is None:
        clock = (t("decision.no_timeout"), "$text-muted")
    else:
        left = decision.deadline - now
        state = "warning" if closing(left, decision.deadline - decision.opened) else "open"
        symbol, variable = DEADLINE[state]
        clock = (t("decision.left", symbol=symbol, time=hms(left)), f"bold ${variable}")
    return Content.assemble(("◆ ", "bold $accent"), clock, " ", prompt)


class DecisionList(OptionList):
    DEFAULT_CSS = """
    DecisionList { height: auto; max-height: 7; border: round $accent 50%; }
    DecisionList:focus { border: round $accent; }
    DecisionList.-empty { display: none; }
    """

    def show(self, decisions: tuple[OpenDecision, ...], now: int) -> None:
        self.set_class(not decisions, "-empty")
        self.border_title = t("decision.title", count=len(decisions))
        ids = [d.decision for d in decisions]
        if ids == [self.get_option_at_index(i).id for i in range(self.option_count)]:
            for decision in decisions:  # the same decisions: only their countdowns move
                self.replace_option_prompt(decision.decision, decision_line(decision, now))
            return
        highlighted = self.highlighted_option.id if self.highlighted_option else None
        self.clear_options()
        self.add_options([Option(decision_line(d, now), id=d.decision) for d in decisions])
        if highlighted is not None and any(d.decision == highlighted for d in decisions):
            self.highlighted = self.get_option_index(highlighted)
