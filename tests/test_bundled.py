"""The bundled content is good enough to run a real exercise with."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from breachsim.application.validation import validate
from breachsim.scenario import conditions, load
from breachsim.scenario.bundled import DEMO_SCENARIO, bundled_dir, bundled_scenarios, find_bundled

SCENARIOS = bundled_scenarios()
LIBRARIES = sorted(bundled_dir("injects").glob("*.injects.yaml"))


def test_there_are_enough_scenarios_in_both_languages():
    languages = Counter(load(p).scenario.language.value for p in SCENARIOS)
    assert len(SCENARIOS) >= 5
    assert languages["en"] >= 2 and languages["nl"] >= 2
    assert find_bundled(DEMO_SCENARIO) is not None


@pytest.mark.parametrize("path", SCENARIOS + LIBRARIES, ids=lambda p: p.name)
def test_bundled_file_validates_clean_even_strictly(path: Path):
    report = validate([path])
    assert report.diagnostics == [], report.text()


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_scenario_is_rich_enough_to_play(path: Path):
    scenario = load(path).scenario
    minutes = scenario.clock.duration.total_seconds() / scenario.clock.speed / 60
    assert 60 <= minutes <= 180, f"{minutes:.0f} minutes of play"
    assert len(scenario.injects) >= 15
    branching = [i for i in scenario.injects if i.decision and _really_branches(scenario, i)]
    assert len(branching) >= 3, [i.id for i in branching]
    channels = {i.channel.value for i in scenario.injects}
    senders = {scenario.personas[i.from_].role.value if i.from_ in scenario.personas else i.from_
               for i in scenario.injects}
    assert "regulator" in channels | senders
    assert {"customer", "contact_centre"} & (channels | senders)
    assert "journalist" in senders
    assert {"news", "social"} & channels
    assert sum(len(i.expect) for i in scenario.injects) >= 3
    assert len(scenario.objectives) >= 3
    assert sum(i.marks_awareness for i in scenario.injects) >= 1
    assert any(i.ends for i in scenario.injects) or any(
        o.ends for d in scenario.decisions.values() for o in d.options)
    assert any(i.storm and i.storm.burst for i in scenario.injects)
    assert scenario.imports, "bundled scenarios show how libraries are reused"


def _really_branches(scenario, inject) -> bool:
    tested = set()
    for other in scenario.injects:
        if other.when:
            for node in conditions.walk(conditions.parse(other.when)):
                if isinstance(node, conditions.Call) and node.func == "chose":
                    tested.add(tuple(node.args))
    effects = {
        (tuple(sorted(t.inject for t in o.triggers)), tuple(sorted(map(str, o.set.items()))),
         o.ends, (inject.id, o.id) in tested)
        for o in inject.decision.options
    }
    return len(effects) >= 2


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_scenario_points_editors_at_the_schema(path: Path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/scenario.schema.json"


def _library_pairs():
    names = sorted({p.name.split(".")[0] for p in LIBRARIES})
    return [(bundled_dir("injects") / f"{n}.en.injects.yaml",
             bundled_dir("injects") / f"{n}.nl.injects.yaml") for n in names]


def test_library_has_thirty_injects_in_both_languages():
    total = 0
    for en, nl in _library_pairs():
        assert en.is_file() and nl.is_file()
        en_data, nl_data = (yaml.safe_load(p.read_text(encoding="utf-8")) for p in (en, nl))
        shape = lambda d: [(i["id"], i["channel"], sorted(i.get("params", {}))) for i in d["injects"]]  # noqa: E731
        assert shape(en_data) == shape(nl_data), en.name
        assert (en_data["language"], nl_data["language"]) == ("en", "nl")
        total += len(en_data["injects"])
    assert total >= 30


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_every_inject_is_delivered_on_some_path(path: Path):
    from breachsim.application.explore import explore

    scenario = load(path).scenario
    result = explore(scenario, seed=1, max_paths=300, wall=lambda: "w")
    assert result.never_delivered(scenario) == []
    assert len(result.endings) >= 1
