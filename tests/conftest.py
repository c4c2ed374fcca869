from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SKELETON = ROOT / "breachsim" / "scenario" / "skeletons" / "en.scenario.yaml"


def run_cli(*args: str, cwd: Path | None = None, stdin: str | None = None):
    """Run the breachsim command line in a subprocess, as a user would."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        [sys.executable, "-m", "breachsim", *args],
        capture_output=True, text=True, cwd=cwd, env=env, input=stdin, timeout=120,
    )


@pytest.fixture
def skeleton_text() -> str:
    return SKELETON.read_text(encoding="utf-8")


@pytest.fixture
def write(tmp_path: Path):
    """Write a scenario text into a temporary file and return its path."""

    def _write(text: str | bytes, name: str = "case.scenario.yaml") -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return _write
