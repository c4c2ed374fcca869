"""What a player records from a shell (``breachsim act``, ``decide``, ``note``) or joins the
app as: the same intents, form checks and refusals as the facilitator's console, through a
player's ``Exercise`` on the shared log."""

from __future__ import annotations

import typing
from typing import Any

from ..engine.actions import FORMS
from ..engine.refused import Refused
from ..scenario.model import Scenario
from ..scenario.vocab import OBSERVER, TEAM_ROLES


def roles_of(scenario: Scenario) -> list[str]:
    """Who may join: the team's roles, an observer, and the scenario's own roles by title."""
    return [*TEAM_ROLES, OBSERVER, *(r.title for r in scenario.roles)]


def resolve_role(scenario: Scenario, asked: str) -> str:
    """The role as the log records it: one of ``roles_of``, matched without regard to case;
    ``ValueError`` naming them when ``asked`` is none of them."""
    wanted = " ".join(asked.split()).casefold()
    for role in roles_of(scenario):
        if role.casefold() == wanted:
            return role
    raise ValueError(f"{asked!r} is no role of this exercise; one of: "
                     f"{', '.join(roles_of(scenario))}")


def form_fields(action: str, pairs: list[str]) -> dict[str, Any]:
    """``NAME=VALUE`` pairs as an action's form fields; a list field (``categories``) takes
    its values separated by commas. The form's own check (``Refused``) judges the values."""
    form = FORMS.get(action)
    if form is None:
        raise Refused(f"unknown action {action!r}; one of: {', '.join(FORMS)}")
    fields: dict[str, Any] = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        name = name.strip()
        if not equals or not name:
            raise Refused(f"--field takes NAME=VALUE, not {pair!r}")
        info = form.model_fields.get(name)
        if info is None or name == "follows":
            known = ", ".join(n for n in form.model_fields if n != "follows")
            raise Refused(f"{action} has no field {name!r}; its fields: {known}", [name])
        if name in fields:
            raise Refused(f"--field {name} is given twice", [name])
        fields[name] = ([v.strip() for v in value.split(",") if v.strip()]
                        if _is_list(info.annotation) else value)
    return fields


def _is_list(annotation: Any) -> bool:
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return typing.get_origin(annotation) is list
