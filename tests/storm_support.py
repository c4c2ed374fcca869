"""Helpers for the storm's tests: a small breach scenario in either language, and sessions
of it in which the team does what a test says at the moments it says."""

from __future__ import annotations

from typing import Any

from breachsim.engine.director import Director
from breachsim.scenario.model import Scenario

WALL = "2026-05-11T08:00:00.000+00:00"
HOUR = 3600

_TEXT = {
    "en": {"title": "Customers post about odd log-ins", "summary": "A test breach.",
           "reveal": "Forensics: the data left the building"},
    "nl": {"title": "Klanten melden vreemde inlogpogingen", "summary": "Een testlek.",
           "reveal": "Forensisch onderzoek: de gegevens zijn weggehaald"},
}


def scenario(language: str = "en", locale: str | None = None, *, burst: int = 200,
             organisation: str = "Harbour Freight", storm: dict | None = None,
             duration: str = "96h", jurisdiction: str | None = None) -> Scenario:
    """A breach that reaches social media at T+02:00 and is shown to have been exfiltrated at
    T+08:00; the clock starts on a Monday at 09:00."""
    text = _TEXT[language]
    data: dict[str, Any] = {
        "format": 1, "id": "storm-case", "title": text["title"], "summary": text["summary"],
        "language": language, "locale": locale or ("en_GB" if language == "en" else "nl_NL"),
        "jurisdiction": jurisdiction or ("UK" if language == "en" else "NL"),
        "organisation": {"name": organisation, "sector": "logistics"},
        "breach": {"nature": ["confidentiality"],
                   "data_categories": ["identity", "contact", "financial"],
                   "data_subjects": 20000, "exfiltration": "suspected"},
        "clock": {"start": "2026-05-11T09:00:00+01:00", "duration": duration},
        "start": "alert",
        "injects": [
            {"id": "alert", "title": "Alert", "channel": "ticket", "marks_awareness": True},
            {"id": "posts", "title": text["title"], "channel": "social", "at": "T+02:00",
             "storm": {"burst": burst, "topic": "odd-logins", "sentiment": -0.6,
                       "half_life": "6h"}},
            {"id": "reveal", "title": text["reveal"], "channel": "email", "at": "T+08:00",
             "reveals": {"exfiltration": "confirmed"}},
        ],
    }
    if storm is not None:
        data["storm"] = storm
    return Scenario.model_validate(data)


def session(scenario: Scenario, seed: int, moves: list[tuple[int, str, dict]] = (),
            until: int | None = None) -> list:
    """The events of a session in which the team takes each (in-world second, action,
    fields) move — or the facilitator, for ``push_storm`` and ``calm_storm`` — otherwise time
    runs to ``until`` (default: the end)."""
    log: list = []
    director = Director.start(scenario, session=f"storm-{seed}", seed=seed, team="Team",
                              wall=lambda: WALL, sink=log.extend)
    for world, action, fields in sorted(moves, key=lambda m: m[0]):
        director.advance_to(world)
        if action in ("push_storm", "calm_storm"):
            getattr(director, action)(**fields)
        else:
            director.act(action, fields)
    director.advance_to(until if until is not None else director.duration)
    return log


APOLOGY = ("public_statement", {
    "kind": "full", "stance": "apologise",
    "text": "We are sorry: criminals reached the names, addresses and bank details of 20,000 "
            "customers. We have closed the gap and are writing to everyone affected today."})
DENIAL = ("public_statement", {
    "kind": "full", "stance": "deny",
    "text": "No customer data has left our systems. There is no reason for concern."})
NOTIFY = ("notify_subjects", {
    "channel": "email", "audience": "all 20,000 customers affected", "count": 20000,
    "message": "Criminals reached your name, address and bank details. Watch for fake "
               "messages; we never ask for your password. Questions: 0800 555 0100."})
