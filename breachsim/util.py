"""Small helpers shared by the command line and the core."""

from __future__ import annotations

import os
import tempfile
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


def utc_now() -> str:
    """The wall clock as events and sessions record it: UTC, ISO 8601, to the millisecond.
    Only the layers above the engine read it; the engine is handed it."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write ``text`` (or bytes) so that ``path`` is never seen half written: temp file,
    fsync, rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with (os.fdopen(fd, "wb") if isinstance(text, bytes)
              else os.fdopen(fd, "w", encoding="utf-8", newline="\n")) as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_CONTROL = {c: None for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F,
                             *range(0x80, 0xA0)]}


def printable(text: str) -> str:
    """Text from scenarios and players, safe for a terminal: control characters (escape
    sequences among them) are dropped; newlines and tabs stay."""
    return text.translate(_CONTROL)
