"""The briefing: the organisation, the starting situation, the objectives, the roles and the
rules of play; the team names itself, picks the speed, and starts when ready."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Select, Static

from ...engine.clock import SPEEDS
from ...engine.render import spell_moment
from ...law.jurisdiction import jurisdiction
from ...law.messages import number, span
from ...scenario.model import Scenario
from ...util import plain_line
from ..format import clean, reflow
from ..i18n import language, t
from ..keys import Localised, bind
from ..widgets.keybar import KeyBar


class BriefingScreen(Localised, Screen):
    BINDINGS = [bind("briefing.start", "ctrl+s", "start"),
                bind("briefing.back", "escape", "back")]

    def __init__(self, scenario: Scenario, team: str | None = None,
                 speed: float | None = None):
        super().__init__()
        self.scenario = scenario
        self.team = team
        self.speed = speed or scenario.clock.speed

    def compose(self) -> ComposeResult:
        scenario = self.scenario
        org = scenario.organisation
        law = jurisdiction(scenario.jurisdiction.value)
        lang = language()
        with VerticalScroll(id="briefing") as box:
            box.border_title = t("briefing.title")
            yield Static(Content.styled(clean(scenario.title, 200), "bold"), classes="heading")
            about = [clean(org.name or "", 100), clean(org.sector or "", 60)]
            if org.employees:
                about.append(t("briefing.employees", count=number(org.employees, language())))
            yield Static(Content.assemble(
                (t("briefing.organisation") + " ", "bold"), " · ".join(a for a in about if a),
                "\n", (t("briefing.starts") + " ", "bold"),
                spell_moment(scenario.clock.start, lang), "\n",
                (t("briefing.authority") + " ", "bold"),
                law.authority.name.get(scenario.language.value)))
            yield Static(Content.styled(t("briefing.situation"), "bold underline"))
            yield Static(Content(reflow(scenario.briefing or scenario.summary)),
                         classes="block")
            for heading, items in (("briefing.objectives", scenario.objectives),
                                   ("briefing.roles", scenario.roles)):
                if items:
                    yield Static(Content.styled(t(heading), "bold underline"))
                    yield Static(_bullets(items), classes="block")
            yield Static(Content.styled(t("briefing.rules"), "bold underline"))
            yield Static(t("briefing.rules_text", hours=law.notify_hours,
                           duration=span(scenario.clock.duration.total_seconds(), lang)),
                         classes="block")
            with Horizontal(classes="field-row"):
                yield Label(t("briefing.team"), classes="field-label")
                yield Input(self.team or "", placeholder=t("briefing.team_placeholder"),
                            id="team", max_length=80)
            with Horizontal(classes="field-row"):
                yield Label(t("briefing.speed"), classes="field-label")
                speeds = sorted({*SPEEDS, self.speed})
                yield Select([(t("briefing.speed_option", speed=f"{s:g}",
                                 hours=_real_time(s, scenario)), s) for s in speeds],
                             value=self.speed, allow_blank=False, id="speed")
            yield Button(t("briefing.start_button"), id="start", variant="success")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#team", Input).focus(scroll_visible=False)

    def action_back(self) -> None:
        """Back to the picker, when the briefing came from it."""
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()

    @on(Input.Submitted, "#team")
    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        typed = self.query_one("#team", Input).value
        if not plain_line(typed):  # a pasted escape sequence would be shown wherever the team is
            self.notify(t("briefing.team_unprintable"), severity="error")
            return
        team = " ".join(typed.split()) or t("briefing.default_team")
        speed = self.query_one("#speed", Select).value
        self.app.start_exercise(self.scenario, team, float(speed))


def _bullets(items) -> Content:
    """Objectives or roles: the title in bold, then what it means."""
    return Content("\n").join(
        Content.assemble("• ", (clean(item.title, 200), "bold"),
                         (" — " + clean(item.description, 400)) if item.description else "")
        for item in items)


def _real_time(speed: float, scenario: Scenario) -> str:
    """How long the planned duration takes in real time at ``speed``: ``2 h 00 min``."""
    minutes = round(scenario.clock.duration.total_seconds() / speed / 60)
    return t("briefing.real_time", hours=minutes // 60, minutes=f"{minutes % 60:02d}")
