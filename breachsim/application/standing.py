"""Whether a console keeps a session's clock: the facilitator's heartbeat in the session's
header, and where a stored session stands for ``breachsim sessions``. Light on purpose: listing
sessions loads neither the scenario models nor the rules."""

from __future__ import annotations

import time
from collections.abc import Callable

from ..engine.state import fold
from ..store import RUNNING, SessionHeader, SessionStore
from ..util import seconds_since

#: How often quiet time (no events) is written to the store, in wall seconds. It is also the
#: facilitator's heartbeat, by which players see that the clock is still kept.
CHECKPOINT_EVERY = 1.0
#: Wall seconds without a heartbeat after which players see the facilitator's console gone
#: and the session paused.
GONE_AFTER = 4.0

#: Where a session stands (``standing``).
RUNNING_NOW, PAUSED, GONE, ENDED_NOW = "running", "paused", "gone", "ended"


#: Wall seconds by which two machines' clocks may differ. The heartbeat is written with the
#: facilitator's clock, so only one older than this by ours is surely not a live one.
CLOCK_SKEW = 600.0


def kept_elsewhere(store: SessionStore, session_id: str,
                   sleep: Callable[[float], None] = time.sleep) -> bool:
    """Whether another console keeps the session's clock now. Asked before a facilitator's
    console takes it (two clocks would fight), and answering no takes it. When the console
    that kept it closed, it let go, and the clock is taken at once (``take_clock``, atomic).
    Otherwise that console is open or was killed: this watches its heartbeat for a beat and
    a half rather than trusting its age, which is read with another machine's clock (only
    one older than ``CLOCK_SKEW`` is not waited for), and takes the clock from a heartbeat
    that stopped in one statement, so that of two consoles resuming at once one gets it."""
    header = store.header(session_id)
    if header.status != RUNNING or store.take_clock(session_id):
        return False
    if seconds_since(header.updated) < CLOCK_SKEW:
        sleep(1.5 * CHECKPOINT_EVERY)
        if store.header(session_id).updated != header.updated:
            return True
    return not store.take_clock(session_id, stale=header.updated)


def standing(store: SessionStore, header: SessionHeader) -> tuple[str, bool]:
    """Where a stored session stands, and whether a facilitator's console has it open now
    (it has not let go of the clock and its heartbeat is fresh): ``running`` (its clock runs
    in that console), ``paused`` (open or not), ``gone`` (the log says the clock runs, but no
    console has kept it for ``GONE_AFTER``: killed, crashed or cut off) or ``ended``. The
    heartbeat's age is read with this machine's clock: a list for people, it does not wait to
    watch it move."""
    if header.status != RUNNING:
        return ENDED_NOW, False
    fresh = seconds_since(header.updated) < GONE_AFTER and store.clock_kept(header.id)
    if not fold(store.events(header.id)).running:
        return PAUSED, fresh
    return (RUNNING_NOW, True) if fresh else (GONE, False)
