"""The storm's speed.

Targets (issue 12): at least 100,000 posts a second per locale, and at least 15 times a raw
Faker loop (one identity and one sentence per post) measured in the same run; one in-world
hour of peak storm computed in under 50 ms.

"Generated" means computed in full: the volume model, the author, the stance, the text
composed and the post made (an immutable record with its id); not written out. Writing JSON
lines is measured separately. The identity pools are made once per storm and reported apart.
"""

from __future__ import annotations

import statistics
import sys
import time

from breachsim.application.play import play
from breachsim.scenario import load
from breachsim.scenario.bundled import find_bundled
from breachsim.scenario.model import Scenario
from breachsim.storm import Storm
from breachsim.storm.output import jsonl

RUNS = 5
HOUR = 3600
WALL = "2026-01-01T00:00:00.000+00:00"


def peak_scenario(locale: str) -> Scenario:
    """A breach that goes viral at T+01:00: one push of 1,000, at the volume of a national
    brand (x30), in the locale's language."""
    language = "nl" if locale.startswith("nl") else "en"
    return Scenario.model_validate({
        "format": 1, "id": "storm-bench", "title": "Storm benchmark", "summary": "Bench.",
        "language": language, "locale": locale,
        "jurisdiction": {"nl_NL": "NL", "nl_BE": "BE"}.get(locale, "UK"),
        "organisation": {"name": "Harbour Freight", "sector": "logistics"},
        "breach": {"data_categories": ["identity", "contact", "financial"],
                   "data_subjects": 1_000_000},
        "clock": {"start": "2026-05-11T07:00:00+01:00", "duration": "24h"},
        "storm": {"volume": 30},
        "start": "alert",
        "injects": [
            {"id": "alert", "title": "Alert", "channel": "ticket", "marks_awareness": True},
            {"id": "viral", "title": "Viral", "channel": "social", "at": "T+01:00",
             "storm": {"burst": 1000, "sentiment": -0.6, "half_life": "6h"}},
        ]})


def events(scenario: Scenario) -> list:
    log: list = []
    play(scenario, None, session="bench", seed=1, team="T", wall=lambda: WALL, sink=log.extend)
    return log


def generator(locale: str) -> tuple[float, int, float, float]:
    """Posts a second over the storm's first six hours (median of RUNS), the posts, the time
    to make the identity pools, and JSON lines a second."""
    scenario = peak_scenario(locale)
    log = events(scenario)
    rates, builds = [], []
    for run in range(RUNS):
        start = time.perf_counter()
        storm = Storm(scenario, 1000 + run)  # a fresh seed: its pools are made, not cached
        builds.append(time.perf_counter() - start)
        start = time.perf_counter()
        posts = storm.advance(log, 7 * HOUR)
        rates.append(len(posts) / (time.perf_counter() - start))
    start = time.perf_counter()
    lines = [jsonl(p) for p in posts]
    writing = len(lines) / (time.perf_counter() - start)
    return statistics.median(rates), len(posts), statistics.median(builds), writing


def raw_faker(locale: str, full: bool = False, count: int = 5_000) -> float:
    """One identity and one sentence per post, straight from Faker: a name (``full``: also
    the handle and the place a storm post carries)."""
    from faker import Faker

    fake = Faker(locale)
    fake.seed_instance(1)
    rates = []
    for _ in range(RUNS):
        start = time.perf_counter()
        for _ in range(count):
            fake.name()
            if full:
                fake.user_name()
                fake.city()
            fake.sentence()
        rates.append(count / (time.perf_counter() - start))
    return statistics.median(rates)


def peak_hour(name: str, volume: float) -> tuple[float, int, int]:
    """The busiest in-world hour of a bundled scenario's storm (a team that does nothing),
    computed on its own after the storm before it: (median seconds, posts, hour)."""
    scenario = load(find_bundled(name)).scenario
    log = events(scenario)
    end = int(scenario.clock.duration.total_seconds())
    whole = Storm(scenario, 1, volume=volume)
    whole.advance(log, end)
    hourly = [sum(counts) for counts in zip(*whole.volume(HOUR).values(), strict=True)]
    busiest = max(range(len(hourly)), key=hourly.__getitem__)
    times = []
    for _ in range(RUNS):
        storm = Storm(scenario, 1, volume=volume)
        storm.advance(log, busiest * HOUR)
        start = time.perf_counter()
        posts = storm.advance(log, (busiest + 1) * HOUR)
        times.append(time.perf_counter() - start)
    return statistics.median(times), len(posts), busiest


def recompute(name: str) -> tuple[float, int]:
    """A bundled session's whole storm from its log, as a report would recompute it."""
    scenario = load(find_bundled(name)).scenario
    log = events(scenario)
    end = int(scenario.clock.duration.total_seconds())
    times = []
    for _ in range(RUNS):
        storm = Storm(scenario, 1)
        start = time.perf_counter()
        posts = storm.advance(log, end)
        times.append(time.perf_counter() - start)
    return statistics.median(times), len(posts)


def main() -> None:
    print(f"the storm's generator against a raw Faker loop (median of {RUNS} runs each)")
    for locale in ("en_GB", "nl_NL", "nl_BE"):
        rate, posts, build, writing = generator(locale)
        raw, full = raw_faker(locale), raw_faker(locale, full=True)
        print(f"  {locale}: {rate:,.0f} posts/s ({posts:,} posts in the first six hours); "
              f"raw Faker {raw:,.0f} posts/s, ratio {rate / raw:.1f}x; with handle and "
              f"place {full:,.0f} posts/s, ratio {rate / full:.1f}x; "
              f"identity pools {build * 1000:.0f} ms; JSON lines {writing:,.0f}/s")
        sys.stdout.flush()
    # volume 5 puts the hospital's peak hour at a national brand's 2,000-4,000 posts
    for name, volume in (("hospital-ransomware", 1), ("hospital-ransomware", 5),
                         ("hospital-ransomware", 20), ("webshop-credential-stuffing", 20)):
        seconds, posts, hour = peak_hour(name, volume)
        print(f"peak hour of {name} at volume {volume} (T+{hour:02d}:00, {posts:,} posts): "
              f"{seconds * 1000:.1f} ms")
    for name in ("hospital-ransomware", "klantbestand-verkeerd-verstuurd"):
        seconds, posts = recompute(name)
        print(f"whole storm of {name} recomputed from its log ({posts:,} posts): "
              f"{seconds:.2f} s")


if __name__ == "__main__":
    main()
