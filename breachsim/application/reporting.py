"""Writing after-action reports: a session from the store or from an exported JSONL file, to
``reports/<session>.<ext>`` by default, written atomically.

An export is untrusted input: it is read through the same checks as ``breachsim import``
(``check_replayable``) before anything of it is reported.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..report import PlanOverrides, Played, Report, build_report, unknown_overrides
from ..scenario.frozen import thaw
from ..store import SessionStore
from ..util import utc_now, write_atomic
from .session import ExportRefused, read_replayable

#: The file extension of each format.
EXTENSIONS = {"html": "html", "md": "md", "json": "json", "pdf": "pdf"}
REPORTS = Path("reports")


class ReportError(Exception):
    """A report that cannot be made: its message says why and what would do. ``said`` is
    what to print: the message as an error, or diagnostics (file:line:col) as they are."""

    def __init__(self, message: str, *, diagnostics: bool = False):
        super().__init__(message)
        self.said = message if diagnostics else f"error: {message}"


def is_export(source: str) -> bool:
    return source.endswith(".jsonl") or Path(source).is_file()


def from_export(path: Path) -> Played:
    if not path.is_file():
        raise ReportError(f"{path}: no such file")
    try:
        return _played(*read_replayable(path))
    except ExportRefused as refused:
        said = f"{refused}; the session cannot be replayed, so nothing was reported"
        raise ReportError(said) from None


def from_store(store: SessionStore, session: str) -> Played:
    header = store.header(store.resolve(session))
    return _played(header, store.events(header.id))


def _played(header, events) -> Played:
    scenario = thaw(json.loads(header.scenario_json))
    return Played(scenario, header.id, header.team or "", header.seed, header.created, events)


def load_overrides(path: Path | None, owners: dict[str, str]) -> PlanOverrides:
    """The plan overrides file (checked like a scenario, with file:line:col), with the
    command line's owners over its own."""
    overrides = PlanOverrides()
    if path is not None:
        from ..scenario.loader import read_as
        from .validation import Report as Diagnostics

        result, _, spec = read_as(path, PlanOverrides)
        if spec is None or result.error_count:
            raise ReportError(Diagnostics([result]).text().strip(), diagnostics=True)
        overrides = spec
    return overrides.model_copy(update={"owners": {**overrides.owners, **owners}})


def make(played: Played, *, language: str | None, overrides: PlanOverrides | None,
         generated: str | None = None) -> tuple[Report, list[str]]:
    """The report, and what the overrides name that it does not have (to warn about)."""
    report = build_report(played, language=language, overrides=overrides,
                          generated=generated or utc_now())
    return report, unknown_overrides(overrides or PlanOverrides(), report.improvements)


def write(report: Report, fmt: str, out: Path | None, session: str) -> Path:
    """The report in ``fmt`` at ``out`` (a file or a folder; default reports/SESSION.EXT)."""
    from ..report.render import render

    target = out or REPORTS / f"{session}.{EXTENSIONS[fmt]}"
    if target.is_dir():
        target = target / f"{session}.{EXTENSIONS[fmt]}"
    return _write(target, lambda: render(report, fmt), fmt)


def _write(target: Path, rendered, fmt: str) -> Path:
    try:
        content = rendered()
    except (ImportError, OSError) as exc:  # WeasyPrint, or the system libraries it needs
        if fmt != "pdf":
            raise
        raise ReportError(f"a PDF needs WeasyPrint and its libraries ({exc}); install them "
                          "with: pip install 'breachsim[pdf]'") from None
    try:
        write_atomic(target, content)
    except OSError as exc:
        raise ReportError(f"cannot write {target}: {exc.strerror or exc}") from None
    return target


def write_comparison(played: list[Played], fmt: str, out: Path | None, *,
                     language: str | None) -> Path:
    """Several rehearsals of one scenario side by side, in ``fmt``."""
    from ..report.compare import compare
    from ..report.render import render_comparison

    scenarios = {p.scenario.id for p in played}
    if len(scenarios) > 1:
        raise ReportError("--compare takes rehearsals of one scenario; these are of "
                          + ", ".join(sorted(scenarios)))
    if len(played) < 2:
        raise ReportError("--compare needs two sessions or more")
    generated = utc_now()
    reports = [build_report(p, language=language, generated=generated) for p in played]
    comparison = compare(reports, generated)
    target = out or REPORTS / f"compare-{played[0].scenario.id}.{EXTENSIONS[fmt]}"
    return _write(target, lambda: render_comparison(comparison, fmt), fmt)
