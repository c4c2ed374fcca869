"""The storm of one session: a pure function of (scenario, seed, events so far).

Time runs in slices of a minute. The posts of slice [a, a+60) depend only on the seed and on
the events before ``a`` (each event is felt from the next whole minute), and a slice is
computed only once its end has passed. The director records events in non-decreasing
in-world time, so the storm a team saw live is the storm recomputed from its export, and
advancing bit by bit gives the same posts as ``compute`` over the whole log.

Per slice and channel the expected count is a discrete Hawkes intensity: the quiet-time
baseline, plus the bursts the story's triggers set off, plus the branching ratio times the
reactions still due to earlier posts (the memory kernel, kept as one running sum per time
constant), all under the daily rhythm. Counts are Poisson draws; each slice hashes (seed,
"storm", slice) once and gives every stream (the channels, the inquiries) its own key from
the hash, so that no channel or slice shifts another.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections import deque
from collections.abc import Iterable, Sequence
from itertools import accumulate
from operator import attrgetter, mul

from ..engine.cast import cast_for
from ..engine.events import Event
from ..engine.render import moment
from ..engine.seeding import rng
from ..law.jurisdiction import jurisdiction
from ..scenario.model import Scenario
from . import kernel as kernels
from . import phrases
from .items import Contact, Post, PressRequest, Queue, Standing
from .params import (
    CHANNELS,
    CONTACT_KINDS,
    NEGATIVE,
    PERSONAS,
    PHASES,
    STANCES,
    StormParams,
    resolve,
)
from .personas import Author, pools_for
from .story import Story
from .writer import Outlet, Writer, camel, outlets_for, short_name

SLICE = 60  # seconds
MISSED = ("authority", "subjects")
_SOCIAL = ("microblog", "forum")
_PREFIX = {"microblog": "m", "forum": "f", "news": "n", "ticker": "t", "contact": "c"}
_HEALTH = ("health", "hospital", "care", "clinic", "medical", "zorg", "ziekenhuis", "kliniek",
           "gezondheid", "huisarts", "patiënt")
_SCHOOL = ("school", "education", "childcare", "nursery", "onderwijs", "kinderopvang", "kinderen")
_C = {c: i for i, c in enumerate(CHANNELS)}
_MICROBLOG, _NEWS, _CONTACT = _C["microblog"], _C["news"], _C["contact"]
_INQUIRY = len(CHANNELS)  # the inquiries' stream comes after the channels'
_RUMOUR = STANCES.index("rumour")
_time = attrgetter("t")


class Storm:
    """The storm of one session, advanced as in-world time passes.

    ``advance(events, until, missed)`` computes every whole slice that ended by ``until`` and
    returns the new posts, in time order. The rest reads what has been computed: ``volume``,
    ``stances``, ``negative_share``, ``trending``, ``press_requests``, ``contacts`` and
    ``contact_queue``. Build it where the director runs: the identity pools come from the
    engine's Faker, which is not shared across threads.
    """

    def __init__(self, scenario: Scenario, seed: int, *, volume: float = 1.0,
                 locale: str | None = None,
                 params: StormParams | dict | None = None):
        self.scenario = scenario
        self.seed = seed
        self.params = params = resolve(scenario, params, volume)
        self.locale = locale or scenario.locale
        self.language = scenario.language.value
        bank = phrases.bank(self.language)
        self._bank = bank
        cast = cast_for(scenario, seed)
        self.organisation = str(cast.organisation["name"])
        code = scenario.jurisdiction.value
        self.law = law = jurisdiction(code)
        self._month_later: dict[int, int] = {}  # local day → seconds to the same day a month on
        self.authority = law.authority.short.get(self.language)
        journalists = [p for p in cast.personas.values() if p.role == "journalist"]
        rows = outlets_for(bank, code, [(p.outlet, "@" + camel(p.outlet)) for p in journalists
                                        if p.outlet])
        self.personas = _personas(scenario, str(cast.organisation["sector"]))
        pools = pools_for(self.locale, seed, params,
                          tuple((p.name, p.outlet) for p in journalists),
                          tuple(name for name, *_ in rows), tuple(bank["competitor_suffix"]),
                          self.personas)
        outlets = [Outlet(name, handle, role, reach,
                          Author(name, handle, "newsroom", round(reach * 25_000), "", reach,
                                 name)) for name, handle, role, reach in rows]
        self.writer = Writer(bank, params, pools, outlets, self.personas,
                             camel(self.organisation), rng(seed, "storm", "hashtag").random())
        self.story = Story(scenario, params)
        self._model(outlets)
        start = scenario.clock.start
        self._day_offset = start.hour * 3600 + start.minute * 60 + start.second
        self._next = 0  # the next slice to compute
        self._seq = 0  # the last event taken in
        self._pending: deque[Event] = deque()
        self._missed: list[tuple[int, str]] = []
        self._waiting: deque[PressRequest] = deque()  # requests whose deadline is still ahead
        self._counts: dict[str, list[int]] = {c: [] for c in (*CHANNELS, "inquiry")}
        self._stances: list[tuple[int, ...]] = []
        self._tags: list[dict[str, int]] = []
        self._recent: deque[int] = deque(maxlen=60)  # microblog posts in the last hour
        self._recent_total = 0
        self._known: tuple[int, bool] | None = None  # what the fragments were filled for
        self._tone = 0.0
        self._topic: str | None = None
        self.requests: list[PressRequest] = []
        self.contact_items: list[Contact] = []

    # -- the volume model --------------------------------------------------------------------

    def _model(self, outlets: list[Outlet]) -> None:
        params = self.params
        on = [c in params.channels for c in CHANNELS]
        audience = self.story.audience()
        hourly = [(params.baseline or {}).get(c, params.baseline_per_million[c] * audience / 1e6)
                  for c in CHANNELS]
        self._baseline = [h * SLICE / 3600 if o else 0.0 for h, o in zip(hourly, on, strict=True)]
        self._on = on
        self._silent = [0.0] * len(CHANNELS)
        daily = sum(params.circadian) / 24 or 1.0
        self._circadian = [v / daily for v in params.circadian]
        self._coupling = [[params.coupling.get(child, {}).get(parent, 0.0) for parent in CHANNELS]
                          for child in CHANNELS]
        reach = sum(o.reach for o in outlets) / len(outlets)
        marks = [1.0, 1.0, reach, reach, 0.0]
        self._spread = _spectral_radius(self._coupling, marks)
        self._cap = params.branching_cap / self._spread
        slow = kernels.lingering(min(params.branching * self._spread, 0.95), params.linger,
                                 params.half_life)
        social = kernels.social(params.theta, params.onset, params.cutoff, params.linger, slow)
        follow = kernels.exponential(params.follow_up_half_life)
        self.kernels = {"social": social, "follow_up": follow}
        # one running sum per time constant and channel reacted to: the social kernel's
        # constants first, then the follow-up kernel's
        social_steps, follow_steps = social.slice_steps(SLICE), follow.slice_steps(SLICE)
        self._social_gains = [gain for _, gain in social_steps]
        self._follow_gains = [gain for _, gain in follow_steps]
        self._decays = [decay for decay, _ in (*social_steps, *follow_steps)]
        self._parents = [(child in _SOCIAL, [(p, w) for p, w in enumerate(row) if w])
                         for child, row in zip(CHANNELS, self._coupling, strict=True)]
        self._memory = {p: [0.0] * len(self._decays)
                        for p in sorted({p for _, row in self._parents for p, _ in row})}

    # -- advancing -----------------------------------------------------------------------------

    @property
    def computed_until(self) -> int:
        """The in-world second up to which the storm is computed."""
        return self._next * SLICE

    def advance(self, events: Iterable[Event], until: int,
                missed: Sequence[tuple[int, str]] = ()) -> list[Post]:
        """Take in the events not seen yet (the whole log so far, or only the new ones), and
        compute every slice that ended by in-world second ``until``.

        ``missed``: each deadline that passed unmet, as (its in-world second, ``authority`` or
        ``subjects``); the caller knows them from the rules. A missed deadline becomes public
        ``leak_delay`` later. Returns the new posts in time order.
        """
        for event in events:
            if event.seq > self._seq:
                self._pending.append(event)
                self._seq = event.seq
        for _, what in missed:
            if what not in MISSED:
                raise ValueError(f"a missed deadline is one of {', '.join(MISSED)}, "
                                 f"not {what!r}")
        self._missed = sorted(set(missed))
        posts: list[Post] = []
        while (self._next + 1) * SLICE <= until:
            posts += self._slice(self._next)
            self._next += 1
        return posts

    def _take_in(self, a: int) -> None:
        story = self.story
        while self._pending and self._pending[0].world < a:
            story.apply(self._pending.popleft(), a)
        for second, what in self._missed:
            if second + self.params.leak_delay < a:
                story.apply_missed(second, what, a)
        while self._waiting and self._waiting[0].due < a:
            request = self._waiting.popleft()
            answered = story.answers.get(request.id)
            if answered is None or answered > request.due:
                story.unanswered(a)

    def _slice(self, index: int) -> list[Post]:
        a = index * SLICE
        params, story, writer = self.params, self.story, self.writer
        self._take_in(a)
        mood = story.mood(a)
        phase = story.phase(a)
        known = (story.version, phase == PHASES[0])
        if known != self._known:
            self._known = known
            writer.use(self._values(a))
        rhythm = self._circadian[((self._day_offset + a) // 3600) % 24]
        branching = min(params.branching * mood.branching, self._cap)

        exogenous = [0.0] * len(CHANNELS)
        phishing = [0.0] * len(CHANNELS)
        wave = weighted = tone = strongest = 0.0
        live = []
        for burst in story.bursts:
            mass = burst.mass(a, SLICE)
            if mass is None:
                continue
            live.append(burst)
            if burst.wave:
                wave += mass
                exogenous[_CONTACT] += mass
                continue
            for channel, share in burst.channels:
                part = mass * share * mood.exo[channel]
                exogenous[channel] += part
                if burst.topic == "phishing":
                    phishing[channel] += part
            weighted += mass
            tone += mass * burst.sentiment
            if mass > strongest and burst.topic:
                strongest, self._topic = mass, burst.topic
        story.bursts = live

        reactions = self._reactions()
        # the quiet-time chatter is about the story, so it starts with the story
        baseline = self._baseline if story.media_start is not None else self._silent
        expected = [rhythm * (base + exo + branching * echo) if on else 0.0
                    for base, exo, echo, on in zip(baseline, exogenous, reactions, self._on,
                                                   strict=True)]
        echo = branching * (reactions[0] + reactions[1])
        if weighted + echo > 0:
            self._tone = (tone + echo * self._tone) / (weighted + echo)

        keys = _streams(self.seed, index)
        posts: list[Post] = []
        marks = [0.0] * len(CHANNELS)
        counts = [0] * len(CHANNELS)
        stance_counts = [0] * len(STANCES)
        tags: dict[str, int] = {}
        angles = stance_mix = contacts = None
        for channel, name in enumerate(CHANNELS):
            lam = expected[channel]
            if lam <= 0:
                continue
            count, rnd = _draw(keys[channel], lam)
            counts[channel] = count
            if not count:
                continue
            prefix = f"{_PREFIX[name]}-{index}"
            if name in _SOCIAL:
                stance_mix = stance_mix or self._stance_mix(a, mood)
                quoting = (params.quote_share if story.quoted_at is not None
                           and a - story.quoted_at < params.quote_window else 0.0)
                odds = (quoting, params.correction_share * self._rumour_share(stance_mix),
                        min(1.0, phishing[channel] / lam))
                made = writer.social(rnd, count, a, SLICE, name, prefix, stance_mix, phase,
                                     odds, _level(self._recent_total), self._topic)
                marks[channel] = made.mark
                stance_counts = [x + y for x, y in zip(stance_counts, made.stances, strict=True)]
                for tag, hits in made.tags.items():
                    tags[tag] = tags.get(tag, 0) + hits
                posts += made.posts
                continue
            angles = angles or story.angles(a)
            times = sorted(a + int(rnd() * SLICE) for _ in range(count))
            for number, second in enumerate(times):
                if name == "news":
                    outlet, byline, stance, headline, lede = writer.article(rnd, angles)
                    marks[channel] += outlet.reach
                    posts.append(Post(f"{prefix}-{number}", second, name, "article", byline,
                                      stance, lede, (), self._topic, outlet.name, headline))
                elif name == "ticker":
                    outlet, stance, text = writer.flash(rnd, angles)
                    marks[channel] += outlet.reach
                    posts.append(Post(f"{prefix}-{number}", second, name, "flash",
                                      outlet.newsroom, stance, text, (), self._topic,
                                      outlet.name))
                else:
                    contacts = contacts or self._contact_choice(min(1.0, wave / lam),
                                                                mood.complaints)
                    posts.append(self._contact(rnd, f"{prefix}-{number}", second, *contacts))
        inquiries = expected[_NEWS] * mood.inquiries * params.inquiries_per_article
        if inquiries > 0:
            count, rnd = _draw(keys[_INQUIRY], inquiries)
            if count:
                posts += self._inquiries(index, a, count, rnd, angles or story.angles(a))
        posts.sort(key=_time)  # stable: channel by channel, each in time order
        self._remember(marks, counts, stance_counts, tags, posts)
        return posts

    def _contact_choice(self, notified: float, complaints: float) -> tuple[list[float], float]:
        return list(accumulate(self.story.contact_mix(notified, complaints))), notified

    def _contact(self, rnd, number: str, second: int, mix: list[float],
                 notified: float) -> Post:
        kind, author, text = self.writer.contact(rnd, mix, notified)
        what = CONTACT_KINDS[kind]
        due = self._due(second, what)
        self.contact_items.append(Contact(number, second, what, author, text, due,
                                          -math.log(1.0 - rnd())))
        return Post(number, second, "contact", what, author, _CONTACT_STANCE[what], text, (),
                    self._topic, None, None, due)

    def _rumour_share(self, cumulative: list[float]) -> float:
        return (cumulative[_RUMOUR] - cumulative[_RUMOUR - 1]) / cumulative[-1]

    def _reactions(self) -> list[float]:
        """Per channel, the reactions that earlier posts still have coming in this slice
        (before the branching ratio)."""
        social, follow = self._social_gains, self._follow_gains
        start = len(social)
        carried = {p: (sum(map(mul, social, sums)), sum(map(mul, follow, sums[start:])))
                   for p, sums in self._memory.items()}
        return [sum(weight * carried[parent][0 if fast else 1] for parent, weight in parents)
                for fast, parents in self._parents]

    def _remember(self, marks: list[float], counts: list[int], stance_counts: list[int],
                  tags: dict[str, int], posts: list[Post]) -> None:
        decays = self._decays
        for channel, sums in self._memory.items():
            mark = marks[channel]
            self._memory[channel] = [x * d + mark for x, d in zip(sums, decays, strict=True)]
        for channel, name in enumerate(CHANNELS):
            self._counts[name].append(counts[channel])
        self._counts["inquiry"].append(sum(1 for p in posts if p.kind == "inquiry"))
        self._stances.append(tuple(stance_counts))
        self._tags.append(tags)
        if len(self._recent) == self._recent.maxlen:
            self._recent_total -= self._recent[0]
        self._recent.append(counts[_MICROBLOG])
        self._recent_total += counts[_MICROBLOG]

    def _inquiries(self, index: int, a: int, count: int, rnd, angles: dict[str, float]
                   ) -> list[Post]:
        found = []
        times = sorted(a + int(rnd() * SLICE) for _ in range(count))
        for number, second in enumerate(times):
            outlet, journalist, question = self.writer.inquiry(rnd, angles)
            request = PressRequest(f"j-{index}-{number}", second, outlet.name, journalist,
                                   question, self._comment_due(second))
            self.requests.append(request)
            self._waiting.append(request)
            found.append(Post(request.id, second, "news", "inquiry", journalist, "neutral",
                              question, (), self._topic, outlet.name, None, request.due))
        return found

    def _comment_due(self, second: int) -> int:
        """The deadline for comment: ``comment_window`` later, on the quarter hour."""
        local = self._day_offset + second + int(self.params.comment_window)
        return second + int(self.params.comment_window) + (-local) % 900

    def _due(self, second: int, kind: str) -> int | None:
        """An access or erasure request is due the jurisdiction's months later, on the same
        calendar day (Art. 12(3)); the gap depends only on the day it came in."""
        if kind not in ("access", "erasure"):
            return None
        day = (self._day_offset + second) // 86400
        if day not in self._month_later:
            when = moment(self.scenario, second)
            self._month_later[day] = int(
                (self.law.request_due(when) - when).total_seconds())
        return second + self._month_later[day]

    # -- what the public knows -----------------------------------------------------------------

    def _values(self, a: int) -> dict[str, str | None]:
        story = self.story
        count = story.count(a)
        words = self._bank["data"]
        found = [words[c] for c in story.categories(a) if c in words][:3]
        data = (words["fallback"] if not found else found[0] if len(found) == 1
                else ", ".join(found[:-1]) + f" {words['and']} " + found[-1])
        return {"org": short_name(self.organisation),
                "count": None if count is None else _number(count, self._bank["thousands"]),
                "data": data, "authority": self.authority, "quote": story.quote,
                "hashtag": self.writer.hashtag}

    def _stance_mix(self, a: int, mood) -> list[float]:
        params = self.params
        base = [params.stances[s] for s in STANCES]
        negative = [s in NEGATIVE for s in STANCES]
        share = sum(w for w, n in zip(base, negative, strict=True) if n) / sum(base)
        share *= (1 - params.tone_weight * self._tone) * mood.negative
        start = self.story.story_start
        if start is not None:
            share -= params.drift_per_day * max(0.0, (a - start) / 86400 - 1)
        low, high = params.negative_range
        share = min(high, max(low, share))
        tilted = [w * t for w, t in zip(base, mood.tilt, strict=True)]
        bad = sum(w for w, n in zip(tilted, negative, strict=True) if n) or 1.0
        good = sum(w for w, n in zip(tilted, negative, strict=True) if not n) or 1.0
        return list(accumulate(w * (share / bad if n else (1 - share) / good)
                               for w, n in zip(tilted, negative, strict=True)))

    # -- what has been computed ----------------------------------------------------------------

    def volume(self, step: int = 3600) -> dict[str, list[int]]:
        """Items per ``step`` seconds on every channel (and ``inquiry``), from the start to
        ``computed_until``: for a sparkline."""
        per = max(1, step // SLICE)
        return {name: [sum(counts[i:i + per]) for i in range(0, len(counts), per)]
                for name, counts in self._counts.items()}

    def negative_shares(self, step: int = 3600) -> list[float | None]:
        """The share of negative microblog and forum posts per ``step`` seconds, from the start
        to ``computed_until`` (None for a step without any)."""
        per = max(1, step // SLICE)
        negative = [STANCES.index(s) for s in NEGATIVE]
        shares: list[float | None] = []
        for i in range(0, len(self._stances), per):
            rows = self._stances[i:i + per]
            total = sum(map(sum, rows))
            shares.append(sum(row[j] for row in rows for j in negative) / total if total
                          else None)
        return shares

    def stances(self, window: int = 3600) -> dict[str, int]:
        """How many microblog and forum posts took each stance in the last ``window``
        seconds."""
        recent = self._stances[-max(1, window // SLICE):]
        return {stance: sum(row[i] for row in recent) for i, stance in enumerate(STANCES)}

    def negative_share(self, window: int = 3600) -> float | None:
        counts = self.stances(window)
        total = sum(counts.values())
        return sum(counts[s] for s in NEGATIVE) / total if total else None

    def trending(self, window: int = 6 * 3600, top: int = 5) -> list[tuple[str, int]]:
        found: dict[str, int] = {}
        for tags in self._tags[-max(1, window // SLICE):]:
            for tag, count in tags.items():
                found[tag] = found.get(tag, 0) + count
        return sorted(found.items(), key=lambda item: (-item[1], item[0]))[:top]

    def press_requests(self, now: int | None = None) -> list[tuple[PressRequest, Standing]]:
        """Every journalist's request so far with where it stands at ``now`` (default: as
        far as computed), soonest deadline first."""
        now = self.computed_until if now is None else now
        answers = self.story.answers
        found = []
        for request in self.requests:
            answered = answers.get(request.id)
            if answered is not None and answered <= now:
                standing = Standing("answered" if answered <= request.due else "late", answered)
            else:
                standing = Standing("missed" if now > request.due else "open")
            found.append((request, standing))
        return sorted(found, key=lambda pair: (pair[0].due, pair[0].id))

    def contacts(self, now: int | None = None) -> list[tuple[Contact, Standing]]:
        """Every contact so far with where it stands at ``now``: a plain question is handled
        by the contact centre after its handling time (``handle_briefed`` once briefed,
        ``handle_unbriefed`` before); other kinds wait for the team's answer."""
        now = self.computed_until if now is None else now
        params, story = self.params, self.story
        found = []
        for contact in self.contact_items:
            answered = story.answers.get(contact.id)
            if answered is not None and answered <= now:
                late = contact.due is not None and answered > contact.due
                found.append((contact, Standing("late" if late else "answered", answered)))
                continue
            if contact.kind == "affected":
                handled = contact.t + contact.effort * params.handle_unbriefed
                if story.briefed_at is not None:
                    handled = min(handled, max(contact.t, story.briefed_at)
                                  + contact.effort * params.handle_briefed)
                if handled <= now:
                    found.append((contact, Standing("handled", int(handled))))
                    continue
            missed = contact.due is not None and now > contact.due
            found.append((contact, Standing("missed" if missed else "open")))
        return found

    def contact_queue(self, now: int | None = None) -> dict[str, Queue]:
        """The open contacts by kind: how many, the oldest, the nearest deadline."""
        waiting_all = [c for c, s in self.contacts(now) if s.status in ("open", "missed")]
        found = {}
        for kind in CONTACT_KINDS:
            waiting = [c for c in waiting_all if c.kind == kind]
            dues = [c.due for c in waiting if c.due is not None]
            found[kind] = Queue(len(waiting), min((c.t for c in waiting), default=None),
                                min(dues, default=None))
        return found


def compute(scenario: Scenario, seed: int, events: Iterable[Event], until: int, *,
            missed: Sequence[tuple[int, str]] = (), volume: float = 1.0,
            locale: str | None = None, params: StormParams | dict | None = None) -> list[Post]:
    """The whole storm up to in-world second ``until`` from a session's log, at once."""
    storm = Storm(scenario, seed, volume=volume, locale=locale, params=params)
    return storm.advance(events, until, missed)


_CONTACT_STANCE = {"affected": "worried", "access": "neutral", "erasure": "worried",
                   "complaint": "angry", "escalation": "angry"}


def _personas(scenario: Scenario, sector: str) -> tuple[str, ...]:
    """The personas of this scenario: patients where health data or care are at stake, parents
    where children's or school data are."""
    categories = {c.value for c in scenario.breach.data_categories or []}
    sector = sector.lower()
    patients = "health" in categories or any(word in sector for word in _HEALTH)
    parents = ("children" in categories or "education" in categories
               or any(word in sector for word in _SCHOOL))
    return tuple(p for p in PERSONAS if (p != "patient" or patients)
                 and (p != "parent" or parents))


def _spectral_radius(coupling: list[list[float]], marks: list[float]) -> float:
    """The largest eigenvalue of coupling × marks: the storm's own growth per generation at a
    branching ratio of 1 (power iteration on a non-negative matrix)."""
    size = len(coupling)
    vector = [1.0] * size
    value = 1.0
    for _ in range(200):
        product = [sum(coupling[i][j] * marks[j] * vector[j] for j in range(size))
                   for i in range(size)]
        value = max(product) or 1.0
        vector = [x / value for x in product]
    return value


def _level(recent: int) -> int:
    """How big the storm is for its hashtags: quiet, stirring, trending, raging."""
    return 0 if recent < 5 else 1 if recent < 50 else 2 if recent < 500 else 3


def _number(value: int, thousands: str) -> str:
    return f"{value:,}".replace(",", thousands)


def _streams(seed: int, index: int) -> list[int]:
    """The keys of slice ``index``'s generators: one hash of (seed, "storm", slice), cut into
    eight 64-bit keys, one per stream (the channels, then the inquiries), so that no stream
    shifts another and a slice costs one hash."""
    digest = hashlib.sha512(f"{seed}\x1fstorm\x1f{index}".encode()).digest()
    return [int.from_bytes(digest[i:i + 8], "big") for i in range(0, 64, 8)]


def _draw(key: int, lam: float):
    """A Poisson count with mean ``lam`` and the generator for what follows. Most quiet slices
    draw nothing: the key itself is the uniform that decides, and no generator is made."""
    if lam < 30:
        count = _inverse_poisson(key / 2**64, lam)
        return count, (random.Random(key).random if count else None)
    rnd = random.Random(key).random
    return _ptrs(rnd, lam), rnd


def _inverse_poisson(u: float, lam: float) -> int:
    k, p = 0, math.exp(-lam)
    total = p
    while u > total and k < 1000:
        k += 1
        p *= lam / k
        total += p
    return k


def _ptrs(rnd, lam: float) -> int:
    """A Poisson draw for a large mean: Hörmann's transformed rejection (PTRS, 1993)."""
    root = math.sqrt(lam)
    log_lam = math.log(lam)
    b = 0.931 + 2.53 * root
    a = -0.059 + 0.02483 * b
    inverse_alpha = 1.1239 + 1.1328 / (b - 3.4)
    v_r = 0.9277 - 3.6224 / (b - 2)
    while True:
        u = rnd() - 0.5
        v = rnd()
        us = 0.5 - abs(u)
        k = math.floor((2 * a / us + b) * u + lam + 0.43)
        if us >= 0.07 and v <= v_r:
            return k
        if k < 0 or (us < 0.013 and v > us):
            continue
        if (math.log(v) + math.log(inverse_alpha) - math.log(a / (us * us) + b)
                <= -lam + k * log_lam - math.lgamma(k + 1)):
            return k
