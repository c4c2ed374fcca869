"""From the command line to a running app: settings, language, store, then the app."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..application.config import Loaded
from ..scenario.model import Scenario
from ..store import SessionStore
from . import i18n

if TYPE_CHECKING:
    from ..application.exercise import Exercise


def choose_language(asked: str | None, loaded: Loaded, scenario_language: str | None
                    ) -> tuple[str, bool]:
    """The interface language and whether it is fixed: ``--lang``, then the config, then the
    scenario's, then the environment's (until a scenario is picked)."""
    if asked:
        return asked, True
    if loaded.settings.language:
        return loaded.settings.language, True
    if scenario_language is not None:
        return scenario_language, False
    return i18n.system_language(), False


def launch(store: SessionStore, loaded: Loaded, *, scenario: Scenario | None = None,
           session_id: str | None = None, language: str | None = None, seed: int = 0,
           team: str | None = None, speed: float | None = None,
           folders: list[Path] | None = None, session_language: str | None = None,
           exercise: Exercise | None = None, ask_role: bool = False
           ) -> tuple[str | None, int]:
    """Run the app until it is closed; returns what it has to say on leaving, and the exit
    code (1 when it could not go on, e.g. the store failed on reopening a session)."""
    from .app import BreachsimApp

    chosen, fixed = choose_language(
        language, loaded, scenario.language.value if scenario else session_language)
    i18n.set_language(chosen)
    app = BreachsimApp(store, loaded.settings, scenario=scenario, session_id=session_id,
                       seed=seed, team=team, speed=speed, folders=folders,
                       language_fixed=fixed, exercise=exercise, ask_role=ask_role)
    result = app.run()
    return (result if isinstance(result, str) else None), app.return_code or 0
