"""In-world time. The engine never reads the wall clock; a clock is handed one.

World time is whole seconds since the scenario's start. A ``ScaledClock`` runs it at ``speed``
× wall time (60× turns 72 hours into 72 minutes); tests and headless play move the director's
time themselves.
"""

from __future__ import annotations

from collections.abc import Callable

#: Speeds the facilitator steps through with faster/slower (in-world seconds per wall second).
SPEEDS = (1.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0)


class ScaledClock:
    """World time = anchor + (wall now − wall anchor) × speed, while running."""

    def __init__(self, wall: Callable[[], float], world: int = 0, speed: float = 60.0):
        self._wall = wall
        self._anchor_world = float(world)
        self._anchor_wall = wall()
        self.speed = speed
        self.paused = True

    def world(self) -> int:
        if self.paused:
            return int(self._anchor_world)
        return int(self._anchor_world + (self._wall() - self._anchor_wall) * self.speed)

    def _rebase(self) -> None:
        self._anchor_world = float(self.world()) if not self.paused else self._anchor_world
        self._anchor_wall = self._wall()

    def pause(self) -> None:
        self._rebase()
        self.paused = True

    def resume(self) -> None:
        self._anchor_wall = self._wall()
        self.paused = False

    def set_speed(self, speed: float) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self._rebase()
        self.speed = speed

    def set(self, world: int) -> None:
        """Jump forward (never back) to ``world``."""
        self._rebase()
        self._anchor_world = max(self._anchor_world, float(world))
