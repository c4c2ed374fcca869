"""The diagnostics reference in docs/diagnostics/ is complete and its examples are true.

Each page ``BSnnn.md`` has an ``## Example`` section: fenced ``yaml`` blocks whose first line is
``# file: NAME`` (written to a temporary folder under NAME), and a ``text`` block with the
output of ``breachsim validate example.scenario.yaml``. The test validates the example and
checks that the page's code is reported, and that every diagnostic the page shows (file, line,
column, severity, code and message) is exactly what the validator reports. Pages whose trigger
cannot be written as YAML text say ``<!-- example: generated -->``; the test builds their
trigger itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from breachsim.application.validation import validate
from breachsim.scenario.diagnostics import CODES

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "diagnostics"
PAGES = sorted(DOCS.glob("BS[0-9][0-9][0-9].md"))
GENERATED = "<!-- example: generated -->"
SCENARIO = "example.scenario.yaml"

_FENCE = re.compile(r"^```([\w-]*)[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
_FILE = re.compile(r"^# file: (\S+)[ \t]*$")
_HEADER = re.compile(
    r"^(?P<file>\S+?):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning)"
    r"\[(?P<code>BS\d{3})\] (?P<message>.*)$"
)


def _code(page: Path) -> str:
    return page.stem


def _example_section(text: str) -> str:
    _, found, rest = text.partition("\n## Example\n")
    assert found, "the page has no '## Example' section"
    return re.split(r"^## ", rest, flags=re.MULTILINE)[0]


def _blocks(section: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in _FENCE.finditer(section)]


def _example_files(section: str) -> dict[str, str]:
    files: dict[str, str] = {}
    for info, body in _blocks(section):
        if info != "yaml":
            continue
        first = body.split("\n", 1)[0]
        match = _FILE.match(first)
        assert match, f"a yaml example block must start with '# file: NAME', not {first!r}"
        name = match.group(1)
        assert "/" not in name and "\\" not in name and name not in files, name
        files[name] = body
    return files


def _shown_diagnostics(section: str) -> set[tuple[str, int, int, str, str, str]]:
    shown = set()
    for info, body in _blocks(section):
        if info != "text":
            continue
        for line in body.splitlines():
            if match := _HEADER.match(line):
                shown.add((Path(match["file"]).name, int(match["line"]), int(match["column"]),
                           match["severity"], match["code"], match["message"]))
    return shown


def _reported(paths: list[Path]) -> set[tuple[str, int, int, str, str, str]]:
    return {(Path(d.file).name, d.line, d.column, d.severity.value, d.code, d.message)
            for d in validate(paths).diagnostics}


# --- triggers for the pages that cannot show their example as YAML -------------------------


def _bs100(tmp: Path) -> list[Path]:
    missing = tmp / "missing.scenario.yaml"
    folder = tmp / "drafts" / "old.scenario.yaml"  # a folder named like a scenario
    folder.mkdir(parents=True)
    return [missing, tmp / "drafts"]


def _bs101(tmp: Path) -> list[Path]:
    binary = tmp / "binary.scenario.yaml"
    binary.write_bytes(b"format: 1\n\x00\x00\x00\x00\n")
    latin1 = tmp / "latin1" / SCENARIO
    latin1.parent.mkdir()
    latin1.write_bytes(b"format: 1\ntitle: Caf\xe9\n")
    return [binary, latin1]


def _bs102(tmp: Path) -> list[Path]:
    big = tmp / "big.scenario.yaml"
    with big.open("wb") as handle:  # sparse: no data is written, so this is instant
        handle.truncate(16 * 1024 * 1024 + 1)
    return [big]


GENERATED_TRIGGERS: dict[str, Callable[[Path], list[Path]]] = {
    "BS100": _bs100,
    "BS101": _bs101,
    "BS102": _bs102,
}


# --- tests -----------------------------------------------------------------------------------


def test_every_code_has_a_page_and_every_page_a_code() -> None:
    pages = {_code(p) for p in PAGES}
    assert sorted(set(CODES) - pages) == [], "codes without a page"
    assert sorted(pages - set(CODES)) == [], "pages for codes that do not exist"


def test_catalogue_lists_every_code_with_level_title_and_link() -> None:
    catalogue = (DOCS / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| \[(BS\d{3})\]\((BS\d{3})\.md\) \| (\w+) \| ([^|]+?) \|$",
                      catalogue, re.MULTILINE)
    listed = {code: (link, level, title) for code, link, level, title in rows}
    assert sorted(listed) == sorted(CODES)
    for code, (level, title) in CODES.items():
        assert listed[code] == (code, level.value, title), code


@pytest.mark.parametrize("page", PAGES, ids=_code)
def test_page_names_its_code_level_and_title(page: Path) -> None:
    level, title = CODES[_code(page)]
    lines = page.read_text(encoding="utf-8").splitlines()
    assert lines[0] == f"# {_code(page)}: {title}"
    assert f"**Level:** {level.value}" in lines[2]
    for heading in ("## What triggers it", "## Why it matters", "## How to fix it",
                    "## Example"):
        assert heading in lines, heading


@pytest.mark.parametrize("page", PAGES, ids=_code)
def test_example_yields_the_code(page: Path, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    code = _code(page)
    monkeypatch.chdir(tmp_path)  # file names in messages are relative, as on the page
    text = page.read_text(encoding="utf-8")
    section = _example_section(text)
    files = _example_files(section)
    if GENERATED in text:
        assert not files, "a generated example has no yaml blocks"
        assert code in GENERATED_TRIGGERS, f"no trigger for the generated example of {code}"
        for path in GENERATED_TRIGGERS[code](tmp_path):
            codes = {d.code for d in validate([path]).diagnostics}
            assert code in codes, f"{path.name}: {sorted(codes)}"
        return

    assert SCENARIO in files, f"the example has no block '# file: {SCENARIO}'"
    for name, body in files.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    codes = {d.code for d in validate([Path(SCENARIO)]).diagnostics}
    assert code in codes, f"the example yields {sorted(codes)}, not {code}"

    shown = _shown_diagnostics(section)
    assert shown, "the page shows no output in a ```text block"
    assert shown == _reported([Path(SCENARIO)]), "the output shown on the page is stale"


def test_generated_pages_are_exactly_those_with_triggers() -> None:
    generated = {_code(p) for p in PAGES if GENERATED in p.read_text(encoding="utf-8")}
    assert generated == set(GENERATED_TRIGGERS)
