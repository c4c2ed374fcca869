"""Diagnostics: what is wrong, where, and what would be right.

Every code is documented in ``docs/diagnostics/BSnnn.md`` with an example that a test runs.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from ..util import printable


class Level(StrEnum):
    error = "error"
    warning = "warning"


#: code → (level, title). The title names the check in the docs and the catalogue.
CODES: dict[str, tuple[Level, str]] = {
    "BS100": (Level.error, "file cannot be read"),
    "BS101": (Level.error, "not UTF-8 text"),
    "BS102": (Level.error, "file too large"),
    "BS103": (Level.error, "YAML syntax error"),
    "BS104": (Level.error, "duplicate key"),
    "BS105": (Level.error, "nested too deeply"),
    "BS106": (Level.error, "alias expansion too large"),
    "BS107": (Level.error, "empty file"),
    "BS108": (Level.error, "document is not a mapping"),
    "BS109": (Level.error, "unsupported YAML tag"),
    "BS110": (Level.error, "more than one document"),
    "BS111": (Level.error, "bad indentation"),
    "BS112": (Level.error, "unbalanced quote or bracket"),
    "BS200": (Level.error, "unknown key"),
    "BS201": (Level.error, "missing key"),
    "BS202": (Level.error, "invalid value"),
    "BS300": (Level.error, "duplicate id"),
    "BS301": (Level.error, "unknown start inject"),
    "BS302": (Level.error, "unknown reference"),
    "BS303": (Level.warning, "unreachable inject"),
    "BS304": (Level.warning, "loose end"),
    "BS305": (Level.error, "timing cycle"),
    "BS306": (Level.error, "timed decision without default"),
    "BS307": (Level.warning, "inject timed after the planned duration"),
    "BS308": (Level.error, "no awareness moment"),
    "BS309": (Level.warning, "objectives contradict the breach facts"),
    "BS310": (Level.warning, "decision that does not branch"),
    "BS400": (Level.error, "condition syntax error"),
    "BS401": (Level.error, "undefined variable"),
    "BS402": (Level.error, "type mismatch"),
    "BS403": (Level.warning, "unused variable"),
    "BS500": (Level.error, "template syntax error"),
    "BS501": (Level.error, "unknown name in template"),
    "BS600": (Level.error, "import not found"),
    "BS601": (Level.error, "import cycle"),
    "BS602": (Level.error, "library parameter problem"),
}


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int
    column: int
    code: str
    message: str
    hint: str | None = None
    severity: Level = field(default=Level.error)
    # the lines of the same problem elsewhere (e.g. the first of two duplicate keys)
    related: tuple[tuple[int, int], ...] = ()

    @classmethod
    def make(
        cls,
        code: str,
        file: str,
        line: int,
        column: int,
        message: str,
        hint: str | None = None,
        related: tuple[tuple[int, int], ...] = (),
    ) -> Diagnostic:
        return cls(file, line, column, code, message, hint, CODES[code][0], related)

    @property
    def is_error(self) -> bool:
        return self.severity is Level.error

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        data["related"] = [{"line": ln, "column": col} for ln, col in self.related]
        return data


#: the diagnostics reported for one file; past it they are only counted, by code
LIMIT = 100


class Diagnostics(list[Diagnostic]):
    """Diagnostics as they are found: the first ``LIMIT`` of each file, and how many more.

    A hostile file can hold hundreds of thousands of problems. Building each diagnostic
    (locating it, suggesting a fix) would cost more than the rest of the check, and nobody
    reads that far; so past the limit only the code is counted. Producers that can find many
    problems call ``add`` with a function that builds the diagnostic only when it is kept.
    Only ``add``, ``append`` and ``extend`` keep to the limit; the other methods are list's.
    """

    def __init__(self, diagnostics: Iterable[Diagnostic] = ()):
        super().__init__()
        self.omitted: defaultdict[str, Counter[str]] = defaultdict(Counter)  # file → code → n
        self._kept: Counter[str] = Counter()
        self.extend(diagnostics)

    def add(self, file: str, code: str, build: Callable[..., Diagnostic], *args: Any) -> None:
        """Keep ``build(*args)`` while ``file`` has fewer than ``LIMIT``, else count ``code``."""
        if self._kept[file] < LIMIT:
            self._kept[file] += 1
            super().append(build(*args))
        else:
            self.omitted[file][code] += 1

    def append(self, diag: Diagnostic) -> None:
        self.add(diag.file, diag.code, lambda: diag)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        """Append each; from another ``Diagnostics``, its omitted counts come along."""
        for diag in diagnostics:
            self.append(diag)
        if isinstance(diagnostics, Diagnostics):
            for file, counts in diagnostics.omitted.items():
                self.omitted[file].update(counts)

    def total(self, level: Level) -> int:
        """How many diagnostics of ``level`` were found, kept or not."""
        return sum(1 for d in self if d.severity is level) + sum(
            n for counts in self.omitted.values() for code, n in counts.items()
            if CODES[code][0] is level)


@dataclass(frozen=True)
class Omitted:
    """What a file's diagnostics past ``LIMIT`` were, by code; shown after the file's last."""

    file: str
    counts: Counter[str]
    strict: bool = False  # warnings count as errors

    @property
    def severity(self) -> Level:
        errors = self.strict or any(CODES[code][0] is Level.error for code in self.counts)
        return Level.error if errors else Level.warning

    @property
    def message(self) -> str:
        """'… and 19,902 more diagnostics: BS200 ×19,900, BS104 ×2', the commonest first."""
        total = sum(self.counts.values())
        codes = sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))
        return (f"… and {total:,} more diagnostic{'s' * (total != 1)}: "
                + ", ".join(f"{code} ×{n:,}" for code, n in codes))

    def text(self) -> str:
        return f"{self.file}: {self.message}"

    def as_json(self) -> dict[str, object]:
        """Shaped like a diagnostic, without a place or a code, and with the counts."""
        return {"file": self.file, "line": None, "column": None, "code": None,
                "message": self.message, "hint": None, "severity": self.severity.value,
                "related": [], "omitted": dict(sorted(self.counts.items()))}


def render_text(diag: Diagnostic, source_lines: list[str] | None) -> str:
    """``file:line:col: severity[BSnnn] message``, the source line, a caret, and the hint."""
    out = [f"{diag.file}:{diag.line}:{diag.column}: {diag.severity}[{diag.code}] {diag.message}"]
    if source_lines and 1 <= diag.line <= len(source_lines):
        text = _visible(source_lines[diag.line - 1].rstrip("\n").expandtabs(1))
        if len(text) > 200:
            text = text[:200] + " …"
        width = max(4, len(str(diag.line)))
        out.append(f"  {diag.line:>{width}} | {text}")
        out.append(f"  {' ' * width} | {' ' * max(diag.column - 1, 0)}^")
    for line, column in diag.related:
        out.append(f"  also at {diag.file}:{line}:{column}")
    if diag.hint:
        out.append(f"  hint: {diag.hint}")
    return "\n".join(out)


def _visible(text: str) -> str:
    """A source line as it may be shown in a terminal: control characters, bidirectional
    marks and tabs become ·, one column each."""
    return printable(text, mark="·").replace("\t", "·")


def render_json(entries: Iterable[Diagnostic | Omitted]) -> str:
    return json.dumps([e.as_json() for e in entries], indent=2, ensure_ascii=False)


#: past this many candidates no hint is given: "did you mean" compares the word with each
#: (some microseconds apiece), and a generated file may hold many thousands of ids, and as
#: many problems
MAX_CANDIDATES = 1_000


def did_you_mean(word: str, candidates: Collection[str]) -> str | None:
    if len(candidates) > MAX_CANDIDATES:
        return None
    import difflib

    close = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None


def expected_one_of(candidates: Collection[str], limit: int = 12) -> str:
    """The candidates in their order when they are a list, else sorted."""
    items = list(candidates) if isinstance(candidates, list) else sorted(candidates)
    shown = ", ".join(items[:limit])
    more = f", … ({len(items) - limit} more)" if len(items) > limit else ""
    return f"expected one of: {shown}{more}"


def hint_for(word: str, candidates: Collection[str]) -> str | None:
    """'did you mean …' when something is close, else the list of what is allowed."""
    if not candidates or len(candidates) > MAX_CANDIDATES:
        return None
    return did_you_mean(word, candidates) or expected_one_of(candidates)
