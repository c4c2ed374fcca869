"""Playthrough plans (``*.plan.yaml``): a script of team moves and expectations for ``play``.

    seed: 42
    team: Red team
    steps:
      - advance: 2h                       # let in-world time pass
      - until: ransom_note                # run until this inject arrives
      - choose: {ransom_decision: refuse} # take a decision
      - act: declare_awareness            # a team action without a form
      - act:                              # a team action with its form
          notify_authority: {nature: …, categories: [health], …}
      - note: The DPO asked for the log files
      - expect_inject: leak_site_post     # fails the play unless it was delivered
      - expect_no_inject: decryptor       # fails the play if it was delivered
      - expect_var: {ransom_paid: false}
      - expect_deadline: {authority: met}
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..engine.actions import FORMS
from ..rules.deadlines import Status
from ..scenario.diagnostics import Diagnostic, hint_for
from ..scenario.loader import LoadResult, read_as
from ..scenario.model import Duration, Ident, Scenario, no_items

STEP_KINDS = ("advance", "until", "choose", "act", "note", "expect_inject", "expect_no_inject",
              "expect_var", "expect_deadline")


class Step(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    advance: Duration | None = None
    until: Ident | None = None
    choose: dict[Ident, Ident] | None = None
    act: str | dict[str, dict[str, Any] | None] | None = None
    note: Annotated[str, Field(min_length=1)] | None = None
    expect_inject: Ident | None = None
    expect_no_inject: Ident | None = None
    expect_var: dict[Ident, bool | int | float | str] | None = None
    expect_deadline: dict[str, Status] | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Step:
        given = [k for k in STEP_KINDS if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"a step does exactly one thing, one of: {', '.join(STEP_KINDS)}")
        return self

    @property
    def kind(self) -> str:
        return next(k for k in STEP_KINDS if getattr(self, k) is not None)

    def action(self) -> tuple[str, dict[str, Any]]:
        if isinstance(self.act, str):
            return self.act, {}
        [(name, fields)] = self.act.items()  # type: ignore[union-attr]
        return name, dict(fields or {})


class Plan(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    scenario: str | None = None
    seed: Annotated[int, Field(ge=0, le=2**63 - 1)] | None = None
    team: str | None = None
    steps: list[Step] = Field(default_factory=no_items)


def load_plan(path: Path, scenario: Scenario) -> tuple[Plan | None, LoadResult]:
    """Read and check a plan against the scenario it plays; diagnostics point into the plan."""
    result, source, plan = read_as(path, Plan)
    if plan is None:
        return None, result
    if plan.scenario is not None and plan.scenario != scenario.id:
        line, col = source.locate(("scenario",))
        result.diagnostics.append(Diagnostic.make(
            "BS302", source.path, line, col,
            f"this plan is for {plan.scenario!r}, not for {scenario.id!r}",
            "play it with its own scenario, or correct `scenario:`"))
    injects = set(scenario.by_id)
    decisions = scenario.decisions
    for index, step in enumerate(plan.steps):
        here = ("steps", index)

        def report(message: str, hint: str | None, *loc: str | int, here: tuple = here,
                   key: bool = False) -> None:
            line, col = source.locate(here + loc, at_key=key)
            result.diagnostics.append(Diagnostic.make("BS302", source.path, line, col,
                                                      message, hint))

        for inject in (step.until, step.expect_inject, step.expect_no_inject):
            if inject is not None and inject not in injects:
                report(f"no inject {inject!r} in {scenario.id}", hint_for(inject, injects),
                       step.kind)
        for decision, option in (step.choose or {}).items():
            if decision not in decisions:
                report(f"{decision!r} is not a decision in {scenario.id}",
                       hint_for(decision, decisions.keys()), "choose", decision, key=True)
            elif option not in (ids := [o.id for o in decisions[decision].options]):
                report(f"decision {decision!r} has no option {option!r}", hint_for(option, ids),
                       "choose", decision)
        if step.act is not None:
            if isinstance(step.act, dict) and len(step.act) != 1:
                report("`act` names one action", None, "act")
                continue
            name, _ = step.action()
            if name not in FORMS:
                report(f"unknown action {name!r}", hint_for(name, set(FORMS)), "act")
        for name in step.expect_var or {}:
            if name not in scenario.variables:
                report(f"no variable {name!r} in {scenario.id}",
                       hint_for(name, scenario.variables.keys()), "expect_var", name, key=True)
    return (None if result.error_count else plan), result
