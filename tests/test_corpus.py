"""The validator against a corpus of small files, one problem each.

``tests/corpus/invalid/BSnnn-short-name.scenario.yaml`` must yield exactly the code ``BSnnn``
and no other (warnings included). Each states where the diagnostic belongs in a comment::

    # expect: BS302 at 17:11
    # expect: BS601 at libraries/cycle-b.injects.yaml:5:11   (a file relative to the scenario)

``tests/corpus/valid/*.scenario.yaml`` exercise edge features of the format and must yield no
diagnostic at all. Libraries live in ``libraries/`` beside them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from breachsim.application.validation import validate
from breachsim.cli import main
from breachsim.scenario.diagnostics import CODES, Diagnostic, Level

CORPUS = Path(__file__).resolve().parent / "corpus"
INVALID = sorted((CORPUS / "invalid").glob("*.scenario.yaml"))
VALID = sorted((CORPUS / "valid").glob("*.scenario.yaml"))
#: codes whose trigger cannot be a file in the corpus (a missing file, a file over 16 MB)
NOT_IN_CORPUS = {"BS100", "BS102"}

_EXPECT = re.compile(rb"^# expect: (BS\d{3}) at (?:(\S+):)?(\d+):(\d+)[ \t]*$", re.MULTILINE)

def _code(path: Path) -> str:
    return path.name[:5]


def _params(paths: list[Path]) -> list:
    return [pytest.param(p, id=p.name.removesuffix(".scenario.yaml")) for p in paths]


def _lines(path: Path) -> list[str]:
    return path.read_bytes().decode("utf-8", errors="replace").splitlines()


def _where(diag: Diagnostic) -> Path:
    return Path(diag.file).resolve()  # diagnostics name files relative to the current folder


def test_corpus_is_there() -> None:
    assert INVALID and VALID
    for path in INVALID:
        assert re.fullmatch(r"BS\d{3}-[a-z0-9]+(-[a-z0-9]+)*\.scenario\.yaml", path.name), path
        assert _code(path) in CODES, path.name


def test_every_code_that_can_be_a_file_has_a_corpus_file() -> None:
    covered = {_code(p) for p in INVALID}
    assert sorted(set(CODES) - NOT_IN_CORPUS - covered) == []


@pytest.mark.parametrize("path", _params(INVALID))
def test_invalid_file_yields_exactly_its_code(path: Path) -> None:
    code = _code(path)
    report = validate([path])
    assert {d.code for d in report.diagnostics} == {code}
    if CODES[code][0] is Level.error:
        assert report.errors() > 0
        assert all(d.is_error for d in report.diagnostics)
    else:
        assert report.errors() == 0
        assert report.warnings() > 0
        assert all(d.severity is Level.warning for d in report.diagnostics)
        assert report.errors(strict=True) == report.warnings()


@pytest.mark.parametrize("path", _params(INVALID))
def test_invalid_file_diagnostic_is_where_expected(path: Path) -> None:
    expected = _EXPECT.findall(path.read_bytes())
    assert expected, "the file has no '# expect: BSnnn at LINE:COLUMN' comment"
    reported = {(d.code, _where(d), d.line, d.column) for d in validate([path]).diagnostics}
    for code, file, line, column in expected:
        target = (path.parent / file.decode()).resolve() if file else path.resolve()
        assert code.decode() == _code(path)
        assert (code.decode(), target, int(line), int(column)) in reported, sorted(
            (c, str(f), ln, col) for c, f, ln, col in reported)


@pytest.mark.parametrize("path", _params(INVALID + VALID))
def test_diagnostics_lie_within_the_file(path: Path) -> None:
    for diag in validate([path]).diagnostics:
        lines = _lines(_where(diag))
        assert diag.line >= 1 and diag.column >= 1, diag
        # an empty or comment-only file is reported at 1:1 even when it has no lines
        assert diag.line <= max(len(lines), 1), diag
        if lines:  # column len+1 is the end of the line (e.g. "expected ')', found the end")
            assert diag.column <= len(lines[diag.line - 1]) + 1, diag


@pytest.mark.parametrize("path", _params(VALID))
def test_valid_file_has_no_diagnostics(path: Path) -> None:
    diagnostics = validate([path]).diagnostics
    assert diagnostics == [], "\n".join(
        f"{d.file}:{d.line}:{d.column}: {d.severity}[{d.code}] {d.message}" for d in diagnostics)


@pytest.mark.parametrize("path", _params(INVALID + VALID))
def test_command_line_exit_code(path: Path) -> None:
    runner = CliRunner()
    plain = runner.invoke(main, ["validate", str(path)])
    strict = runner.invoke(main, ["validate", "--strict", str(path)])
    assert plain.exception is None or isinstance(plain.exception, SystemExit), plain.exception
    if path in VALID:
        assert (plain.exit_code, strict.exit_code) == (0, 0)
    elif CODES[_code(path)][0] is Level.error:
        assert (plain.exit_code, strict.exit_code) == (1, 1)
    else:
        assert (plain.exit_code, strict.exit_code) == (0, 1)
