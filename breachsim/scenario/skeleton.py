"""The commented scenario skeletons that ``breachsim new`` writes."""

from __future__ import annotations

from pathlib import Path

_FOLDER = Path(__file__).parent / "skeletons"


def skeleton(language: str) -> str:
    return (_FOLDER / f"{language}.scenario.yaml").read_text(encoding="utf-8")
