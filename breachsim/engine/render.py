"""Inject bodies rendered at delivery, with the fixed names of the template language."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from ..law.jurisdiction import jurisdiction
from ..scenario import templates
from ..scenario.model import Inject, Scenario
from ..scenario.template_eval import TemplateError
from .cast import Cast, FakeNamespace

if TYPE_CHECKING:  # the app's briefing spells a moment before any session has a state
    from .state import State

_DAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "nl": ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"],
}
_MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"],
}


def moment(scenario: Scenario, world: int) -> datetime:
    """The in-world date-time ``world`` seconds after the start."""
    return scenario.clock.start + timedelta(seconds=world)


def spell_moment(when: datetime, language: str) -> str:
    """``Tuesday 3 March 2026, 14:05`` / ``dinsdag 3 maart 2026, 14:05``."""
    day = _DAYS[language][when.weekday()]
    month = _MONTHS[language][when.month - 1]
    return f"{day} {when.day} {month} {when.year}, {when:%H:%M}"


def base_context(scenario: Scenario, cast: Cast) -> dict[str, Any]:
    """The names that stay the same for a whole session, computed once."""
    language = scenario.language.value
    return {
        "organisation": cast.organisation,
        "breach": scenario.breach.model_dump(mode="json"),
        "scenario": {"id": scenario.id, "title": scenario.title, "language": language,
                     "jurisdiction": scenario.jurisdiction.value},
        "authority": jurisdiction(scenario.jurisdiction.value).authority.name.get(language),
    }


def render_body(scenario: Scenario, inject: Inject, cast: Cast, base: dict[str, Any],
                world: int, state: State) -> str:
    if not templates.is_template(inject.body):
        return inject.body
    sender = cast.person(inject.from_, inject.id)
    recipient = cast.person(inject.to, inject.id)
    context = {
        **base,
        "vars": dict(state.variables),
        "persona": sender.as_dict() if sender else {},
        "recipient": recipient.as_dict() if recipient else {},
        "now": spell_moment(moment(scenario, world), scenario.language.value),
        "team": state.team,
        "seen": state.delivered.keys(),  # a live view: `'x' in seen` without copying
        "done": frozenset(state.done),
        "fake": FakeNamespace(cast.locale, cast.seed, inject.id),
        "params": dict(inject.param_values),
    }
    try:
        return templates.render(inject.body, context)
    except TemplateError:
        # the validator checked the names; values that do not fit show the text as written
        # rather than stopping the exercise
        return inject.body
