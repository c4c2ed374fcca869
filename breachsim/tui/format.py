"""How times, severities and deadline states read on screen: words and symbols, so that
nothing is said by colour alone. Pure functions; the widgets add the colours."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..engine.refused import Refused
from ..law.messages import has_message, message
from ..store import StoreError
from ..util import printable
from .i18n import catalogue, language, t

if TYPE_CHECKING:  # the rules come with the exercise, after the app's first frame
    from ..rules.deadlines import Deadline

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
    "open": ("◷", "clock-ok"),
    "warning": ("⚠", "clock-warning"),
    "overdue": ("✖", "clock-overdue"),
    "met": ("✔", "clock-done"),
    "missed": ("✘", "clock-overdue"),
    "not_required": ("–", "clock-done"),
    "not_started": ("○", "clock-idle"),
}

#: The authority's clock turns amber in its last 12 hours.
WARNING_SECONDS = 12 * 3600


class Explained(Refused):
    """A refusal already worded in the interface language; the form shows it as it is."""


def explain(refused: Refused) -> str:
    """Why the engine refused, in the interface language when the core's message catalogue
    knows its code."""
    if refused.code and has_message(f"refused.{refused.code}"):
        return message(f"refused.{refused.code}", language(), **refused.values)
    return refused.reason


def store_message(error: StoreError) -> str:
    """What went wrong with the store, in the interface language when the catalogue knows
    its code."""
    key = f"store.{error.code}"
    return t(key, **error.values) if error.code and key in catalogue() else str(error)


def store_failure(error: StoreError) -> str:
    """An intent the store could not record."""
    return t("error.store", error=store_message(error))


def clean(text: str | None, limit: int | None = None) -> str:
    """Author or player text for one line: control characters escaped, whitespace folded."""
    flat = " ".join(printable(text or "").split())
    if limit is not None and len(flat) > limit:
        return flat[: max(limit - 1, 0)] + "…"
    return flat


_LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s|^\s{2,}")


def reflow(text: str | None) -> str:
    """Author text for a panel of any width: the hard line breaks of a YAML block are joined
    into paragraphs; blank lines, list items and indented lines keep their own line."""
    lines = printable(text or "").strip().splitlines()
    out: list[str] = []
    for line in lines:
        if out and out[-1].strip() and line.strip() and not _LIST_ITEM.match(line):
            out[-1] = out[-1].rstrip() + " " + line.strip()
        else:
            out.append(line.rstrip())
    return "\n".join(out)


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


def closing(left: int, window: int) -> bool:
    """Whether a countdown is in its amber stretch: the last 12 hours, or the last quarter of
    a shorter window (the authority's 72 hours turn amber with 12 hours left)."""
    return left <= min(WARNING_SECONDS, window // 4)


def deadline_state(deadline: Deadline, now: int) -> str:
    """The state a deadline is shown in, with amber for its closing stretch."""
    from ..rules.deadlines import Status

    if deadline.status is Status.open and closing(deadline.due - now,
                                                  deadline.due - deadline.start):
        return "warning"
    return deadline.status.value


def deadline_label(deadline: Deadline, titles: dict[str, str]) -> str:
    """What the deadline is for, in the interface language: the authority's own label, or the
    action and (shortened) the inject that asks for it."""
    if deadline.kind == "authority":
        return clean(deadline.label, 40)
    action = t("action." + deadline.action) if deadline.action != "decide" else t(
        "deadline.decide")
    if deadline.kind == "request":
        action = t("deadline.request")
    title = titles.get(deadline.inject or "", "")
    return f"{action} · {clean(title, 28)}" if title else action


def deadline_text(deadline: Deadline, now: int, titles: dict[str, str],
                  ended: bool = False) -> str:
    """``◷ AP (Art. 33) 71:59:05 left`` / ``✖ … OVERDUE +01:02:03`` / ``✔ … done at T+05:00``;
    after the end, a deadline still running reads as not done."""
    state = deadline_state(deadline, now)
    symbol = DEADLINE[state][0]
    label = deadline_label(deadline, titles)
    if ended and state in ("open", "warning"):
        return t("deadline.open_at_end", symbol=symbol, label=label,
                 time=hms(deadline.due - now))
    if state in ("open", "warning"):
        return t("deadline.left", symbol=symbol, label=label, time=hms(deadline.due - now))
    if state == "overdue":
        return t("deadline.overdue", symbol=symbol, label=label, time=hms(now - deadline.due))
    if state in ("met", "missed") and deadline.done_at is not None:
        return t(f"deadline.{state}_at", symbol=symbol, label=label,
                 time=offset(deadline.done_at))
    return t(f"deadline.{state}", symbol=symbol, label=label)
