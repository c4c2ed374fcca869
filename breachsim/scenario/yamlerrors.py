"""YAML syntax errors in words a new author understands.

The parser says where it gave up and what token it expected; the mistake is often elsewhere:
a line indented one space too far, a quote opened on line 13 and never closed (reported at the
end of the file), a bracket left open. This reads the text around the parser's marks and says
what is wrong and what would be right.
"""

from __future__ import annotations

import re

import yaml

from .diagnostics import Diagnostic

#: a line that holds a key (``title:``) or a list item (``- id: a``)
_ENTRY = re.compile(r"-(?:\s|$)|[^\s#'\"{}\[\],&*!|>%@`][^#]*?:(?:\s|$)")
_CLOSING = {"{": "}", "[": "]"}


def syntax_diagnostic(exc: yaml.MarkedYAMLError, display: str, text: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "invalid YAML"
    lines = text.splitlines()
    if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        return Diagnostic.make(
            "BS111", display, line, column, "a tab character, where YAML expects spaces",
            "YAML indents with spaces, never tabs; set your editor to insert spaces for Tab")
    context = exc.context or ""
    found = (_unclosed(exc, display, lines, context) or _stray_quote(exc, display, lines)
             or _indentation(exc, display, lines, context))
    if found:
        return found
    message = problem + (f" ({context})" if context else "")
    hint = None
    if "mapping values are not allowed" in problem:
        hint = "a value containing ': ' must be quoted, or written as a block with |"
    elif "could not find expected ':'" in problem and exc.context_mark is not None:
        start = exc.context_mark
        written = lines[start.line][start.column:].strip() if start.line < len(lines) else ""
        return Diagnostic.make(
            "BS103", display, start.line + 1, start.column + 1,
            f"expected `key: value`, but {written!r} has no ':' after its key",
            "write a colon and a space after the key, as in `channel: phone`")
    elif "cannot start any token" in problem:
        hint = "put the text in quotes: a value may not start with @ or `"
    elif "unhashable" in problem:
        hint = "a key must be a plain value, not a list or mapping"
    return Diagnostic.make("BS103", display, line, column, message, hint)


def _unclosed(exc: yaml.MarkedYAMLError, display: str, lines: list[str],
              context: str) -> Diagnostic | None:
    """A quote that runs to the end of the file, or a bracket the next key finds open."""
    start, problem = exc.context_mark, exc.problem_mark
    if start is None or problem is None:
        return None
    if "quoted scalar" in context:
        quote = _char(lines, start) or '"'
        escape = "two quotes ('')" if quote == "'" else 'a backslash (\\")'
        return Diagnostic.make(
            "BS112", display, start.line + 1, start.column + 1,
            f"the quote {quote} here is never closed: YAML read the rest of the file, to line "
            f"{problem.line + 1}, as this one text",
            f"end the text with {quote} on the same line; a {quote} inside it is written as "
            f"{escape}, or leave the quotes off",
            related=((problem.line + 1, problem.column + 1),))
    if "flow mapping" in context or "flow sequence" in context:
        bracket = _char(lines, start) or ("{" if "mapping" in context else "[")
        closing = _CLOSING.get(bracket, "]")
        found = _char(lines, problem)
        seen = f"found {found!r}" if found else "reached the end of the file"
        return Diagnostic.make(
            "BS112", display, start.line + 1, start.column + 1,
            f"the {bracket} here is not closed: at line {problem.line + 1}, column "
            f"{problem.column + 1} YAML expected ',' or '{closing}' and {seen}",
            f"close it with {closing}, and separate its items with commas; or write the "
            "values as indented lines without brackets",
            related=((problem.line + 1, problem.column + 1),))
    return None


def _stray_quote(exc: yaml.MarkedYAMLError, display: str, lines: list[str]
                 ) -> Diagnostic | None:
    """Text that goes on after its closing quote: ``'It's late'``, ``"He said "no""``."""
    mark = exc.problem_mark
    if mark is None or mark.line >= len(lines) or mark.column < 1:
        return None
    before = lines[mark.line][:mark.column].rstrip()
    if not before or before[-1] not in "'\"" or before.count(before[-1]) < 2:
        return None
    quote = before[-1]
    escape = "two quotes ('')" if quote == "'" else 'a backslash (\\")'
    rest = lines[mark.line][mark.column:].strip()
    return Diagnostic.make(
        "BS112", display, mark.line + 1, mark.column + 1,
        f"the quoted text ends at the {quote} before this, and {rest!r} follows it",
        f"write a {quote} inside {quote}…{quote} as {escape}, or quote the text with the other "
        "kind of quote")


def _indentation(exc: yaml.MarkedYAMLError, display: str, lines: list[str],
                 context: str) -> Diagnostic | None:
    """A key or list item whose indentation lines up with nothing above it."""
    mark = exc.problem_mark
    if mark is None or mark.line >= len(lines) or "flow" in context or "scalar" in context:
        return None
    number = mark.line
    text = lines[number]
    stripped = text.lstrip(" ")
    indent = len(text) - len(stripped)
    if not _ENTRY.match(stripped):
        return None
    item = stripped.startswith("-")
    levels = {col: (n, t, key) for col, (n, t, key) in _levels(lines, number).items()
              if key or item}
    if not levels or indent in levels or indent == 0:
        return None  # at 0, the lines above are the ones indented wrongly
    prev_indent, (prev_line, prev_text, _) = max(levels.items(),
                                                 key=lambda level: (level[1][0], level[0]))
    spaces = f"{indent} space{'s' * (indent != 1)}"
    if indent > prev_indent:
        if ":" not in prev_text:
            return Diagnostic.make(
                "BS103", display, prev_line + 1, prev_indent + 1,
                f"expected `key: value`, but {prev_text.strip()!r} has no ':' after its key",
                "write a colon after the key; its value follows on the same line after a "
                "space, or on the lines below, indented further")
        if prev_text.split(" #", 1)[0].rstrip().endswith(":"):
            return None  # the line above opens a block: deeper is right
        problem = (f"this line is indented {spaces}, deeper than {_entry(prev_text)} on line "
                   f"{prev_line + 1}, which has its value already")
    else:
        what = "list item or key" if item else "key"
        problem = f"this line is indented {spaces}, which lines up with no {what} above it"
    nearest = sorted(levels.items(), key=lambda level: (
        abs(level[0] - indent), item == level[1][2], -level[0]))
    options = [f"{i} space{'s' * (i != 1)}, like {_entry(t)} on line {n + 1}"
               for i, (n, t, _) in nearest[:2] if abs(i - indent) == abs(nearest[0][0] - indent)]
    what = "the items of one list" if item else "the keys of one mapping"
    hint = "indent it " + " or ".join(options) + f"; {what} stand in one column"
    if re.match(r"-[^\s-]", prev_text):
        hint = "a list item starts with a dash and a space (`- id: …`); " + hint
    return Diagnostic.make("BS111", display, number + 1, indent + 1, problem, hint)


def _levels(lines: list[str], number: int) -> dict[int, tuple[int, str, bool]]:
    """The columns the lines above open: column → (its nearest line, the text from that
    column, whether a key may stand there). A list item opens two: its dash, where only
    another item may stand (unless a key stands there too), and the key after the dash."""
    levels: dict[int, tuple[int, str, bool]] = {}
    shallowest = None
    for n in range(number - 1, -1, -1):
        text = lines[n]
        stripped = text.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(text) - len(stripped)
        if shallowest is not None and indent > shallowest:
            continue
        shallowest = indent
        item = stripped.startswith("- ")
        if item:
            after = stripped[1:].lstrip(" ")
            if after and not after.startswith("#"):
                levels.setdefault(len(text) - len(after), (n, after, True))
        line, shown, key = levels.get(indent, (n, stripped, False))
        levels[indent] = (line, shown, key or not item)
    return levels


def _entry(text: str) -> str:
    """'`id:`' for ``id: laptop_stolen``, '`- id:`' for a list item."""
    key = text.split(":", 1)[0] if ":" in text else text
    return f"`{key.strip()}{':' if ':' in text else ''}`"


def _char(lines: list[str], mark: yaml.Mark) -> str | None:
    if mark.line < len(lines) and mark.column < len(lines[mark.line]):
        return lines[mark.line][mark.column]
    return None
