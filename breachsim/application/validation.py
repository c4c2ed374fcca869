"""Validate files and folders of scenarios and inject libraries, as ``breachsim validate`` does.

Beyond the scenario language's own checks, a scenario's objectives are held against the risk
assessment of its breach facts (BS309), which is why this lives above both packages.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter
from pathlib import Path

from ..scenario import templates
from ..scenario.diagnostics import (
    Diagnostic,
    Diagnostics,
    Level,
    Omitted,
    hint_for,
    render_json,
    render_text,
)
from ..scenario.loader import Libraries, LoadResult, collection_paused, load, read_as
from ..scenario.model import LibraryFile
from ..scenario.vocab import Role, choices

SCENARIO_SUFFIX = ".scenario.yaml"
LIBRARY_SUFFIX = ".injects.yaml"
ROLES = set(choices(Role))


@dataclass
class Report:
    results: list[LoadResult] = field(default_factory=list)

    @property
    def diagnostics(self) -> Diagnostics:
        """Every problem once, even when several scenarios import the same faulty library
        (whose problems past the limit are then counted once, too)."""
        combined = Diagnostics(dict.fromkeys(d for r in self.results for d in r.diagnostics))
        for result in self.results:
            for file, counts in result.diagnostics.omitted.items():
                combined.omitted[file] |= counts
        return combined

    def errors(self, strict: bool = False) -> int:
        diagnostics = self.diagnostics
        return diagnostics.total(Level.error) + (diagnostics.total(Level.warning) if strict
                                                 else 0)

    def warnings(self) -> int:
        return self.diagnostics.total(Level.warning)

    def summary(self, strict: bool = False) -> str:
        files = len(self.results)
        errors, warnings = self.errors(strict), 0 if strict else self.warnings()
        return (f"checked {files} file{'s' * (files != 1)}: {errors} error{'s' * (errors != 1)}, "
                f"{warnings} warning{'s' * (warnings != 1)}")

    def text(self, strict: bool = False) -> str:
        lines = {}
        for result in reversed(self.results):  # the first result that read a file wins
            lines.update(result.lines)
        blocks = [render_text(e, lines.get(e.file)) if isinstance(e, Diagnostic) else e.text()
                  for e in self._entries(strict)]
        return "\n\n".join([*blocks, self.summary(strict)])

    def json(self, strict: bool = False) -> str:
        return render_json(self._entries(strict))

    def _entries(self, strict: bool) -> Iterator[Diagnostic | Omitted]:
        """The diagnostics by file, line and column; after a file's, what was omitted."""
        diagnostics = self.diagnostics
        ordered = sorted(diagnostics, key=lambda d: (d.file, d.line, d.column))
        for file, group in groupby(ordered, key=attrgetter("file")):
            for diag in group:
                yield Diagnostic(**{**diag.__dict__, "severity": Level.error}) if strict else diag
            if file in diagnostics.omitted:
                yield Omitted(file, diagnostics.omitted[file], strict)


def collect(paths: list[Path]) -> list[Path]:
    """Files as given; folders searched recursively for scenarios and libraries."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*.yaml")
                            if p.name.endswith((SCENARIO_SUFFIX, LIBRARY_SUFFIX)))
        else:
            files.append(path)
    return files


def validate(paths: list[Path]) -> Report:
    report = Report()
    for path in collect(paths):
        if path.name.endswith(LIBRARY_SUFFIX):
            report.results.append(load_library(path))
        else:
            result = load(path)
            result.diagnostics.extend(contradictions(result))
            report.results.append(result)
    return report


def contradictions(result: LoadResult) -> list[Diagnostic]:
    """BS309: objectives or expectations that the scenario's own breach facts contradict."""
    from ..rules.contradictions import objective_contradictions

    if result.scenario is None or result.error_count:
        return []
    source = next(iter(result.sources.values()))
    has_objectives = "objectives" in (source.data or {})
    line, col = source.locate(("objectives",), at_key=True) if has_objectives else (1, 1)
    return [Diagnostic.make("BS309", source.path, line, col, problem,
                            "make the breach facts and the objectives tell the same story; "
                            "`breachsim assess` shows how the facts are judged")
            for problem in objective_contradictions(result.scenario)]


@collection_paused()
def load_library(path: Path) -> LoadResult:
    """Check an inject library on its own: its schema, imports, ids and templates."""
    result, source, library = read_as(path, LibraryFile)
    if library is None:
        return result
    libraries = Libraries(result)
    libraries.loaded.add(path.resolve())
    for index, name in enumerate(library.imports):
        libraries.load(name, path.parent, library.language.value, source, ("imports", index),
                       (path.resolve(),))
    seen: dict[str, int] = {}
    for index, inject in enumerate(library.injects):
        if inject.id in seen:
            line, col = source.locate(("injects", index, "id"))
            first = source.locate(("injects", seen[inject.id], "id"))
            result.diagnostics.append(Diagnostic.make(
                "BS300", source.path, line, col, f"library inject id {inject.id!r} is used twice",
                related=(first,)))
        seen.setdefault(inject.id, index)
        for key, value in (("from", inject.from_), ("to", inject.to)):
            if value is not None and value not in ROLES:
                line, col = source.locate(("injects", index, key))
                result.diagnostics.append(Diagnostic.make(
                    "BS302", source.path, line, col,
                    f"{value!r} is not a role (library injects name roles, not personas)",
                    hint_for(value, ROLES)))
        for problem in templates.check(inject.body, None, set(inject.params)):
            node, _ = source.node_at(("injects", index, "body"))
            line, col = source.position_in(node, problem.offset_in(inject.body))
            result.diagnostics.append(Diagnostic.make(
                problem.code, source.path, line, col, f"in `body`: {problem.message}",
                problem.hint))
    return result
