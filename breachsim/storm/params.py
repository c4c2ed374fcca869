"""The storm's parameters: every figure with its default, source and confidence
(``defaults.yaml``), with a scenario's ``storm:`` settings and a caller's overrides on top."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from ..scenario.durations import parse_duration
from ..scenario.model import Scenario
from ..scenario.vocab import StormChannel
from ..util import read_yaml

CHANNELS: tuple[str, ...] = tuple(c.value for c in StormChannel)
STANCES = ("supportive", "neutral", "worried", "angry", "mocking", "rumour")
NEGATIVE = frozenset({"worried", "angry", "mocking", "rumour"})
PERSONAS = ("customer", "patient", "parent", "journalist", "researcher", "activist",
            "influencer", "troll", "rumourer", "employee", "competitor", "politician")
PHASES = ("witnesses", "breaking", "opinion", "grievances")
CONTACT_KINDS = ("affected", "access", "erasure", "complaint", "escalation")
NOTIFY_CHANNELS = ("email", "sms", "app", "phone", "letter", "website", "press")
SOURCES = ("social", "news", "press", "customer", "regulator", "default", "leak", "notification")

Stance = Literal[STANCES]  # type: ignore[valid-type]
Persona = Literal[PERSONAS]  # type: ignore[valid-type]
Phase = Literal[PHASES]  # type: ignore[valid-type]
ContactKind = Literal[CONTACT_KINDS]  # type: ignore[valid-type]
NotifyChannel = Literal[NOTIFY_CHANNELS]  # type: ignore[valid-type]
Source = Literal[SOURCES]  # type: ignore[valid-type]
Channel = Literal[CHANNELS]  # type: ignore[valid-type]

_FILE = Path(__file__).parent / "defaults.yaml"


def _seconds(value: Any) -> Any:
    """A duration as seconds: ``6h`` as written in the defaults, a timedelta, or a number."""
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, str):
        parsed = parse_duration(value)
        if parsed is None:
            raise ValueError(f"not a duration: {value!r}")
        return parsed.total_seconds()
    return value


Seconds = Annotated[float, BeforeValidator(_seconds), Field(gt=0)]
Positive = Annotated[float, Field(gt=0)]
Share = Annotated[float, Field(ge=0)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Effect(_Model):
    """One row of the effects table: what a team action (or failure) multiplies, from its
    moment on, fading back to 1 with ``half_life`` (default: ``effect_half_life``)."""

    exo: Positive = 1.0  # the exogenous rate (on ``channels``, default all)
    branching: Positive = 1.0  # the branching ratio n*
    negative: Positive = 1.0  # the share of negative posts
    inquiries: Positive = 1.0  # journalists' inquiries
    complaints: Positive = 1.0  # complaint and escalation contacts
    tilt: dict[Stance, Positive] = Field(default_factory=dict)  # stances within their group
    channels: list[Channel] | None = None
    half_life: Seconds | None = None


class StormParams(_Model):
    volume: Positive
    audience: Annotated[int, Field(ge=0)] | None
    audience_unknown: Annotated[int, Field(ge=0)]
    baseline_per_million: dict[Channel, Share]
    baseline: dict[Channel, Share] | None
    channels: list[Channel]
    circadian: Annotated[list[Share], Field(min_length=24, max_length=24)]
    branching: Annotated[float, Field(ge=0, le=0.99)]
    branching_cap: Annotated[float, Field(gt=0, lt=1)]
    onset: Seconds
    theta: Annotated[float, Field(gt=0, lt=2)]
    cutoff: Seconds
    linger: Annotated[float, Field(ge=0, lt=1)]
    half_life: Seconds
    follow_up_half_life: Seconds
    coupling: dict[Channel, dict[Channel, Share]]
    mark_sigma: Annotated[float, Field(ge=0, le=4)]
    reach: dict[Persona, Positive]
    followers: dict[Persona, Positive]
    burst_half_life: Seconds
    shares: dict[Source, dict[Channel, Share]]
    rebreak: Share
    phases: Annotated[list[Seconds], Field(min_length=3, max_length=3)]
    stances: dict[Stance, Share]
    tone_weight: Annotated[float, Field(ge=0, lt=1)]
    drift_per_day: Share
    negative_range: Annotated[list[Annotated[float, Field(ge=0, le=1)]],
                              Field(min_length=2, max_length=2)]
    persona_mix: dict[Phase, dict[Persona, Share]]
    affected_share: Annotated[float, Field(ge=0, le=1)]
    affinity: dict[Persona, dict[Stance, Share]]
    effect_half_life: Seconds
    effects: dict[str, Effect]
    silence_after: Seconds
    silence_step: Share
    silence_cap: Annotated[float, Field(ge=1)]
    press_first_loss: Annotated[float, Field(ge=0, le=1)]
    vague: Annotated[float, Field(ge=0, le=1)]
    answer_strength: Annotated[float, Field(ge=0, le=1)]
    leak_delay: Annotated[float, BeforeValidator(_seconds), Field(ge=0)]
    leak_burst: Share
    inquiries_per_article: Share
    comment_window: Seconds
    contact_mix: dict[ContactKind, Share]
    contact_share: Annotated[float, Field(ge=0, le=1)]
    wave_peak: dict[NotifyChannel, Seconds]
    wave_kinds: Positive
    notified_posts: Annotated[float, Field(ge=0, le=1)]
    handle_briefed: Seconds
    handle_unbriefed: Seconds
    quote_share: Annotated[float, Field(ge=0, le=1)]
    quote_window: Seconds
    correction_share: Annotated[float, Field(ge=0, le=1)]
    pools: dict[Persona, Annotated[int, Field(ge=1, le=100_000)]]
    activity: Share

    @model_validator(mode="after")
    def _complete(self) -> StormParams:
        missing = [f"{name}: {key}" for name, table, keys in (
            ("stances", self.stances, STANCES), ("reach", self.reach, PERSONAS),
            ("followers", self.followers, PERSONAS), ("pools", self.pools, PERSONAS),
            ("persona_mix", self.persona_mix, PHASES),
            ("contact_mix", self.contact_mix, CONTACT_KINDS),
            ("wave_peak", self.wave_peak, NOTIFY_CHANNELS), ("shares", self.shares, SOURCES))
            for key in keys if key not in table]
        if missing:
            raise ValueError("missing " + ", ".join(missing))
        if not sum(self.stances.values()) > 0:
            raise ValueError("the stance mix needs some weight")
        return self

    def seconds(self, name: str) -> float:
        """An effect's half-life, or the default one."""
        effect = self.effects[name]
        return effect.half_life or self.effect_half_life


@cache
def _documented() -> dict[str, Any]:
    return read_yaml(_FILE)


def sources() -> dict[str, dict[str, Any]]:
    """Every parameter (effects as ``effects.NAME``) → its default, source and confidence."""
    found = {}
    for name, entry in _documented().items():
        if name == "effects":
            found |= {f"effects.{row}": spec for row, spec in entry.items()}
        else:
            found[name] = entry
    return found


@cache
def defaults() -> StormParams:
    raw = _documented()
    values = {name: entry["value"] for name, entry in raw.items() if name != "effects"}
    values["effects"] = {row: spec["value"] for row, spec in raw["effects"].items()}
    return StormParams.model_validate(values)


def resolve(scenario: Scenario, overrides: StormParams | Mapping[str, Any] | None = None,
            volume: float = 1.0) -> StormParams:
    """The defaults, then the scenario's ``storm:`` settings, then ``overrides``; ``volume``
    multiplies the volume they arrive at."""
    if isinstance(overrides, StormParams):
        values = overrides.model_dump()
    else:
        values = defaults().model_dump()
        settings = scenario.storm
        if settings is not None:
            values |= settings.model_dump(exclude_none=True, mode="json")
        values |= dict(overrides or {})
    values["volume"] *= volume  # checked with the rest: a volume of 0, -1 or nan is refused
    return StormParams.model_validate(values)
