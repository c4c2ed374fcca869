"""The core's words in English and Dutch: one catalogue of keyed messages.

``en.yaml`` and ``nl.yaml`` map the same keys to text with the same named ``{placeholders}``;
``message(key, language, **values)`` gives the text in ``language`` with the values filled in.
The language is always passed: nothing here remembers one.

The catalogue fails loudly: loading it raises ``CatalogueError`` when a key is missing from a
language or the two languages name different placeholders, and ``message`` raises ``KeyError``
for a key or language the catalogue lacks and for a placeholder without a value. A value no
placeholder names is ignored, so variants of one message can share a call. Only the catalogue's
own text is a format string; values (scenario and player text among them) are inserted as they
are. Placeholders are plain names: no attribute access, indexing or format specs, so numbers are
formatted by ``number`` before they go in.

The families of keys: ``criterion.*`` (finding titles), ``score.*`` (the findings' words),
``report.*`` (the score as text), ``reason.*`` and ``label.*`` (the risk assessment) and
``refused.*`` (why the engine refused an intent, by its code).
"""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path
from typing import Any

from ...util import read_yaml

LANGUAGES = ("en", "nl")
_FOLDER = Path(__file__).parent


class CatalogueError(ValueError):
    """The catalogue files disagree: a key in one language only, or different placeholders."""


def placeholders(text: str) -> frozenset[str]:
    """The names of the ``{placeholders}`` in ``text``; CatalogueError for anything but a plain
    name (an attribute, an index, a conversion or a format spec)."""
    names = set()
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise CatalogueError(f"placeholder {{{name}}} in {text!r} is not a plain name")
        names.add(name)
    return frozenset(names)


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """key → language → text, checked: every key in every language, with the same
    placeholders."""
    texts: dict[str, dict[str, str]] = {}
    for language in LANGUAGES:
        entries = read_yaml(_FOLDER / f"{language}.yaml")
        for key, text in entries.items():
            if not isinstance(text, str) or not text.strip():
                raise CatalogueError(f"{language}.yaml: {key} is not a text")
            texts.setdefault(key, {})[language] = text
    problems = []
    for key, entry in texts.items():
        missing = [language for language in LANGUAGES if language not in entry]
        if missing:
            problems.append(f"{key}: missing in {', '.join(missing)}")
        elif len({placeholders(text) for text in entry.values()}) > 1:
            problems.append(f"{key}: the languages name different placeholders")
    if problems:
        raise CatalogueError("; ".join(problems))
    return texts


def has_message(key: str) -> bool:
    return key in catalogue()


def message(key: str, language: str, **values: Any) -> str:
    """The text of ``key`` in ``language``, its placeholders filled in from ``values``."""
    entry = catalogue().get(key)
    if entry is None:
        raise KeyError(f"no message {key!r}")
    if language not in entry:
        raise KeyError(f"no language {language!r}; one of {', '.join(LANGUAGES)}")
    text = entry[language]
    try:
        return text.format_map(values)
    except KeyError as missing:
        raise KeyError(f"message {key!r} needs a value for {missing}") from None


def span(seconds: float, language: str) -> str:
    """``3 h 20 min``, ``4 h``, ``2 d 4 h`` or ``45 min``: how long something took."""
    seconds = max(0, int(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days and hours:
        return message("aar.span.days", language, days=days, hours=hours)
    if days:
        return message("aar.span.whole_days", language, days=days)
    if hours and minutes:
        return message("aar.span.hours", language, hours=hours, minutes=minutes)
    if hours:
        return message("aar.span.whole_hours", language, hours=hours)
    return message("aar.span.minutes", language, minutes=minutes)


def series(items: list[str], language: str) -> str:
    """``a``, ``a and b``, ``a, b and c`` (``a, b en c`` in Dutch): a list in a sentence."""
    if len(items) < 2:
        return "".join(items)
    return message("aar.series", language, items=", ".join(items[:-1]), last=items[-1])


def number(value: Any, language: str, spec: str | None = None) -> str:
    """A number as the language writes it: 1234.5 → '1,234.5' in English, '1.234,5' in Dutch.

    Without ``spec`` a whole number is grouped by thousands and a fraction keeps at most two
    decimals; with one (``".1f"``, ``"g"``) the number is formatted by it. Anything but a
    number is returned as text."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if spec is not None:
        text = format(value, spec)
    elif isinstance(value, float):
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{value:,}"
    if language == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text
