"""What the law asks of the team at any moment of a session, for the app's deadline bar."""

from __future__ import annotations

from ..engine.deadlines import Deadline, deadlines
from ..engine.state import State
from ..scenario.model import Scenario
from .assessment import scenario_assessment


def notify_required(scenario: Scenario) -> bool:
    """Whether the scenario's own breach facts make notifying the authority a duty."""
    return scenario_assessment(scenario).notify_authority


def obligations(scenario: Scenario, state: State, now: int) -> list[Deadline]:
    """Every deadline due, met or missed at in-world second ``now``, with the authority's
    window judged by the risk assessment of the scenario's facts."""
    return deadlines(scenario, state, now, notify_required=notify_required(scenario))
