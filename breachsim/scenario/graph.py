"""The inject graph: what can lead to what, and when, built with networkx."""

from __future__ import annotations

import json
from datetime import timedelta

import networkx as nx

from .durations import format_duration, format_offset
from .model import Scenario

START = "__start__"


def build(scenario: Scenario) -> nx.MultiDiGraph:
    """Injects as nodes; edges from the start (``at``, ``when``, ``start``), from ``after``
    and from decision options' ``triggers``. Edge ``weight`` is the delay in seconds."""
    graph = nx.MultiDiGraph()
    graph.add_node(START, kind="start")
    triggered = triggered_ids(scenario)
    for inject in scenario.injects:
        graph.add_node(inject.id, kind="inject", inject=inject)
    for inject in scenario.injects:
        if inject.id == scenario.start:
            graph.add_edge(START, inject.id, kind="start", weight=0.0)
        elif inject.at is not None:
            graph.add_edge(START, inject.id, kind="at", weight=inject.at.total_seconds())
        elif inject.after is None and inject.when is not None and inject.id not in triggered:
            graph.add_edge(START, inject.id, kind="when", weight=0.0)
        if inject.after is not None and inject.after.inject in graph:
            graph.add_edge(inject.after.inject, inject.id, kind="after",
                           weight=inject.after.delay.total_seconds())
        if inject.decision is not None:
            for option in inject.decision.options:
                for trigger in option.triggers:
                    if trigger.inject in graph:
                        graph.add_edge(inject.id, trigger.inject, kind="trigger",
                                       option=option.id, label=option.label,
                                       weight=trigger.delay.total_seconds())
    return graph


def triggered_ids(scenario: Scenario) -> set[str]:
    """Injects some decision option triggers: they wait for it, even when they have `when`."""
    return {t.inject for d in scenario.decisions.values() for o in d.options for t in o.triggers}


def earliest(graph: nx.MultiDiGraph) -> dict[str, timedelta]:
    """The earliest in-world offset at which each reachable inject could be delivered."""
    lengths = nx.single_source_dijkstra_path_length(graph, START, weight=_min_weight)
    return {node: timedelta(seconds=value) for node, value in lengths.items() if node != START}


def _min_weight(_u: str, _v: str, edges: dict) -> float:
    return min(data["weight"] for data in edges.values())


def after_cycles(scenario: Scenario) -> list[list[str]]:
    """Cycles of ``after`` dependencies: injects that wait on each other and never come."""
    graph = nx.DiGraph()
    for inject in scenario.injects:
        if inject.after is not None:
            graph.add_edge(inject.after.inject, inject.id)
    return [sorted(cycle) for cycle in nx.simple_cycles(graph)]


def _label(scenario: Scenario, node: str, times: dict[str, timedelta]) -> str:
    inject = scenario.by_id[node]
    when = format_offset(times[node]) if node in times else "never"
    return f"{when} · {inject.channel.value} · {inject.title}"


def to_json(scenario: Scenario) -> str:
    graph = build(scenario)
    times = earliest(graph)
    nodes = [
        {
            "id": inject.id,
            "title": inject.title,
            "channel": inject.channel.value,
            "severity": inject.severity.value,
            "earliest": format_offset(times[inject.id]) if inject.id in times else None,
            "decision": inject.decision is not None,
            "ends": inject.ends,
            "marks_awareness": inject.marks_awareness,
        }
        for inject in scenario.injects
    ]
    edges = [
        {"from": u, "to": v, "kind": d["kind"],
         **({"option": d["option"]} if "option" in d else {}),
         "delay": format_duration(timedelta(seconds=d["weight"]))}
        for u, v, d in graph.edges(data=True)
        if u != START
    ]
    roots = [v for _, v, d in graph.out_edges(START, data=True)]
    return json.dumps({"scenario": scenario.id, "start": scenario.start, "roots": roots,
                       "nodes": nodes, "edges": edges}, indent=2, ensure_ascii=False)


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("\n", " ")


def to_mermaid(scenario: Scenario) -> str:
    graph = build(scenario)
    times = earliest(graph)
    lines = ["flowchart TD", f'  {START}(["{_mermaid_text(scenario.title)}"])']
    for inject in scenario.injects:
        text = _mermaid_text(_label(scenario, inject.id, times))
        shape = ("{{" f'"{text}"' "}}") if inject.decision else (
            f'(["{text}"])' if inject.ends else f'["{text}"]')
        lines.append(f"  {inject.id}{shape}")
    for u, v, d in graph.edges(data=True):
        if d["kind"] == "trigger":
            lines.append(f'  {u} -- "{_mermaid_text(d["label"])}" --> {v}')
        elif d["kind"] == "after":
            lines.append(f'  {u} -. "+{format_duration(timedelta(seconds=d["weight"]))}" .-> {v}')
        elif d["kind"] in ("start", "at"):
            lines.append(f"  {u} --> {v}")
        else:
            lines.append(f'  {u} -. "when" .-> {v}')
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def to_dot(scenario: Scenario) -> str:
    graph = build(scenario)
    times = earliest(graph)
    lines = [f'digraph "{_dot_text(scenario.id)}" {{', "  rankdir=TB;",
             f'  {START} [shape=circle label="start"];']
    for inject in scenario.injects:
        shape = "diamond" if inject.decision else ("doubleoctagon" if inject.ends else "box")
        text = _dot_text(_label(scenario, inject.id, times))
        lines.append(f'  {inject.id} [shape={shape} label="{text}"];')
    for u, v, d in graph.edges(data=True):
        delay = format_duration(timedelta(seconds=d["weight"]))
        attrs = {"trigger": f'label="{_dot_text(d.get("label", ""))}"',
                 "after": f'style=dashed label="+{delay}"',
                 "when": 'style=dotted label="when"'}.get(d["kind"], "")
        lines.append(f"  {u} -> {v}" + (f" [{attrs}]" if attrs else "") + ";")
    lines.append("}")
    return "\n".join(lines) + "\n"
