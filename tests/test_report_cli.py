"""`breachsim report` as a user runs it: from the store or an export, into reports/ by default,
and a clear answer with exit code 1 (2 for usage) for everything that cannot be reported."""

from __future__ import annotations

import json

import pytest

from .conftest import ROOT, run_cli

PLAYS = ROOT / "tests" / "playthroughs"
pytestmark = pytest.mark.xdist_group("report-cli")


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    """A store with two rehearsals of one scenario and one of another, and an export."""
    folder = tmp_path_factory.mktemp("report")
    store = folder / "sessions.db"
    for plan in ("klantbestand-drukker.bad", "klantbestand-drukker.good",
                 "gestolen-laptop.good"):
        scenario = plan.rsplit(".", 1)[0]
        done = run_cli("play", scenario, "--plan", str(PLAYS / f"{plan}.plan.yaml"),
                       "--store", str(store), "--format", "json")
        assert done.returncode == 0, done.stderr
    listed = json.loads(run_cli("sessions", "--store", str(store), "--format", "json").stdout)
    ids = {s["scenario"]: [] for s in listed}
    for s in reversed(listed):
        ids[s["scenario"]].append(s["id"])
    export = folder / "drukker.jsonl"
    done = run_cli("export", ids["klantbestand-drukker"][0], "--store", str(store), "--out",
                   str(export))
    assert done.returncode == 0, done.stderr
    return store, ids, export


def report(stored, *args, cwd):
    store, _, _ = stored
    return run_cli("report", *args, "--store", str(store), cwd=cwd)


def no_traceback(done):
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout


def test_a_session_is_reported_into_reports_by_default(stored, tmp_path):
    _, ids, _ = stored
    session = ids["klantbestand-drukker"][0]
    done = report(stored, session[:-1], cwd=tmp_path)  # a prefix, as users type it
    assert done.returncode == 0, done.stderr
    target = tmp_path / "reports" / f"{session}.html"
    assert done.stderr.strip() == f"wrote reports/{session}.html"
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'lang="nl"' in html  # the session's language
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary left


def test_an_export_in_markdown_and_json_in_another_language(stored, tmp_path):
    _, _, export = stored
    done = run_cli("report", str(export), "--format", "md", "--out", "aar.md", "--lang", "en",
                   cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "aar.md").read_text(encoding="utf-8")
    assert "## Executive summary" in text and "## Improvement plan" in text
    done = run_cli("report", str(export), "--format", "json", "--out", "aar.json",
                   cwd=tmp_path)
    data = json.loads((tmp_path / "aar.json").read_text(encoding="utf-8"))
    assert data["language"] == "nl" and data["improvement_plan"]


def test_owners_and_an_overrides_file_shape_the_plan(stored, tmp_path):
    _, ids, _ = stored
    session = ids["klantbestand-drukker"][0]
    overrides = tmp_path / "plan.yaml"
    overrides.write_text("owners:\n  comms: Sam Smit\nitems:\n  nope:\n    due: 2027-01-01\n",
                         encoding="utf-8")
    done = report(stored, session, "--format", "json", "--out", "r.json", "--owner",
                  "dpo=Jan de Vries", "--overrides", str(overrides), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "'nope' is no item of this report's plan" in done.stderr  # a warning, not a failure
    plan = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["improvement_plan"]
    owners = " ".join(p["responsible"] for p in plan)
    assert "Jan de Vries" in owners


@pytest.mark.parametrize("args, code, said", [
    (["--owner", "cfo=X"], 2, "'cfo' is no role; one of: comms, dpo, legal, it, board"),
    (["--owner", "dpo"], 2, "expected ROLE=NAME"),
    (["--format", "docx"], 2, "'docx' is not one of"),
])
def test_bad_options_are_usage_errors(stored, tmp_path, args, code, said):
    _, ids, _ = stored
    done = report(stored, ids["gestolen-laptop"][0], *args, cwd=tmp_path)
    assert done.returncode == code and said in done.stderr
    no_traceback(done)
    assert not (tmp_path / "reports").exists()


def test_a_broken_overrides_file_points_at_its_line(stored, tmp_path):
    _, ids, _ = stored
    overrides = tmp_path / "plan.yaml"
    overrides.write_text("owners:\n  dpo: Jan\nitems:\n  awareness:\n    due: next week\n",
                         encoding="utf-8")
    done = report(stored, ids["gestolen-laptop"][0], "--overrides", str(overrides),
                  cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith("plan.yaml:5:10: error") and "valid date" in done.stderr
    no_traceback(done)


def test_what_cannot_be_reported_gets_a_clear_answer(stored, tmp_path):
    _, _, export = stored
    cases = {
        "no-such-session": "no session in",
        str(tmp_path / "missing.jsonl"): "no such file",
    }
    forged = tmp_path / "forged.jsonl"
    lines = export.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    header["scenario_sha256"] = "0" * 64
    forged.write_text("\n".join([json.dumps(header), *lines[1:]]) + "\n", encoding="utf-8")
    cases[str(forged)] = "cannot be replayed"
    for source, said in cases.items():
        done = report(stored, source, cwd=tmp_path)
        assert done.returncode == 1, source
        assert said in done.stderr and done.stderr.startswith("error: "), done.stderr
        no_traceback(done)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where a folder should be", encoding="utf-8")
    done = report(stored, str(export), "--out", str(blocked / "r.html"), cwd=tmp_path)
    assert done.returncode == 1 and "cannot write" in done.stderr
    no_traceback(done)


def test_rehearsals_compared_side_by_side(stored, tmp_path):
    _, ids, _ = stored
    first, second = ids["klantbestand-drukker"]
    done = report(stored, first, second, "--compare", "--format", "md", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "reports" / "compare-klantbestand-drukker.md").read_text()
    assert first in text and second in text
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert len(rows) >= 8  # team, rating, four key times, the objectives
    done = report(stored, first, ids["gestolen-laptop"][0], "--compare", cwd=tmp_path)
    assert done.returncode == 1 and "rehearsals of one scenario" in done.stderr
    done = report(stored, first, second, cwd=tmp_path)
    assert done.returncode == 2 and "--compare takes several" in done.stderr
