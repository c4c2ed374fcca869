"""The inject graph: what can lead to what, and when, built with networkx."""

from __future__ import annotations

import json
from datetime import timedelta

import networkx as nx

from .branches import flat_decisions
from .durations import format_duration, format_offset
from .model import Scenario
from .timing import START, arrival_edges, earliest


def build(scenario: Scenario) -> nx.MultiDiGraph:
    """Injects as nodes; edges from the start (``at``, ``when``, ``start``), from ``after``
    and from decision options' ``triggers``. Edge ``weight`` is the delay in seconds."""
    graph = nx.MultiDiGraph()
    graph.add_node(START, kind="start")
    for inject in scenario.injects:
        graph.add_node(inject.id, kind="inject", inject=inject)
    for source, targets in arrival_edges(scenario).items():
        for target, delay, kind, extra in targets:
            graph.add_edge(source, target, kind=kind, weight=delay, **extra)
    return graph


#: what the graph says of a decision whose options all lead to the same injects
FLAT = "BS310: every option of {id!r} leads to the same injects; the decision does not branch"


def _label(scenario: Scenario, node: str, times: dict[str, timedelta]) -> str:
    inject = scenario.by_id[node]
    when = format_offset(times[node]) if node in times else "never"
    return f"{when} · {inject.channel.value} · {inject.title}"


def to_json(scenario: Scenario) -> str:
    graph = build(scenario)
    times = earliest(scenario)
    flat = {inject.id for inject in flat_decisions(scenario)}
    nodes = [
        {
            "id": inject.id,
            "title": inject.title,
            "channel": inject.channel.value,
            "severity": inject.severity.value,
            "earliest": format_offset(times[inject.id]) if inject.id in times else None,
            "decision": inject.decision is not None,
            # a decision whose options all lead to the same injects (BS310) does not branch
            **({"branches": inject.id not in flat} if inject.decision else {}),
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


#: Mermaid reads a label as HTML (and a backquoted one as Markdown); its own entity codes
#: (``#lt;``) keep scenario text inert, a title like ``<img onerror=…>`` included.
_MERMAID = str.maketrans({"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;",
                          "`": "#96;", "\n": " "})


def _mermaid_text(text: str) -> str:
    return text.translate(_MERMAID)


def to_mermaid(scenario: Scenario) -> str:
    graph = build(scenario)
    times = earliest(scenario)
    lines = ["flowchart TD", f'  {START}(["{_mermaid_text(scenario.title)}"])']
    for inject in scenario.injects:
        text = _mermaid_text(_label(scenario, inject.id, times))
        shape = ("{{" f'"{text}"' "}}") if inject.decision else (
            f'(["{text}"])' if inject.ends else f'["{text}"]')
        lines.append(f"  {inject.id}{shape}")
    lines += [f"  %% {_mermaid_text(FLAT.format(id=i.id))}" for i in flat_decisions(scenario)]
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
    """A quoted DOT string: backslashes (DOT's ``\\N``, ``\\l`` …) and quotes escaped."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def to_dot(scenario: Scenario) -> str:
    graph = build(scenario)
    times = earliest(scenario)
    lines = [f'digraph "{_dot_text(scenario.id)}" {{', "  rankdir=TB;",
             f'  {START} [shape=circle label="start"];']
    for inject in scenario.injects:
        shape = "diamond" if inject.decision else ("doubleoctagon" if inject.ends else "box")
        text = _dot_text(_label(scenario, inject.id, times))
        lines.append(f'  {inject.id} [shape={shape} label="{text}"];')
    lines += [f"  // {FLAT.format(id=i.id)}" for i in flat_decisions(scenario)]
    for u, v, d in graph.edges(data=True):
        delay = format_duration(timedelta(seconds=d["weight"]))
        attrs = {"trigger": f'label="{_dot_text(d.get("label", ""))}"',
                 "after": f'style=dashed label="+{delay}"',
                 "when": 'style=dotted label="when"'}.get(d["kind"], "")
        lines.append(f"  {u} -> {v}" + (f" [{attrs}]" if attrs else "") + ";")
    lines.append("}")
    return "\n".join(lines) + "\n"
