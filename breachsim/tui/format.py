"""How times, severities and deadline states read on screen: words and symbols, so that
nothing is said by colour alone. Pure functions; the widgets add the colours."""

from __future__ import annotations

from ..engine.deadlines import Deadline, Status
from ..util import printable
from .i18n import t

#: Severity → (symbol, theme variable).
SEVERITY = {
    "critical": ("‼", "sev-critical"),
    "high": ("▲", "sev-high"),
    "medium": ("◆", "sev-medium"),
    "low": ("▽", "sev-low"),
    "info": ("·", "sev-info"),
}

#: Deadline status → (symbol, theme variable).
DEADLINE = {
    "open": ("⏳", "clock-ok"),
    "warning": ("⚠", "clock-warning"),
    "overdue": ("⛔", "clock-overdue"),
    "met": ("✔", "clock-done"),
    "missed": ("✘", "clock-overdue"),
    "not_required": ("–", "clock-done"),
    "not_started": ("○", "clock-idle"),
}

#: The authority's clock turns amber in its last 12 hours.
WARNING_SECONDS = 12 * 3600


def clean(text: str | None, limit: int | None = None) -> str:
    """Author or player text for one line: control characters dropped, whitespace folded."""
    flat = " ".join(printable(text or "").split())
    if limit is not None and len(flat) > limit:
        return flat[: max(limit - 1, 0)] + "…"
    return flat


def hms(seconds: int) -> str:
    """``71:59:05`` — hours may exceed 24, as a 72-hour clock needs."""
    seconds = max(int(seconds), 0)
    hours, rest = divmod(seconds, 3600)
    return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"


def offset(seconds: int) -> str:
    """In-world offset since the start: ``T+01:30``."""
    return "T+" + hms(seconds)[:-3]


def severity_label(severity: str) -> str:
    return f"{SEVERITY.get(severity, SEVERITY['info'])[0]} {t('severity.' + severity)}"


def deadline_state(deadline: Deadline, now: int) -> str:
    """The state a deadline is shown in, with amber for the authority's last 12 hours."""
    if deadline.status is Status.open and deadline.due - now <= WARNING_SECONDS and (
            deadline.kind == "authority" or deadline.due - deadline.start <= 2 * WARNING_SECONDS):
        return "warning"
    return deadline.status.value


def deadline_text(deadline: Deadline, now: int) -> str:
    """``⏳ AP (Art. 33) 71:59:05 left`` / ``⛔ … OVERDUE +01:02:03`` / ``✔ … done at T+05:00``."""
    state = deadline_state(deadline, now)
    symbol = DEADLINE[state][0]
    label = clean(deadline.label, 60)
    if state in ("open", "warning"):
        return t("deadline.left", symbol=symbol, label=label, time=hms(deadline.due - now))
    if state == "overdue":
        return t("deadline.overdue", symbol=symbol, label=label, time=hms(now - deadline.due))
    if state in ("met", "missed") and deadline.done_at is not None:
        return t(f"deadline.{state}_at", symbol=symbol, label=label,
                 time=offset(deadline.done_at))
    return t(f"deadline.{state}", symbol=symbol, label=label)
