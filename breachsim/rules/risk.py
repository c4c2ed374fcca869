"""How likely a breach is to harm people: the rule table of docs/rules.md, as code.

The facts are first completed as a careful controller would (``careful``): a protection that is
not known to exist is assumed absent, an exposure that is not known to be excluded is assumed
possible. Each kind of breach in the facts — confidentiality, integrity, availability — is then
rated none / risk / high by a few ordered rules (``rate``). Every rule that moves a level leaves
a ``Step``; the steps become the reasons of the assessment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from ..scenario.model import BreachFacts
from ..scenario.vocab import ControllerRole, DataCategory, Exfiltration, Nature, RiskSource


class Level(IntEnum):
    none = 0
    risk = 1
    high = 2

    def up(self) -> Level:
        return Level(min(self + 1, Level.high))

    def down(self) -> Level:
        return Level(max(self - 1, Level.none))


#: Art. 9 and 10 data: special categories and criminal convictions.
SPECIAL = frozenset({DataCategory.health, DataCategory.biometric_genetic, DataCategory.criminal,
                     DataCategory.other_special})
#: Data that opens the way to fraud or identity theft (Recital 85).
FRAUD = frozenset({DataCategory.financial, DataCategory.payment_card, DataCategory.credentials,
                   DataCategory.government_id})
MALICIOUS = frozenset({RiskSource.external_malicious, RiskSource.internal_malicious})
ACCIDENTAL = frozenset({RiskSource.internal_accidental, RiskSource.external_accidental})
#: From this many people on, a confidentiality breach goes up a level (a judgement; rules.md).
LARGE_SCALE = 10_000
#: Up to this many people, an accidental disclosure that was undone harms nobody (a judgement;
#: rules.md).
FEW_PEOPLE = 100
#: Restored within this many hours counts as a short outage (a judgement; rules.md).
SHORT_RESTORE_HOURS = 24

#: What a careful controller assumes while a fact is not known. Facts about the data and the
#: people (categories, numbers, vulnerability) are not assumed: they are read as given.
CAREFUL: dict[str, Any] = {
    "nature": [Nature.confidentiality, Nature.integrity, Nature.availability],
    "exfiltration": Exfiltration.suspected,
    "risk_source": RiskSource.external_malicious,
    "encrypted": False,
    "key_compromised": True,
    "backup_available": False,
    "data_recovered": False,
    "recipients_trusted": False,
    "identifiable": True,
    "controller_role": ControllerRole.controller,
    "restore_hours": None,  # a restore of unknown length counts as a long outage
}

#: Groups of facts that together make one protection, with their reassuring values: used to
#: find which unknowns an answer rests on (``decisive_unknowns``).
REASSURING: dict[str, dict[str, Any]] = {
    "exfiltration": {"exfiltration": Exfiltration.none},
    "risk_source": {"risk_source": RiskSource.internal_accidental},
    "encryption": {"encrypted": True, "key_compromised": False},
    "backup": {"backup_available": True, "restore_hours": 0.0},
    "data_recovered": {"data_recovered": True},
    "recipients_trusted": {"recipients_trusted": True},
    "identifiable": {"identifiable": False},
}


@dataclass(frozen=True)
class Facts:
    """Breach facts completed with the careful assumptions; ``assumed`` names the filled ones."""

    given: BreachFacts
    assumed: frozenset[str]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name in ("given", "assumed"):
            raise AttributeError(name)
        value = getattr(self.given, name)
        return CAREFUL.get(name) if value is None else value

    @property
    def categories(self) -> frozenset[DataCategory]:
        return frozenset(self.given.data_categories or ())

    @property
    def special(self) -> bool:
        return bool(self.given.special_categories) or bool(self.categories & SPECIAL)

    @property
    def vulnerable(self) -> bool:
        return bool(self.given.vulnerable_subjects) or DataCategory.children in self.categories

    @property
    def malicious(self) -> bool:
        return self.risk_source in MALICIOUS

    @property
    def people(self) -> int | None:
        """The number of people; the number of records stands in (as an upper bound)."""
        given = self.given
        return given.data_subjects if given.data_subjects is not None else given.records

    @property
    def ordinary(self) -> bool:
        """Known kinds of data, none of them special or fraud-prone."""
        return bool(self.categories) and not self.special and not self.categories & FRAUD

    @property
    def back_quickly(self) -> bool:
        """A known, short restore: the data came back."""
        hours = self.given.restore_hours
        return hours is not None and hours <= SHORT_RESTORE_HOURS

    @property
    def lost_for_good(self) -> bool:
        """Known to have neither a backup nor a recovery."""
        given = self.given
        return given.backup_available is False and given.data_recovered is False

    @property
    def restorable(self) -> bool:
        """The data can come back: a backup, a recovery, or a known short restore — unless it
        is known to be lost for good."""
        return bool(self.backup_available or self.data_recovered
                    or (self.back_quickly and not self.lost_for_good))


def careful(facts: BreachFacts) -> Facts:
    """The facts as a careful controller reads them: absent ones filled in from ``CAREFUL``."""
    return Facts(facts, frozenset(k for k in CAREFUL if getattr(facts, k) is None))


@dataclass(frozen=True)
class Step:
    """One rule that set or moved a level: its factor, its effect and the wording key."""

    factor: str
    effect: str  # raises | lowers | decides
    key: str
    values: dict[str, Any] = field(default_factory=dict)
    uses: tuple[str, ...] = ()  # the assumed facts this rule relied on


@dataclass(frozen=True)
class Part:
    """The rating of one kind of breach: before and after the controller's measures."""

    nature: Nature
    inherent: Level
    level: Level
    steps: tuple[Step, ...]
    exception: str | None = None  # the Art. 34(3) exception a measure brought about


class _Trail:
    """Collects the steps of one part while its level moves."""

    def __init__(self, facts: Facts):
        self.facts = facts
        self.level = Level.none
        self.steps: list[Step] = []

    def set(self, level: Level, factor: str, effect: str, key: str, *uses: str,
            **values: Any) -> None:
        self.level = level
        used = tuple(u for u in uses if u in self.facts.assumed)
        self.steps.append(Step(factor, effect, key + ("_assumed" if used else ""), values, used))


def confidentiality(facts: Facts) -> Part:
    trail = _Trail(facts)
    _sensitivity(facts, trail)
    if facts.vulnerable and trail.level < Level.high:
        trail.set(trail.level.up(), "vulnerable_individuals", "raises", "conf.vulnerable")
    people = facts.people
    if people is not None and people >= LARGE_SCALE and trail.level < Level.high:
        factor = "number_of_people" if facts.given.data_subjects is not None else "volume"
        trail.set(trail.level.up(), factor, "raises", f"conf.{factor}", count=people)
    if facts.exfiltration is Exfiltration.none:
        trail.set(trail.level.down(), "exfiltration", "lowers", "conf.no_exfiltration")
    if facts.identifiable is False and trail.level > Level.none:
        trail.set(Level.none, "ease_of_identification", "lowers", "conf.not_identifiable")
    inherent = trail.level
    exception = _confidentiality_measures(facts, trail)
    return Part(Nature.confidentiality, inherent, trail.level, tuple(trail.steps),
                exception if inherent is Level.high and trail.level < Level.high else None)


def _sensitivity(facts: Facts, trail: _Trail) -> None:
    """The starting level: what the data could do to people in the wrong hands."""
    if facts.categories & SPECIAL:
        trail.set(Level.high, "sensitivity", "raises", "conf.special")
    elif facts.special:
        trail.set(Level.high, "controller_characteristics", "raises", "conf.context_special")
    elif facts.categories & FRAUD:
        trail.set(Level.risk, "sensitivity", "raises", "conf.fraud")
        if facts.malicious:
            trail.set(Level.high, "malicious_intent", "raises", "conf.malicious", "risk_source")
    elif facts.ordinary:
        trail.set(Level.risk, "sensitivity", "raises", "conf.ordinary")
        if _taken_by_an_attacker(facts):
            trail.set(Level.high, "malicious_intent", "raises", "conf.criminal", "risk_source",
                      "exfiltration")
    else:
        trail.set(Level.risk, "sensitivity", "raises", "conf.unknown_data")


def _taken_by_an_attacker(facts: Facts) -> bool:
    """Taken, or perhaps taken, by someone from outside who meant harm: in criminals' hands."""
    return (facts.risk_source is RiskSource.external_malicious
            and facts.exfiltration is not Exfiltration.none)


def _confidentiality_measures(facts: Facts, trail: _Trail) -> str | None:
    """Encryption, a trusted recipient, recovery: Art. 34(3)(a) and (b) when risk was high."""
    if trail.level is Level.none:
        return None
    if facts.encrypted and not facts.key_compromised:
        trail.set(Level.none, "encryption", "lowers", "conf.encrypted")
        return "unintelligible"
    if facts.encrypted:
        trail.set(trail.level, "encryption", "raises", "conf.key_compromised", "key_compromised")
    if facts.recipients_trusted and not facts.malicious:
        trail.set(Level.none, "trusted_recipient", "lowers", "conf.trusted")
        return "measures_removed_risk"
    if facts.data_recovered and _mistake_among_few(facts):
        trail.set(Level.none, "recovery", "lowers", "conf.mistake_undone")
        return None
    if facts.data_recovered and facts.exfiltration is not Exfiltration.confirmed:
        trail.set(trail.level.down(), "recovery", "lowers", "conf.recovered")
        return "measures_removed_risk"
    return None


def _mistake_among_few(facts: Facts) -> bool:
    """Ordinary data of a few people, none of them vulnerable, disclosed by accident."""
    people = facts.people
    return (facts.ordinary and not facts.vulnerable and facts.risk_source in ACCIDENTAL
            and people is not None and people <= FEW_PEOPLE)


def integrity(facts: Facts) -> Part:
    trail = _Trail(facts)
    special = "_special" if facts.special else ""
    if facts.restorable:
        trail.set(Level.risk if facts.special else Level.none, _restored_by(facts), "lowers",
                  f"integ.restored{special}")
    else:
        trail.set(Level.high if facts.special else Level.risk, "permanence", "raises",
                  f"integ.lost{special}", "backup_available", "data_recovered")
    return Part(Nature.integrity, trail.level, trail.level, tuple(trail.steps))


def availability(facts: Facts) -> Part:
    trail = _Trail(facts)
    special = "_special" if facts.special else ""
    hours = facts.given.restore_hours
    if not facts.restorable:
        trail.set(Level.high if facts.special else Level.risk, "permanence", "raises",
                  f"avail.lost{special}", "backup_available", "data_recovered")
    elif facts.back_quickly and facts.special:
        trail.set(Level.risk, "severity", "raises", "avail.short_special", hours=hours)
    elif facts.back_quickly:
        trail.set(Level.none, _restored_by(facts), "lowers", "avail.short", hours=hours)
    elif hours is None and facts.backup_available and not (facts.special or facts.vulnerable):
        trail.set(Level.none, "backup", "lowers", "avail.backup")
    else:
        trail.set(Level.high if facts.special else Level.risk, "severity", "raises",
                  f"avail.long{special}", "restore_hours", hours=hours)
    return Part(Nature.availability, trail.level, trail.level, tuple(trail.steps))


def _restored_by(facts: Facts) -> str:
    if facts.backup_available:
        return "backup"
    return "recovery" if facts.data_recovered else "severity"


RATERS: dict[Nature, Callable[[Facts], Part]] = {
    Nature.confidentiality: confidentiality,
    Nature.integrity: integrity,
    Nature.availability: availability,
}


def rate(facts: Facts) -> list[Part]:
    """Each kind of breach in the facts, rated; ordered as the facts name them."""
    return [RATERS[nature](facts) for nature in dict.fromkeys(facts.nature)]


def public_communication_instead(facts: Facts) -> bool:
    """Art. 34(3)(c): the contact details went down with the data, so each person cannot
    be reached without disproportionate effort; a public communication takes its place.

    Only on known facts: while the loss is merely assumed, the careful course is still to
    try to reach each person.
    """
    return (Nature.availability in (facts.given.nature or ()) and facts.lost_for_good
            and DataCategory.contact in facts.categories)


def decisive_unknowns(given: BreachFacts, parts: list[Part], level: Level) -> list[str]:
    """The absent facts the answer rests on (rules.md, "Unknown facts").

    A group of absent facts counts when, on its own, knowing its reassuring value would lower
    a part that sits at the answer's level — unless another part reaches that level on known
    facts alone, in which case no unknown decided the level.
    """
    if level is Level.none:
        return []
    top = [p for p in parts if p.level is level]
    if any(_settled(given, part) for part in top):
        return []
    found: set[str] = set()
    for fields in REASSURING.values():
        absent = {k: v for k, v in fields.items() if getattr(given, k) is None}
        if absent and any(_level_with(given, absent, p.nature) < level for p in top):
            found |= set(absent)
    return [name for name in BreachFacts.model_fields if name in found]


def _level_with(given: BreachFacts, update: dict[str, Any], nature: Nature) -> Level:
    return RATERS[nature](careful(given.model_copy(update=update))).level


def _settled(given: BreachFacts, part: Part) -> bool:
    """The part keeps its level even with every absent protection at its reassuring value."""
    everything = {k: v for fields in REASSURING.values() for k, v in fields.items()
                  if getattr(given, k) is None}
    return _level_with(given, everything, part.nature) >= part.level
