"""The storm's authors: per persona a pool of identities of the scenario's locale, made once.

Each pool comes from its own seeding of the engine's Faker (``faker_for``: session seed, what,
key), so pools never shift one another. An author keeps a name, a handle derived from it, a
place, a follower count and a voice (lower case, emoji, exclamation marks) for the whole
storm; a few authors post a lot and most post once or twice.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import Any

from ..engine.cast import faker_for
from ..engine.seeding import rng
from .params import PERSONAS

#: Voices by persona: the chance an author writes in lower case, adds an emoji, or shouts.
#: Presentation, not part of the model; journalists, researchers, politicians and
#: competitors write formally.
VOICES: dict[str, tuple[float, float, float]] = {
    "customer": (0.12, 0.3, 0.25), "patient": (0.08, 0.25, 0.2), "parent": (0.08, 0.35, 0.3),
    "influencer": (0.1, 0.6, 0.4), "activist": (0.05, 0.15, 0.4), "troll": (0.35, 0.4, 0.3),
    "rumourer": (0.2, 0.3, 0.5), "employee": (0.1, 0.2, 0.1), "journalist": (0, 0, 0),
    "researcher": (0, 0, 0), "politician": (0, 0, 0.1), "competitor": (0, 0, 0),
}
_TITLES = frozenset({"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "dhr", "mevr", "ir", "drs",
                     "ing", "mr.", "sir", "lord", "lady", "rev"})


@dataclass(frozen=True, slots=True)
class Author:
    name: str
    handle: str
    persona: str
    followers: int
    place: str
    mark: float  # how many reactions a post sets off, relative to the persona's reach
    outlet: str | None = None
    lower: bool = False
    emoji: int = -1  # which emoji of a stance the author uses; -1: none
    exclaim: bool = False

    def as_dict(self) -> dict[str, Any]:
        found = {"name": self.name, "handle": self.handle, "persona": self.persona,
                 "followers": self.followers, "place": self.place}
        if self.outlet is not None:
            found["outlet"] = self.outlet
        return found


@dataclass(frozen=True)
class Pool:
    authors: tuple[Author, ...]
    cumulative: tuple[float, ...]  # activity, cumulated: most posts come from a few authors

    def pick(self, u: float) -> Author:
        return self.authors[bisect.bisect(self.cumulative, u * self.cumulative[-1])]


def ascii_words(text: str) -> list[str]:
    """The words of ``text`` folded to lower-case ASCII letters and digits."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return [w for w in re.split(r"[^a-z0-9]+", folded.lower()) if w]


def handle_for(name: str, chooser) -> str:
    """A handle made from the name: ``@jvandersloot``, ``@jan_sloot``, ``@jansloot84``."""
    words = [w for w in ascii_words(name) if w not in _TITLES] or ["user"]
    first, last = words[0], "".join(words[1:]) or words[0]
    style = chooser.randrange(5)
    if style == 0:
        core = first[0] + last
    elif style == 1:
        core = f"{first}_{words[-1]}"
    elif style == 2:
        core = f"{first}{last}{chooser.randrange(70, 100) if chooser.random() < 0.5 else ''}"
    elif style == 3:
        core = f"{words[-1]}{first[0]}"
    else:
        core = f"{first}{chooser.randrange(1, 999)}"
    return "@" + core[:15]


@lru_cache(maxsize=8)
def build_pools(locale: str, seed: int, sizes: tuple[tuple[str, int], ...],
                reach: tuple[tuple[str, float], ...], followers: tuple[tuple[str, float], ...],
                sigma: float, activity: float,
                journalists: tuple[tuple[str, str | None], ...],
                outlets: tuple[str, ...], suffixes: tuple[str, ...]) -> dict[str, Pool]:
    """Every persona's pool. Cached: the same session's storm, recomputed, reuses them."""
    reach_of, median_of = dict(reach), dict(followers)
    pools = {}
    for persona, size in sizes:
        fake = faker_for(locale, seed, "storm", persona)
        chooser = rng(seed, "storm", "pool", persona)
        declared = journalists if persona == "journalist" else ()
        lower, emoji, exclaim = VOICES[persona]
        drafts = []
        for index in range(max(size, len(declared))):
            if index < len(declared):
                name, outlet = declared[index]
            else:
                name = (f"{fake.last_name()} {chooser.choice(suffixes)}"
                        if persona == "competitor" else fake.name())
                outlet = None
            if persona == "journalist" and outlet is None:
                outlet = outlets[index % len(outlets)]
            spread = math.exp(sigma * chooser.gauss(0.0, 1.0))
            drafts.append((name, handle_for(name, chooser), fake.city(), spread, outlet,
                           chooser.random() < lower,
                           chooser.randrange(1000) if chooser.random() < emoji else -1,
                           chooser.random() < exclaim))
        weights = [(index + 1) ** -activity for index in range(len(drafts))]
        mean_spread = sum(w * d[3] for w, d in zip(weights, drafts, strict=True)) / sum(weights)
        authors = tuple(
            Author(name, handle, persona, round(median_of[persona] * spread), place,
                   reach_of[persona] * spread / mean_spread, outlet, low, face, loud)
            for name, handle, place, spread, outlet, low, face, loud in drafts)
        pools[persona] = Pool(authors, tuple(accumulate(weights)))
    return pools


def pools_for(locale: str, seed: int, params, journalists: tuple[tuple[str, str | None], ...],
              outlets: tuple[str, ...], suffixes: tuple[str, ...],
              personas: tuple[str, ...] = PERSONAS) -> dict[str, Pool]:
    return build_pools(locale, seed, tuple((p, params.pools[p]) for p in personas),
                       tuple(sorted(params.reach.items())),
                       tuple(sorted(params.followers.items())), params.mark_sigma,
                       params.activity, journalists, outlets, suffixes)
