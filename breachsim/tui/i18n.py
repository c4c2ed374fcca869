"""The interface catalogue: every string the app shows, in English and Dutch.

Strings live in ``strings.yaml`` as ``key: {en: …, nl: …}``, and the labels the app shares
with the report (actions, ratings, data categories, form fields) in the core's message
catalogue; ``t(key, **values)`` gives the one for the current language with the values filled
in. Only the catalogue's own text is a
format string; values (scenario and player text among them) are inserted as they are.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ..util import read_yaml

LANGUAGES = ("en", "nl")
_current = ["en"]


@cache
def catalogue() -> dict[str, dict[str, str]]:
    from ..law.messages import catalogue as core

    own = read_yaml(Path(__file__).parent / "strings.yaml")
    shared = core()
    if clash := sorted(own.keys() & shared.keys()):
        raise ValueError(f"strings.yaml repeats keys of the core catalogue: {', '.join(clash)}")
    return {**shared, **own}


def set_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"no interface language {language!r}; one of {', '.join(LANGUAGES)}")
    _current[0] = language


def language() -> str:
    return _current[0]


def t(key: str, **values: object) -> str:
    """The string ``key`` in the current language (KeyError for a key the catalogue lacks)."""
    return catalogue()[key][_current[0]].format(**values)


def system_language() -> str:
    """The interface language the environment asks for: Dutch when LANG or LC_* says so."""
    import os

    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(name, "")
        if value:
            return "nl" if value.lower().startswith("nl") else "en"
    return "en"
