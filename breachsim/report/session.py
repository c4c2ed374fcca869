"""What a report is made from: one played session, and what the rules make of it.

Everything here is computed once and shared by the sections: the folded state, the score, the
deadlines at the end and the storm recomputed from the log (architecture rule 2). The report
explains the score; it never recomputes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..engine.events import Event
from ..engine.state import Note, State, fold
from ..law.jurisdiction import Jurisdiction, jurisdiction
from ..rules.deadlines import Deadline, deadlines, missed_notifications
from ..rules.scoring import Score, score
from ..scenario.model import Scenario
from ..storm import Storm
from .events import EventText
from .words import Words


@dataclass(frozen=True)
class Played:
    """A session as it was recorded: its scenario (frozen with it), header facts and log."""

    scenario: Scenario
    session: str
    team: str
    seed: int
    created: str  # wall time of the start, UTC, ISO 8601
    events: list[Event]


class Facts:
    """A played session seen through the rules, in the report's language."""

    def __init__(self, played: Played, language: str):
        self.played = played
        self.scenario = played.scenario
        self.language = language
        self.words = Words(language)
        self.state: State = fold(played.events)
        self.law: Jurisdiction = jurisdiction(self.scenario.jurisdiction.value)
        self.score: Score = score(self.scenario, played.events, language)
        self.assessment = self.score.assessment
        self.end = self.state.world
        self.deadlines: list[Deadline] = deadlines(self.scenario, self.state, self.end)
        self.deadline = {d.id: d for d in self.deadlines}
        self.describe = EventText(self.scenario, self.words, played.events)
        self.by_seq = {e.seq: e for e in played.events}

    @property
    def authority(self) -> str:
        return self.law.authority.short.get(self.language)

    @cached_property
    def notes_by_seq(self) -> dict[int, Note]:
        return {note.seq: note for note in self.state.notes}

    @cached_property
    def storm(self) -> Storm:
        """The storm the team faced, computed to the end of the session."""
        storm = Storm(self.scenario, self.played.seed)
        storm.advance(self.played.events, self.end, missed_notifications(self.deadlines))
        return storm

    @cached_property
    def contacts(self) -> list:
        """The storm's contact-centre contacts with where each stands at the end."""
        return self.storm.contacts(self.end)
