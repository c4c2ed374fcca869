"""In-world time runs at speed × wall time, pauses, changes speed and jumps."""

from breachsim.engine.clock import ScaledClock


class Wall:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_scaled_clock_runs_pauses_and_changes_speed():
    wall = Wall()
    clock = ScaledClock(wall, world=0, speed=60)
    wall.now += 10
    assert clock.world() == 0  # starts paused
    clock.resume()
    wall.now += 60  # one wall minute at 60× is one in-world hour
    assert clock.world() == 3600
    clock.pause()
    wall.now += 600
    assert clock.world() == 3600
    clock.resume()
    clock.set_speed(120)
    wall.now += 30
    assert clock.world() == 3600 + 3600
    clock.set(10_000)
    assert clock.world() == 10_000
    clock.set(5)  # never backwards
    assert clock.world() == 10_000


def test_seventy_two_hours_at_sixty_times_take_seventy_two_minutes():
    wall = Wall()
    clock = ScaledClock(wall, speed=60)
    clock.resume()
    wall.now += 72 * 60
    assert clock.world() == 72 * 3600
