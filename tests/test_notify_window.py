"""The authority's window is one rule: its last second is in time and the next one late, for
the director, the deadlines, the score and the report alike."""

from __future__ import annotations

import pytest

from breachsim.engine.director import Director
from breachsim.engine.events import Event
from breachsim.engine.refused import Refused
from breachsim.law.jurisdiction import codes, jurisdiction
from breachsim.report import build_report
from breachsim.report.session import Played
from breachsim.rules.deadlines import Status, deadlines
from breachsim.rules.findings import Rating
from breachsim.rules.scoring import score
from breachsim.scenario import load

from .conftest import ROOT
from .test_engine import NOTIFY

CASE = load(ROOT / "tests" / "engine_cases" / "branching.scenario.yaml").scenario


@pytest.mark.parametrize("code", codes())
def test_the_window_closes_after_its_last_second(code):
    law = jurisdiction(code)
    due = law.notify_due(600)
    assert due == 600 + law.notify_hours * 3600
    assert not law.past_window(600, 600) and not law.past_window(600, due)
    assert law.past_window(600, due + 1)


def at_window(offset: int):
    """A session of the test scenario at ``offset`` seconds after the window's last second:
    the director and its log."""
    log: list[Event] = []
    director = Director.start(CASE, session="s", seed=1, team="T", wall=lambda: "w",
                              sink=log.extend)
    director.advance_to(3600)
    director.act("declare_awareness")
    director.advance_to(director.law.notify_due(director.state.aware_since) + offset)
    return director, log


def readings(director: Director, log: list[Event]):
    """What each reader of the window makes of the notification: the authority's deadline,
    the timeliness rating and whether the report asks for the reasons of the delay."""
    [authority] = [d for d in deadlines(CASE, director.state, director.now)
                   if d.id == "authority"]
    [timely] = [f for f in score(CASE, log).findings if f.criterion == "regulatory_timeliness"]
    report = build_report(Played(CASE, "s", "T", 1, "2026-01-01T00:00:00+00:00", log),
                          generated="2026-01-02T00:00:00+00:00")
    [told] = [n for n in report.regulatory.notifications if n.to == "authority"]
    return authority.status, timely.rating, "delay_reasons" in {e.id for e in told.elements}


def test_on_the_last_second_every_reader_says_in_time():
    director, log = at_window(0)
    director.act("notify_authority", NOTIFY)  # no reasons for a delay asked or given
    assert readings(director, log) == (Status.met, Rating.P, False)


def test_one_second_later_every_reader_says_late():
    director, log = at_window(1)
    with pytest.raises(Refused) as refused:
        director.act("notify_authority", NOTIFY)
    assert refused.value.missing == ["delay_reasons"]
    director.act("notify_authority", {**NOTIFY, "delay_reasons": "The scope took a day"})
    assert readings(director, log) == (Status.missed, Rating.S, True)
