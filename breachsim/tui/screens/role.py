"""Who a player is in the team, asked when they join without ``--role`` (a browser's page
through ``breachsim serve`` among them): the log and the report name whose moves are whose."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...scenario.model import Scenario
from ...scenario.vocab import OBSERVER, TEAM_ROLES
from ..format import clean
from ..i18n import t
from ..keys import Localised, bind
from .modal import Modal

TEAM = ""  # the option for no role of one's own: the team's moves, as from one keyboard


def choices(scenario: Scenario) -> list[tuple[str, str]]:
    """(role, label) for each role a player may take, the team as a whole first: the
    scenario's own roles, which its briefing shows, or the team's usual ones when it has none
    (``--role`` takes both)."""
    own = [(role.title, clean(role.title, 60)) for role in scenario.roles]
    usual = [(role, t(f"aar.role.{role}")) for role in TEAM_ROLES]
    return [(TEAM, t("role.team")), *(own or usual), (OBSERVER, t("role.observer"))]


class RoleScreen(Localised, Modal[str | None]):
    """The roles as a list; Enter takes one, Esc joins as the team."""

    BINDINGS = [bind("role.team", "escape", "as_team")]

    def __init__(self, scenario: Scenario):
        super().__init__()
        self.scenario = scenario

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="role-choice"):
            yield Static(t("role.question"), classes="prompt")
            yield OptionList(*(Option(label, id=f"role-{index}")
                               for index, (_, label) in enumerate(choices(self.scenario))))
            yield Static(t("role.hint"), classes="hint")

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        role = choices(self.scenario)[event.option_index][0]
        self.dismiss(role or None)

    def action_as_team(self) -> None:
        self.dismiss(None)
