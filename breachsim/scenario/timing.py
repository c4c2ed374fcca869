"""When injects can arrive at the earliest, and which wait on each other in a circle.

Plain graph walks over the scenario, kept free of heavy imports because every load runs them;
``graph`` builds the full networkx graph for export.
"""

from __future__ import annotations

import heapq
from datetime import timedelta

from .model import Inject, Scenario

#: The source of what arrives by the clock alone.
START = "__start__"


def triggered_ids(scenario: Scenario) -> set[str]:
    """Injects some decision option triggers: they wait for it, even when they have `when`."""
    return {t.inject for d in scenario.decisions.values() for o in d.options for t in o.triggers}


def ways_in(scenario: Scenario, inject: Inject,
            triggered: set[str]) -> list[tuple[str, str, float]]:
    """How ``inject`` arrives by its own timing, as [(kind, source, delay in seconds)]: the one
    rule the director schedules by and the timing analysis walks. ``source`` is ``START`` or
    the inject it follows; ``triggered`` (``triggered_ids``) are the injects that wait for a
    decision instead of their ``when``. Decision triggers are edges of the decision's inject."""
    if inject.id == scenario.start:
        return [("start", START, 0.0)]
    if inject.at is not None:
        return [("at", START, inject.at.total_seconds())]
    if inject.after is not None:
        return [("after", inject.after.inject, inject.after.delay.total_seconds())]
    if inject.when is not None and inject.id not in triggered:
        return [("when", START, 0.0)]
    return []


def arrival_edges(scenario: Scenario) -> dict[str, list[tuple[str, float, str, dict]]]:
    """source → [(target, delay in seconds, kind, extra)]; the source ``START`` is the start."""
    triggered = triggered_ids(scenario)
    ids = set(scenario.by_id)
    edges: dict[str, list[tuple[str, float, str, dict]]] = {}

    def add(source: str, target: str, delay: float, kind: str, **extra) -> None:
        edges.setdefault(source, []).append((target, delay, kind, extra))

    for inject in scenario.injects:
        for kind, source, delay in ways_in(scenario, inject, triggered):
            if source == START or source in ids:
                add(source, inject.id, delay, kind)
        for option in _options(inject):
            for trigger in option.triggers:
                if trigger.inject in ids:
                    add(inject.id, trigger.inject, trigger.delay.total_seconds(), "trigger",
                        option=option.id, label=option.label)
    return edges



def _options(inject: Inject):
    return inject.decision.options if inject.decision is not None else ()


def earliest(scenario: Scenario) -> dict[str, timedelta]:
    """The earliest in-world offset at which each reachable inject could arrive (Dijkstra)."""
    best = _walk(scenario, end=None)
    return {node: timedelta(seconds=t) for node, t in best.items() if node != START}


def in_time(scenario: Scenario) -> set[str]:
    """The injects that can arrive within the planned duration. A decision's triggers count
    only when its inject arrives before the end: the session ends at its duration, so a
    decision that opens at that moment is never taken."""
    end = scenario.clock.duration.total_seconds()
    return {node for node, t in _walk(scenario, end).items() if node != START and t <= end}


def _walk(scenario: Scenario, end: float | None) -> dict[str, float]:
    edges = arrival_edges(scenario)
    best: dict[str, float] = {START: 0.0}
    queue = [(0.0, START)]
    while queue:
        time, node = heapq.heappop(queue)
        if time > best.get(node, float("inf")):
            continue
        for target, delay, kind, _ in edges.get(node, ()):
            if kind == "trigger" and end is not None and time >= end:
                continue
            arrival = time + delay
            if arrival < best.get(target, float("inf")):
                best[target] = arrival
                heapq.heappush(queue, (arrival, target))
    return best


def after_cycles(scenario: Scenario) -> list[list[str]]:
    """Groups of injects that wait (``after``) on each other in a circle, and never come."""
    waits_on = {i.id: i.after.inject for i in scenario.injects if i.after is not None}
    cycles: list[list[str]] = []
    settled: set[str] = set()
    for start in waits_on:
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in settled and node not in path:
            path.append(node)
            node = waits_on.get(node)
        if node is not None and node in path:
            cycles.append(sorted(path[path.index(node):]))
        settled.update(path)
    return cycles
