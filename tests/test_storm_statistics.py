"""How the storm answers the team, over twenty seeds: every comparison is between runs with
the same seed (the same people, the same dice) that differ only in what the team did, and it
must hold on average and for most seeds, never for one lucky seed."""

from __future__ import annotations

from statistics import mean

import pytest

from breachsim.storm import compute, defaults

from .storm_support import APOLOGY, DENIAL, HOUR, NOTIFY, scenario, session

#: Under xdist the tests sharing ``runs`` go to one worker, so its storms are computed once.
pytestmark = pytest.mark.xdist_group("storm-statistics")

SEEDS = range(20)
UNTIL = 36 * HOUR
SOCIAL = ("microblog", "forum")
_MOVES = {
    "nothing": ([], ()),
    "calm": ([(int(2.5 * HOUR), *APOLOGY), (3 * HOUR, *NOTIFY)], ()),
    "deny": ([(int(2.5 * HOUR), *DENIAL)], ()),
    "late": ([], ((14 * HOUR, "authority"),)),
    "pushed": ([(5 * HOUR, "push_storm", {"burst": 300, "topic": "pushed", "sentiment": -0.8})],
               ()),
    "calmed": ([(3 * HOUR, "calm_storm", {})], ()),
}


@pytest.fixture(scope="module")
def runs() -> dict[str, list[list]]:
    """Each variant's storm for every seed (a team that does nothing, one that apologises
    early and specifically and tells the people affected, one that denies what the forensics
    later confirm, and one whose missed deadline becomes public)."""
    case = scenario()
    found: dict[str, list[list]] = {name: [] for name in _MOVES}
    for seed in SEEDS:
        for name, (moves, missed) in _MOVES.items():
            log = session(case, seed, moves, until=UNTIL)
            found[name].append(compute(case, seed, log, UNTIL, missed=missed))
    return found


def _negative(posts, start: int, end: int) -> float:
    social = [p for p in posts if p.channel in SOCIAL and start <= p.t < end]
    return sum(p.sentiment == "negative" for p in social) / len(social)


def _count(posts, channel: str, start: int, end: int, kind: str | None = None) -> int:
    return sum(p.channel == channel and start <= p.t < end and (kind is None or p.kind == kind)
               for p in posts)


def _paired(better: list[float], worse: list[float], margin: float) -> None:
    wins = sum(b < w for b, w in zip(better, worse, strict=True))
    assert wins >= 16, (wins, better, worse)
    assert mean(worse) - mean(better) > margin, (mean(better), mean(worse))


def test_an_early_specific_apology_and_telling_the_people_calms_the_storm(runs):
    window = (3 * HOUR, 36 * HOUR)
    _paired([_negative(p, *window) for p in runs["calm"]],
            [_negative(p, *window) for p in runs["nothing"]], margin=0.08)


def test_a_denial_that_the_facts_contradict_inflames_it(runs):
    window = (9 * HOUR, 36 * HOUR)  # the forensics confirm the exfiltration at T+08:00
    _paired([_negative(p, *window) for p in runs["nothing"]],
            [_negative(p, *window) for p in runs["deny"]], margin=0.03)
    _paired([_count(p, "microblog", *window) for p in runs["nothing"]],
            [_count(p, "microblog", *window) for p in runs["deny"]], margin=50)


def test_the_facilitator_pushes_the_storm_and_calms_it(runs):
    pushed = (5 * HOUR, 12 * HOUR)
    _paired([_count(p, "microblog", *pushed) for p in runs["nothing"]],
            [_count(p, "microblog", *pushed) for p in runs["pushed"]], margin=100)
    assert all(any(p.topic == "pushed" for p in posts) for posts in runs["pushed"])
    assert not any(p.topic == "pushed" for posts in runs["nothing"] for p in posts)
    calmed = (3 * HOUR, 12 * HOUR)
    _paired([_count(p, "microblog", *calmed) for p in runs["calmed"]],
            [_count(p, "microblog", *calmed) for p in runs["nothing"]], margin=50)


def test_a_missed_deadline_that_leaks_brings_more_news(runs):
    window = (20 * HOUR, 36 * HOUR)  # it emerges six hours after the deadline at T+14:00
    _paired([_count(p, "news", *window, kind="article") for p in runs["nothing"]],
            [_count(p, "news", *window, kind="article") for p in runs["late"]], margin=2)
    late = [p for posts in runs["late"] for p in posts if p.kind == "article"
            and p.t >= window[0] and "too late" in p.headline]
    assert len(late) >= 20


def test_telling_the_people_brings_a_second_wave_of_contacts_the_next_days(runs):
    window = (20 * HOUR, 36 * HOUR)  # an e-mail's wave peaks a day after it is sent
    _paired([_count(p, "contact", *window) for p in runs["nothing"]],
            [_count(p, "contact", *window) for p in runs["calm"]], margin=50)
    notified = [p for posts in runs["calm"] for p in posts
                if p.channel == "contact" and p.t >= window[0]]
    requests = sum(p.kind in ("access", "erasure", "complaint") for p in notified)
    assert requests / len(notified) > 0.4  # the usual mix has 37%; the wave has more


def test_nights_are_quiet(runs):
    def per_hour(posts, start: int, end: int) -> float:
        return sum(_count(posts, c, start, end) for c in SOCIAL) / ((end - start) / HOUR)

    # the clock starts on a Monday at 09:00: the night runs from T+16:00 to T+21:00
    night = [per_hour(p, 16 * HOUR, 21 * HOUR) for p in runs["nothing"]]
    evening = [per_hour(p, 10 * HOUR, 14 * HOUR) for p in runs["nothing"]]
    _paired(night, evening, margin=0)
    assert mean(night) < 0.5 * mean(evening)


def test_a_storm_nothing_feeds_halves_in_about_a_day():
    """The storm's own memory: one push, no team, no silence effects, no quiet-time chatter;
    from the second day on, each day brings about half the posts of the day before."""
    case = scenario(burst=400, storm={"baseline": dict.fromkeys(
        ("microblog", "forum", "news", "ticker", "contact"), 0)})
    params = defaults().model_dump()
    params["effects"]["silence"] = params["effects"]["press_first"] = {}
    params["silence_step"] = 0.0
    days = [0, 0]
    for seed in range(12):
        posts = compute(case, seed, session(case, seed, until=62 * HOUR), 62 * HOUR,
                        params=params)
        for index, start in enumerate((14 * HOUR, 38 * HOUR)):
            days[index] += sum(_count(posts, c, start, start + 24 * HOUR) for c in SOCIAL)
    assert 0.35 < days[1] / days[0] < 0.65, days
