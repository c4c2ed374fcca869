"""The risk assessment, case by case against the guidelines it is built on (see the sources
in tests/assess_cases/guidelines.yaml and docs/rules.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from breachsim.law.jurisdiction import codes
from breachsim.rules.assessment import Assessment, assess, render_text
from breachsim.scenario.model import BreachFacts

CASES = yaml.safe_load((Path(__file__).parent / "assess_cases" / "guidelines.yaml")
                       .read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case_from_the_guidelines(case):
    assert case["source"].strip(), "every case names its source"
    result = assess(BreachFacts.model_validate(case["facts"]), "EU")
    got = {key: getattr(result, key) for key in case["expect"]}
    if "unknowns" in got:
        got["unknowns"] = list(got["unknowns"])
    assert got == case["expect"], case["source"]


def test_there_are_enough_cases_and_ids_are_unique():
    ids = [c["id"] for c in CASES]
    assert len(ids) >= 20 and len(set(ids)) == len(ids)


#: The worked examples: the cases that carry the regulators' own answer.
WORKED = [c for c in CASES if "guideline" in c]
CALLS = ("notify_authority", "notify_subjects")


def agreement(cases: list[dict]) -> tuple[list[str], int]:
    """The calls on which the assessment and the guidelines part (as ``id: call``), and the
    number of calls the guidelines answer."""
    parted, calls = [], 0
    for case in cases:
        result = assess(BreachFacts.model_validate(case["facts"]), "EU")
        for call, answer in case["guideline"].items():
            calls += 1
            if getattr(result, call) != answer:
                parted.append(f"{case['id']}: {call}")
    return parted, calls


def test_every_worked_example_is_a_case():
    numbers = {c["id"].split("-")[1] for c in WORKED if c["id"].startswith("edpb01-")}
    assert numbers == {f"case{n:02}" for n in range(1, 19)}, "EDPB 01/2021 cases 01-18"
    assert sum(c["id"].startswith("edpb9-") for c in WORKED) >= 13, "EDPB 9/2022 Annex B"
    assert all(set(c["guideline"]) <= set(CALLS) for c in WORKED)


def test_the_assessment_agrees_with_the_guidelines_on_95_percent_of_calls():
    parted, calls = agreement(WORKED)
    assert 1 - len(parted) / calls >= 0.95, parted


def test_where_a_case_departs_from_the_guideline_its_source_says_so():
    for case in WORKED:
        departs = any(case["expect"][call] != answer for call, answer in case["guideline"].items())
        assert departs == ("departs" in case["source"]), case["id"]


def test_the_deadline_and_authority_come_from_the_jurisdiction():
    facts = BreachFacts(nature=["confidentiality"], data_categories=["health"])
    for code in codes():
        result = assess(facts, code, "nl")
        assert result.deadline_hours == 72
        assert result.authority and result.authority == assess(facts, code, "nl").authority
    assert assess(facts, "NL", "nl").authority == "Autoriteit Persoonsgegevens"
    assert assess(facts, "NL", "en").authority.startswith("Autoriteit Persoonsgegevens (")


def test_no_deadline_without_a_duty_to_notify():
    facts = BreachFacts(nature=["availability"], backup_available=True, restore_hours=1,
                        controller_role="controller")
    result = assess(facts, "BE")
    assert not result.notify_authority and result.deadline_hours is None


def test_every_reason_names_a_factor_and_an_effect_in_both_languages():
    for case in CASES:
        facts = BreachFacts.model_validate(case["facts"])
        english, dutch = assess(facts, "NL", "en"), assess(facts, "NL", "nl")
        assert english.reasons, case["id"]
        assert [r.factor for r in english.reasons] == [r.factor for r in dutch.reasons]
        factors = [r.factor for r in english.reasons]
        assert len(factors) == len(set(factors)), f"one reason per factor in {case['id']}"
        for en, nl in zip(english.reasons, dutch.reasons, strict=True):
            assert en.effect in ("raises", "lowers", "decides")
            assert en.text and nl.text and en.text != nl.text


def test_a_processor_is_told_to_inform_the_controller():
    facts = BreachFacts(nature=["confidentiality"], data_categories=["health"],
                        controller_role="processor")
    result = assess(facts, "IE")
    assert (result.risk, result.notify_authority, result.notify_subjects) == ("high", False, False)
    assert result.deadline_hours is None and result.exception is None
    [role] = [r for r in result.reasons if r.factor == "controller_role"]
    assert role.effect == "decides" and "Art. 33(2)" in role.text
    assert "Art. 33(2)" in render_text(result, "en").splitlines()[1]


def test_knowing_a_listed_unknown_can_only_lower_the_answer():
    """The careful assumptions are the strict side: filling in an unknown never raises."""
    facts = BreachFacts(data_categories=["identity", "financial"])
    before = assess(facts, "EU")
    order = ["none", "risk", "high"]
    reassuring = {"exfiltration": "none", "encrypted": True, "key_compromised": False,
                  "backup_available": True, "restore_hours": 0, "data_recovered": True,
                  "identifiable": False, "risk_source": "internal_accidental",
                  "recipients_trusted": True}
    for name in before.unknowns:
        if name in reassuring:
            after = assess(facts.model_copy(update={name: reassuring[name]}), "EU")
            assert order.index(after.risk) <= order.index(before.risk), name


def test_a_fully_known_breach_rests_on_no_unknowns():
    facts = BreachFacts(nature=["confidentiality"], data_categories=["contact"],
                        encrypted=False, exfiltration="confirmed", risk_source="internal_malicious",
                        identifiable=True, data_recovered=False, controller_role="controller")
    assert assess(facts, "EU").unknowns == ()


def test_a_known_part_at_the_level_settles_it_whatever_else_is_unknown():
    """Availability data lost for good is high on its own; the unknown exfiltration of the
    confidentiality part does not decide the answer."""
    facts = BreachFacts(nature=["availability", "confidentiality"], data_categories=["health"],
                        backup_available=False, data_recovered=False, encrypted=False,
                        identifiable=True, controller_role="controller")
    result = assess(facts, "EU")
    assert result.risk == "high" and result.unknowns == ()


def test_the_json_has_exactly_the_documented_fields():
    data = Assessment.model_validate_json(assess(BreachFacts(), "NL").to_json()).model_dump()
    assert list(data) == ["risk", "notify_authority", "notify_subjects", "exception",
                          "deadline_hours", "authority", "unknowns", "reasons", "enisa"]
    assert set(data["enisa"]) == {"score", "level", "dpc", "ei", "cb"}


def test_the_text_says_the_same_in_dutch():
    facts = BreachFacts(nature=["availability"], data_categories=["identity", "contact", "health"],
                        backup_available=False, data_recovered=False, controller_role="controller")
    text = render_text(assess(facts, "NL", "nl"), "nl")
    assert "Risico: een hoog risico" in text
    assert "openbare mededeling (art. 34(3)(c))" in text
    assert "binnen 72 uur" in text and "Autoriteit Persoonsgegevens" in text


@pytest.mark.parametrize(("facts", "score", "level"), [
    # ENISA 2013 worked logic: simple data, fully identifiable, no circumstances → 1, low
    ({"nature": ["confidentiality"], "data_categories": ["contact"], "exfiltration": "none",
      "risk_source": "internal_accidental"}, 1.0, "low"),
    # sensitive data (DPC 4) × EI 1, disclosed to unknown recipients (0.5) with malice (0.5)
    ({"nature": ["confidentiality"], "data_categories": ["health"],
      "exfiltration": "confirmed", "risk_source": "external_malicious"}, 5.0, "very_high"),
    # financial (3) × not identifiable (0.25) + known recipients (0.25)
    ({"nature": ["confidentiality"], "data_categories": ["financial"], "identifiable": False,
      "exfiltration": "confirmed", "risk_source": "internal_accidental"}, 1.0, "low"),
])
def test_enisa_severity(facts, score, level):
    result = assess(BreachFacts.model_validate(facts), "EU").enisa
    assert (result.score, result.level) == (score, level)


def _facts():
    from hypothesis import strategies as st

    from breachsim.scenario.vocab import (
        ControllerRole,
        DataCategory,
        Exfiltration,
        Nature,
        RiskSource,
    )

    def maybe(strategy):
        return st.none() | strategy

    def some(enum):
        return maybe(st.lists(st.sampled_from(list(enum)), min_size=1, max_size=4))

    return st.builds(
        BreachFacts,
        nature=some(Nature), data_categories=some(DataCategory),
        special_categories=maybe(st.booleans()), data_subjects=maybe(st.integers(0, 10**6)),
        records=maybe(st.integers(0, 10**6)), vulnerable_subjects=maybe(st.booleans()),
        encrypted=maybe(st.booleans()), key_compromised=maybe(st.booleans()),
        backup_available=maybe(st.booleans()), restore_hours=maybe(st.floats(0, 500)),
        exfiltration=maybe(st.sampled_from(list(Exfiltration))),
        risk_source=maybe(st.sampled_from(list(RiskSource))),
        recipients_trusted=maybe(st.booleans()), data_recovered=maybe(st.booleans()),
        identifiable=maybe(st.booleans()),
        controller_role=maybe(st.sampled_from(list(ControllerRole))),
    )


def test_the_answer_always_hangs_together():
    from hypothesis import given, settings

    @settings(max_examples=300, deadline=None)
    @given(_facts())
    def check(facts):
        result = assess(facts, "NL", "nl")
        assert result.notify_authority == (result.risk != "none"
                                           and facts.controller_role != "processor")
        assert result.notify_subjects == (result.notify_authority and result.risk == "high")
        assert (result.deadline_hours is not None) == result.notify_authority
        assert set(result.unknowns) <= {k for k, v in facts if v is None}
        if result.exception == "disproportionate_effort":
            assert result.notify_subjects
        elif result.exception:
            assert result.risk != "high"
        assert len({r.factor for r in result.reasons}) == len(result.reasons)
        assert render_text(result, "nl")

    check()


def test_the_enisa_line_writes_decimals_as_the_language_does():
    facts = BreachFacts.model_validate({"nature": ["confidentiality"],
                                        "data_categories": ["health"], "identifiable": False})
    result = assess(facts, "NL", "nl")
    assert result.enisa.ei == 0.25
    [dutch] = [line for line in render_text(result, "nl").splitlines() if "ENISA" in line]
    [english] = [line for line in render_text(result, "en").splitlines() if "ENISA" in line]
    assert "EI 0,25" in dutch and "EI 0.25" in english
