"""What the SQLite and PostgreSQL stores share: rows, checks and the messages they raise."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import fields

from ..engine.events import Event
from .errors import SeqConflict, SessionNotFound
from .header import SessionHeader

HEADER_FIELDS = [f.name for f in fields(SessionHeader)]
HEADER_COLUMNS = ", ".join(HEADER_FIELDS)
EVENT_COLUMNS = "seq, kind, world, wall, data"

#: Canonical JSON; NaN and infinities are refused because an export could not hold them.
canonical_json = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                                  allow_nan=False).encode


def check_batch(events: Sequence[Event], expected_seq: int | None) -> None:
    """Refuse a batch whose seqs do not rise by one from ``expected_seq`` (a caller's
    mistake)."""
    first = events[0].seq
    if expected_seq is not None and expected_seq != first:
        raise ValueError(f"expected_seq {expected_seq} differs from the event's seq {first}")
    for offset, event in enumerate(events[1:], start=1):
        if event.seq != first + offset:
            raise ValueError(f"the seqs of a batch rise by one: {event.seq} after "
                             f"{first + offset - 1}")
    if first < 1:
        raise ValueError(f"event seqs start at 1, not {first}")


def seq_conflict(session_id: str, events: Sequence[Event], expected_seq: int | None,
                 current: int) -> SeqConflict:
    """Why a batch did not go in, given the session's highest seq read afterwards."""
    if expected_seq is not None and expected_seq != current + 1:
        return SeqConflict(f"session {session_id} is at event {current}, so the next is "
                           f"{current + 1}, not {expected_seq}; re-read the events and "
                           "retry", current)
    first, last = events[0].seq, events[-1].seq
    taken = f"an event {first}" if first == last else f"events in {first}-{last}"
    return SeqConflict(f"session {session_id} already has {taken} (its last is {current}); "
                       "re-read the events and retry", current)


def not_found(session_id: str, location: str) -> SessionNotFound:
    return SessionNotFound(f"no session {session_id} in {location}; "
                           "`breachsim sessions` lists them")


def header_from_row(row: Sequence) -> SessionHeader:
    values = dict(zip(HEADER_FIELDS, row, strict=True))
    values["versions"] = json.loads(values["versions"])
    return SessionHeader(**values)
