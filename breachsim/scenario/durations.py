"""Durations as authors write them: ``90m``, ``1h30m``, ``2d``, ``T+01:30``, ``PT1H30M``.
Plain functions, without pydantic (the model's ``Duration`` type is made of them), so that
showing an offset or a duration loads no models."""

from __future__ import annotations

import re
from datetime import timedelta

_UNITS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}
_COMPACT = re.compile(r"^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")
_CLOCK = re.compile(r"^T\+(\d{1,4}):([0-5]\d)(?::([0-5]\d))?$")
_ISO = re.compile(
    r"^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$", re.IGNORECASE
)

EXAMPLES = "90m, 1h30m, 2d, T+01:30 or PT1H30M"


#: Longer than any exercise could be; beyond it, dates leave the calendar.
MAX_DURATION = timedelta(days=3650)


def parse_duration(text: str) -> timedelta | None:
    """Return the duration ``text`` spells, or None when it is not a duration (or absurdly long:
    more than ten years)."""
    try:
        value = _parse(text)
    except OverflowError:
        return None
    return value if value is None or value <= MAX_DURATION else None


def _parse(text: str) -> timedelta | None:
    text = text.strip()
    if not text:
        return None
    if match := _CLOCK.match(text):
        hours, minutes, seconds = (int(g or 0) for g in match.groups())
        return timedelta(hours=hours, minutes=minutes, seconds=seconds)
    if (match := _ISO.match(text)) and text.upper() not in ("P", "PT"):
        weeks, days, hours, minutes, seconds = (int(g or 0) for g in match.groups())
        return timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)
    if match := _COMPACT.match(text.lower()):
        if not any(match.groups()):
            return None
        total = sum(int(g or 0) * s for g, s in zip(match.groups(), _UNITS.values(), strict=True))
        return timedelta(seconds=total)
    return None


def format_duration(value: timedelta) -> str:
    """The compact spelling: ``1h30m``, ``2d``, ``0m``; negative values get a minus sign."""
    seconds = int(value.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count}{unit}")
    return sign + ("".join(parts) or "0m")


def format_offset(value: timedelta | int) -> str:
    """The in-world offset from the start (a duration, or in-world seconds as the engine counts
    them): ``T+01:30``, or ``T+01:30:05`` off the minute."""
    seconds = int(value.total_seconds()) if isinstance(value, timedelta) else int(value)
    minutes, rest = divmod(seconds, 60)
    text = f"T+{minutes // 60:02d}:{minutes % 60:02d}"
    return f"{text}:{rest:02d}" if rest else text

