"""The storm as users meet it: reproducible from the log, in the scenario's language and
locale, never showing template syntax, and answering what the team does."""

from __future__ import annotations

import importlib
import re
from collections import Counter
from datetime import timedelta

import pytest

from breachsim.application.plan import load_plan
from breachsim.application.play import play
from breachsim.engine.events import Event
from breachsim.scenario.bundled import find_bundled
from breachsim.scenario.loader import load
from breachsim.storm import SLICE, Storm, compute
from breachsim.storm.output import jsonl

from .conftest import ROOT
from .storm_support import APOLOGY, HOUR, WALL, scenario, session

SOCIAL = ("microblog", "forum")


def _lines(posts) -> list[str]:
    return [jsonl(p) for p in posts]


def _played(name: str, plan: str | None = None):
    loaded = load(find_bundled(name)).scenario
    steps = None
    if plan is not None:
        steps, _ = load_plan(ROOT / "tests" / "playthroughs" / plan, loaded)
    log: list = []
    play(loaded, steps, session="s", seed=7, team="T", wall=lambda: WALL, sink=log.extend)
    return loaded, log


def _answer(log: list, kind: str, world: int, regarding: str, **fields) -> list:
    """The log with a team's answer to a storm item appended (the director will accept storm
    ids in ``regarding``; the storm already reads them from the event)."""
    event = Event(log[-1].seq + 1, kind, world, WALL, {"regarding": regarding, "text": "Answer.",
                                                       **fields})
    return sorted([*log, event], key=lambda e: (e.world, e.seq))


def test_the_same_seed_and_events_give_the_same_storm_byte_for_byte():
    case = scenario()
    log = session(case, 3, [(3 * HOUR, *APOLOGY)], until=30 * HOUR)
    first = _lines(compute(case, 3, log, 30 * HOUR))
    assert first and first == _lines(compute(case, 3, log, 30 * HOUR))


def test_another_seed_gives_other_posts_and_other_authors():
    case = scenario()
    log = session(case, 3, until=20 * HOUR)
    one, two = compute(case, 3, log, 20 * HOUR), compute(case, 4, log, 20 * HOUR)
    assert {p.text for p in one} != {p.text for p in two}
    assert {p.author.name for p in one} != {p.author.name for p in two}


def test_advancing_tick_by_tick_gives_exactly_the_storm_computed_from_the_whole_log():
    loaded, log = _played("webshop-credential-stuffing",
                          "webshop-credential-stuffing.good.plan.yaml")
    end = int(loaded.clock.duration.total_seconds())
    missed = [(30 * HOUR, "authority"), (50 * HOUR, "subjects")]
    live = Storm(loaded, 7)
    seen = []
    for now in range(0, end + 1, 900):  # the app's tick: the log so far, the deadlines passed
        seen += live.advance([e for e in log if e.world <= now], now,
                             [m for m in missed if m[0] < now])
    assert _lines(seen) == _lines(compute(loaded, 7, log, end, missed=missed))
    assert live.computed_until == end


def test_posts_appear_only_once_their_minute_has_passed():
    case = scenario(burst=600)
    log = session(case, 1, until=4 * HOUR)
    storm = Storm(case, 1)
    before = storm.advance(log, 3 * HOUR + SLICE - 1)
    assert max(p.t for p in before) < 3 * HOUR
    after = storm.advance(log, 3 * HOUR + SLICE)
    assert after and all(3 * HOUR <= p.t < 3 * HOUR + SLICE for p in after)


def test_what_the_team_does_changes_only_what_comes_after():
    case = scenario()
    quiet = session(case, 2, until=12 * HOUR)
    spoke = session(case, 2, [(5 * HOUR, *APOLOGY)], until=12 * HOUR)
    calm, loud = compute(case, 2, spoke, 12 * HOUR), compute(case, 2, quiet, 12 * HOUR)
    cut = 5 * HOUR + SLICE  # the statement is felt from the next whole minute
    assert _lines([p for p in calm if p.t < cut]) == _lines([p for p in loud if p.t < cut])
    assert _lines(calm) != _lines(loud)


@pytest.mark.parametrize("locale", ["nl_NL", "nl_BE", "en_GB"])
def test_authors_carry_names_of_the_storms_locale(locale):
    def surnames(code: str) -> set[str]:
        return set(importlib.import_module(f"faker.providers.person.{code}").Provider.last_names)

    case = scenario("nl" if locale.startswith("nl") else "en", locale)
    storm = Storm(case, 5)
    storm.advance(session(case, 5, until=20 * HOUR), 20 * HOUR)
    names = [a.name for pool in storm.writer.pools.values() for a in pool.authors
             if a.persona != "competitor"]

    def share(code: str) -> float:
        known = surnames(code)
        return sum(any(name.endswith((" " + s, "-" + s)) for s in known)
                   for name in names) / len(names)

    assert share(locale) > 0.95
    assert all(share(other) < 0.3 for other in ("nl_NL", "nl_BE", "en_GB") if other != locale)
    assert all(a.handle.startswith("@") and a.handle[1:].isascii()
               for pool in storm.writer.pools.values() for a in pool.authors)


_WORDS = {"nl": {"de", "het", "een", "niet", "van", "mijn", "ik", "wat", "bij", "voor", "geen"},
          "en": {"the", "and", "my", "not", "what", "with", "for", "have", "this", "they"}}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_storm_speaks_the_scenarios_language_and_only_that(language):
    case = scenario(language)
    posts = compute(case, 9, session(case, 9, until=30 * HOUR), 30 * HOUR)
    words = Counter(w for p in posts for w in re.findall(r"[a-zà-ÿ']+", p.text.lower()))
    total = sum(words.values())
    own = sum(words[w] for w in _WORDS[language]) / total
    other = sum(words[w] for w in _WORDS["en" if language == "nl" else "nl"]) / total
    assert own > 0.08 and other < 0.005, (own, other)


_SYNTAX = re.compile(r"\{[a-z_]*\}|\{\{|\}\}|\{%|%\}")


@pytest.mark.parametrize("name", ["hospital-ransomware", "klantbestand-verkeerd-verstuurd",
                                  "webshop-credential-stuffing", "gestolen-laptop"])
def test_no_template_fragment_survives_in_any_post(name):
    loaded, log = _played(name)
    end = int(loaded.clock.duration.total_seconds())
    for seed in (1, 2, 3):
        for post in compute(loaded, seed, log, end, missed=[(20 * HOUR, "authority")]):
            for text in (post.text, post.headline or ""):
                assert not _SYNTAX.search(text), (name, seed, text)
            assert post.text.strip() == post.text and "  " not in post.text, post.text


def test_the_organisations_name_comes_through_literally_never_read_as_markup_or_template():
    hostile = "[bold]Acme[/] {org} {{ data }} {% if x %}"
    case = scenario(organisation=hostile, burst=400)
    posts = compute(case, 1, session(case, 1, until=12 * HOUR), 12 * HOUR)
    mentioning = [p for p in posts if hostile in p.text or hostile in (p.headline or "")]
    assert len(mentioning) > len(posts) / 3
    assert not any("Harbour" in p.text for p in posts)


def test_a_big_storm_does_not_visibly_repeat_itself():
    case = scenario(burst=800)
    posts = [p for p in compute(case, 5, session(case, 5, until=48 * HOUR), 48 * HOUR)
             if p.channel in SOCIAL]
    texts = Counter(p.text for p in posts)
    assert len(posts) > 3000
    assert len(texts) / len(posts) > 0.9
    assert texts.most_common(1)[0][1] < len(posts) / 200


def test_the_same_author_recurs_with_one_voice():
    case = scenario(burst=800)
    posts = [p for p in compute(case, 5, session(case, 5, until=30 * HOUR), 30 * HOUR)
             if p.channel in SOCIAL]
    by_author = Counter(p.author.handle for p in posts)
    regular = by_author.most_common(1)[0][0]
    assert by_author[regular] >= 10
    theirs = [p for p in posts if p.author.handle == regular]
    assert len({(p.author.name, p.author.persona, p.author.followers) for p in theirs}) == 1
    assert len({p.text == p.text.lower() for p in theirs}) == 1  # always or never lower case


def test_news_items_have_outlet_and_headline_and_escalate_with_the_story():
    case = scenario(burst=400)
    missed = [(30 * HOUR, "authority")]
    posts = compute(case, 2, session(case, 2, until=60 * HOUR), 60 * HOUR, missed=missed)
    articles = [p for p in posts if p.kind == "article"]
    assert articles and all(p.outlet and p.headline for p in articles)
    late = [p for p in articles if "too late" in p.headline or "in time" in p.headline]
    assert late and min(p.t for p in late) > 30 * HOUR
    assert not any(p.headline.startswith("Harbour Freight investigates") for p in articles
                   if p.t > 24 * HOUR)


def test_journalists_requests_have_a_deadline_and_are_answered_by_their_id():
    case = scenario(burst=400)
    log = session(case, 4, until=30 * HOUR)
    storm = Storm(case, 4)
    storm.advance(log, 10 * HOUR)
    requests = storm.press_requests()
    assert requests
    first, standing = requests[0]
    assert standing.status in ("open", "missed")
    assert 2 * HOUR <= first.due - first.t < 2 * HOUR + 15 * 60 and first.due % 900 == 0
    answered = _answer(log, "journalist_answered", first.t + 600, first.id, stance="apologise")
    later = Storm(case, 4)
    later.advance(answered, 30 * HOUR)
    assert dict((r.id, s.status) for r, s in later.press_requests())[first.id] == "answered"
    assert [s.status for r, s in storm.press_requests(now=30 * HOUR)
            if r.id == first.id] == ["missed"]


def test_access_and_erasure_requests_are_due_a_calendar_month_later():
    case = scenario(burst=600)
    storm = Storm(case, 6)
    storm.advance(session(case, 6, until=30 * HOUR), 30 * HOUR)
    start = case.clock.start
    dated = [c for c, _ in storm.contacts() if c.kind in ("access", "erasure")]
    assert dated
    for contact in dated:
        received, due = (start + timedelta(seconds=s) for s in (contact.t, contact.due))
        assert (due.month - received.month) % 12 == 1 and due.day == received.day
    assert all(c.due is None for c, _ in storm.contacts()
               if c.kind not in ("access", "erasure"))
    queue = storm.contact_queue()
    assert queue["access"].nearest_due == min(c.due for c in dated if c.kind == "access")


def test_a_briefed_contact_centre_handles_plain_questions_faster():
    case = scenario(burst=600)
    script = ("brief_contact_centre", {"script": "Say which data, what to do, who to call."})
    quiet, briefed = (Storm(case, 8) for _ in range(2))
    quiet.advance(session(case, 8, until=12 * HOUR), 12 * HOUR)
    briefed.advance(session(case, 8, [(3 * HOUR, *script)], until=12 * HOUR), 12 * HOUR)
    assert (briefed.contact_queue()["affected"].open
            < quiet.contact_queue()["affected"].open / 2)


def test_an_answered_request_leaves_the_queue():
    case = scenario(burst=600)
    log = session(case, 6, until=20 * HOUR)
    storm = Storm(case, 6)
    storm.advance(log, 20 * HOUR)
    request = next(c for c, _ in storm.contacts() if c.kind in ("access", "erasure"))
    again = Storm(case, 6)
    again.advance(_answer(log, "request_answered", request.t + 3600, request.id), 20 * HOUR)
    assert dict((c.id, s.status) for c, s in again.contacts())[request.id] == "answered"
    kind = request.kind
    assert again.contact_queue()[kind].open == storm.contact_queue()[kind].open - 1


def test_aggregates_follow_the_posts():
    case = scenario(burst=400)
    storm = Storm(case, 3)
    posts = storm.advance(session(case, 3, until=12 * HOUR), 12 * HOUR)
    volume = storm.volume(3600)
    assert sum(volume["microblog"]) == sum(p.channel == "microblog" for p in posts)
    assert sum(volume["inquiry"]) == sum(p.kind == "inquiry" for p in posts)
    assert len(volume["news"]) == 12
    recent = [p for p in posts if p.channel in SOCIAL and p.t >= 10 * HOUR]
    assert sum(storm.stances(2 * 3600).values()) == len(recent)
    tag, count = storm.trending(window=12 * 3600)[0]
    assert count == sum(tag in p.hashtags for p in posts)


def test_only_the_authoritys_and_the_peoples_missed_deadlines_become_public():
    from breachsim.rules.deadlines import Deadline, Status, missed_notifications

    def deadline(kind: str, action: str, status: Status) -> Deadline:
        return Deadline(f"{kind}.{action}.{status}", kind, action, "", 0, 100, status)

    found = missed_notifications([
        deadline("authority", "notify_authority", Status.missed),
        deadline("expect", "notify_subjects", Status.overdue),
        deadline("expect", "notify_subjects", Status.met),
        deadline("authority", "notify_authority", Status.not_required),
        deadline("expect", "public_statement", Status.missed),
        deadline("request", "answer_request", Status.overdue)])
    assert found == [(100, "authority"), (100, "subjects")]
