"""The memory kernel: when the reactions to a post come.

Most reactions follow SEISMIC's shape (Zhao et al. 2015): a constant density for the first
``onset`` seconds, then a power law ``t^-(1+theta)``, cut off exponentially after ``cutoff``
(Mathews et al. 2017). Such reactions are over within hours; what keeps a storm going for days
is people coming back to the story, so a share ``linger`` of the reactions comes with a slow
exponential memory instead, whose time constant is solved so that a storm nothing feeds halves
every ``half_life``. The whole kernel is a sum of exponentials, fitted once, so that the volume
model keeps one running sum per time constant instead of convolving every past minute.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

#: Time constants of the fitted mixture: 60 s × 3^k, out to about a year.
_SCALES = tuple(60.0 * 3.0**k for k in range(13))


@dataclass(frozen=True)
class Kernel:
    """A density of reaction delays: ``weights[k]`` of the mass decays with ``scales[k]``."""

    weights: tuple[float, ...]
    scales: tuple[float, ...]

    def survival(self, t: float) -> float:
        """The share of reactions that come later than ``t`` seconds."""
        return sum(w * math.exp(-t / s) for w, s in zip(self.weights, self.scales, strict=True))

    def quantile(self, share: float) -> float:
        """The delay by which ``share`` of the reactions have come."""
        low, high = 0.0, 100 * max(self.scales)
        for _ in range(200):
            middle = (low + high) / 2
            low, high = (middle, high) if self.survival(middle) > 1 - share else (low, middle)
        return low

    def slice_steps(self, width: float) -> tuple[tuple[float, float], ...]:
        """Per component, (decay over one slice, mass that lands one slice later): a post
        counted in slice j adds ``gain · decay^(i-j-1)`` reactions to slice i > j."""
        return tuple((math.exp(-width / s), w * (1 - math.exp(-width / s)))
                     for w, s in zip(self.weights, self.scales, strict=True))

    def growth(self, rate: float) -> float:
        """∫ φ(t)·e^(rate·t) dt: the renewal equation's Laplace term (∞ past the slowest
        component)."""
        total = 0.0
        for w, s in zip(self.weights, self.scales, strict=True):
            if rate * s >= 1:
                return math.inf
            total += w / (1 - rate * s)
        return total

    def decay_rate(self, branching: float) -> float:
        """How fast a storm with this memory and branching ratio dies out once nothing feeds
        it: the r > 0 with branching · growth(r) = 1 (per second)."""
        if branching <= 0:
            return math.inf
        low, high = 0.0, 1 / max(self.scales)
        for _ in range(200):
            middle = (low + high) / 2
            low, high = (middle, high) if branching * self.growth(middle) < 1 else (low, middle)
        return low


def exponential(half_life: float) -> Kernel:
    return Kernel((1.0,), (half_life / math.log(2),))


@cache
def _seismic(theta: float, onset: float) -> tuple[float, ...]:
    """Weights on ``_SCALES`` that best fit SEISMIC's survival function (relative least
    squares from 30 s to a month; non-negative, by coordinate descent)."""
    density = theta / (onset * (1 + theta))  # normalised: the whole kernel has mass 1

    def survival(t: float) -> float:
        if t < onset:
            return 1 - density * t
        return density * onset / theta * (t / onset) ** -theta

    points = [30 * 1.3**i for i in range(56)]
    rows = [[math.exp(-p / s) / survival(p) for s in _SCALES] for p in points]
    gram = [[sum(r[j] * r[k] for r in rows) for k in range(len(_SCALES))]
            for j in range(len(_SCALES))]
    target = [sum(r[j] for r in rows) for j in range(len(_SCALES))]
    weights = [1 / len(_SCALES)] * len(_SCALES)
    for _ in range(400):
        for j in range(len(_SCALES)):
            rest = target[j] - sum(gram[j][k] * weights[k] for k in range(len(_SCALES)) if k != j)
            weights[j] = max(0.0, rest / gram[j][j])
    return tuple(weights)


def social(theta: float, onset: float, cutoff: float, linger: float = 0.0,
           slow: float = 1.0) -> Kernel:
    """SEISMIC's kernel with an exponential cutoff at ``cutoff`` seconds, and a share
    ``linger`` of the mass decaying slowly with time constant ``slow``."""
    cut = []
    for weight, scale in zip(_seismic(theta, onset), _SCALES, strict=True):
        if weight > 1e-3:  # a component this light changes nothing a storm shows
            shorter = 1 / (1 / scale + 1 / cutoff)
            cut.append((weight * shorter / scale, shorter))
    total = sum(w for w, _ in cut) / (1 - linger)
    found = [(w / total, s) for w, s in cut]
    if linger > 0:
        found.append((linger, slow))
    return Kernel(tuple(w for w, _ in found), tuple(s for _, s in found))


def lingering(branching: float, linger: float, half_life: float) -> float:
    """The slow time constant that makes a storm nothing feeds halve every ``half_life``.

    The fast reactions come within hours, so on the scale of days each post counts with its
    whole burst of fast offspring, 1 / (1 - n(1 - linger)) posts, which set off
    m = n·linger / (1 - n(1 - linger)) slow reactions; the slow mode then decays at
    (1 - m) / slow, which is ln 2 / half_life."""
    fast = branching * (1 - linger)
    carried = branching * linger / (1 - fast) if fast < 1 else 1.0
    return max(0.01, 1 - carried) * half_life / math.log(2)
