"""A refused intent: the one exception the director raises for what it will not record. A
module of its own, so that an interface can catch it without building the action forms."""

from __future__ import annotations


class Refused(Exception):
    """An intent the director will not record, with the reason and the fields to fix.

    ``code`` names the situation (``ended``, ``decision_closed``, ``not_delivered``,
    ``already_notified``, ``no_initial``, ``delay_reasons``, ``not_pending``, ``nothing_due``,
    ``jump_backwards``, ``no_title``, ``empty_note``, ``speed_range``, ``storm_push``,
    ``already_decided``, ``timed_out``, ``bad_role``, ``no_objective``, ``not_facilitator``;
    the application's ``deadline_next`` and ``observer``) so that an interface can say it in
    its own language, with ``values`` for the message's placeholders; ``reason`` says it in
    English."""

    def __init__(self, reason: str, missing: list[str] | None = None, code: str | None = None,
                 values: dict[str, str] | None = None):
        super().__init__(reason)
        self.reason = reason
        self.missing = missing or []
        self.code = code
        self.values = values or {}
