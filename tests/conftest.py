from __future__ import annotations

import errno
import os
import sqlite3
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


@pytest.fixture
def read_only(monkeypatch):
    """Make a file or folder read-only for the store.

    For an ordinary user ``chmod`` does it. Root (as in CI) writes through file modes, so there
    the fault is injected where the kernel would raise it, and the store's own code meets it:
    SQLite opens a store at or below the path with its ``mode=ro`` (a file it cannot create
    then fails with SQLITE_CANTOPEN, a write with SQLITE_READONLY, the codes a read-only file
    or folder gives), and creating a folder inside it fails with EACCES."""
    changed: list[Path] = []
    injected: list[Path] = []

    def below(path: str | os.PathLike) -> bool:
        path = Path(path).absolute()
        return any(path == ro or ro in path.parents for ro in injected)

    connect, mkdir = sqlite3.connect, os.mkdir

    def read_only_connect(database, *args, **kwargs):
        if isinstance(database, str | os.PathLike) and below(database):
            return connect(f"{Path(database).absolute().as_uri()}?mode=ro", *args, uri=True,
                           **kwargs)
        return connect(database, *args, **kwargs)

    def read_only_mkdir(path, *args, **kwargs):
        if below(Path(path).parent):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return mkdir(path, *args, **kwargs)

    def _read_only(path: Path) -> Path:
        path.chmod(0o555 if path.is_dir() else 0o444)
        changed.append(path)
        if os.access(path, os.W_OK):  # root: the mode stops nobody
            if not injected:
                monkeypatch.setattr(sqlite3, "connect", read_only_connect)
                monkeypatch.setattr(os, "mkdir", read_only_mkdir)
            injected.append(path.absolute())
        return path

    yield _read_only
    for path in changed:
        path.chmod(0o755 if path.is_dir() else 0o644)


@pytest.fixture(scope="session")
def pg_server():
    """This test process's throwaway PostgreSQL server (tests/pg_support.py)."""
    from .pg_support import throwaway_server

    with throwaway_server() as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def stores(request, tmp_path):
    """New stores of each backend: a test taking this runs once on each."""
    from .pg_support import Stores

    server = request.getfixturevalue("pg_server") if request.param == "postgresql" else None
    made = Stores(request.param, tmp_path, server)
    yield made
    made.clean_up()
