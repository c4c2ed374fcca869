"""What every criterion needs to rate one session: the scenario, the folded log, the
jurisdiction, the assessment of the facts, and the language to word its findings in (the
scenario's unless the reader asks for another; the team's own text is always checked in the
scenario's language, the one it was written in)."""

from __future__ import annotations

from typing import Any

from ...engine.events import Event
from ...engine.state import State
from ...law.jurisdiction import jurisdiction
from ...law.messages import message
from ...scenario.durations import format_offset
from ...scenario.model import Scenario
from ..findings import Finding, Rating, criterion_source, criterion_title

H = 3600


class Judge:
    """Rates one session: shared lookups and wording for the criteria."""

    def __init__(self, scenario: Scenario, state: State, events: list[Event],
                 language: str | None = None):
        self.scenario = scenario
        self.state = state
        self.events = events
        self.language = language or scenario.language.value
        self.law = jurisdiction(scenario.jurisdiction.value)
        self.end = state.world
        from ..assessment import assess

        self.assessment = assess(scenario.breach, scenario.jurisdiction.value, self.language)

    def say(self, key: str, **values: Any) -> str:
        """The message ``key`` in the scenario's language."""
        return message(key, self.language, **values)

    def when(self, seconds: int | None) -> str:
        return "—" if seconds is None else format_offset(seconds)

    def due(self, expected: str, due: int, *, title: str | None = None,
            since: int | None = None) -> str:
        """``expected`` with when it was due: counted from the inject ``title`` delivered at
        ``since``, or else from the moment the team became aware."""
        if title is not None:
            when = self.say("score.due_after", due=self.when(due), title=title,
                            at=self.when(since))
        else:
            when = self.say("score.due_aware", due=self.when(due),
                            aware=self.when(self.state.aware_since))
        return f"{expected} {when}"

    def finding(self, criterion: str, expected: str, observed: str, rating: Rating,
                evidence: tuple[int, ...] = (), note: str | None = None,
                title: str | None = None) -> Finding:
        return Finding(criterion, title or criterion_title(criterion, self.language), expected,
                       observed, rating, evidence, criterion_source(criterion, self.language), note)


def role(scenario: Scenario, sender: str | None) -> str | None:
    """The role of a sender: its persona's, or the sender itself when it is no persona."""
    if sender is None:
        return None
    persona = scenario.personas.get(sender)
    return persona.role.value if persona else sender
