"""Jurisdictions as data: one YAML file per jurisdiction in ``jurisdictions/``."""

from __future__ import annotations

import calendar
from datetime import datetime
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from ..util import read_yaml

_FOLDER = Path(__file__).parent / "jurisdictions"


class Localised(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    en: str
    nl: str

    def get(self, language: str) -> str:
        return getattr(self, language, self.en)


class Authority(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    name: Localised
    short: Localised
    notification: Localised


class FineTier(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    fixed: int
    percent: float

    def maximum(self, turnover: int | None) -> int:
        """Art. 83: the fixed amount or the percentage of turnover, whichever is higher."""
        if turnover is None:
            return self.fixed
        return max(self.fixed, int(turnover * self.percent / 100))


class Fines(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    art_83_4: FineTier
    art_83_5: FineTier


class Jurisdiction(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    code: str
    name: Localised
    law: Localised
    authority: Authority
    notify_hours: int
    request_months: int
    request_extension_months: int
    currency: str
    fines: Fines
    sources: list[str]

    def notify_due(self, aware: int) -> int:
        """The in-world second by which the authority must be told, the organisation having
        become aware at second ``aware`` (Art. 33(1): 72 hours later)."""
        return aware + self.notify_hours * 3600

    def past_window(self, aware: int, at: int) -> bool:
        """Whether second ``at`` lies past the window opened at ``aware``: its last second is
        still in time. Every reader of the window (the director's check for reasons of delay,
        deadlines, scoring, the report, exploration) decides lateness here."""
        return at > self.notify_due(aware)

    def request_due(self, received: datetime) -> datetime:
        """When a data-subject request received at ``received`` must be answered: the
        jurisdiction's months later, on the same calendar day or the month's last (Art. 12(3))."""
        month = received.month - 1 + self.request_months
        year, month = received.year + month // 12, month % 12 + 1
        day = min(received.day, calendar.monthrange(year, month)[1])
        return received.replace(year=year, month=month, day=day)


@cache
def jurisdiction(code: str) -> Jurisdiction:
    return Jurisdiction.model_validate(read_yaml(_FOLDER / f"{code}.yaml"))


def codes() -> list[str]:
    return sorted(p.stem for p in _FOLDER.glob("*.yaml"))
