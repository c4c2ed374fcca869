"""The scenarios a user can pick: bundled ones and those in local folders."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from ..util import printable
from .bundled import bundled_scenarios
from .durations import format_duration
from .loader import display_path, load


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    language: str
    jurisdiction: str
    injects: int
    decisions: int
    duration: str
    path: str
    bundled: bool
    errors: int


def catalogue(folders: list[Path] | None = None) -> list[Entry]:
    """Every scenario in the bundle, then the local ones, bundled first (see ``candidates``)."""
    return [entry(path, is_bundled, load(path)) for path, is_bundled in candidates(folders)]


def candidates(folders: list[Path] | None = None) -> list[tuple[Path, bool]]:
    """The scenario files to offer, each with whether it is bundled.

    Given folders are searched recursively; without any, only the current folder and its
    ``scenarios/`` folder are looked at, so running ``list`` in a home folder stays quick.
    """
    bundled = [(p, True) for p in bundled_scenarios()]
    seen = {p.resolve() for p, _ in bundled}
    if folders:
        files = [p for folder in folders for p in sorted(folder.rglob("*.scenario.yaml"))
                 if not any(part.startswith(".") for part in p.relative_to(folder).parts)]
    else:
        here = Path.cwd()
        files = sorted(here.glob("*.scenario.yaml")) + sorted(
            (here / "scenarios").glob("*.scenario.yaml"))
    local = []
    for path in files:
        if path.resolve() not in seen:
            seen.add(path.resolve())
            local.append((path, False))
    return bundled + local


def entry(path: Path, is_bundled: bool, result) -> Entry:
    """The catalogue line of a loaded scenario file."""
    scenario = result.scenario
    shown = path.name if is_bundled else display_path(path)
    if scenario is None:
        return Entry(path.name.removesuffix(".scenario.yaml"), "(does not validate)", "?", "?",
                     0, 0, "?", shown, is_bundled, result.error_count)
    return Entry(scenario.id, scenario.title, scenario.language.value,
                 scenario.jurisdiction.value, len(scenario.injects), len(scenario.decisions),
                 format_duration(scenario.clock.duration), shown, is_bundled,
                 result.error_count)


def render_text(entries: list[Entry]) -> str:
    if not entries:
        return "no scenarios found"
    header = ("id", "title", "lang", "jur", "injects", "decisions", "duration", "where")
    rows = [header] + [
        tuple(map(printable, (e.id, e.title, e.language, e.jurisdiction, str(e.injects),
                              str(e.decisions), e.duration, "bundled" if e.bundled else e.path)))
        for e in entries
    ]
    widths = [min(max(len(r[i]) for r in rows), 60) for i in range(len(header))]
    lines = ["  ".join(cell[:60].ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    broken = sum(1 for e in entries if e.errors)
    if broken:
        lines.append(f"\n{broken} scenario(s) do not validate; run `breachsim validate` on them")
    return "\n".join(lines)


def render_json(entries: list[Entry]) -> str:
    return json.dumps([asdict(e) for e in entries], indent=2, ensure_ascii=False)
