"""The documentation's examples work as printed."""

from __future__ import annotations

import ast
import re

import pytest

from breachsim.scenario import load

from .conftest import ROOT, SKELETON

FENCE = re.compile(r"```yaml\n(.*?)```", re.DOTALL)


def test_worked_example_in_the_format_reference_validates_clean(tmp_path):
    text = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    examples = [block for block in FENCE.findall(text) if block.startswith("format: 1\nid:")]
    assert examples, "the reference has a complete worked example"
    for index, block in enumerate(examples):
        path = tmp_path / f"example{index}.scenario.yaml"
        path.write_text(block, encoding="utf-8")
        result = load(path)
        assert result.ok and result.diagnostics == [], [str(d) for d in result.diagnostics]


def test_library_example_in_the_format_reference_validates(tmp_path):
    from breachsim.application.validation import load_library

    text = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    [block] = [b for b in FENCE.findall(text) if b.startswith("format: 1\nlibrary:")]
    path = tmp_path / "example.injects.yaml"
    path.write_text(block, encoding="utf-8")
    assert load_library(path).diagnostics == []


def test_readme_quick_start_has_exactly_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.DOTALL)
    assert len(blocks) == 1
    commands = [ln.split("#")[0].strip() for ln in blocks[0].strip().splitlines()]
    assert commands == ["make demo", "make test"]


def test_library_catalogue_matches_the_bundled_library():
    import yaml

    from breachsim.scenario.bundled import bundled_dir

    rows = re.findall(r"^\| (\w+) \| (\w+) \| (\w+) \| (\w+) \|",
                      (ROOT / "docs" / "library-catalogue.md").read_text(encoding="utf-8"), re.M)
    documented = {(lib, inject, channel, sender) for lib, inject, channel, sender in rows
                  if lib != "library"}
    bundled = set()
    for path in bundled_dir("injects").glob("*.en.injects.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        bundled |= {(data["library"], i["id"], i["channel"], i["from"]) for i in data["injects"]}
    assert documented == bundled


def test_config_examples_in_the_readme_and_the_guide_are_valid(tmp_path):
    from breachsim.application.config import load_settings
    from breachsim.tui.keys import all_bindings

    for doc in ("README.md", "docs/facilitator-guide.md"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        [block] = [b for b in FENCE.findall(text) if "keys:" in b]
        path = tmp_path / "config.yaml"
        path.write_text(block, encoding="utf-8")
        loaded = load_settings(path, all_bindings)
        assert loaded.ok, (doc, loaded.problems)
        assert loaded.settings.keys, doc


PYTHON = re.compile(r"```python\n(.*?)```", re.DOTALL)
MARKDOWN = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


@pytest.mark.parametrize("doc", MARKDOWN, ids=lambda p: str(p.relative_to(ROOT)))
def test_python_examples_import_what_exists(doc):
    """Every import in a Python example runs, even where the rest needs a live exercise."""
    for block in PYTHON.findall(doc.read_text(encoding="utf-8")):
        imports = [node for node in ast.parse(block).body
                   if isinstance(node, ast.Import | ast.ImportFrom)]
        exec(compile(ast.Module(imports, type_ignores=[]), str(doc), "exec"), {})


def test_the_validation_api_example_runs(tmp_path, monkeypatch, capsys):
    text = (ROOT / "docs" / "diagnostics" / "README.md").read_text(encoding="utf-8")
    [block] = [b for b in PYTHON.findall(text) if "validate(" in b]
    (tmp_path / "my.scenario.yaml").write_text(SKELETON.read_text(encoding="utf-8"),
                                               encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    exec(compile(block, "docs/diagnostics/README.md", "exec"), {})
    assert capsys.readouterr().out.splitlines()[-1] == "0 0 0"
