"""The session header (one row of ``sessions``) and session ids."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

RUNNING = "running"
ENDED = "ended"
STATUSES = (RUNNING, ENDED)

#: Ids end up in file names (``breachsim export``), so they stay plain and short.
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_SUFFIX_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


@dataclass(frozen=True)
class SessionHeader:
    """Everything about a session but its events.

    ``scenario_json`` is the frozen copy of the resolved scenario as JSON text, kept verbatim
    (never re-serialised), so a session replays against exactly the scenario it started with and
    an export gives it back byte for byte. ``world`` is the in-world time reached, in seconds.
    """

    id: str
    scenario_id: str
    scenario_sha256: str
    scenario_json: str
    seed: int
    team: str | None
    language: str
    created: str  # wall time, UTC, ISO 8601
    updated: str
    versions: dict[str, Any] = field(default_factory=dict)
    status: str = RUNNING
    world: int = 0


def new_session_id(now: datetime | None = None) -> str:
    """A short id that sorts by creation time: ``20250314-093012-k7pq`` (UTC + random suffix).

    Four random characters make a clash within the same second one in 900,000; the store's
    primary key refuses the rare clash rather than overwriting anything.
    """
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    return f"{stamp}-{''.join(secrets.choice(_SUFFIX_ALPHABET) for _ in range(4))}"


def check_header(header: SessionHeader) -> None:
    """Refuse a header the store could not give back as it came (a caller's mistake)."""
    if not ID_PATTERN.fullmatch(header.id):
        raise ValueError(f"session id {header.id!r} must be 1-64 letters, digits, '.', '_' or "
                         "'-', starting with a letter or digit")
    if header.status not in STATUSES:
        raise ValueError(f"status {header.status!r} is not one of {', '.join(STATUSES)}")
    if not -(2**63) <= header.seed < 2**63:
        raise ValueError(f"seed {header.seed} does not fit in 64 bits")
    if header.world < 0:
        raise ValueError(f"world time {header.world} is negative")
