"""The storm of a running exercise, for the app's storm panel.

The session's events reach it as they are recorded; ``advance`` computes the storm up to the
exercise's in-world time, in the tick's worker thread, and leaves a ``StormView`` for the
screens to read at any moment. Nothing of it is stored: the log is the truth and the storm is
recomputed from it on resume (architecture rule 2).
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field

from ..engine.events import Event
from ..scenario.model import Scenario
from ..storm import Contact, Post, PressRequest, Queue, Storm

#: How many of the latest posts the feed keeps (newest first).
KEEP = 200
#: How much of the storm's past the sparkline shows, and in what steps (in-world seconds).
SPARK_SPAN, SPARK_STEP = 12 * 3600, 1800
#: Open items that ask for an answer, past which the panel lists no more.
LIST_AT_MOST = 50


@dataclass(frozen=True)
class StormView:
    """The storm as the screens show it at one moment."""

    until: int = 0  # computed up to this in-world second
    posts: tuple[Post, ...] = ()  # the latest, newest first
    headlines: tuple[Post, ...] = ()  # the latest news and wire items, newest first
    volume: tuple[int, ...] = ()  # social posts per SPARK_STEP over the last SPARK_SPAN
    per_hour: int = 0  # social posts in the last hour
    stances: dict[str, int] = field(default_factory=dict)  # in the last hour
    negative: float | None = None  # share of negative posts in the last hour
    trending: tuple[tuple[str, int], ...] = ()
    press: tuple[PressRequest, ...] = ()  # journalists waiting for comment, soonest due first
    press_missed: int = 0
    queue: dict[str, Queue] = field(default_factory=dict)  # open contacts by kind
    waiting: tuple[Contact, ...] = ()  # contacts that wait for the team, soonest due first


class LiveStorm:
    """A ``Storm`` fed as the session goes: ``recorded`` with the log so far, then with each
    step's events."""

    def __init__(self, scenario: Scenario, seed: int):
        self.storm = Storm(scenario, seed)
        self._lock = threading.Lock()
        self._pending: list[Event] = []
        self._posts: deque[Post] = deque(maxlen=KEEP)
        self._news: deque[Post] = deque(maxlen=10)
        self.view = StormView()

    def recorded(self, events: list[Event]) -> None:
        """The session's sink calls this with each step's events once they are stored."""
        with self._lock:
            self._pending.extend(events)

    def advance(self, now: int, missed: list[tuple[int, str]]) -> StormView:
        """Compute the storm up to in-world second ``now``; ``missed`` as ``Storm.advance``."""
        with self._lock:
            events, self._pending = self._pending, []
        storm = self.storm
        posts = storm.advance(events, now, missed)
        if not posts and self.view.until == storm.computed_until:
            return self.view
        self._posts.extend(posts)
        self._news.extend(p for p in posts if p.channel in ("news", "ticker"))
        until = storm.computed_until
        volume = storm.volume(SPARK_STEP)
        social = [sum(pair) for pair in zip(volume.get("microblog", []), volume.get("forum", []),
                                            strict=False)]
        requests = storm.press_requests(until)
        press = [r for r, standing in requests if standing.status == "open"]
        waiting = [c for c, standing in storm.contacts(until)
                   if standing.status in ("open", "missed") and c.kind != "affected"]
        self.view = StormView(
            until, tuple(reversed(self._posts)), tuple(reversed(self._news)),
            tuple(social[-(SPARK_SPAN // SPARK_STEP):]),
            sum(storm.stances(3600).values()), storm.stances(3600), storm.negative_share(3600),
            tuple(storm.trending(6 * 3600)), tuple(press[:LIST_AT_MOST]),
            sum(1 for _, s in requests if s.status == "missed"),
            storm.contact_queue(until),
            tuple(sorted(waiting, key=lambda c: (c.due is None, c.due or 0))[:LIST_AT_MOST]))
        return self.view

    def answerable(self, item_id: str) -> bool:
        """Whether ``item_id`` is a journalist's request or a contact the storm has made so far:
        what a team's answer may name in ``regarding``."""
        storm = self.storm
        return (any(r.id == item_id for r in storm.requests)
                or any(c.id == item_id for c in storm.contact_items))
