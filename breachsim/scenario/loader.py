"""Load a scenario: read, validate, resolve its inject libraries, expand uses, lint."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from . import bundled
from .diagnostics import Diagnostic, Diagnostics, Level, hint_for
from .model import Inject, InjectUse, LibraryFile, LibraryInject, Scenario, ScenarioFile
from .schema_errors import diagnostics_for
from .yamlsource import Source, SourceError, parse, read_text

M = TypeVar("M", bound=BaseModel)


@dataclass
class Origin:
    """Where an inject was written: its entry in a file, and the library inject it uses."""

    source: Source
    loc: tuple
    library: tuple[Source, tuple] | None = None

    def written(self, *path: str | int) -> tuple[Source, tuple]:
        """The file and location where ``path`` of this inject was written: the scenario's
        entry when it has (or overrides) that key, else the library inject."""
        if self.library is None or not path or _has(self.source, self.loc + path[:1]):
            return self.source, self.loc + path
        lib_source, lib_loc = self.library
        return lib_source, lib_loc + path

    def locate(self, *path: str | int, at_key: bool = False) -> tuple[str, int, int]:
        """File, line and column of ``path`` inside this inject (or of its key)."""
        source, loc = self.written(*path)
        line, col = source.locate(loc, at_key=at_key)
        return source.path, line, col

    def entry(self) -> tuple[str, int, int]:
        """Where the inject's entry starts in the scenario (``- id:`` or ``- use:``)."""
        line, col = self.source.locate(self.loc)
        return self.source.path, line, col


def _has(source: Source, loc: tuple) -> bool:
    node, _ = source.node_at(loc[:-1])
    target, _ = source.node_at(loc)
    return target is not node


@dataclass
class LoadResult:
    path: str
    scenario: Scenario | None = None
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    sources: dict[str, Source] = field(default_factory=dict)
    lines: dict[str, list[str]] = field(default_factory=dict)  # for carets under diagnostics
    origins: dict[str, Origin] = field(default_factory=dict)

    @property
    def errors(self) -> list[Diagnostic]:
        """The errors kept (see ``Diagnostics``); ``error_count`` counts them all."""
        return [d for d in self.diagnostics if d.is_error]

    @property
    def error_count(self) -> int:
        return self.diagnostics.total(Level.error)

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.is_error]

    @property
    def ok(self) -> bool:
        return self.scenario is not None and not self.error_count


def display_path(path: Path) -> str:
    """A path as the user gave it; absolute ones relative to the current folder when inside."""
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read_source(path: Path, result: LoadResult) -> Source | None:
    display = display_path(path)
    try:
        source = parse(read_text(path, display), display)
    except SourceError as exc:
        result.diagnostics.append(exc.diagnostic)
        if exc.text is not None:
            result.lines[display] = exc.text.splitlines()
        return None
    result.sources[display] = source
    result.lines[display] = source.lines
    result.diagnostics.extend(source.diagnostics)
    return source


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (also as a decorator). Checking a large file
    makes millions of objects that live until the end (the node tree, the data, the models)
    and next to no cycles; meanwhile the collector would walk them again and again, taking
    up to half the time of the check."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@collection_paused()
def read_as(path: Path, model: type[M]) -> tuple[LoadResult, Source | None, M | None]:
    """Read a YAML file and validate it as ``model``; problems land in the result."""
    result = LoadResult(display_path(path))
    source = read_source(path, result)
    if source is None:
        return result, None, None
    try:
        return result, source, model.model_validate(source.data)
    except ValidationError as exc:
        diagnostics_for(exc, source, model, result.diagnostics)
        return result, source, None


@collection_paused()
def load(path: str | Path) -> LoadResult:
    """Load and check a scenario file; the result holds the scenario only when it is usable."""
    path = Path(path)
    result, source, spec = read_as(path, ScenarioFile)
    if spec is None:
        return result
    libraries = Libraries(result)
    for index, name in enumerate(spec.imports):
        libraries.load(name, path.parent, spec.language.value, source, ("imports", index), ())
    injects = _expand(spec, source, libraries, result)
    if injects is None:
        return result
    scenario = Scenario.model_validate(
        {**{k: getattr(spec, k) for k in ScenarioFile.model_fields if k != "injects"},
         "injects": injects, "source": str(path)}
    )
    from .lint import lint

    lint(scenario, source, result.origins, libraries.params, result.diagnostics)
    result.scenario = scenario
    return result


class Libraries:
    """The inject libraries a scenario imports, loaded once each, with cycle detection."""

    def __init__(self, result: LoadResult):
        self.result = result
        self.injects: dict[str, tuple[LibraryInject, Source, tuple]] = {}
        self.params: dict[str, set[str]] = {}
        self.loaded: set[Path] = set()

    def load(self, name: str, base: Path, language: str, importer: Source, loc: tuple,
             stack: tuple[Path, ...]) -> None:
        target = self._resolve(name, base, language, importer, loc)
        if target is None:
            return
        if target in stack:
            line, col = importer.locate(loc)
            chain = " → ".join(display_path(p) for p in (*stack, target))
            self.result.diagnostics.append(Diagnostic.make(
                "BS601", importer.path, line, col, f"import cycle: {chain}",
                "a library may import others, but never one that imports it back"))
            return
        if target in self.loaded:
            return
        self.loaded.add(target)
        source = read_source(target, self.result)
        if source is None:
            return
        try:
            library = LibraryFile.model_validate(source.data)
        except ValidationError as exc:
            diagnostics_for(exc, source, LibraryFile, self.result.diagnostics)
            return
        for index, inject in enumerate(library.injects):
            where = ("injects", index)
            if inject.id in self.injects:
                _, other, other_loc = self.injects[inject.id]
                line, col = source.locate(where + ("id",))
                first = other.locate(other_loc + ("id",))
                self.result.diagnostics.append(Diagnostic.make(
                    "BS300", source.path, line, col,
                    f"library inject id {inject.id!r} is already defined in {other.path}",
                    "library ids must be unique across everything a scenario imports",
                    related=(first,) if other is source else ()))
                continue
            self.injects[inject.id] = (inject, source, where)
            self.params[inject.id] = set(inject.params)
        for index, sub in enumerate(library.imports):
            self.load(sub, target.parent, library.language.value, source, ("imports", index),
                      (*stack, target))

    def _resolve(self, name: str, base: Path, language: str, importer: Source,
                 loc: tuple) -> Path | None:
        line, col = importer.locate(loc)
        if "/" in name or "\\" in name or name.endswith(".yaml"):
            if not name.endswith(".injects.yaml"):
                self.result.diagnostics.append(Diagnostic.make(
                    "BS600", importer.path, line, col,
                    f"{name!r} is not an inject library",
                    "library files end in .injects.yaml"))
                return None
            target = (base / name).resolve()
            if Path(name).is_absolute() or not target.is_relative_to(base.resolve().parent):
                self.result.diagnostics.append(Diagnostic.make(
                    "BS600", importer.path, line, col,
                    f"{name!r} lies outside the scenario's folder and the folder above it",
                    "keep libraries beside the scenario, or in a sibling folder such as "
                    "../injects/"))
                return None
            if not target.is_file():
                self.result.diagnostics.append(Diagnostic.make(
                    "BS600", importer.path, line, col, f"library file {name!r} not found",
                    "paths are relative to the file that imports them"))
                return None
            return target
        found = bundled.library_path(name, language)
        if found is None:
            names = bundled.library_names()
            self.result.diagnostics.append(Diagnostic.make(
                "BS600", importer.path, line, col, f"no bundled inject library named {name!r}",
                hint_for(name, names) or "give a path such as ./my.injects.yaml"))
            return None
        return found.resolve()


def _expand(spec: ScenarioFile, source: Source, libraries: Libraries,
            result: LoadResult) -> list[Inject] | None:
    """Each inject as the engine sees it: library injects merged with their overrides."""
    injects: list[Inject] = []
    failed = False
    for index, entry in enumerate(spec.injects):
        loc = ("injects", index)
        if isinstance(entry, Inject):
            injects.append(entry)
            result.origins.setdefault(entry.id, Origin(source, loc))
            continue
        expanded = _use(entry, source, loc, libraries, result)
        if expanded is None:
            failed = True
            continue
        injects.append(expanded)
    return None if failed else injects


def _use(entry: InjectUse, source: Source, loc: tuple, libraries: Libraries,
         result: LoadResult) -> Inject | None:
    found = libraries.injects.get(entry.use)
    if found is None:
        line, col = source.locate(loc + ("use",))
        hint = hint_for(entry.use, libraries.injects.keys()) if libraries.injects else (
            "import a library first, e.g. `imports: [media]`")
        result.diagnostics.append(Diagnostic.make(
            "BS302", source.path, line, col, f"no library inject {entry.use!r}", hint))
        return None
    library_inject, lib_source, lib_loc = found
    ok = True
    for name in entry.with_:
        if name not in library_inject.params:
            line, col = source.locate(loc + ("with", name), at_key=True)
            result.diagnostics.append(Diagnostic.make(
                "BS602", source.path, line, col,
                f"library inject {entry.use!r} has no parameter {name!r}",
                hint_for(name, set(library_inject.params)) or "it takes no parameters"))
            ok = False
    for name, param in library_inject.params.items():
        if param.default is None and name not in entry.with_:
            line, col = source.locate(loc + ("use",))
            result.diagnostics.append(Diagnostic.make(
                "BS602", source.path, line, col,
                f"library inject {entry.use!r} needs the parameter {name!r}",
                f"add `with: {{{name}: …}}`" + (f" ({param.description})"
                                                  if param.description else "")))
            ok = False
    if not ok:
        return None
    base = library_inject.model_dump(by_alias=True, exclude={"params"}, exclude_unset=True)
    overrides = entry.model_dump(by_alias=True, exclude={"use", "with_"}, exclude_unset=True)
    params = {n: p.default for n, p in library_inject.params.items() if p.default is not None}
    params.update({n: str(v) for n, v in entry.with_.items()})
    if "at" in overrides:
        base.pop("after", None)
    if "after" in overrides:
        base.pop("at", None)
    merged = {**base, **overrides, "id": entry.id or library_inject.id}
    try:
        inject = Inject.model_validate(merged)
    except ValidationError as exc:  # an override that does not fit the library inject
        diagnostics_for(exc, source, Inject, result.diagnostics, base=loc)
        return None
    inject._library = entry.use
    inject._param_values = params
    result.origins.setdefault(inject.id, Origin(source, loc, (lib_source, lib_loc)))
    return inject
