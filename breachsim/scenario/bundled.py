"""Where the bundled scenarios and inject libraries live, in a wheel and in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def bundled_dir(kind: str) -> Path:
    """``scenarios`` or ``injects``: inside the installed package, else beside it (checkout)."""
    installed = _PACKAGE / "bundled" / kind
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / kind


def bundled_scenarios() -> list[Path]:
    return sorted(bundled_dir("scenarios").glob("*.scenario.yaml"))


def library_path(name: str, language: str) -> Path | None:
    """The bundled library ``name`` in ``language`` (``media`` → ``media.en.injects.yaml``)."""
    folder = bundled_dir("injects")
    for candidate in (folder / f"{name}.{language}.injects.yaml", folder / f"{name}.injects.yaml"):
        if candidate.is_file():
            return candidate
    return None


def library_names() -> list[str]:
    names = {p.name.split(".")[0] for p in bundled_dir("injects").glob("*.injects.yaml")}
    return sorted(names)


DEMO_SCENARIO = "hospital-ransomware"


def find_bundled(name: str) -> Path | None:
    """A bundled scenario by id or file stem."""
    for path in bundled_scenarios():
        if path.name.removesuffix(".scenario.yaml") == name:
            return path
    return None
