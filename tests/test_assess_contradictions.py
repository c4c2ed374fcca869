"""A scenario's `breach` block is assessed like any facts; its objectives and expectations
should not contradict that assessment."""

from __future__ import annotations

import pytest

from breachsim.rules.assessment import assess, scenario_assessment
from breachsim.rules.contradictions import objective_contradictions
from breachsim.scenario import load
from breachsim.scenario.bundled import bundled_scenarios

SAFE_BREACH = """breach:
  nature: [confidentiality]
  data_categories: [identity, contact, financial]
  data_subjects: 40000
  encrypted: true
  key_compromised: false
  exfiltration: suspected
  risk_source: external_accidental
"""
SKELETON_BREACH = SAFE_BREACH.replace(
    "  encrypted: true\n  key_compromised: false\n", "  encrypted: false\n")


def _scenario(write, text: str):
    result = load(write(text))
    assert result.ok, [str(d) for d in result.errors]
    return result.scenario


def _with(skeleton_text: str, breach: str = SKELETON_BREACH, extra_inject: str = "",
          objectives: str | None = None) -> str:
    head, rest = skeleton_text.split("\nbreach:", 1)
    text = head + "\n" + breach + "\nclock:" + rest.split("\nclock:", 1)[1]
    if extra_inject:
        text = text.replace("\nobjectives:", extra_inject + "\nobjectives:")
    if objectives is not None:
        text = text.split("\nobjectives:")[0] + "\nobjectives:\n" + objectives
    return text


NOTIFY_INJECT = """
  - id: dpo_advice
    title: The DPO advises
    channel: email
    from: dpo
    to: team
    after: {inject: tape_missing, delay: 1h}
    body: Please notify the authority.
    expect:
      - action: notify_authority
        within: 24h
"""


@pytest.mark.parametrize("path", bundled_scenarios(), ids=lambda p: p.name)
def test_bundled_scenarios_agree_with_their_own_facts(path):
    assert objective_contradictions(load(path).scenario) == []


def test_the_scenario_assessment_is_the_assessment_of_its_breach_block(write, skeleton_text):
    scenario = _scenario(write, skeleton_text)
    assert scenario_assessment(scenario) == assess(scenario.breach, "EU", "en")
    assert objective_contradictions(scenario) == []


def test_no_risk_yet_an_inject_expects_notifying_the_authority(write, skeleton_text):
    scenario = _scenario(write, _with(skeleton_text, SAFE_BREACH, NOTIFY_INJECT))
    assert scenario_assessment(scenario).risk == "none"
    [inject, objective] = objective_contradictions(scenario)
    assert inject.startswith("inject 'dpo_advice' expects the team to notify the authority")
    assert "a risk to people is unlikely" in inject
    assert objective.startswith("objective 'notify_in_time' scores regulatory_timeliness")


def test_a_follow_up_to_a_notification_is_not_a_contradiction(write, skeleton_text):
    follow_up = NOTIFY_INJECT.replace("    after: {inject: tape_missing, delay: 1h}\n",
                                      "    when: done(notify_authority) and not told_customers\n")
    text = _with(skeleton_text, SAFE_BREACH, follow_up,
                 objectives="  - id: judge\n    title: Judge\n    criteria: [notify_judgement]\n")
    assert objective_contradictions(_scenario(write, text)) == []


def test_high_risk_yet_nothing_expects_telling_the_people(write, skeleton_text):
    text = _with(skeleton_text, SKELETON_BREACH, NOTIFY_INJECT,
                 objectives="  - id: authority\n    title: Notify\n"
                            "    criteria: [regulatory_timeliness]\n")
    scenario = _scenario(write, text)
    assert scenario_assessment(scenario).notify_subjects
    [problem] = objective_contradictions(scenario)
    assert "risk to the people high" in problem and "nothing in the scenario expects" in problem


def test_a_processor_informs_the_controller_instead(write, skeleton_text):
    processor = SKELETON_BREACH + "  controller_role: processor\n"
    scenario = _scenario(write, _with(skeleton_text, processor, NOTIFY_INJECT))
    problems = objective_contradictions(scenario)
    assert any("inject 'dpo_advice'" in p and "Art. 33(2)" in p for p in problems)
    assert any("inform the controller" in p for p in problems)
