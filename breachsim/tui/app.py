"""The Textual app: screens in, intents out. Kept thin on purpose — what happens in an
exercise lives in ``breachsim.application.exercise``; this class routes between screens and turns
keys and forms into calls on it, showing what it refuses."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.markup import escape
from textual.screen import ModalScreen, Screen

from ..application.config import Settings, export_folder
from ..engine.refused import Refused
from ..scenario.model import Scenario
from ..store import SessionStore, StoreError
from ..util import utc_now
from . import i18n
from .format import Explained, clean, explain, store_failure, store_message
from .i18n import t
from .keys import Localised, bind, localise
from .theme import THEME_VARIABLES, THEMES

if TYPE_CHECKING:  # imported when a session begins or reopens, after the first frame
    from ..application.exercise import Exercise


class NotRecorded(Explained):
    """The store could not record an intent: say so, whatever the intent would have said."""


#: How often the clock is brought up to date, in wall seconds.
TICK_SECONDS = 0.25
#: How many events a tick records before it lets the screens at the exercise again.
TICK_SLICE = 20
#: How long one wait for other consoles' events lasts, in wall seconds (they show at once).
FOLLOW_SECONDS = 0.5
#: After the store failed to answer the follower, it tries again after this many wall seconds,
#: twice as long after each failure in a row, but never longer than the most.
FOLLOW_RETRY, FOLLOW_RETRY_MOST = 0.5, 4.0
#: The app's actions only the facilitator's console has.
FACILITATOR_ACTIONS = frozenset({"toggle_pause", "speed", "jump", "end_exercise", "adhoc",
                                 "push_storm", "calm_storm", "facilitator"})


class BreachsimApp(Localised, App):
    CSS_PATH = "app.tcss"
    TITLE = "breachsim"
    BINDINGS = [
        bind("app.help", "f1", "help"),
        bind("app.theme", "f9", "toggle_theme", show=False),
        bind("app.quit", "ctrl+q", "quit_app", priority=True),
        # our own palette binding, so that the footer names it in the interface language
        bind("app.palette", "ctrl+p", "command_palette", show=False, priority=True),
    ]

    def __init__(self, store: SessionStore, settings: Settings | None = None, *,
                 scenario: Scenario | None = None, session_id: str | None = None,
                 seed: int = 0, team: str | None = None, speed: float | None = None,
                 folders: list[Path] | None = None, language_fixed: bool = True,
                 monotonic: Callable[[], float] = time.monotonic,
                 wall: Callable[[], str] = utc_now,
                 tick_seconds: float | None = TICK_SECONDS,
                 exercise: Exercise | None = None, ask_role: bool = False):
        super().__init__()
        self.store = store
        self.settings = settings or Settings()
        self.scenario = scenario
        self.session_id = session_id
        self.seed, self.team, self.speed = seed, team, speed
        self.folders = folders
        self.language_fixed = language_fixed
        self.monotonic, self.wall = monotonic, wall
        self.tick_seconds = tick_seconds
        self.exercise: Exercise | None = exercise  # given: a player's console (``join``)
        self.ask_role = ask_role  # a player who joined without a role is asked for one
        self._ticking = False
        self._following = False
        self._summary_shown = False
        self._frozen = False
        self._storm_frozen = False  # frozen again once the storm's people were built
        for theme in THEMES.values():
            self.register_theme(theme)
        self.theme = THEMES[self.settings.theme].name

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """Our semantic colours for any theme, Textual's own ones from the palette too."""
        return dict(THEME_VARIABLES)

    def on_mount(self) -> None:
        if self.settings.keys:
            self.set_keymap(self.settings.keys)
        if self.exercise is not None:
            self._show_exercise()
        elif self.session_id is not None:
            from ..application.exercise import Exercise

            try:
                self.exercise = Exercise.reopen(self.store, self.session_id, wall=self.wall,
                                                monotonic=self.monotonic)
            except StoreError as exc:
                self.exit(store_failure(exc), return_code=1)
                return
            self._show_exercise()
        elif self.scenario is not None:
            from .screens import BriefingScreen

            self.push_screen(BriefingScreen(self.scenario, self.team, self.speed))
        else:
            from .screens import PickerScreen

            self.push_screen(PickerScreen(self.folders))
        if self.tick_seconds:
            self.set_interval(self.tick_seconds, self._tick_in_worker)

    # -- routing ---------------------------------------------------------------------------

    def show_briefing(self, scenario: Scenario) -> None:
        from .screens import BriefingScreen

        if not self.language_fixed:
            i18n.set_language(scenario.language.value)
            localise(self)
        self.push_screen(BriefingScreen(scenario, self.team, self.speed))

    def start_exercise(self, scenario: Scenario, team: str, speed: float) -> None:
        from ..application.exercise import Exercise

        try:
            self.exercise = Exercise.begin(self.store, scenario, seed=self.seed, team=team,
                                           speed=speed, wall=self.wall,
                                           monotonic=self.monotonic)
            self.exercise.start()
        except StoreError as exc:
            self.notify(store_failure(exc), severity="error", timeout=15,
                        markup=False)
            return
        self._show_exercise()

    def _show_exercise(self) -> None:
        from .screens import ConsoleScreen, SummaryScreen

        assert self.exercise is not None
        if self.exercise.ended:
            self._summary_shown = True
            self._replace_all(SummaryScreen(self.exercise, export_folder(self.settings)))
        else:
            self._replace_all(ConsoleScreen(self.exercise))
            if self.ask_role and self.exercise.role is None:
                self._ask_role()
        self.call_after_refresh(self._freeze_heap)
        if self.tick_seconds and not self._following:
            self._following = True
            self.run_worker(self._follow_thread, thread=True, group="follow",
                            exit_on_error=False)

    def _ask_role(self) -> None:
        from .screens import RoleScreen

        def take(role: str | None) -> None:
            self.exercise.role = role
            self._refresh_screen()

        self.push_screen(RoleScreen(self.exercise.scenario), take)

    def _freeze_heap(self) -> None:
        """Leave what the app has built so far (the scenario, the catalogue, the styles, the
        screens) out of the cyclic collector's full passes: it lives until the app closes,
        and walking it made each full pass about 100 ms, however little was new."""
        gc.freeze()
        self._frozen = True

    def on_unmount(self) -> None:
        if self._frozen:
            gc.unfreeze()  # collectable again once the app is gone
            self._frozen = False

    def _replace_all(self, screen: Screen) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    # -- the clock -------------------------------------------------------------------------

    def _tick_in_worker(self) -> None:
        if self._ticking:
            return  # the running tick refreshes the screen when it is done
        if self.exercise is None or not self.exercise.running:
            if self.exercise is not None and not self.exercise.ended:
                self._heartbeat()
            self._refresh_screen()
            return
        self._ticking = True
        self.run_worker(self._tick_thread, thread=True, group="tick", exit_on_error=False)

    def _tick_thread(self) -> None:
        try:
            self.exercise.tick(TICK_SLICE)
            self.exercise.advance_storm()
            if not self._storm_frozen:
                # the storm's people live as long as the session too (``_freeze_heap``):
                # scanning them made full passes of up to 200 ms in a peak storm
                self._storm_frozen = self._frozen = True
                gc.freeze()
        except StoreError as exc:
            self.call_from_thread(self._store_failed, exc)
        finally:
            self.call_from_thread(self._ticked)

    def _heartbeat(self) -> None:
        """While the clock stands still, the facilitator's console still says it is there."""
        try:
            self.exercise.tick()
        except StoreError as exc:
            self._store_failed(exc)

    def _follow_thread(self) -> None:
        """Bring in what other consoles on the session record, as soon as they do. When the
        store fails to answer (a locked file, a dropped connection), say so once and keep
        trying, waiting longer after each failure in a row (``FOLLOW_RETRY``), until it
        answers again."""
        from textual.worker import get_current_worker

        worker = get_current_worker()
        retry = 0.0  # > 0 while the store fails: how long to wait before the next try
        while not worker.is_cancelled and self.exercise is not None:
            try:
                changed = self.exercise.follow(FOLLOW_SECONDS)
            except StoreError as exc:
                if not retry:
                    self.call_from_thread(self._follow_failed, exc)
                retry = min(2 * retry or FOLLOW_RETRY, FOLLOW_RETRY_MOST)
                _sleep_unless_cancelled(worker, retry)
                continue
            if retry:
                retry = 0.0
                self.call_from_thread(self._follow_back)
            elif changed and not worker.is_cancelled:
                self.call_from_thread(self._refresh_screen)

    def _follow_failed(self, exc: StoreError) -> None:
        if self.exercise is not None:
            self.exercise.halt()
        self.notify(t("follow.reconnecting", error=store_message(exc)), severity="error",
                    timeout=30, markup=False)

    def _follow_back(self) -> None:
        """The store answers again: a player's console goes on by itself; the facilitator's
        clock waits to be resumed, as after any store failure."""
        exercise = self.exercise
        if exercise is not None and exercise.keeps_clock and exercise.halted:
            self.notify(t("follow.reconnected_paused"), timeout=15)
        else:
            self.notify(t("follow.reconnected"))
        self._refresh_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A player's console has no facilitator's controls: hidden and inert."""
        player = self.exercise is not None and not self.exercise.keeps_clock
        return not (player and action in FACILITATOR_ACTIONS)

    def _ticked(self) -> None:
        self._ticking = False
        self._refresh_screen()

    def tick_now(self) -> None:
        """Bring the exercise up to its clock at once, without a worker (tests use it)."""
        if self.exercise is not None:
            self.exercise.tick()
            self.exercise.advance_storm()
        self._refresh_screen()

    def _refresh_screen(self) -> None:
        if self.exercise is None:
            return
        if self.exercise.ended and not self._summary_shown:
            self._show_exercise()
            return
        for screen in reversed(self.screen_stack):  # the top screen and those under a modal
            refresh = getattr(screen, "refresh_view", None)
            if refresh is not None:
                refresh()
            if not isinstance(screen, ModalScreen):
                return

    def _store_failed(self, exc: StoreError) -> None:
        if self.exercise is not None:
            self.exercise.halt()
        self.notify(store_failure(exc), severity="error", timeout=30,
                    markup=False)

    # -- intents ---------------------------------------------------------------------------

    def record(self, intent: Callable[[], Any]) -> Any:
        """Run an intent; a store failure is refused like any other, so nothing is shown as
        done that was not recorded."""
        try:
            result = intent()
        except StoreError as exc:
            raise NotRecorded(store_failure(exc)) from None
        self.call_later(self._refresh_screen)
        return result

    def _try(self, intent: Callable[[], Any], done: str | None = None) -> None:
        """Run an intent, saying in the interface language why it was refused."""
        try:
            self.record(intent)
        except Refused as refused:
            self.show_refused(refused)
            return
        if done:
            self.notify(done)

    def show_refused(self, refused: Refused) -> None:
        """Say why an intent was refused, or that the store could not record it."""
        self.notify(explain(refused), markup=False,
                    severity="error" if isinstance(refused, NotRecorded) else "warning")

    def mark_read(self, inject_id: str) -> bool:
        """Record that the team opened an inject; False (and a notice) when the store failed,
        so the feed keeps it unread."""
        try:
            self.exercise.mark_read(inject_id)
        except StoreError as exc:
            self.notify(store_failure(exc), severity="error", markup=False)
            return False
        return True

    def action_toggle_pause(self) -> None:
        if self.exercise is None or self.exercise.ended:
            return
        self._try(self.exercise.toggle_pause)

    def action_speed(self, direction: int) -> None:
        if self.exercise is None:
            return
        exercise = self.exercise
        try:
            speed = self.record(lambda: exercise.step_speed(direction))
        except Refused as refused:
            self.notify(explain(refused), severity="error", markup=False)
            return
        self.notify(t("clock.speed_now", speed=f"{speed:g}"))

    def action_jump(self) -> None:
        """On to the next thing due, but not past a deadline of the team unawares."""
        from .jumping import jump

        if self.exercise is not None:
            jump(self)

    def facilitate(self, kind: str, inject_id: str) -> None:
        exercise = self.exercise
        intent = {"fire": exercise.fire, "skip": exercise.skip}[kind]
        self._try(lambda: intent(inject_id), t(f"facilitator.{kind}_done", inject=inject_id))

    def action_end_exercise(self) -> None:
        from .screens import ConfirmScreen

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._try(self.exercise.end)
                self._refresh_screen()

        self.push_screen(ConfirmScreen(t("facilitator.end_question"), t("facilitator.end_yes")),
                         confirmed)

    def _refused_to_observer(self) -> bool:
        """Whether the console is an observer's, who takes no team moves: if so, say why
        (as ``act`` and ``decide`` would refuse it) and open no form."""
        try:
            self.exercise.check_team_move()
        except Refused as refused:
            self.show_refused(refused)
            return True
        return False

    def open_form(self, action: str, answering: tuple[str, str] | None = None) -> None:
        from .screens.intents import team_action_form

        if self.exercise is None or self.exercise.ended or self._refused_to_observer():
            return
        self.push_screen(team_action_form(self.exercise, action, self.record, answering),
                         lambda sent: sent and self.notify(t("action.recorded",
                                                             action=t("action." + action))))

    def open_action_menu(self) -> None:
        from .screens import ActionMenu

        if self.exercise is None or self._refused_to_observer():
            return
        self.push_screen(ActionMenu(set(self.exercise.view().actions)),
                         lambda action: action and self.open_form(action))

    def open_decision(self, decision_id: str) -> None:
        from .screens import DecisionScreen

        exercise = self.exercise
        if exercise is None or self._refused_to_observer():
            return
        decision = next((d for d in exercise.view().open_decisions
                         if d.decision == decision_id), None)
        if decision is None:
            return
        self.push_screen(DecisionScreen(
            decision, lambda: exercise.now,
            lambda: any(d.decision == decision_id for d in exercise.view().open_decisions),
            lambda option, why: self.record(lambda: exercise.decide(decision_id, option, why))),
            lambda taken: taken and self.notify(t("decision.recorded")))

    def action_note(self) -> None:
        from .screens.intents import note_form

        if self.exercise is not None:
            self.push_screen(note_form(self.exercise, self.record),
                             lambda sent: sent and self.notify(t("note.recorded")))

    def action_adhoc(self) -> None:
        from .screens.intents import adhoc_form

        if self.exercise is not None and not self.exercise.ended:
            self.push_screen(adhoc_form(self.exercise, self.record),
                             lambda sent: sent and self.notify(t("adhoc.recorded")))

    def action_storm(self) -> None:
        from .screens.storm import StormScreen

        if self.exercise is not None and not self.exercise.ended:
            self.push_screen(StormScreen(self.exercise))

    def action_push_storm(self) -> None:
        from .screens.intents import storm_push_form

        if self.exercise is not None and not self.exercise.ended:
            self.push_screen(storm_push_form(self.exercise, self.record),
                             lambda sent: sent and self.notify(t("storm.pushed")))

    def action_calm_storm(self) -> None:
        if self.exercise is not None:
            self._try(self.exercise.calm_storm, t("storm.calmed"))

    def action_facilitator(self) -> None:
        from .screens import FacilitatorScreen

        if self.exercise is not None and not self.exercise.ended:
            self.push_screen(FacilitatorScreen(self.exercise))

    def action_command_palette(self) -> None:
        """Textual's palette, with its search field in the interface language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette",
                                            placeholder=t("palette.placeholder")))

    def action_help(self) -> None:
        from .screens import HelpScreen

        self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        dark = self.theme == THEMES["dark"].name
        self.theme = THEMES["light" if dark else "dark"].name

    def action_quit(self) -> None:  # the palette's Quit, too, pauses and says how to resume
        self.action_quit_app()

    def action_quit_app(self) -> None:
        exercise = self.exercise
        if exercise is not None and not exercise.keeps_clock:
            self.exit(t("app.left_hint", session=exercise.session.id))  # the clock runs on
        elif exercise is not None and not exercise.ended:
            try:
                if exercise.running:
                    exercise.pause()
                exercise.checkpoint()
                exercise.let_go()
            except StoreError:
                pass  # every confirmed event is already on disk
            self.exit(t("app.paused_hint", session=exercise.session.id))
        else:
            self.exit()

    # -- the command palette ---------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # only our own commands: they speak the interface language (Textual's are English)
        seen = set()
        for node in (screen, self):
            for bindings in node._bindings.key_to_bindings.values():
                for binding in bindings:
                    action = binding.action.removeprefix("app.")
                    owner = self if action != binding.action else node
                    if not owner.check_action(action.split("(")[0], ()):
                        continue  # a facilitator's command in a player's console, a team
                        # move in an observer's
                    if binding.id and binding.id not in seen:
                        seen.add(binding.id)
                        yield SystemCommand(t(f"bind.{binding.id}"), t(f"tip.{binding.id}"),
                                            _runner(node, binding.action))
        console = self._console()
        if console is not None and screen is console and not self.exercise.observing:
            from ..engine.actions import FORMS

            for action in FORMS:  # every team action, not only the four on the bar
                yield SystemCommand(t("action." + action), t("tip.action." + action),
                                    partial(self.open_form, action))
        if console is not None:
            for delivery in reversed(self.exercise.view().deliveries):
                # the palette reads titles as markup: escape the scenario's text
                yield SystemCommand(t("palette.jump", title=escape(clean(delivery.title, 80))),
                                    t("palette.jump_help"),
                                    _jumper(self, console, delivery.inject), discover=False)

    def _console(self):
        from .screens import ConsoleScreen

        return next((s for s in self.screen_stack if isinstance(s, ConsoleScreen)), None)


def _sleep_unless_cancelled(worker, seconds: float) -> None:
    """Wait ``seconds`` in a thread worker, but no longer once it is cancelled (the app
    closes)."""
    until = time.monotonic() + seconds
    while not worker.is_cancelled and (left := until - time.monotonic()) > 0:
        time.sleep(min(left, 0.1))


def _runner(node, action: str) -> Callable[[], Any]:
    """Run a binding's action in the namespace it was bound in (a screen's or the app's)."""
    async def run() -> None:
        await node.run_action(action)
    return run


def _jumper(app: BreachsimApp, console, inject_id: str) -> Callable[[], None]:
    def jump() -> None:
        while app.screen is not console and len(app.screen_stack) > 2:
            app.pop_screen()
        console.select_inject(inject_id)
    return jump
