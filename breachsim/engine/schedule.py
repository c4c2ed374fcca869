"""The director's timetable: when each inject becomes due, kept up to date step by step.

Injects wait in a timetable (a heap by the moment they become eligible, by ``timing.ways_in``
and the triggers recorded). Once eligible they move into a pool; an inject with a ``when``
condition waits there until the condition holds. A condition is evaluated again only when one
of its inputs changed (``touch``) or a time comparison in it may have flipped (the rechecks),
so a step costs what changed, not what the scenario holds. Decision timeouts keep a heap of
their own. Everything here can be rebuilt from the state (``rebuild``).
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from ..scenario import conditions
from ..scenario.durations import parse_duration
from ..scenario.model import Inject, Scenario
from ..scenario.timing import START, triggered_ids, ways_in
from . import events as ev
from .events import Event
from .state import State


class Schedule:
    """What is due when in one session of ``scenario`` (see the module doc)."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.order = {inject.id: index for index, inject in enumerate(scenario.injects)}
        self.triggered_only = triggered_ids(scenario)
        parsed = scenario.conditions
        self.conditions = scenario.compiled_conditions
        self.thresholds = {key: _thresholds(expr) for key, expr in parsed.items()}
        self.inputs = {key: _inputs(expr) for key, expr in parsed.items()}
        # source inject → [(inject that follows it, delay)], from the one arrival rule
        self.dependents: dict[str, list[tuple[Inject, int]]] = defaultdict(list)
        for inject in scenario.injects:
            for _, source, delay in ways_in(scenario, inject, self.triggered_only):
                if source != START:
                    self.dependents[source].append((inject, int(delay)))
        self._heap: list[tuple[int, int, str, str]] = []  # (eligible, order, inject, via)
        self._pool: dict[str, tuple[int, str]] = {}  # eligible, waiting: inject → (when, via)
        self._ready: set[str] = set()  # in the pool, and its condition holds now
        self._stale: set[str] = set()  # in the pool, its condition to be evaluated again
        self._watch: dict[str, set[str]] = defaultdict(set)  # input → injects reading it
        self._rechecks: list[tuple[int, str]] = []  # (moment a comparison may flip, inject)
        self._timeouts: list[tuple[int, int, str]] = []  # (deadline, order, decision)

    def eligibility(self, inject: Inject, state: State) -> list[tuple[int, str]]:
        """When ``inject`` becomes eligible, as [(in-world second, how)], by the scenario's one
        arrival rule (``timing.ways_in``) and by the triggers recorded so far; a ``when``
        condition may still hold it back."""
        found = []
        for kind, source, delay in ways_in(self.scenario, inject, self.triggered_only):
            if source == START:
                found.append((int(delay), kind))
            elif source in state.delivered:
                found.append((state.delivered[source].world + int(delay), kind))
        if inject.id in state.triggered:
            found.append((state.triggered[inject.id], "trigger"))
        return found

    def rebuild(self, state: State, now: int) -> None:
        """Everything, again, from the state alone."""
        self._heap.clear()
        for inject_id in list(self._pool):
            self.unpool(inject_id)
        self._rechecks.clear()
        self._timeouts.clear()
        if not state.session:
            return
        for inject in self.scenario.injects:
            if inject.id in state.delivered or inject.id in state.skipped:
                continue
            for eligible, via in self.eligibility(inject, state):
                self.add(eligible, inject.id, via)
        for decision in state.open_decisions.values():
            if decision.deadline is not None:
                self.add_timeout(decision.deadline, decision.decision)
        self.refresh(state, now)

    # -- what is added -----------------------------------------------------------------------

    def add(self, eligible: int, inject_id: str, via: str) -> None:
        heapq.heappush(self._heap, (eligible, self.order[inject_id], inject_id, via))

    def add_timeout(self, deadline: int, decision_id: str) -> None:
        heapq.heappush(self._timeouts, (deadline, self.order[decision_id], decision_id))

    def delivered(self, inject: Inject, state: State, now: int) -> None:
        """What follows ``inject`` now that it has arrived."""
        for dependent, delay in self.dependents.get(inject.id, ()):
            if dependent.id not in state.delivered:
                self.add(now + delay, dependent.id, "after")

    def touch(self, event: Event, before: dict[str, Any]) -> None:
        """Mark the waiting conditions that read what this event changed.

        ``before`` holds the variables the event assigns, as they were: setting a variable to
        the value it already has changes nothing and wakes nobody."""
        if not self._pool:
            return
        data = event.data
        keys: list[str] = []
        if event.kind == ev.INJECT_DELIVERED:
            keys.append(f"seen:{data['inject']}")
            if data.get("marks_awareness"):
                keys.append("aware")
        elif event.kind in (ev.DECISION_RECORDED, ev.DECISION_TIMED_OUT):
            keys.append(f"chose:{data['decision']}")
            keys += [f"var:{name}" for name, value in (data.get("set") or {}).items()
                     if before.get(name) != value]
        elif event.kind in ev.ACTION_OF_EVENT:
            action = ev.ACTION_OF_EVENT[event.kind]
            keys.append(f"done:{action}")
            if action == "declare_awareness":
                keys.append("aware")
        for key in keys:
            self._stale |= self._watch.get(key, set())

    # -- what is due -------------------------------------------------------------------------

    def refresh(self, state: State, now: int) -> None:
        """Move what has become eligible by ``now`` into the pool, and evaluate the conditions
        that may have changed."""
        while self._heap and self._heap[0][0] <= now:
            eligible, _, inject_id, via = heapq.heappop(self._heap)
            if inject_id in state.delivered or inject_id in state.skipped:
                continue
            if inject_id not in self._pool:
                self._enpool(inject_id, eligible, via)
        while self._rechecks and self._rechecks[0][0] <= now:
            _, inject_id = heapq.heappop(self._rechecks)
            if inject_id in self._pool:
                self._stale.add(inject_id)
        self._evaluate_stale(state, now)

    def first_ready(self) -> tuple[str, str] | None:
        """The inject to deliver now, and how it came: of all that are ready, the first in the
        file (everything ready is due now)."""
        if not self._ready:
            return None
        inject_id = min(self._ready, key=self.order.__getitem__)
        return inject_id, self._pool[inject_id][1]

    def unpool(self, inject_id: str) -> None:
        """Off the schedule: delivered, fired or skipped."""
        if self._pool.pop(inject_id, None) is None:
            return
        self._ready.discard(inject_id)
        self._stale.discard(inject_id)
        for key in self.inputs.get(inject_id, ()):
            self._watch[key].discard(inject_id)

    def pop_timeout(self, now: int) -> str | None:
        """A decision whose deadline has come by ``now``, taken off its heap."""
        if self._timeouts and self._timeouts[0][0] <= now:
            return heapq.heappop(self._timeouts)[2]
        return None

    def next_due(self, state: State, now: int, duration: int) -> int:
        """When something next happens by itself: a delivery, a timeout, a condition to look at
        again, or the end."""
        self._prune(state)
        candidates = [duration]
        for heap in (self._heap, self._timeouts, self._rechecks):
            if heap:
                candidates.append(max(heap[0][0], now + 1))
        return min(candidates)

    def _prune(self, state: State) -> None:
        """Drop entries that no longer matter (fired, skipped, decided)."""
        while self._heap and (self._heap[0][2] in state.delivered
                              or self._heap[0][2] in state.skipped):
            heapq.heappop(self._heap)
        while self._timeouts and self._timeouts[0][2] not in state.open_decisions:
            heapq.heappop(self._timeouts)
        while self._rechecks and self._rechecks[0][1] not in self._pool:
            heapq.heappop(self._rechecks)

    def _enpool(self, inject_id: str, eligible: int, via: str) -> None:
        self._pool[inject_id] = (eligible, via)
        if inject_id not in self.conditions:
            self._ready.add(inject_id)
            return
        self._stale.add(inject_id)
        for key in self.inputs[inject_id]:
            self._watch[key].add(inject_id)

    def _evaluate_stale(self, state: State, now: int) -> None:
        if not self._stale:
            return
        facts = _facts(state, now)
        aware = state.aware_since
        for inject_id in self._stale:
            if self.conditions[inject_id](facts):
                self._ready.add(inject_id)
                continue
            self._ready.discard(inject_id)
            moment = self._next_threshold(inject_id, state, now, aware)
            if moment is not None:
                heapq.heappush(self._rechecks, (moment, inject_id))
        self._stale.clear()

    def _next_threshold(self, inject_id: str, state: State, now: int,
                        aware: int | None) -> int | None:
        """The next moment a time comparison in the inject's condition may flip."""
        moments = []
        for name, seconds in self.thresholds.get(inject_id, ()):
            if isinstance(seconds, str):  # a duration variable
                value = parse_duration(str(state.variables.get(seconds, "")))
                if value is None:
                    continue
                seconds = int(value.total_seconds())
            base = 0 if name == "elapsed" else aware
            if base is None:
                continue
            moments += [base + seconds, base + seconds + 1]
        later = [m for m in moments if m > now]
        return min(later) if later else None


def _facts(state: State, now: int) -> conditions.Facts:
    aware = state.aware_since
    return conditions.Facts(
        variables=state.variables,
        seen=state.delivered.keys(),  # type: ignore[arg-type]
        choices=_Options(state.choices),
        done=state.done,
        elapsed=timedelta(seconds=now),
        since_awareness=None if aware is None else timedelta(seconds=now - aware),
    )


class _Options(Mapping):
    """decision → option taken, read straight from the state's choices (no copy)."""

    def __init__(self, choices: dict):
        self._choices = choices

    def __getitem__(self, key: str) -> str:
        return self._choices[key].option

    def get(self, key: str, default: object = None) -> object:
        choice = self._choices.get(key)
        return default if choice is None else choice.option

    def __iter__(self):
        return iter(self._choices)

    def __len__(self) -> int:
        return len(self._choices)


def _inputs(expr: conditions.Expr) -> frozenset[str]:
    """What a condition reads: seen:X, chose:D, done:A, var:V, aware (the clock is separate)."""
    found = set()
    for node in conditions.walk(expr):
        if isinstance(node, conditions.Call):
            found.add(f"{node.func}:{node.args[0]}")
        elif isinstance(node, conditions.Name):
            if node.name in ("since_awareness", "aware"):
                found.add("aware")
            elif node.name != "elapsed":
                found.add(f"var:{node.name}")
    return frozenset(found)


def _thresholds(expr: conditions.Expr) -> tuple[tuple[str, int | str], ...]:
    """(clock name, seconds or duration variable) for each time comparison in a condition."""
    found: list[tuple[str, int | str]] = []
    for node in conditions.walk(expr):
        if not isinstance(node, conditions.Compare):
            continue
        for clock, other in ((node.left, node.right), (node.right, node.left)):
            if isinstance(clock, conditions.Name) and clock.name in ("elapsed",
                                                                     "since_awareness"):
                if isinstance(other, conditions.Lit) and isinstance(other.value, timedelta):
                    found.append((clock.name, int(other.value.total_seconds())))
                elif isinstance(other, conditions.Name):
                    found.append((clock.name, other.name))
    return tuple(found)
