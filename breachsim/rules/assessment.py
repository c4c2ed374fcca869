"""The risk assessment of a breach: whom to tell, by when, and why (GDPR Art. 33 and 34).

``assess`` is a pure function of the facts, the jurisdiction and the language. The rules are
in ``risk`` and documented, with their sources, in docs/rules.md; this module turns the rated
parts into the answer: the obligations, the Art. 34(3) exception, the deadline, the authority,
the unknowns the answer rests on, and one reason per factor.
"""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..law.jurisdiction import jurisdiction as law_of
from ..law.messages import message, number
from ..scenario.model import BreachFacts, Scenario
from ..scenario.vocab import ControllerRole, Jurisdiction, Language
from .enisa import Enisa, severity
from .risk import (
    Facts,
    Level,
    Part,
    careful,
    decisive_unknowns,
    public_communication_instead,
    rate,
)

Risk = Literal["none", "risk", "high"]
Effect = Literal["raises", "lowers", "decides"]
ExceptionCode = Literal["unintelligible", "measures_removed_risk", "disproportionate_effort"]

#: An assumption the answer rests on → the facts it covers and the factor it belongs to.
ASSUMPTIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "exfiltration": (("exfiltration",), "exfiltration"),
    "risk_source": (("risk_source",), "malicious_intent"),
    "encryption": (("encrypted", "key_compromised"), "encryption"),
    "backup": (("backup_available", "restore_hours"), "backup"),
    "data_recovered": (("data_recovered",), "recovery"),
    "recipients_trusted": (("recipients_trusted",), "trusted_recipient"),
    "identifiable": (("identifiable",), "ease_of_identification"),
}


class Reason(BaseModel):
    model_config = ConfigDict(frozen=True)
    factor: str
    effect: Effect
    text: str


class Assessment(BaseModel):
    """The answer. ``notify_subjects`` stays true under Art. 34(3)(c): the people are then
    told through a public communication (``exception == "disproportionate_effort"``)."""

    model_config = ConfigDict(frozen=True)
    risk: Risk
    notify_authority: bool
    notify_subjects: bool
    exception: ExceptionCode | None
    deadline_hours: int | None
    authority: str
    unknowns: tuple[str, ...]
    reasons: tuple[Reason, ...]
    enisa: Enisa | None = None

    def to_json(self) -> str:
        return json.dumps(self.model_dump(mode="json"), indent=2, ensure_ascii=False)


class FactsFile(BreachFacts):
    """A facts file for ``breachsim assess``: the breach facts, and optionally the
    jurisdiction and the language to answer in (the command line's options win)."""

    jurisdiction: Jurisdiction | None = None
    language: Language | None = None

    def facts(self) -> BreachFacts:
        return BreachFacts.model_validate(
            self.model_dump(exclude={"jurisdiction", "language"}, exclude_none=True))


def assess(facts: BreachFacts, jurisdiction: str, language: str = "en") -> Assessment:
    law = law_of(jurisdiction)
    completed = careful(facts)
    parts = rate(completed)
    level = max(part.level for part in parts)
    controller = completed.controller_role is ControllerRole.controller
    notify_authority = controller and level > Level.none
    exception = _exception(completed, parts, level) if controller else None
    unknowns = _unknowns(facts, parts, level, notify_authority)
    return Assessment(
        risk=level.name,
        notify_authority=notify_authority,
        notify_subjects=controller and level is Level.high,
        exception=exception,
        deadline_hours=law.notify_hours if notify_authority else None,
        authority=law.authority.name.get(language),
        unknowns=tuple(unknowns),
        reasons=tuple(_reasons(completed, parts, exception, unknowns, language)),
        enisa=severity(completed),
    )


def scenario_assessment(scenario: Scenario) -> Assessment:
    """The assessment of a scenario's own ``breach`` block, in the scenario's language."""
    return assess(scenario.breach, scenario.jurisdiction.value, scenario.language.value)


def _exception(facts: Facts, parts: list[Part], level: Level) -> ExceptionCode | None:
    if level is Level.high:
        return "disproportionate_effort" if public_communication_instead(facts) else None
    return next((part.exception for part in parts if part.exception), None)


def _unknowns(given: BreachFacts, parts: list[Part], level: Level,
              notify_authority: bool) -> list[str]:
    found = set(decisive_unknowns(given, parts, level))
    if given.nature is None and level > Level.none:
        found.add("nature")
    if given.controller_role is None and notify_authority:
        found.add("controller_role")
    return [name for name in BreachFacts.model_fields if name in found]


def _reasons(facts: Facts, parts: list[Part], exception: str | None, unknowns: list[str],
             language: str) -> list[Reason]:
    """One reason per factor: the rules that moved a level, the obligations they settle,
    and the careful assumptions the answer rests on that no rule has explained yet."""
    reasons: list[Reason] = []
    if facts.controller_role is ControllerRole.processor:
        reasons.append(Reason(factor="controller_role", effect="decides",
                              text=_reason("role.processor", language)))
    elif "controller_role" in unknowns:
        reasons.append(Reason(factor="controller_role", effect="decides",
                              text=_reason("role.assumed", language)))
    steps = [step for part in sorted(parts, key=lambda p: -p.level) for step in part.steps]
    reasons += [Reason(factor=s.factor, effect=s.effect, text=_reason(s.key, language, **s.values))
                for s in steps]
    if exception == "disproportionate_effort":
        reasons.append(Reason(factor="permanence", effect="decides",
                              text=_reason("exception.public", language)))
    if "nature" in unknowns:
        reasons.append(Reason(factor="breach_type", effect="raises",
                              text=_reason("assume.nature", language)))
    explained = {name for step in steps for name in step.uses}
    for group, (names, factor) in ASSUMPTIONS.items():
        if any(n in unknowns and n not in explained for n in names):
            reasons.append(Reason(factor=factor, effect="raises",
                                  text=_reason(f"assume.{group}", language)))
    return _one_per_factor(reasons)


def _reason(key: str, language: str, **values: object) -> str:
    """The sentence of a rule of ``risk`` (its wording key), its numbers in the language's
    style."""
    return message(f"reason.{key}", language,
                   **{name: number(value, language) for name, value in values.items()})


def _label(key: str, language: str, **values: object) -> str:
    """A label of the plain-text answer."""
    return message(f"label.{key}", language,
                   **{name: number(value, language) for name, value in values.items()})


def _one_per_factor(reasons: list[Reason]) -> list[Reason]:
    """The first reason for each factor, unless a later one decides the matter."""
    kept: dict[str, Reason] = {}
    for reason in reasons:
        if reason.factor not in kept or reason.effect == "decides":
            kept[reason.factor] = reason
    return list(kept.values())


def render_text(assessment: Assessment, language: str) -> str:
    """The assessment in plain words, in ``language``."""
    a = assessment
    if a.notify_authority:
        authority = _label("authority.yes", language, authority=a.authority,
                           hours=a.deadline_hours)
    elif any(r.factor == "controller_role" for r in a.reasons):  # only a processor's
        authority = _label("authority.processor", language)
    else:
        authority = _label("authority.no", language)
    subjects = _label("subjects.public" if a.exception == "disproportionate_effort" else
                      "subjects.yes" if a.notify_subjects else "subjects.no", language)
    risk = _label("risk.risk" if a.risk == "risk" else a.risk, language)
    lines = [
        f"{_label('risk', language)}: {risk} ({a.risk})",
        f"{_label('authority', language)}: {authority}",
        f"{_label('subjects', language)}: {subjects}",
    ]
    if a.exception:
        lines.append(f"{_label('exception', language)}: {_label(a.exception, language)}")
    if a.unknowns:
        lines.append(f"{_label('unknowns', language)}: {', '.join(a.unknowns)}")
    lines.append(f"{_label('why', language)}:")
    lines += [f"  - [{_label(r.effect, language)}] {r.factor}: {r.text}" for r in a.reasons]
    if a.enisa:
        level = _label("high.enisa" if a.enisa.level == "high" else a.enisa.level, language)
        score, ei, cb = (number(n, language, "g") for n in (a.enisa.score, a.enisa.ei, a.enisa.cb))
        lines.append(f"{_label('enisa', language)}: {score} ({level};"
                     f" DPC {a.enisa.dpc} × EI {ei} + CB {cb})")
    return "\n".join(lines)
