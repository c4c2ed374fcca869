"""Scoring: findings with evidence from the log, objectives, and the good/bad playthroughs."""

from __future__ import annotations

from pathlib import Path

import pytest

from breachsim.application.plan import load_plan
from breachsim.application.play import play, run_to_end
from breachsim.engine.director import Director
from breachsim.engine.events import Event
from breachsim.rules.assessment import scenario_assessment
from breachsim.rules.findings import Rating
from breachsim.rules.plain_language import check_message
from breachsim.rules.scoring import score
from breachsim.scenario import load
from breachsim.scenario.bundled import bundled_scenarios

from .conftest import ROOT
from .test_engine import NOTIFY

CASE = load(ROOT / "tests" / "engine_cases" / "branching.scenario.yaml").scenario
REGULATORY = {"awareness", "regulatory_timeliness", "notify_judgement",
              "notification_completeness", "documentation"}
H = 3600


def played(plan_path: Path):
    scenario = load(ROOT / "scenarios" / f"{plan_path.name.split('.')[0]}.scenario.yaml").scenario
    plan, _ = load_plan(plan_path, scenario)
    log: list[Event] = []
    play(scenario, plan, session="s", seed=plan.seed or 1, team="T", wall=lambda: "w",
         sink=log.extend)
    return scenario, log


def regulatory(scenario, result):
    wanted = {o.id for o in scenario.objectives
              if {str(c) for c in o.criteria} & REGULATORY}
    return [o for o in result.objectives if o.id in wanted and o.rating is not None]


@pytest.mark.parametrize("scenario_path", bundled_scenarios(), ids=lambda p: p.name)
def test_good_plan_rates_p_or_s_and_bad_plan_m_or_u_on_the_regulatory_objectives(scenario_path):
    scenario_id = scenario_path.name.removesuffix(".scenario.yaml")
    folder = ROOT / "tests" / "playthroughs"
    scenario, good_log = played(folder / f"{scenario_id}.good.plan.yaml")
    good = score(scenario, good_log)
    _, bad_log = played(folder / f"{scenario_id}.bad.plan.yaml")
    bad = score(scenario, bad_log)
    good_reg, bad_reg = regulatory(scenario, good), regulatory(scenario, bad)
    assert good_reg and bad_reg, "every bundled scenario has a regulatory objective"
    assert all(o.rating in (Rating.P, Rating.S) for o in good_reg), [
        (o.id, o.rating) for o in good_reg]
    weight = sum(o.weight for o in bad_reg)
    mean = sum(o.weight * o.points for o in bad_reg) / weight
    assert Rating.from_points(mean) in (Rating.M, Rating.U), [(o.id, o.rating) for o in bad_reg]
    assert good.percent > bad.percent + 30


def test_score_is_a_pure_function_of_the_log():
    scenario, log = played(ROOT / "tests" / "playthroughs" / "hospital-ransomware.good.plan.yaml")
    first, second = score(scenario, log), score(scenario, [Event.from_json(e.to_json())
                                                          for e in log])
    assert first.as_dict() == second.as_dict()
    seqs = {e.seq for e in log}
    assert all(set(f.evidence) <= seqs for f in first.findings)
    assert all(f.source for f in first.findings)


def start(scenario=CASE):
    log: list[Event] = []
    director = Director.start(scenario, session="s", seed=1, team="T", wall=lambda: "w",
                              sink=log.extend)
    return director, log


def findings_of(log, criterion):
    return [f for f in score(CASE, log).findings if f.criterion == criterion]


def test_not_notifying_when_required_is_unable_and_on_time_is_performed():
    assert scenario_assessment(CASE).notify_authority
    director, log = start()
    run_to_end(director)
    [timely] = findings_of(log, "regulatory_timeliness")
    assert timely.rating is Rating.U
    director, log = start()
    director.advance_to(2 * H)
    event = director.act("notify_authority", NOTIFY)
    run_to_end(director)
    [timely] = findings_of(log, "regulatory_timeliness")
    assert timely.rating is Rating.P and timely.evidence == (event.seq,)


def test_an_exercise_ended_inside_the_window_says_so_of_the_missing_notification():
    """Ended by the facilitator at T+10h, the 72 hours not gone: the notification the team
    did not send is still rated (the objective would otherwise read P on awareness alone),
    but said as not sent by the end, not as never sent; ended past the window, it is never."""
    for end, words in ((10 * H, "Not notified when the exercise ended at T+10:00; the window "
                                "was open until T+"), (80 * H, "The authority was never notified.")):
        director, log = start()
        director.advance_to(end)
        if not director.ended:
            director.end()
        [timely] = findings_of(log, "regulatory_timeliness")
        assert timely.rating is Rating.U and timely.observed.startswith(words), timely.observed


def test_late_with_reasons_for_the_delay_rates_some_challenges():
    director, log = start()
    director.advance_to(80 * H)
    director.act("notify_authority", {**NOTIFY, "delay_reasons": "Scope unclear"})
    [timely] = findings_of(log, "regulatory_timeliness")
    assert timely.rating is Rating.S and "reasons for the delay" in timely.observed


def test_notifying_when_not_required_is_not_punished_but_said(tmp_path):
    text = (ROOT / "tests" / "engine_cases" / "branching.scenario.yaml").read_text()
    text = text.replace("breach: {nature: [confidentiality], data_categories: [identity, contact], "
                        "data_subjects: 900}",
                        "breach: {nature: [confidentiality], data_categories: [contact], "
                        "data_subjects: 3, encrypted: true, key_compromised: false}")
    path = tmp_path / "low.scenario.yaml"
    path.write_text(text)
    scenario = load(path).scenario
    assert not scenario_assessment(scenario).notify_authority
    log: list[Event] = []
    director = Director.start(scenario, session="s", seed=1, team="T", wall=lambda: "w",
                              sink=log.extend)
    director.advance_to(2 * H)
    director.act("notify_authority", NOTIFY)
    judged = [f for f in score(scenario, log).findings if f.criterion == "notify_judgement"]
    assert judged[0].rating is Rating.S and "breaks no law" in judged[0].note
    assert not [f for f in score(scenario, log).findings
                if f.criterion == "regulatory_timeliness"]


def test_a_follow_up_is_expected_after_new_facts():
    director, log = start()
    director.advance_to(30 * 60)
    director.act("notify_authority", NOTIFY)  # before exfiltration is confirmed at T+01:00
    director.advance_to(2 * H)
    [complete] = findings_of(log, "notification_completeness")
    assert complete.rating is Rating.S and "exfiltration" in complete.observed
    director.act("notify_authority", {**NOTIFY, "kind": "follow_up"})
    [complete] = findings_of(log, "notification_completeness")
    assert complete.rating is Rating.P


def test_denying_in_public_what_the_authority_was_told_is_inconsistent():
    director, log = start()
    director.advance_to(2 * H)
    director.act("notify_authority", NOTIFY)
    director.act("public_statement", {"kind": "holding", "stance": "deny",
                                      "text": "No data was involved."})
    ratings = [f.rating for f in findings_of(log, "crisis_communication")]
    assert ratings.count(Rating.U) == 2  # the stance, and the inconsistency


def test_expectations_are_rated_by_their_deadlines():
    director, log = start()
    director.advance_to(H + 30 * 60)
    director.act("declare_awareness")
    [declared] = [f for f in score(CASE, log).findings if f.criterion == "declared"]
    assert declared.rating is Rating.P


def test_messages_to_people_are_checked_for_the_art_34_elements():
    good = ("We lost a backup tape with your name and address. Criminals may use it for "
            "phishing. We have reported it to the police. Be alert to odd e-mails. Questions? "
            "Call 0800 123 or e-mail privacy@example.org.")
    check = check_message(good, "en")
    assert check.missing == () and check.clear
    poor = check_message("Pursuant to article 34 we hereby inform the data subject of an "
                         "incident in accordance with our obligations.", "en")
    assert "contact" in poor.missing and not poor.clear
    dutch = check_message("Er is een datalek geweest. Criminelen kunnen uw gegevens misbruiken. "
                          "We hebben de politie ingelicht. Vragen? Bel ons.", "nl")
    assert dutch.missing == ()


def test_the_score_summary_names_strengths_and_what_to_improve():
    from breachsim.rules.report_text import score_text

    folder = ROOT / "tests" / "playthroughs"
    scenario, good_log = played(folder / "hospital-ransomware.good.plan.yaml")
    good = score_text(score(scenario, good_log).as_dict())
    _, bad_log = played(folder / "hospital-ransomware.bad.plan.yaml")
    bad = score_text(score(scenario, bad_log).as_dict())
    assert "strengths:" in good and "to improve:" not in good
    assert "to improve:" in bad
    improve = bad.split("to improve:")[1].split("\n\n")[0]
    assert all(line.strip()[0] in "MU" for line in improve.strip().splitlines())


def test_a_dutch_session_writes_its_numbers_in_dutch():
    scenario, log = played(ROOT / "tests" / "playthroughs" / "gestolen-laptop.good.plan.yaml")
    assert scenario.language.value == "nl"
    result = score(scenario, log)
    [first] = [f.observed for f in result.findings if f.observed.startswith("Eerste verklaring")]
    assert "0,6 uur" in first
    assert result.fines.basis.startswith("10.000.000 of 2% van de")


def test_a_decision_left_to_the_clock_is_settled_and_rated_m():
    from breachsim.rules.deadlines import Status, deadlines
    from breachsim.scenario import load
    from breachsim.scenario.bundled import find_bundled

    scenario = load(find_bundled("hospital-ransomware")).scenario
    log: list = []
    result = play(scenario, None, session="s", seed=1, team="T", wall=lambda: "w",
                  sink=log.extend)
    state = result.director.state
    timed_out = [d for d, c in state.choices.items() if c.by == "timeout"]
    assert timed_out  # a team that does nothing lets every decision time out
    expected = [d for d in deadlines(scenario, state, state.world)
                if d.action == "decide" and d.inject in timed_out]
    assert expected and all(d.status is Status.missed for d in expected)
    found = {f.criterion: f for f in score(scenario, log).findings}
    for deadline in expected:
        finding = found[deadline.id]
        assert finding.rating.value == "M" and "default" in finding.observed


def test_one_authority_clock_and_an_early_declaration_counts():
    """Declaring awareness before the inject that marks it meets the expectation to declare;
    the scenario's own "notify within 72h" is not a second clock beside the authority's."""
    from breachsim.rules.deadlines import Status, deadlines, distinct
    from breachsim.scenario import load
    from breachsim.scenario.bundled import find_bundled

    scenario = load(find_bundled("hospital-ransomware")).scenario
    director = Director.start(scenario, session="s", seed=1, team="T", wall=lambda: "w")
    director.advance_to(10 * 60)  # the night alert is in, the CISO's call is not
    assert "ransomware_confirmed" not in director.state.delivered
    director.act("declare_awareness", {})
    director.advance_to(3 * 3600)
    found = deadlines(scenario, director.state, director.now)
    declare = next(d for d in found if d.id == "declare_on_time")
    assert declare.status is Status.met
    shown = distinct(found)
    assert [d.id for d in shown if d.action == "notify_authority"] == ["authority"]
    assert "notify_ap_72h" in {d.id for d in found}  # still scored as the scenario's own


PLANS = sorted((ROOT / "tests" / "playthroughs").glob("*.plan.yaml"))


@pytest.mark.parametrize("plan_path", PLANS, ids=lambda p: p.name)
def test_ratings_agree_with_their_findings(plan_path):
    """No objective is "performed without challenges" beside a finding that met challenges,
    nor above M beside a task not performed; the exercise's rating obeys the same over its
    objectives; every finding counts in some objective; a held-down rating says why."""
    scenario, log = played(plan_path)
    result = score(scenario, log)
    grouped = {f for o in result.objectives for f in o.findings}
    assert set(result.findings) == grouped
    for objective in (o for o in result.objectives if o.findings):
        ratings = [f.rating for f in objective.findings]
        if objective.rating is Rating.P:
            assert set(ratings) == {Rating.P}, objective.id
        if Rating.U in ratings:
            assert objective.rating in (Rating.M, Rating.U), objective.id
        earned = Rating.from_points(objective.points)
        assert (objective.reason is not None) == (earned is not objective.rating)
        if objective.reason:
            worst = min(objective.findings, key=lambda f: f.points)
            assert worst.title in objective.reason
    rated = [o for o in result.objectives if o.rating is not None]
    if result.rating is Rating.P:
        assert all(o.rating is Rating.P for o in rated)
    if any(o.rating is Rating.U for o in rated):
        assert result.rating in (Rating.M, Rating.U)


def test_findings_no_objective_names_still_count():
    """An expectation without an id cannot be named by an objective: it counts in one more
    group, so leaving it undone lowers the score."""
    scenario = CASE.model_copy(update={"objectives": CASE.objectives[:1]})
    director, log = start(scenario)
    run_to_end(director)
    result = score(scenario, log)
    [other] = [o for o in result.objectives if o.id == "_other"]
    assert other.title == "Other criteria and expectations (in no objective)"
    named = {str(c) for c in scenario.objectives[0].criteria}
    assert other.findings and all(f.criterion not in named for f in other.findings)
    unrated = [f for f in other.findings if f.rating is not Rating.P]
    assert unrated and result.percent < 100


def test_every_timed_finding_says_by_when_it_was_due():
    scenario, log = played(ROOT / "tests" / "playthroughs" / "hospital-ransomware.bad.plan.yaml")
    findings = score(scenario, log).findings
    timed = [f for f in findings if f.criterion in (
        "awareness", "regulatory_timeliness", "documentation", "request_handling")
        or f.criterion not in REGULATORY | {"notify_judgement", "subject_communication",
                                            "crisis_communication", "coordination"}]
    assert len(timed) > 10
    for finding in timed:
        assert "T+" in finding.expected, (finding.criterion, finding.expected)
    not_done = [f for f in findings if f.rating is Rating.U and f.observed.startswith("Not done")]
    assert not_done and all("deadline passed at T+" in f.observed for f in not_done)
    late = [f for f in findings if f.observed.startswith("Done late")]
    assert late and all("after the deadline" in f.observed for f in late)
