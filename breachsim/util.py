"""Small helpers shared by the command line and the core."""

from __future__ import annotations

import glob
import os
import re
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path


def read_yaml(path: Path) -> object:
    """One of the project's own data files, read with libyaml when present (about eight times
    faster than PyYAML's pure-Python reader). Scenario files go through ``scenario.yamlsource``,
    which also keeps their line marks."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=loader)


def seconds_since(stamp: str) -> float:
    """Wall seconds from a time ``utc_now`` gave (on this machine or another) until now; a
    stamp that cannot be read counts as long ago."""
    try:
        then = datetime.fromisoformat(stamp)
    except ValueError:
        return float("inf")
    if then.tzinfo is None:
        then = then.replace(tzinfo=UTC)
    return (datetime.now(UTC) - then).total_seconds()


def utc_now() -> str:
    """The wall clock as events and sessions record it: UTC, ISO 8601, to the millisecond.
    Only the layers above the engine read it; the engine is handed it."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


_UMASK = os.umask(0o022)
os.umask(_UMASK)  # read once, put back at once
#: A temporary file of ``write_atomic`` this much older than now was left by a killed process.
STALE_SECONDS = 3600


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write ``text`` (or bytes) so that ``path`` is never seen half written: temp file,
    fsync, rename. The file gets the permissions the user's umask gives any new file (a
    temporary file alone would be private). Stale temporaries of earlier writes of ``path``
    (a killed process's) are removed first."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with (os.fdopen(fd, "wb") if isinstance(text, bytes)
              else os.fdopen(fd, "w", encoding="utf-8", newline="\n")) as handle:
            handle.write(text)
            handle.flush()
            os.fchmod(handle.fileno(), 0o666 & ~_UMASK)
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _remove_stale(path: Path) -> None:
    """Remove ``write_atomic``'s own temporaries for ``path`` (``.NAME.XXXXXXXX.tmp``, as
    ``mkstemp`` names them) that are older than ``STALE_SECONDS``; nothing else."""
    ours = re.compile(rf"\.{re.escape(path.name)}\.[a-z0-9_]{{8}}\.tmp")
    before = time.time() - STALE_SECONDS
    for candidate in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        try:
            if ours.fullmatch(candidate.name) and candidate.lstat().st_mtime < before:
                candidate.unlink()
        except OSError:
            pass  # gone already, or not ours to remove: the write goes on


#: Bidirectional formatting marks: they reorder what a terminal shows (a name can look like
#: another, or hide what follows it).
_BIDI = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_UNSAFE = {c: f"\\u{c:04x}" for c in [*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F,
                                      *range(0x80, 0xA0), *_BIDI]}


def printable(text: str, mark: str | None = None) -> str:
    """Text from scenarios, players and files, safe for a terminal: control characters (escape
    sequences and carriage returns among them) and bidirectional marks become visible escapes
    such as ``\\u001b``; newlines and tabs stay. The escapes are JSON's own, so JSON text stays
    JSON with the same meaning. With ``mark``, each becomes that one character instead, so
    that columns still line up under a caret."""
    if mark is not None:
        return text.translate(dict.fromkeys(_UNSAFE, mark))
    return text.translate(_UNSAFE)


def plain_line(text: str) -> bool:
    """Whether ``text`` is one line with nothing ``printable`` would escape, as a name a user
    types must be."""
    return printable(text) == text and "\n" not in text and "\t" not in text
