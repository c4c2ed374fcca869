"""Composing the posts: fragments from the phrase bank, pre-filled with what the public knows
(re-filled only when that changes), then picked by index for each post. A post costs a few
random draws and string joins; the slow parts (Faker, filling slots) happen once."""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from .items import Post
from .params import CONTACT_KINDS, NEGATIVE, PHASES, STANCES, StormParams
from .personas import Author, Pool
from .phrases import fill, fill_all

EMOJI = {"supportive": ("👍", "🙏", "💪", "❤️"), "neutral": ("🤔", "👀", "ℹ️"),
         "worried": ("😟", "😬", "🙁", "😰"), "angry": ("😡", "🤬", "😤", "👎"),
         "mocking": ("😂", "🤡", "🙃", "🤦"), "rumour": ("👀", "🤫", "⚠️", "❓")}
#: Personas that write formally: no opening interjections, no closing exclamations.
FORMAL = frozenset({"journalist", "researcher", "politician", "competitor"})
#: Personas whose own words the customers' phrases extend; the phase's extras are theirs.
PEOPLE = frozenset({"customer", "patient", "parent"})
_LEGAL = frozenset({"ltd", "limited", "plc", "bv", "nv", "inc", "llc", "gmbh", "sa", "vof",
                    "cv", "ag", "corp"})
#: Which outlets an angle favours (role → weight, times the outlet's reach).
_ROLES = {"explainer": {"public": 3, "tech": 3}, "consumer": {"consumer": 8},
          "first": {"commercial": 3, "regional": 2, "tech": 2},
          "late_report": {"wire": 2, "public": 2}, "politics": {"regional": 3, "public": 1},
          "phishing": {"public": 2, "tech": 2, "regional": 1}}
_NEUTRAL = STANCES.index("neutral")
_bisect = bisect.bisect_right
_new = tuple.__new__
#: The outlets whose journalists call the press office.
_ASKING = ("public", "commercial", "wire", "tech", "regional", "declared")


def camel(text: str) -> str:
    """``Klaverveld Energie B.V.`` → ``Klaverveld``, ``De Vries Zorg`` → ``DeVries``: letters
    and digits of the first word (or two, when the first is short), for hashtags."""
    words = [w for w in re.split(r"[\W_]+", unicodedata.normalize("NFKC", text)) if w]
    kept = [w for w in words if w.lower() not in _LEGAL] or words or ["Org"]
    chosen = kept[:1] if len(kept[0]) >= 5 else kept[:2]
    return "".join(w[:1].upper() + w[1:] for w in chosen)


def short_name(name: str) -> str:
    """The name as people write it: ``Fellcraft Outdoor Ltd`` → ``Fellcraft Outdoor``. Only a
    legal form at the end goes; the rest stays exactly as written."""
    words = name.split()
    while len(words) > 1 and words[-1].lower().replace(".", "") in _LEGAL:
        words.pop()
    return " ".join(words) if len(words) < len(name.split()) else name


@dataclass(frozen=True)
class Outlet:
    name: str
    handle: str
    role: str
    reach: float
    newsroom: Author  # the outlet itself, for flashes and bylines without a journalist


@dataclass
class Social:
    """A slice's posts on one social channel, with what the volume model and the aggregates
    need: the sum of their marks, the count per stance and per hashtag."""

    posts: list[Post]
    mark: float
    stances: list[int]
    tags: dict[str, int]


@dataclass
class Filled:
    """The bank's fragments filled with one set of values."""

    # (phase, persona, stance) → (opening and core, the same ending in "!" where it ended in ".")
    social: dict[tuple[str, str, int], tuple[list[str], list[str]]]
    closes: list[list[str]]  # per stance
    quotes: list[list[str]]  # per stance
    corrections: list[str]
    phishing: list[list[str]]  # per stance
    forum_open: list[str]
    forum_follow: list[list[str]]
    contact: dict[str, list[str]]  # open, close, notified and one list per kind


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _loud(text: str) -> str:
    return text[:-1] + "!" if text.endswith(".") else text


def _with_space(fragments: list[str], before: bool) -> list[str]:
    return [("" if not f else (" " + f if before else f + " ")) for f in fragments]


class Writer:
    def __init__(self, bank: dict[str, Any], params: StormParams, pools: dict[str, Pool],
                 outlets: list[Outlet], personas: tuple[str, ...], org_tag: str,
                 hashtag_choice: float):
        self.bank = bank
        self.params = params
        self.pools = pools
        self.outlets = outlets
        self.personas = personas
        self._filled: dict[tuple, Filled] = {}
        self.filled: Filled | None = None
        self.values: dict[str, str | None] = {}
        self.by_outlet = {o.name: [a for a in pools["journalist"].authors if a.outlet == o.name]
                          for o in outlets}
        self._persona_tables = self._persona_choice()
        self._casts = {phase: [self._cast(phase, index) for index in range(len(STANCES))]
                       for phase in PHASES}
        self._entries: dict[str, list[tuple]] = {}
        self._tags: dict[int, list[tuple[tuple[str, ...], str]]] = {}
        self._endings: dict[int, list[list[tuple]]] = {}
        self._items: dict[tuple, list[str]] = {}  # news, flashes and questions, filled
        self._choices: dict[tuple, tuple[list, list[float]]] = {}  # angles and outlets
        tags = ["#" + org_tag + suffix for suffix in bank["hashtags"]["org"]]
        main = tags.pop(int(hashtag_choice * len(tags)))
        self._org_tags = [main, *tags]  # the first is the one that trends
        vulnerable = [p for p in ("patient", "parent") if p in personas]
        self._callers = (vulnerable, params.affected_share if vulnerable else 0.0)

    # -- filling -------------------------------------------------------------------------------

    def use(self, values: Mapping[str, str | None]) -> None:
        """Fill the fragments with these values (made once per distinct set of values)."""
        key = tuple(sorted(values.items()))
        self.values = dict(values)
        if key not in self._filled:
            self._filled[key] = self._fill(values)
        if self._filled[key] is self.filled:
            return  # the same words as before: nothing to make again
        self._endings.clear()
        self._items.clear()
        self.filled = self._filled[key]
        table = self.filled.social
        self._entries = {phase: [table.get((phase, name, stance))
                                 or table[phase, "customer", stance]
                                 for name in self.personas for stance in range(len(STANCES))]
                         for phase in PHASES}

    @property
    def hashtag(self) -> str:
        """The organisation's hashtag that trends."""
        return self._org_tags[0]

    def _fill(self, values: Mapping[str, str | None]) -> Filled:
        social = self.bank["social"]
        cache: dict[str, list[str]] = {}

        def filled(templates: list[str]) -> list[str]:
            key = "\x1f".join(templates)
            if key not in cache:
                cache[key] = fill_all(templates, values)
            return cache[key]

        table = {}
        for phase in PHASES:
            extras = social.get(phase, {})
            for persona in self.personas:
                own = social["core"].get(persona, {})
                formal = persona in FORMAL
                for index, stance in enumerate(STANCES):
                    cores = list(filled(own.get(stance, [])))
                    if persona in PEOPLE or persona == "influencer":
                        if persona != "customer":
                            cores += filled(social["core"]["customer"].get(stance, []))
                        if persona in PEOPLE:
                            cores += filled(extras.get(stance, []))
                    if not cores:
                        continue
                    if formal:  # a first sentence and maybe a second, no interjections
                        follows = _with_space(filled(social["follow"][persona]), before=True)
                        bodies = [_capital(core) + follow for core in cores
                                  for follow in follows]
                    else:
                        opens = _with_space(filled(social["open"][stance]), before=False)
                        bodies = [opener + core if opener else _capital(core)
                                  for opener in opens for core in cores]
                    table[phase, persona, index] = (bodies, [_loud(b) for b in bodies])
        phishing = social["phishing"]
        return Filled(
            social=table,
            closes=[_with_space(filled(social["close"][s]), before=True) for s in STANCES],
            quotes=[filled(social["quote"].get(s, [])) for s in STANCES],
            corrections=[opener + line if opener else _capital(line)
                         for opener in _with_space(filled(social["open"]["neutral"]), False)
                         for line in filled(social["correction"])],
            phishing=[[opener + line if opener else _capital(line)
                       for opener in _with_space(filled(social["open"][s]), before=False)
                       for line in filled(phishing.get(s, phishing["worried"]))]
                      for s in STANCES],
            forum_open=_with_space(filled(social["forum_open"]), before=False),
            forum_follow=[_with_space(filled(social["forum_follow"][s]), before=True)
                          for s in STANCES],
            contact={name: filled(lines) for name, lines in self.bank["contact"].items()})

    # -- who writes -------------------------------------------------------------------------------

    def _persona_choice(self) -> dict[tuple[str, int], tuple[list[float], list[str]]]:
        """(phase, stance) → cumulative weights over the personas that take that stance."""
        params = self.params
        tables = {}
        for phase in PHASES:
            mix = dict(params.persona_mix[phase])
            for persona in ("patient", "parent"):
                if persona in self.personas:
                    share = params.affected_share / sum(p in self.personas
                                                        for p in ("patient", "parent"))
                    mix[persona] = mix.get("customer", 0) * share
            if any(p in self.personas for p in ("patient", "parent")):
                mix["customer"] = mix.get("customer", 0) * (1 - params.affected_share)
            for index, stance in enumerate(STANCES):
                names, weights = [], []
                for persona in self.personas:
                    weight = mix.get(persona, 0) * params.affinity.get(persona, {}).get(stance, 0)
                    if weight > 0:
                        names.append(persona)
                        weights.append(weight)
                if not names:
                    names, weights = ["customer"], [1.0]
                tables[phase, index] = (list(accumulate(weights)), names)
        return tables

    def _cast(self, phase: str, stance: int) -> tuple[list[float], list[tuple], float]:
        """Everyone who may take this stance in this phase, in one table: cumulative weights
        (persona share times the author's activity), and each author's voice for it: (author,
        slot of its fragments, mark, shouts, lower case, emoji suffix, one of the people
        affected, writes formally)."""
        cumulative, names = self._persona_tables[phase, stance]
        weights, voices = [], []
        previous = 0.0
        faces = EMOJI[STANCES[stance]]
        negative = STANCES[stance] in NEGATIVE
        pairs = []
        for weight, name in zip(cumulative, names, strict=True):
            pool = self.pools[name]
            share = (weight - previous) / cumulative[-1] / pool.cumulative[-1]
            previous = weight
            before = 0.0
            for author, activity in zip(pool.authors, pool.cumulative, strict=True):
                pairs.append(((activity - before) * share, author, name))
                before = activity
        # marks scaled so that a post sets off one unit of reactions on average, whoever
        # takes the stance in whatever phase: the branching ratio then means what it says
        mean = sum(weight * author.mark for weight, author, _ in pairs) or 1.0
        for weight, author, name in pairs:
            slot = self.personas.index(name) * len(STANCES) + stance
            weights.append(weight)
            voices.append((author, slot, author.mark / mean, negative and author.exclaim,
                               author.lower,
                               " " + faces[author.emoji % len(faces)] if author.emoji >= 0
                               else "", name in PEOPLE, int(name in FORMAL)))
        summed = list(accumulate(weights))
        return summed, voices, summed[-1]

    # -- hashtags ---------------------------------------------------------------------------------

    def tagsets(self, level: int) -> list[tuple[tuple[str, ...], str]]:
        """Hashtag choices for a storm of this size (level -1: none): the organisation's tag
        takes over as the storm grows. (Topics make no tags: they are the author's slugs,
        such as press-enquiries, and some would name real brands.)"""
        if level < 0:
            return [((), "")]
        if level not in self._tags:
            generic = self.bank["hashtags"]["generic"]
            main, *others = self._org_tags
            sets: list[tuple[str, ...]] = [()] * (6 - level * 2)
            sets += [(g,) for g in generic]
            sets += [(main,)] * (level * 3) + [(o,) for o in others[:level]]
            sets += [(main, g) for g in generic[:level * 2]]
            self._tags[level] = [(s, "".join(" " + t for t in s)) for s in sets]
        return self._tags[level]

    def endings(self, level: int) -> list[list[tuple]]:
        """Per stance and formality (index ``2 * stance + formal``), every way a post can end:
        (closing words and hashtags, the same shouted, whether a shout goes to the body
        instead because there are no closing words, which hashtag set)."""
        if level not in self._endings:
            tagsets = self.tagsets(level)
            found = []
            for stance in range(len(STANCES)):
                for formal in (False, True):
                    closes = [""] if formal else self.filled.closes[stance]
                    found.append([(close + text, _loud(close) + text, not close, index)
                                  for close in closes
                                  for index, (_, text) in enumerate(tagsets)])
            self._endings[level] = found
        return self._endings[level]

    # -- the channels -------------------------------------------------------------------------

    def social(self, rnd, count: int, start: int, width: int, channel: str, name: str,
               stance_cum: list[float], phase: str, odds: tuple[float, float, float],
               level: int, topic: str | None) -> Social:
        """``count`` posts on a social channel, in time order, with the ids ``name-k``."""
        filled = self.filled
        entries = self._entries[phase]
        casts = self._casts[phase]
        quotes, corrections, phishing = filled.quotes, filled.corrections, filled.phishing
        forum_open, forum_follow = filled.forum_open, filled.forum_follow
        quote_odds, correction_odds, phishing_odds = odds
        correction_odds += quote_odds
        phishing_odds += correction_odds
        forum = channel == "forum"
        if forum:  # forums carry no hashtags
            level = -1
        tagsets = self.tagsets(level)
        endings = self.endings(level)
        hits = [0] * len(tagsets)
        stances = [0] * len(STANCES)
        total = stance_cum[-1]
        mark = 0.0
        posts = []
        append = posts.append
        times = sorted([start + int(rnd() * width) for _ in range(count)])
        for number, second in enumerate(times):
            stance = _bisect(stance_cum, rnd() * total)
            cumulative, voices, weight = casts[stance]
            author, slot, reach, shout, lower, face, person, formal = voices[
                _bisect(cumulative, rnd() * weight)]
            ways = endings[2 * stance + formal]
            plain, loud, body_shouts, tag = ways[int(rnd() * len(ways))]
            u = rnd()
            if u < quote_odds and quotes[stance]:
                lines = quotes[stance]
                body = shouted = lines[int(rnd() * len(lines))]
            elif u < correction_odds and stance == _NEUTRAL:
                body = shouted = corrections[int(rnd() * len(corrections))]
            elif u < phishing_odds and person:
                lines = phishing[stance]
                body = shouted = lines[int(rnd() * len(lines))]
            else:
                bodies, shouts = entries[slot]
                pick = int(rnd() * len(bodies))
                body, shouted = bodies[pick], shouts[pick]
            text = ((shouted if body_shouts else body) + loud) if shout else body + plain
            if forum:
                follow = forum_follow[stance]
                text = (forum_open[int(rnd() * len(forum_open))] + text
                        + follow[int(rnd() * len(follow))])
            if lower:
                text = text.lower()
            hits[tag] += 1
            mark += reach
            stances[stance] += 1
            append(_new(Post, (f"{name}-{number}", second, channel, "post", author,
                               STANCES[stance], text + face, tagsets[tag][0], topic, None,
                               None, None)))
        counted: dict[str, int] = {}
        for (tags, _), hit in zip(tagsets, hits, strict=True):
            for tag in tags if hit else ():
                counted[tag] = counted.get(tag, 0) + hit
        return Social(posts, mark, stances, counted)

    def _angle(self, rnd, angles: Mapping[str, float], have: Mapping[str, Any]) -> str:
        key = (id(have), tuple(angles.items()))
        if key not in self._choices:
            names = sorted(a for a in angles if a in have) or ["confirmed"]
            self._choices[key] = (names, list(accumulate(angles.get(a, 1.0) for a in names)))
        names, cumulative = self._choices[key]
        return names[_bisect(cumulative, rnd() * cumulative[-1])]

    def _outlet(self, rnd, angle: str, roles: tuple[str, ...] | None = None) -> Outlet:
        key = (angle, roles)
        if key not in self._choices:
            prefer = _ROLES.get(angle, {})
            candidates = ([o for o in self.outlets if roles is None or o.role in roles]
                          or self.outlets)
            self._choices[key] = (candidates, list(accumulate(
                o.reach * prefer.get(o.role, 1) for o in candidates)))
        candidates, cumulative = self._choices[key]
        return candidates[_bisect(cumulative, rnd() * cumulative[-1])]

    def _byline(self, rnd, outlet: Outlet) -> Author:
        staff = self.by_outlet.get(outlet.name)
        return staff[int(rnd() * len(staff))] if staff else outlet.newsroom

    def _one(self, rnd, templates: list[str], values: Mapping[str, str | None]) -> str | None:
        """One of the templates that can be filled, filled (per outlet, kept until the
        values change)."""
        key = (id(templates), values.get("outlet"))
        if key not in self._items:
            self._items[key] = fill_all(templates, values)
        usable = self._items[key]
        return usable[int(rnd() * len(usable))] if usable else None

    def article(self, rnd, angles: Mapping[str, float]) -> tuple[Outlet, Author, str, str, str]:
        """One news article: (outlet, byline, stance, headline, lede)."""
        news = self.bank["news"]
        angle = self._angle(rnd, angles, news)
        outlet = self._outlet(rnd, angle, None)
        values = {**self.values, "outlet": outlet.name}
        headline = self._one(rnd, news[angle]["headline"], values)
        lede = self._one(rnd, news[angle]["lede"], values)
        if headline is None or lede is None:
            angle = "confirmed"
            headline = self._one(rnd, news[angle]["headline"], values) or ""
            lede = self._one(rnd, news[angle]["lede"], values) or ""
        return outlet, self._byline(rnd, outlet), news[angle]["stance"], headline, lede

    def flash(self, rnd, angles: Mapping[str, float]) -> tuple[Outlet, str, str]:
        """One line on the ticker: (outlet, stance, text)."""
        ticker = self.bank["ticker"]
        angle = self._angle(rnd, angles, ticker)
        outlet = self._outlet(rnd, angle, ("wire",) if rnd() < 0.8 else ("public",))
        values = {**self.values, "outlet": outlet.name}
        text = (self._one(rnd, ticker[angle], values)
                or fill(ticker["confirmed"][0], values))
        return outlet, self.bank["news"][angle]["stance"], text

    def inquiry(self, rnd, angles: Mapping[str, float]) -> tuple[Outlet, Author, str]:
        """One journalist's request for comment: (outlet, journalist, question)."""
        inquiry = self.bank["inquiry"]
        angle = self._angle(rnd, angles, self.bank["news"])
        outlet = self._outlet(rnd, angle, _ASKING)
        values = {**self.values, "outlet": outlet.name}
        question = (self._one(rnd, inquiry.get(angle, []), values)
                    or self._one(rnd, inquiry["default"], values) or "")
        return outlet, self._byline(rnd, outlet), question

    def contact(self, rnd, cumulative: list[float], notified: float) -> tuple[int, Author, str]:
        """One contact (its kind drawn from the cumulative mix): (kind index, who, what they
        say)."""
        contact = self.filled.contact
        kind = _bisect(cumulative, rnd() * cumulative[-1])
        vulnerable, share = self._callers
        persona = (vulnerable[int(rnd() * len(vulnerable))] if rnd() < share else "customer")
        author = self.pools[persona].pick(rnd())
        name = CONTACT_KINDS[kind]
        lines = contact["notified"] if name == "affected" and rnd() < notified else contact[name]
        parts = [contact["open"][int(rnd() * len(contact["open"]))],
                 lines[int(rnd() * len(lines))],
                 contact["close"][int(rnd() * len(contact["close"]))]]
        return kind, author, "\n".join(p for p in parts if p)  # greeting, message, sign-off


def outlets_for(bank: dict[str, Any], jurisdiction: str,
                declared: list[tuple[str, str]]) -> list[tuple[str, str, str, float]]:
    """(name, handle, role, reach) of the outlets in play: the country's invented ones, and
    those of the scenario's own journalists."""
    table = bank["outlets"]
    found = [(o["name"], o["handle"], o["role"], float(o["reach"]))
             for o in table.get(jurisdiction, table["default"])]
    names = {name for name, *_ in found}
    for outlet, handle in declared:
        if outlet not in names:
            found.append((outlet, handle, "declared", 4.0))
            names.add(outlet)
    return found
