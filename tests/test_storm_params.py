"""The storm's parameters, kernel and phrase banks: documented, sourced, overridable, sound."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml

from breachsim.scenario.model import StormSettings
from breachsim.storm import Storm, compute, defaults
from breachsim.storm import kernel as kernels
from breachsim.storm.params import PERSONAS, STANCES, sources
from breachsim.storm.phrases import bank, check, languages

from .conftest import ROOT
from .storm_support import HOUR, scenario, session

DOC = (ROOT / "docs" / "storm.md").read_text(encoding="utf-8")


def _value(value) -> str:
    """A default as docs/storm.md writes it."""
    if isinstance(value, dict):
        return ", ".join(f"{k} ({_value(v)})" if isinstance(v, dict) else f"{k} {_value(v)}"
                         for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value)
    return "unset" if value is None else str(value)


@pytest.mark.parametrize("name", sorted(sources()))
def test_every_parameter_is_documented_with_its_default_source_and_confidence(name):
    entry = sources()[name]
    assert entry["confidence"] in ("H", "M", "L", "design") and entry["source"].strip()
    row = (f"| `{name.removeprefix('effects.')}` | {_value(entry['value'])} | "
           f"{entry['confidence']} | {entry['source']} |")
    assert row in DOC, row


def test_the_defaults_load_and_every_effect_row_is_known():
    params = defaults()
    assert set(params.effects) == {n.removeprefix("effects.") for n in sources()
                                   if n.startswith("effects.")}
    assert params.half_life == 24 * HOUR and params.onset == 300


def test_the_power_law_fit_follows_seismic_and_the_kernel_keeps_its_early_share():
    theta, onset = 0.2315, 300.0
    density = theta / (onset * (1 + theta))
    uncut = kernels.social(theta, onset, cutoff=1e12)
    for t in (60, 300, 2430, 3600, 13.5 * HOUR, 24 * HOUR, 600 * HOUR):
        exact = 1 - density * t if t < onset else density * onset / theta * (t / onset) ** -theta
        assert uncut.survival(t) == pytest.approx(exact, rel=0.05), t
    storm = Storm(scenario(), 1)
    social = storm.kernels["social"]
    assert 0.15 < 1 - social.survival(300) < 0.22  # SEISMIC: about 19% within 5 minutes
    assert 50 * 60 < social.quantile(0.5) < 90 * 60  # docs/storm.md: a median of 69 minutes
    assert sum(social.weights) == pytest.approx(1.0)


def test_the_slow_memory_makes_an_unfed_storm_halve_in_the_half_life():
    for branching, linger, half_life in ((0.67, 0.4, 24 * HOUR), (0.5, 0.3, 12 * HOUR)):
        slow = kernels.lingering(branching, linger, half_life)
        kernel = kernels.social(0.2315, 300.0, 12 * HOUR, linger, slow)
        rate = kernel.decay_rate(branching)
        assert 0.5 ** (1 / half_life) == pytest.approx(2.718281828 ** -rate, rel=0.02)


def test_the_scenario_format_reference_example_is_valid_settings():
    text = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    [block] = [b for b in re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)
               if b.startswith("storm:")]
    settings = StormSettings.model_validate(yaml.safe_load(block)["storm"])
    assert settings.volume == 3 and settings.half_life.total_seconds() == 12 * HOUR


def test_a_scenario_turns_channels_off_and_the_volume_up():
    base = scenario()
    log = session(base, 2, until=20 * HOUR)
    usual = compute(base, 2, log, 20 * HOUR)
    narrow = scenario(storm={"channels": ["microblog", "news"], "volume": 3})
    posts = compute(narrow, 2, session(narrow, 2, until=20 * HOUR), 20 * HOUR)
    assert {p.channel for p in posts} == {"microblog", "news"}
    assert (sum(p.channel == "microblog" for p in posts)
            > 2 * sum(p.channel == "microblog" for p in usual))


def test_a_scenarios_baseline_is_items_an_hour_once_the_story_is_public():
    quiet = scenario(burst=0, storm={"baseline": {"microblog": 120, "forum": 0, "news": 0,
                                                  "ticker": 0, "contact": 0},
                                     "branching": 0})
    posts = compute(quiet, 1, session(quiet, 1, until=30 * HOUR), 30 * HOUR)
    day = [p for p in posts if 6 * HOUR <= p.t < 30 * HOUR]  # the social inject at T+02:00
    assert not [p for p in posts if p.t < 2 * HOUR]
    assert len(day) == pytest.approx(24 * 120, rel=0.1)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_phrase_banks_are_sound_and_cover_every_voice(language):
    phrases = bank(language)
    assert check(phrases) == []
    social = phrases["social"]
    params = defaults()
    for persona in PERSONAS:
        for stance in STANCES:
            if params.affinity.get(persona, {}).get(stance, 0) <= 0:
                continue
            own = social["core"].get(persona, {}).get(stance, [])
            borrowed = (social["core"]["customer"].get(stance, [])
                        if persona in ("patient", "parent", "influencer") else [])
            assert own or borrowed, (language, persona, stance)


def test_both_languages_say_the_same_things():
    def shape(node):
        if isinstance(node, dict):
            return {k: shape(v) for k, v in node.items() if k not in ("outlets", "language")}
        return None

    english, dutch = (shape(bank(code)) for code in languages())
    assert english == dutch
    assert languages() == ["en", "nl"]


def test_the_storm_is_headless_and_leaves_faker_unloaded_until_a_storm_is_made():
    code = ("import sys, breachsim.storm, breachsim.storm.output\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'faker')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("volume", [0.0, -1.0, float("nan")])
def test_a_volume_that_is_not_positive_is_refused(volume):
    with pytest.raises(ValueError, match="volume"):
        Storm(scenario(), 1, volume=volume)
