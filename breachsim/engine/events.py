"""The event catalogue: everything that happens in a session, as data.

Events are the truth (architecture rule 2). Each carries its sequence number, the in-world time in
seconds since the scenario's start, the wall time (UTC, ISO 8601) and a JSON payload. The fold
in ``state.py`` is the only place that turns them into state.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

#: Bumped when a payload changes shape; old logs keep their version in the session header.
EVENT_VERSION = 1

SESSION_STARTED = "session_started"
CLOCK_STARTED = "clock_started"
CLOCK_PAUSED = "clock_paused"
CLOCK_RESUMED = "clock_resumed"
SPEED_CHANGED = "speed_changed"
CLOCK_JUMPED = "clock_jumped"
INJECT_DELIVERED = "inject_delivered"
DECISION_OPENED = "decision_opened"
DECISION_RECORDED = "decision_recorded"
DECISION_TIMED_OUT = "decision_timed_out"
NOTE_ADDED = "note_added"
INJECT_FIRED = "inject_fired"
INJECT_SKIPPED = "inject_skipped"
INJECT_ADDED = "inject_added"
INJECT_READ = "inject_read"
STORM_PUSHED = "storm_pushed"  # the facilitator sets off a burst of the media storm
STORM_CALMED = "storm_calmed"  # the facilitator damps it
SESSION_ENDED = "session_ended"

#: One event kind per team action, in the order of ``scenario.vocab.TEAM_ACTIONS``.
ACTION_EVENTS: dict[str, str] = {
    "declare_awareness": "awareness_declared",
    "notify_authority": "authority_notified",
    "notify_subjects": "subjects_notified",
    "public_communication": "public_communication_made",
    "public_statement": "statement_published",
    "register_breach": "breach_registered",
    "inform_controller": "controller_informed",
    "inform_police": "police_informed",
    "inform_insurer": "insurer_informed",
    "engage_forensics": "forensics_engaged",
    "brief_contact_centre": "contact_centre_briefed",
    "answer_journalist": "journalist_answered",
    "answer_request": "request_answered",
}
ACTION_OF_EVENT = {kind: action for action, kind in ACTION_EVENTS.items()}


def notification_kind(data: dict[str, Any]) -> str:
    """An authority notification's kind, from its form or its event's data: ``initial``
    (Art. 33(1)) or ``follow_up`` (Art. 33(4)); a form that leaves it out is the initial one."""
    return data.get("kind") or "initial"

#: The key of an action's, a decision's or a note's data naming who in the team recorded it
#: (``comms``, ``dpo``, … or a role of the scenario's), when the process recording it knew.
ROLE = "role"
ROLE_LENGTH = 200  # as long as a scenario role's title may be, by which a player may join


def valid_role(role: object) -> bool:
    """A role is a short printable text (it is shown in the app and the report)."""
    return (isinstance(role, str) and 0 < len(role) <= ROLE_LENGTH and role.strip() == role
            and role.isprintable())

KINDS = frozenset({
    SESSION_STARTED, CLOCK_STARTED, CLOCK_PAUSED, CLOCK_RESUMED, SPEED_CHANGED, CLOCK_JUMPED,
    INJECT_DELIVERED, DECISION_OPENED, DECISION_RECORDED, DECISION_TIMED_OUT, NOTE_ADDED,
    INJECT_FIRED, INJECT_SKIPPED, INJECT_ADDED, INJECT_READ, STORM_PUSHED, STORM_CALMED,
    SESSION_ENDED, *ACTION_EVENTS.values(),
})


@dataclass(frozen=True)
class Event:
    seq: int
    kind: str
    world: int  # in-world seconds since the scenario's start
    wall: str  # wall-clock time, UTC, ISO 8601
    data: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        """One canonical JSON line: the same event always gives the same bytes."""
        return json.dumps(
            {"seq": self.seq, "kind": self.kind, "world": self.world, "wall": self.wall,
             "data": self.data},
            ensure_ascii=False, sort_keys=True, separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, line: str) -> Event:
        raw = json.loads(line)
        return cls(int(raw["seq"]), str(raw["kind"]), int(raw["world"]), str(raw["wall"]),
                   dict(raw["data"]))

    def without_wall(self) -> tuple:
        """For comparing two runs: everything but the wall time."""
        return (self.seq, self.kind, self.world, json.dumps(self.data, sort_keys=True))
