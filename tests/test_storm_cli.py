"""`breachsim storm`, run as a user runs it: in a subprocess."""

from __future__ import annotations

import json

from .conftest import ROOT, run_cli

PLAN = ROOT / "tests" / "playthroughs" / "webshop-credential-stuffing.good.plan.yaml"


def _posts(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_jsonl_is_one_post_a_line_in_time_order_with_every_field():
    proc = run_cli("storm", "webshop-credential-stuffing", "--hours", "30", "--seed", "3")
    assert proc.returncode == 0, proc.stderr
    posts = _posts(proc.stdout)
    assert len(posts) > 100
    assert [p["t"] for p in posts] == sorted(p["t"] for p in posts)
    for post in posts:
        assert {"t", "channel", "author", "text", "sentiment", "hashtags", "stance"} <= set(post)
        assert {"name", "handle", "persona", "followers"} <= set(post["author"])
        assert post["sentiment"] in ("negative", "neutral", "positive")
    assert {p["channel"] for p in posts} == {"microblog", "forum", "news", "ticker", "contact"}
    assert all("outlet" in p and "headline" in p for p in posts if p["kind"] == "article")
    contacts = [p for p in posts if p["channel"] == "contact"]
    assert all("due" in p for p in contacts if p["kind"] in ("access", "erasure"))
    assert all(p["t"] < 30 * 3600 for p in posts)


def test_the_same_command_gives_the_same_bytes_and_a_plan_gives_another_storm():
    args = ("storm", "webshop-credential-stuffing", "--hours", "30")
    first, again = run_cli(*args), run_cli(*args)
    assert first.returncode == 0 and first.stdout == again.stdout
    planned = run_cli(*args, "--plan", str(PLAN))
    assert planned.returncode == 0, planned.stderr
    assert planned.stdout != first.stdout


def test_volume_multiplies_the_storm():
    args = ("storm", "webshop-credential-stuffing", "--hours", "30")
    usual = len(run_cli(*args).stdout.splitlines())
    bigger = len(run_cli(*args, "--volume", "4").stdout.splitlines())
    assert bigger > 2.5 * usual


def test_text_is_a_readable_feed():
    proc = run_cli("storm", "klantbestand-verkeerd-verstuurd", "--hours", "40", "--format",
                   "text", "--locale", "nl_BE")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines and all(line.startswith("T+") for line in lines)
    assert any(" microblog " in line and "@" in line for line in lines)
    assert any(" news " in line and "Klaverveld" in line for line in lines)
    assert not any("\x1b" in line for line in lines)


def test_a_bad_plan_is_named_with_file_line_and_column(tmp_path):
    plan = tmp_path / "bad.plan.yaml"
    plan.write_text("steps:\n  - until: no_such_inject\n", encoding="utf-8")
    proc = run_cli("storm", "webshop-credential-stuffing", "--plan", str(plan))
    assert proc.returncode == 1 and proc.stdout == ""
    assert f"{plan}:2:" in proc.stderr and "Traceback" not in proc.stderr


def test_usage_errors_exit_two_with_the_choices():
    bad = run_cli("storm", "webshop-credential-stuffing", "--locale", "xx_XX")
    assert bad.returncode == 2 and "expected one of: nl_NL" in bad.stderr
    assert run_cli("storm", "webshop-credential-stuffing", "--volume", "0").returncode == 2
    assert run_cli("storm", "webshop-credential-stuffing", "--format", "csv").returncode == 2
    missing = run_cli("storm", "no-such-scenario")
    assert missing.returncode == 1 and "Traceback" not in missing.stderr


def test_nan_is_a_usage_error_not_a_traceback():
    for option in ("--hours", "--volume"):
        proc = run_cli("storm", "webshop-credential-stuffing", option, "nan")
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
        assert "not nan" in proc.stderr
