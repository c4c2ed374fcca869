"""The app from the command line: it validates first, never opens on errors, reads the
user's config (and reports a broken one like a scenario), and needs a terminal."""

from __future__ import annotations

import os
import subprocess
import sys

from breachsim.application.config import load_settings
from breachsim.tui.keys import all_bindings

from .app_support import make_app, start
from .conftest import run_cli


def run_with(env: dict, *args: str):
    return subprocess.run([sys.executable, "-m", "breachsim", *args], capture_output=True,
                          text=True, env={**os.environ, **env}, timeout=120,
                          stdin=subprocess.DEVNULL)


def test_run_validates_first_and_never_opens_a_broken_scenario(write, skeleton_text):
    broken = write(skeleton_text.replace("channel: phone", "channel: fax", 1))
    line = broken.read_text().splitlines().index("    channel: fax") + 1
    proc = run_cli("run", str(broken))
    assert proc.returncode == 1
    assert f"{broken}:{line}:14: error[BS202]" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_the_app_needs_a_terminal_and_says_what_to_use_instead(tmp_path):
    env = {"BREACHSIM_STORE": str(tmp_path / "s.sqlite3"),
           "BREACHSIM_CONFIG": str(tmp_path / "none.yaml")}
    for args in ((), ("run", "hospital-ransomware"), ("run",)):
        proc = run_with(env, *args)
        assert proc.returncode == 2, args
        assert "needs a terminal" in proc.stderr and "breachsim play" in proc.stderr


def test_resume_without_a_session_to_resume(tmp_path):
    proc = run_with({"BREACHSIM_STORE": str(tmp_path / "s.sqlite3")}, "resume")
    assert proc.returncode == 1 and "no session has run with it yet" in proc.stderr
    assert not (tmp_path / "s.sqlite3").exists()  # a mistyped store is not made


def test_a_broken_config_is_reported_with_its_line_and_column(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("theme: dark\nkeys:\n  console.pauze: p\n", encoding="utf-8")
    proc = run_with({"BREACHSIM_CONFIG": str(config),
                     "BREACHSIM_STORE": str(tmp_path / "s.sqlite3")}, "run", "hospital-ransomware")
    assert proc.returncode == 1
    assert f"{config}:3:3:" in proc.stderr and "console.pause" in proc.stderr
    config.write_text("theme: purple\n", encoding="utf-8")
    proc = run_with({"BREACHSIM_CONFIG": str(config)}, "run", "hospital-ransomware")
    assert proc.returncode == 1 and f"{config}:1:8:" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_an_empty_or_missing_config_means_the_defaults(tmp_path):
    assert load_settings(tmp_path / "missing.yaml", all_bindings).ok
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing yet\n", encoding="utf-8")
    loaded = load_settings(empty, all_bindings)
    assert loaded.ok and loaded.settings.theme == "dark"


async def test_keys_remapped_in_the_config_work_and_the_help_shows_them(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("theme: light\nkeys:\n  console.pause: p\n  console.decide: ctrl+d\n",
                      encoding="utf-8")
    loaded = load_settings(config, all_bindings)
    assert loaded.ok, loaded.problems
    app = make_app(tmp_path, settings=loaded.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot)
        assert app.theme == "breachsim-light"
        await pilot.press("p")
        await pilot.pause()
        assert not app.exercise.running
        await pilot.press("space")  # no longer bound to pause
        await pilot.pause()
        assert not app.exercise.running
        await pilot.press("f1")
        await pilot.pause()
        table = app.screen.query_one("#bindings")
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        pause = next(r for r in rows if str(r[1]) == "console.pause")
        assert str(pause[0]) == "p"
        assert {str(r[1]) for r in rows} == set(all_bindings())


def test_the_facilitator_guide_links_only_to_files_that_exist():
    import re

    from .conftest import ROOT

    guide = ROOT / "docs" / "facilitator-guide.md"
    links = re.findall(r"\]\(([^)#]+)\)", guide.read_text(encoding="utf-8"))
    pictures = [link for link in links if link.endswith(".svg")]
    assert len(pictures) >= 8
    for link in links:
        if not link.startswith("http"):
            assert (guide.parent / link).resolve().exists(), link


def test_a_speed_of_nan_is_a_usage_error_not_a_traceback():
    proc = run_cli("run", "hospital-ransomware", "--speed", "nan")
    assert proc.returncode == 2
    assert "not nan" in proc.stderr and "Traceback" not in proc.stderr
