"""The phrase banks (``phrases/en.yaml``, ``phrases/nl.yaml``) and filling their slots.

Only our own fragments have slots, from a closed set; what fills them (the organisation's name,
the team's words) is inserted as a value and never read as a template or as markup, so an
organisation called ``{x}`` or ``[bold]`` comes out exactly as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from ..util import read_yaml

SLOTS = frozenset({"org", "count", "data", "authority", "quote", "hashtag", "outlet"})
_SLOT = re.compile(r"\{([a-z]+)\}")
_FOLDER = Path(__file__).parent / "phrases"


class Missing(Exception):
    """A fragment asks for a slot that has no value yet."""


def fill(template: str, values: Mapping[str, str | None]) -> str:
    """``template`` with its slots filled; ``Missing`` when a slot has no value."""
    def value(match: re.Match) -> str:
        found = values.get(match.group(1))
        if found is None:
            raise Missing(match.group(1))
        return found

    return _SLOT.sub(value, template)


def fill_all(templates: list[str], values: Mapping[str, str | None]) -> list[str]:
    """The templates that can be filled now, filled."""
    found = []
    for template in templates:
        try:
            found.append(fill(template, values))
        except Missing:
            continue
    return found


def _strings(node: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield where, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, f"{where}[{index}]")


def check(bank: dict[str, Any]) -> list[str]:
    """Problems with a bank's fragments: unknown slots and braces that are not slots."""
    problems = []
    for where, text in _strings({k: v for k, v in bank.items() if k != "outlets"}, "bank"):
        for name in _SLOT.findall(text):
            if name not in SLOTS:
                problems.append(f"{where}: unknown slot {{{name}}}")
        if "{" in _SLOT.sub("", text) or "}" in _SLOT.sub("", text):
            problems.append(f"{where}: a brace that is not a slot: {text!r}")
    return problems


@cache
def bank(language: str) -> dict[str, Any]:
    loaded = read_yaml(_FOLDER / f"{language}.yaml")
    problems = check(loaded)
    if problems:
        raise ValueError("; ".join(problems))
    return loaded


def languages() -> list[str]:
    return sorted(p.stem for p in _FOLDER.glob("*.yaml"))
