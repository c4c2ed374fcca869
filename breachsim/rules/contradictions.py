"""Where a scenario's objectives and expectations disagree with its own breach facts.

The facts are assessed as ``breachsim assess`` would; the scenario should then expect what the
assessment requires, and nothing it rules out. An expectation in an inject that can only
arrive after the team took that very action (``when: done(notify_authority)``, or after such
an inject) is a follow-up — answering the authority's questions — and is not counted.
"""

from __future__ import annotations

from ..scenario.conditions import BoolOp, Call, Expr
from ..scenario.model import Scenario
from ..scenario.vocab import Action, ControllerRole
from .assessment import Assessment, scenario_assessment

AUTHORITY = (Action.notify_authority,)
SUBJECTS = (Action.notify_subjects, Action.public_communication)


def objective_contradictions(scenario: Scenario) -> list[str]:
    """Plain sentences, one per contradiction; empty when the scenario agrees with its facts."""
    assessment = scenario_assessment(scenario)
    expected = _expected(scenario)
    criteria = _criteria(scenario)
    processor = scenario.breach.controller_role is ControllerRole.processor
    problems: list[str] = []
    if not assessment.notify_authority:
        why = ("the breach facts make the team the processor, which tells the controller "
               "instead (Art. 33(2))" if processor else
               "by the scenario's own breach facts a risk to people is unlikely, so no "
               "notification is required (Art. 33(1))")
        problems += _asked(expected, criteria, AUTHORITY, "regulatory_timeliness",
                           "notify the authority", why)
    if not assessment.notify_subjects:
        problems += _asked(expected, criteria, SUBJECTS, "subject_communication",
                           "tell the people affected", _why_not_subjects(assessment, processor))
    if processor and not _any(expected, (Action.inform_controller,)) and not _judged(
            scenario, criteria, "coordination"):
        problems.append("the breach facts make the team the processor, but nothing in the "
                        "scenario expects it to inform the controller (inform_controller, "
                        "Art. 33(2))")
    if assessment.notify_authority and not _any(expected, AUTHORITY) and not _judged(
            scenario, criteria, "regulatory_timeliness", "notify_judgement"):
        problems.append("the breach facts require notifying the authority (Art. 33(1)), but "
                        "nothing in the scenario expects the team to do so")
    if assessment.notify_subjects and not _any(expected, SUBJECTS) and not _judged(
            scenario, criteria, "subject_communication", "notify_judgement"):
        problems.append("the breach facts make the risk to the people high, so they must be "
                        "told (Art. 34), but nothing in the scenario expects the team to tell "
                        "them")
    return problems


def _why_not_subjects(assessment: Assessment, processor: bool) -> str:
    if processor:
        return "the breach facts make the team the processor; telling people is the controller's"
    if assessment.exception:
        return (f"the breach facts bring an Art. 34(3) exception ({assessment.exception}), so "
                "they need not be told")
    return (f"by the scenario's own breach facts the risk is {assessment.risk}, not high, so "
            "they need not be told (Art. 34(1))")


def _asked(expected: dict[Action, list[str]], criteria: dict[str, list[str]],
           actions: tuple[Action, ...], criterion: str, what: str, why: str) -> list[str]:
    found = [f"inject {inject!r} expects the team to {what} ({action.value}), but {why}"
             for action in actions for inject in expected.get(action, [])]
    found += [f"objective {objective!r} scores {criterion}, but {why}"
              for objective in criteria.get(criterion, [])]
    return found


def _any(expected: dict[Action, list[str]], actions: tuple[Action, ...]) -> bool:
    return any(expected.get(action) for action in actions)


def _judged(scenario: Scenario, criteria: dict[str, list[str]], *names: str) -> bool:
    """Whether the score judges one of these criteria: all are, without objectives."""
    return not scenario.objectives or any(name in criteria for name in names)


def _criteria(scenario: Scenario) -> dict[str, list[str]]:
    """Catalogue criterion → the objectives that score it."""
    found: dict[str, list[str]] = {}
    for objective in scenario.objectives:
        for criterion in objective.criteria:
            found.setdefault(str(criterion), []).append(objective.id)
    return found


def _expected(scenario: Scenario) -> dict[Action, list[str]]:
    """Action → the injects that expect it, leaving out follow-ups to that same action."""
    found: dict[Action, list[str]] = {}
    for inject in scenario.injects:
        for expectation in inject.expect:
            action = expectation.action
            if not _follows(scenario, inject.id, action, set()):
                found.setdefault(action, []).append(inject.id)
    return found


def _follows(scenario: Scenario, inject_id: str, action: Action, seen: set[str]) -> bool:
    """The inject can only arrive once the team has taken ``action``."""
    if inject_id in seen or inject_id not in scenario.by_id:
        return False
    seen.add(inject_id)
    condition = scenario.conditions.get(inject_id)
    if condition is not None and _requires(condition, action):
        return True
    after = scenario.by_id[inject_id].after
    return after is not None and _follows(scenario, after.inject, action, seen)


def _requires(expr: Expr, action: Action) -> bool:
    """The condition cannot hold unless ``done(action)`` holds."""
    if isinstance(expr, Call):
        return expr.func == "done" and expr.args == (action.value,)
    if isinstance(expr, BoolOp):
        both = _requires(expr.left, action), _requires(expr.right, action)
        return any(both) if expr.op == "and" else all(both)
    return False
