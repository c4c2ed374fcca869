"""The memory kernel: when the reactions to a post come.

The social kernel has SEISMIC's shape (Zhao et al. 2015): a constant density for the first
``onset`` seconds, then a power law ``t^-(1+theta)``, here with an exponential cutoff
``e^(-t/cutoff)`` (Mathews et al. 2017). It is written as a sum of exponentials, fitted once,
so that the volume model keeps one running sum per time constant instead of convolving every
past minute. The cutoff is not a free guess: it is solved so that a storm nothing feeds halves
every ``half_life`` at the baseline branching ratio.
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


def social(theta: float, onset: float, cutoff: float) -> Kernel:
    """SEISMIC's kernel with an exponential cutoff at ``cutoff`` seconds, as a density."""
    cut = []
    for weight, scale in zip(_seismic(theta, onset), _SCALES, strict=True):
        if weight > 1e-3:  # a component this light changes nothing a storm shows
            shorter = 1 / (1 / scale + 1 / cutoff)
            cut.append((weight * shorter / scale, shorter))
    total = sum(w for w, _ in cut)
    return Kernel(tuple(w / total for w, _ in cut), tuple(s for _, s in cut))


@cache
def social_for(theta: float, onset: float, branching: float, half_life: float) -> Kernel:
    """The social kernel whose cutoff makes a storm with this branching ratio halve every
    ``half_life`` seconds once nothing feeds it."""
    wanted = math.log(2) / half_life
    low, high = math.log(60.0), math.log(3.0e8)
    for _ in range(80):  # a longer cutoff means a longer memory and a slower decay
        middle = (low + high) / 2
        kernel = social(theta, onset, math.exp(middle))
        low, high = (middle, high) if kernel.decay_rate(branching) > wanted else (low, middle)
    return social(theta, onset, math.exp(low))
