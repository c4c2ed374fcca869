"""The cast of a session: the organisation and the people, with what the scenario leaves out
generated from the session seed (Faker, one instance per locale and thread, re-seeded per key)."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..scenario.model import Scenario
from ..scenario.templates import FAKE_METHODS
from .seeding import derive, rng

_SECTORS = {
    "en": ["retail", "healthcare", "insurance", "logistics", "energy", "education", "finance"],
    "nl": ["detailhandel", "zorg", "verzekeringen", "logistiek", "energie", "onderwijs",
           "financiële dienstverlening"],
}


#: The Faker providers the generated values come from (the template methods, the cast, the
#: storm's authors). Faker loads all of its 26 for a locale unless told; these give the same
#: values from the same seed (tests/test_startup.py compares them with a full Faker).
PROVIDERS = tuple(f"faker.providers.{name}" for name in (
    "address", "bank", "company", "date_time", "internet", "job", "person", "phone_number"))

_THREAD = threading.local()


def _faker(locale: str):
    """One Faker per locale and thread. Every use re-seeds it (``faker_for``), so which
    instance serves makes no difference to what it says; but two threads never re-seed one
    under each other (the live storm builds its people in the tick's worker thread)."""
    fakers = _THREAD.__dict__.setdefault("fakers", {})
    if locale not in fakers:
        from faker import Faker  # imported on first use: it scans its providers as it loads

        fakers[locale] = curated(Faker(locale, providers=list(PROVIDERS)), locale)
    return fakers[locale]


#: A Dutch surname as it is written: lower-case particles (``van der``, ``'t``), then one
#: capitalised name, or two joined by a hyphen.
_DUTCH_SURNAME = re.compile(r"(?:(?:van|de|den|der|het|in|op|te|ten|ter|'t) )*"
                            r"[A-Z][a-zà-ÿ']+(?:-[A-Z][a-zà-ÿ']+)?")


def curated(fake, locale: str):
    """``fake`` with its Dutch surnames kept to names a Dutch person has: Faker's list also
    holds entries from a genealogy of medieval nobility ("Aelftrud van Wessex"), names
    written surname-first ("Bourgondië, van"), "The Elder" and a regnal "VI"."""
    if locale == "nl_NL":
        person = next(p for p in fake.providers if p.__provider__ == "faker.providers.person")
        person.last_names = tuple(n for n in person.last_names if _DUTCH_SURNAME.fullmatch(n))
    return fake


def faker_for(locale: str, seed: int, *keys: object):
    """The locale's Faker, re-seeded for this key: the same key always gives the same values."""
    fake = _faker(locale)
    fake.seed_instance(derive(seed, *keys))
    return fake


_EARLIEST, _LATEST = date(2015, 1, 1), date(2025, 12, 31)


class FakeNamespace:
    """``fake`` in templates: only the listed generators, seeded per inject on first use."""

    template_methods = FAKE_METHODS

    def __init__(self, locale: str, seed: int, key: str):
        self._args = (locale, seed, "fake", key)
        self._fake = None

    def __getattr__(self, name: str):
        if name not in FAKE_METHODS:
            raise AttributeError(name)
        if self._fake is None:
            self._fake = faker_for(*self._args)
        fake = self._fake
        # Faker's own date() and time() count from today: not repeatable from a seed
        if name == "date":
            return lambda: fake.date_between_dates(_EARLIEST, _LATEST).isoformat()
        if name == "time":
            return lambda: f"{fake.random_int(0, 23):02d}:{fake.random_int(0, 59):02d}"
        return getattr(fake, name)


@dataclass(frozen=True)
class Person:
    id: str
    role: str
    name: str
    organisation: str | None = None
    outlet: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "role": self.role, "name": self.name,
                "organisation": self.organisation, "outlet": self.outlet}


@dataclass(frozen=True)
class Cast:
    organisation: dict[str, Any]
    personas: dict[str, Person]
    locale: str
    seed: int

    def person(self, ref: str | None, inject_id: str) -> Person | None:
        """A declared persona, or for a bare role a generated person keyed by the inject."""
        if ref is None:
            return None
        if ref in self.personas:
            return self.personas[ref]
        name = faker_for(self.locale, self.seed, "role", ref, inject_id).name()
        return Person(ref, ref, name)


def cast_for(scenario: Scenario, seed: int) -> Cast:
    org = scenario.organisation
    language = scenario.language.value
    fake = faker_for(scenario.locale, seed, "organisation")
    chooser = rng(seed, "organisation")
    organisation = {
        "name": org.name or fake.company(),
        "sector": org.sector or chooser.choice(_SECTORS[language]),
        "employees": org.employees or chooser.choice([80, 250, 600, 1400, 3500]),
        "turnover_eur": org.turnover_eur if org.turnover_eur is not None else chooser.choice(
            [15_000_000, 60_000_000, 250_000_000, 900_000_000]),
        "dpo": org.dpo if org.dpo is not None else chooser.random() < 0.7,
    }
    personas = {}
    for pid, persona in scenario.personas.items():
        name = persona.name or faker_for(scenario.locale, seed, "persona", pid).name()
        personas[pid] = Person(pid, persona.role.value, name, persona.organisation,
                               persona.outlet)
    return Cast(organisation, personas, scenario.locale, seed)
