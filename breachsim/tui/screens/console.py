"""The exercise console: clock, deadlines, the inject feed, open decisions and the actions."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.geometry import Region
from textual.screen import Screen
from textual.widgets import Button, OptionList, Static

from ...application.exercise import Exercise, View
from ...engine.render import moment
from ...law.jurisdiction import jurisdiction
from ..format import clean, severity_label
from ..i18n import t
from ..keys import Localised, bind, key_label
from ..widgets.clock_bar import ClockBar
from ..widgets.deadline_bar import DeadlineBar
from ..widgets.decisions import DecisionList
from ..widgets.feed import InjectFeed
from ..widgets.inject_view import InjectView
from ..widgets.keybar import KeyBar, place_toasts
from .storm import summary as storm_summary

#: The actions with a button of their own on the action bar (labelled with their key's short
#: name, so the bar fits 80 columns); the rest are under "more".
MAIN_ACTIONS = {"declare_awareness": "console.aware",
                "notify_authority": "console.notify_authority",
                "notify_subjects": "console.notify_subjects",
                "public_statement": "console.statement"}
#: The console's own actions that are the team's moves: an observer's console has none.
TEAM_MOVES = frozenset({"act", "actions", "decide"})


class ConsoleScreen(Localised, Screen):
    BINDINGS = [
        bind("console.pause", "space", "app.toggle_pause", key_display="space"),
        bind("console.aware", "1", "act('declare_awareness')", show=False),
        bind("console.notify_authority", "2", "act('notify_authority')", show=False),
        bind("console.notify_subjects", "3", "act('notify_subjects')", show=False),
        bind("console.statement", "4", "act('public_statement')", show=False),
        bind("console.actions", "a", "actions"),
        bind("console.decide", "d", "decide"),
        bind("console.note", "n", "app.note", show=False),
        bind("console.storm", "s", "app.storm"),
        bind("console.facilitator", "f2", "app.facilitator"),
    ]

    def __init__(self, exercise: Exercise):
        super().__init__()
        self.exercise = exercise

    def compose(self) -> ComposeResult:
        yield ClockBar(id="clock")
        yield DeadlineBar(id="deadlines")
        with Horizontal(id="console-main"):
            yield InjectFeed(id="feed")
            with Vertical(id="console-side"):
                yield DecisionList(id="decisions")  # on top, where notices never reach
                yield InjectView(id="inject")
        yield Static(id="storm-line")
        with Horizontal(id="action-bar"):
            for number, (action, key) in enumerate(MAIN_ACTIONS.items(), start=1):
                button = Button(f"  {number} {t('bind.' + key)}", id=f"do-{action}",
                                compact=True)
                button.tooltip = t("tip.action." + action)
                yield button
            more = Button(f"a {t('action.more')}", id="do-more", compact=True)
            more.tooltip = t("tip.console.actions")
            yield more
            yield Static(id="observer-hint")  # in place of the buttons, for an observer
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_view()
        self.query_one(InjectFeed).focus()

    def on_screen_resume(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        self.show(self.exercise.view())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """An observer's console has no team moves: their keys are hidden and inert."""
        return not (action in TEAM_MOVES and self.exercise.observing)

    def show(self, view: View) -> None:
        exercise = self.exercise
        self._observing(exercise.observing)  # a player who joined may take the role later
        self.query_one(ClockBar).show(view, exercise.elapsed_wall(), exercise.scenario.title)
        law = jurisdiction(exercise.scenario.jurisdiction.value)
        self.query_one(DeadlineBar).show(view, law.authority.short.get(exercise.language),
                                         law.notify_hours)
        feed = self.query_one(InjectFeed)
        first = not feed.shown
        new = feed.show(view.deliveries, view.read)
        if first and feed.highlighted_option is not None:
            self._show_inject(feed.highlighted_option.id)
        elif new:
            self._announce(new)
        decisions = self.query_one(DecisionList)
        decisions.show(view.open_decisions, view.now)
        self.call_after_refresh(place_toasts, self)  # the decisions may have come or gone
        self.query_one("#storm-line", Static).update(Content(storm_summary(exercise.storm)))
        for number, (action, key) in enumerate(MAIN_ACTIONS.items(), start=1):
            button = self.query_one(f"#do-{action}", Button)
            button.variant = "success" if action in view.actions else "default"
            done = "✔ " if action in view.actions else "  "  # the same width either way
            button.label = f"{done}{number} {t('bind.' + key)}"

    def _observing(self, observing: bool) -> None:
        """An observer's console offers none of the team's actions and decisions: the action
        bar says how to write an observation instead, and the open decisions are only shown."""
        bar = self.query_one("#action-bar")
        if bar.has_class("-observer") == observing:
            return
        bar.set_class(observing, "-observer")
        if observing:
            self.query_one("#observer-hint", Static).update(
                t("console.observer_hint", press=self._key_of("console.note")))
        self.query_one(DecisionList).disabled = observing
        self.refresh_bindings()

    def _key_of(self, binding_id: str) -> str:
        """The key of one of the screen's bindings as the key bar shows it (keys may be
        remapped in the settings)."""
        for active in self.active_bindings.values():
            if active.binding.id == binding_id:
                return key_label(self.app.get_key_display(active.binding))
        return binding_id

    def toast_area(self) -> Region:
        """Notices go over the inject's text, below the open decisions and above the bars,
        never over the feed, the decisions, the actions or the keys."""
        decisions = self.query_one(DecisionList)
        inject = self.query_one(InjectView).region
        top = inject.y if decisions.has_class("-empty") else decisions.region.bottom
        return Region(inject.x, top, inject.width, self.query_one("#storm-line").region.y - top)

    def _announce(self, new) -> None:
        """A toast for each new high or critical inject (a flood gets one line)."""
        urgent = [d for d in new if d.severity in ("high", "critical")]
        if len(urgent) > 3:
            self.notify(t("feed.new_many", count=len(urgent)), severity="warning")
            return
        for delivery in urgent:
            self.notify(f"{severity_label(delivery.severity)}: {clean(delivery.title, 80)}",
                        severity="warning" if delivery.severity == "high" else "error",
                        markup=False)

    def _show_inject(self, inject_id: str | None) -> None:
        feed = self.query_one(InjectFeed)
        delivery = feed.shown.get(inject_id) if inject_id else None
        when = moment(self.exercise.scenario, delivery.world) if delivery else None
        self.query_one(InjectView).show(delivery, when)
        if (delivery is not None and delivery.inject not in feed.read
                and self.app.mark_read(delivery.inject)):
            feed.mark_read(delivery.inject)

    @on(OptionList.OptionHighlighted, "#feed")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_inject(event.option.id)

    @on(OptionList.OptionSelected, "#decisions")
    def _decision_selected(self, event: OptionList.OptionSelected) -> None:
        self.app.open_decision(event.option.id)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        name = event.button.id or ""
        if name == "do-more":
            self.action_actions()
        elif name.startswith("do-"):
            self.app.open_form(name.removeprefix("do-"))

    def action_act(self, action: str) -> None:
        self.app.open_form(action)

    def action_actions(self) -> None:
        self.app.open_action_menu()

    def action_decide(self) -> None:
        decisions = self.query_one(DecisionList)
        option = decisions.highlighted_option or (
            decisions.get_option_at_index(0) if decisions.option_count else None)
        if option is None:
            self.notify(t("decision.none_open"), severity="warning")
            return
        self.app.open_decision(option.id)

    def select_inject(self, inject_id: str) -> bool:
        return self.query_one(InjectFeed).select_inject(inject_id)
