"""The package as users get it: headless core, wheel with bundled content, entry points."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from .conftest import ROOT

#: every package and module of breachsim except the terminal app, found from the files
HEADLESS = sorted(
    f"breachsim.{path.stem if path.suffix else path.name}"
    for path in (ROOT / "breachsim").iterdir()
    if path.name not in ("tui", "__init__.py", "__main__.py", "__pycache__", "bundled")
    and (path.suffix == ".py" or (path / "__init__.py").exists()))


def test_the_headless_list_is_every_package_but_the_app():
    assert {"breachsim.application", "breachsim.cli", "breachsim.rules", "breachsim.storm",
            "breachsim.util"} <= set(HEADLESS)
    assert "breachsim.tui" not in HEADLESS


def test_headless_core_never_imports_textual():
    """Every headless module imported, the command line included (it opens the app lazily)."""
    code = (
        "import sys, importlib, pkgutil\n"
        f"for name in {HEADLESS!r}:\n"
        "    package = importlib.import_module(name)\n"
        "    for m in pkgutil.walk_packages(getattr(package, '__path__', []), name + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m == 'textual' or m.startswith('textual.')]\n"
        "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_import_contract_names_every_headless_package():
    """The "only the app imports textual" contract covers what the files hold."""
    import tomllib

    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"][
        "contracts"]
    textual = next(c for c in contracts if "textual" in c.get("forbidden_modules", []))
    assert sorted(textual["source_modules"]) == HEADLESS


def test_python_dash_m_works():
    proc = subprocess.run([sys.executable, "-m", "breachsim", "--version"], capture_output=True,
                          text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("breachsim, version")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "-w", str(out), str(ROOT)], check=True)
    [built] = out.glob("breachsim-*.whl")
    return built


@pytest.mark.xdist_group("wheel")  # under xdist one worker builds the wheel for both
def test_wheel_in_a_fresh_venv_lists_the_bundled_scenarios(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    # the dependencies come from this environment; the wheel itself is installed fresh
    purelib = subprocess.run([str(python), "-c", "import sysconfig;print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    Path(purelib, "_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", purelib, str(wheel)], check=True)
    proc = subprocess.run([str(python), "-m", "breachsim", "list", "--format", "json"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    entries = json.loads(proc.stdout)
    expected = sorted(p.name for p in (ROOT / "scenarios").glob("*.scenario.yaml"))
    assert sorted(e["path"] for e in entries if e["bundled"]) == expected
    assert all(e["errors"] == 0 for e in entries)
    where = subprocess.run([str(python), "-c", "import breachsim;print(breachsim.__file__)"],
                           capture_output=True, text=True, cwd=tmp_path).stdout
    assert where.startswith(purelib)


@pytest.mark.xdist_group("wheel")
def test_wheel_carries_the_data_that_play_and_assess_need(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(target), str(wheel)], check=True)
    env = {**__import__("os").environ, "PYTHONPATH": str(target)}
    proc = subprocess.run([sys.executable, "-m", "breachsim", "play", "hospital-ransomware",
                           "--seed", "2", "--store", str(tmp_path / "s.sqlite3"),
                           "--format", "json"], capture_output=True, text=True, cwd=tmp_path,
                          env=env)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["score"]["fines"]["currency"] == "EUR" and data["score"]["findings"]
    new = subprocess.run([sys.executable, "-m", "breachsim", "new", "--lang", "nl"],
                         capture_output=True, text=True, cwd=tmp_path, env=env)
    assert "language: nl" in new.stdout
