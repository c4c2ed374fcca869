"""The director: what arrives when, decisions, team and facilitator actions, deadlines."""

from __future__ import annotations

import pytest

from breachsim.application.play import run_to_end
from breachsim.engine.actions import Refused
from breachsim.engine.director import Director
from breachsim.rules.deadlines import Status, deadlines
from breachsim.scenario import load

from .conftest import ROOT

CASE = ROOT / "tests" / "engine_cases" / "branching.scenario.yaml"
H = 3600
NOTIFY = {"nature": "Customer records copied", "categories": ["identity", "contact"],
          "subjects_approx": 900, "dpo_contact": "dpo@testco.example",
          "consequences": "Phishing", "measures": "Passwords reset"}


@pytest.fixture(scope="module")
def scenario():
    return load(CASE).scenario


def start(scenario, seed=1, log=None):
    return Director.start(scenario, session="s", seed=seed, team="Blue",
                          wall=lambda: "2026-01-01T00:00:00.000+00:00",
                          sink=None if log is None else log.extend)


def arrivals(director):
    return [(d.inject, d.world, d.via) for d in director.state.delivered.values()]


def test_start_after_and_at_arrive_on_time_and_bodies_render(scenario):
    d = start(scenario)
    d.advance_to(2 * H)
    assert arrivals(d)[:3] == [("alert", 0, "start"), ("confirmed", H, "after"),
                               ("ransom", 2 * H, "at")]
    assert d.state.delivered["alert"].body == (
        "Alert for Testco at Monday 2 March 2026, 09:00.")
    assert d.state.awareness == H and d.state.facts == {"exfiltration": "confirmed"}


def test_timeout_takes_the_default_and_its_trigger_fires(scenario):
    d = start(scenario)
    d.advance_to(3 * H)
    choice = d.state.choices["ransom"]
    assert (choice.option, choice.by, choice.world) == ("refuse", "timeout", 2 * H + 1800)
    assert ("leak", 2 * H + 1800, "trigger") in arrivals(d)


def test_choosing_an_option_sets_variables_and_delays_its_trigger(scenario):
    d = start(scenario)
    d.advance_to(2 * H + 600)
    d.decide("ransom", "pay")
    assert d.state.variables["paid"] is True
    d.advance_to(4 * H)
    assert ("decryptor", 3 * H + 600, "trigger") in arrivals(d)
    assert d.state.delivered["decryptor"].body == "You paid."
    assert "leak" not in d.state.delivered


def test_when_conditions_wait_for_time_thresholds(scenario):
    d = start(scenario)
    d.advance_to(10 * H)
    delivered = dict((i, w) for i, w, _ in arrivals(d))
    assert delivered["grace_check"] == 2 * H  # elapsed >= grace (a duration variable)
    assert delivered["press"] == H + 3 * H + 1  # since_awareness > 3h
    assert d.state.delivered["press"].body == "Pat Reporter of The Ledger."


def test_team_action_unlocks_a_done_condition_at_once(scenario):
    d = start(scenario)
    d.advance_to(90 * 60)
    d.act("notify_authority", NOTIFY)
    assert d.state.delivered["ack"].world == 90 * 60
    d.advance_to(10 * H)
    assert "press" not in d.state.delivered  # it waited on `not done(notify_authority)`


def test_same_time_arrivals_follow_file_order(scenario):
    d = start(scenario)
    d.advance_to(5 * H)
    order = [i for i, w, _ in arrivals(d) if w == 5 * H]
    assert order == ["same_time_b", "same_time_a"]


def test_ending_inject_ends_the_session(scenario):
    d = start(scenario)
    run_to_end(d)
    assert d.state.ended == {"reason": "inject", "ending": "finale"} and d.now == 90 * H
    with pytest.raises(Refused, match="ended"):
        d.act("declare_awareness")


def test_incomplete_notification_is_refused_with_the_missing_fields(scenario):
    d = start(scenario)
    d.advance_to(2 * H)
    with pytest.raises(Refused) as info:
        d.act("notify_authority", {"nature": "x"})
    assert set(info.value.missing) == {"categories", "dpo_contact", "consequences", "measures"}
    assert "notify_authority" not in d.state.done


def test_second_initial_refused_and_follow_up_linked(scenario):
    d = start(scenario)
    d.advance_to(2 * H)
    first = d.act("notify_authority", NOTIFY)
    with pytest.raises(Refused, match="follow-up"):
        d.act("notify_authority", NOTIFY)
    follow = d.act("notify_authority", {**NOTIFY, "kind": "follow_up"})
    assert follow.data["follows"] == first.seq


def test_follow_up_without_initial_is_refused(scenario):
    d = start(scenario)
    with pytest.raises(Refused, match="initial"):
        d.act("notify_authority", {**NOTIFY, "kind": "follow_up"})


def test_late_notification_needs_reasons_for_the_delay(scenario):
    d = start(scenario)
    d.advance_to(H + 73 * H)
    with pytest.raises(Refused) as info:
        d.act("notify_authority", NOTIFY)
    assert info.value.missing == ["delay_reasons"]
    d.act("notify_authority", {**NOTIFY, "delay_reasons": "Scope took long to establish"})


def test_deadlines_are_open_met_overdue_and_missed(scenario):
    d = start(scenario)
    d.advance_to(H + 30 * 60)
    found = {x.id: x for x in deadlines(scenario, d.state, d.now)}
    assert found["authority"].status is Status.open and found["authority"].due == 73 * H
    assert found["declared"].status is Status.open
    d.act("declare_awareness")
    d.advance_to(80 * H)
    found = {x.id: x for x in deadlines(scenario, d.state, d.now)}
    assert found["declared"].status is Status.met
    assert found["authority"].status is Status.overdue
    run_to_end(d)
    found = {x.id: x for x in deadlines(scenario, d.state, d.now)}
    assert found["authority"].status is Status.missed


@pytest.mark.parametrize(("scenario_id", "status"), [
    ("klantbestand-drukker", Status.not_required), ("hospital-ransomware", Status.open)])
def test_ended_early_without_notifying_is_not_required_only_where_the_facts_say_so(
        scenario_id, status):
    """Ended within the 72 hours without a notification: the summary and the report say
    "not required" where the facts require none, and "not done by the end" where they do."""
    from breachsim.scenario.bundled import find_bundled

    case = load(find_bundled(scenario_id)).scenario
    d = start(case)
    d.advance_to(10 * 60)
    d.act("declare_awareness")
    d.advance_to(2 * H)
    d.end()
    [authority] = [x for x in deadlines(case, d.state, d.now) if x.id == "authority"]
    assert authority.status is status


def test_declaring_awareness_early_starts_the_authority_clock_early(scenario):
    d = start(scenario)
    d.advance_to(10 * 60)
    d.act("declare_awareness")
    [authority] = [x for x in deadlines(scenario, d.state, d.now) if x.id == "authority"]
    assert authority.start == 600 and authority.due == 600 + 72 * H


def test_facilitator_fire_skip_adhoc_note_end(scenario):
    d = start(scenario)
    with pytest.raises(Refused):
        d.fire("no_such_inject")
    d.skip("same_time_a")
    d.fire("same_time_b")
    assert d.state.delivered["same_time_b"].via == "fired"
    inject_id = d.add_inject(title="Call from the mayor", channel="phone", sender="Mayor",
                             body="[bold]{{ not a template }}")
    assert d.state.delivered[inject_id].body == "[bold]{{ not a template }}"
    d.note("Team hesitated on the ransom", by="observer")
    d.advance_to(6 * H)
    assert "same_time_a" not in d.state.delivered
    assert [i for i, _, _ in arrivals(d)].count("same_time_b") == 1
    d.end()
    assert d.state.ended["reason"] == "facilitator"
    assert d.state.notes[0].by == "observer"


def test_jump_goes_to_the_next_thing_due(scenario):
    d = start(scenario)
    assert d.jump() == H
    assert "confirmed" in d.state.delivered
    with pytest.raises(Refused):
        d.jump(to=10)


def test_decision_refusals(scenario):
    d = start(scenario)
    with pytest.raises(Refused, match="not open"):
        d.decide("ransom", "pay")
    d.advance_to(2 * H)
    with pytest.raises(Refused, match="not an option"):
        d.decide("ransom", "haggle")
    d.decide("ransom", "pay")
    with pytest.raises(Refused, match=r"already decided by team at T\+02:00 \(pay\)"):
        d.decide("ransom", "refuse")


def test_same_seed_same_text_other_seed_other_names():
    scenario = load(ROOT / "breachsim" / "scenario" / "skeletons" / "en.scenario.yaml").scenario
    a, b, c = (start(scenario, seed=s) for s in (1, 1, 2))
    assert a.state.delivered["tape_missing"].body == b.state.delivered["tape_missing"].body
    assert a.state.delivered["tape_missing"].body != c.state.delivered["tape_missing"].body


def test_every_team_action_has_one_event_one_form_and_a_stock_answer(scenario):
    """The scenario language's actions are the engine's: each takes its own event kind and a
    form the diligent explorer can fill in, in the order the app offers them."""
    from breachsim.application.explore import stock_form
    from breachsim.engine.actions import FORMS, check_form
    from breachsim.engine.events import ACTION_EVENTS, ACTION_OF_EVENT
    from breachsim.scenario.vocab import TEAM_ACTIONS

    assert tuple(FORMS) == tuple(ACTION_EVENTS) == TEAM_ACTIONS
    assert len(ACTION_OF_EVENT) == len(TEAM_ACTIONS)  # no two actions share an event kind
    for action in TEAM_ACTIONS:
        check_form(action, stock_form(action, scenario))


@pytest.mark.parametrize("push", [{"burst": 0}, {"burst": 1001}, {"burst": 50, "topic": "Not A Slug"},
                                  {"burst": 50, "sentiment": 1.5}])
def test_a_storm_push_out_of_range_is_refused_and_records_nothing(scenario, push):
    director = start(scenario)
    before = director.state.seq
    with pytest.raises(Refused) as refused:
        director.push_storm(**push)
    assert refused.value.code == "storm_push" and refused.value.missing
    assert director.state.seq == before


def test_the_facilitators_storm_moves_are_events_a_resume_keeps(scenario):
    log: list = []
    director = start(scenario, log=log)
    director.push_storm(120, "leak-site", -0.7)
    director.calm_storm()
    kinds = [e.kind for e in log]
    assert kinds[-2:] == ["storm_pushed", "storm_calmed"]
    assert log[-2].data == {"burst": 120, "topic": "leak-site", "sentiment": -0.7}
    again = Director.resume(scenario, log, wall=lambda: "w")
    assert again.state.seq == log[-1].seq
