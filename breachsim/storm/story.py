"""The story as the public sees it, read from the session's events in order.

Deliveries with a ``storm`` push set off bursts; the team's statements, notifications and
answers, its silence, its missed deadlines and facts that contradict a denial change how
strongly the storm is fed, how readily it spreads and how negative it is (the effects table in
``defaults.yaml``). Nothing is looked up in the rules: the caller says which deadlines were
missed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from ..engine import events as ev
from ..engine.events import Event
from ..scenario.model import Scenario
from ..util import printable
from .params import CHANNELS, CONTACT_KINDS, PHASES, STANCES, Effect, StormParams

_SENSITIVE = frozenset({"health", "biometric_genetic", "financial", "payment_card",
                        "credentials", "government_id", "children", "criminal", "other_special",
                        "location", "communications"})
_STANCE_EFFECT = {"apologise": "apology", "compensate": "public_compensation",
                  "justify": "justify", "deny": "denial", "diminish": "denial"}
_STANCE_ANGLE = {"apologise": "apology", "compensate": "compensation", "justify": "justify",
                 "deny": "denial", "diminish": "denial"}
_PRESS_CHANNELS = frozenset({"news", "social"})
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")
_SCALARS = ("branching", "negative", "inquiries", "complaints")


@dataclass
class Burst:
    """Expected items from one trigger: ``total`` of them, spread over time by an exponential
    decay (time constant ``scale``) or, for a ``wave``, a gamma shape peaking at ``scale``."""

    start: float
    total: float
    scale: float
    shares: tuple[float, ...]  # per channel, in CHANNELS order
    sentiment: float = 0.0
    topic: str | None = None
    wave: bool = False  # a contact wave after a notification: team effects leave it alone
    channels: tuple[tuple[int, float], ...] = ()  # the shares that are not 0

    def __post_init__(self) -> None:
        self.channels = tuple((i, share) for i, share in enumerate(self.shares) if share)

    def mass(self, a: float, width: float) -> float | None:
        """The items expected in [a, a + width); None once less than a thousandth of an item
        is still to come."""
        x = (a - self.start) / self.scale
        y = x + width / self.scale
        left = math.exp(-x)
        if self.wave:
            if self.total * (1 + x) * left < 1e-3:
                return None
            return self.total * ((1 + x) * left - (1 + y) * math.exp(-y))
        if self.total * left < 1e-3:
            return None
        return self.total * (left - math.exp(-y))


class Active:
    """An effect in force since ``start``: its multipliers (raised to ``strength``) fade back
    to 1 with ``half_life``. Only the multipliers that are not 1 are kept, as (index, m - 1)."""

    __slots__ = ("exo", "half_life", "start", "tilt", "values")

    def __init__(self, start: int, effect: Effect, strength: float, half_life: float):
        self.start = start
        self.half_life = half_life
        lift = effect.exo ** strength - 1
        self.values = _changes(getattr(effect, name) ** strength for name in _SCALARS)
        self.exo = tuple((i, lift) for i, c in enumerate(CHANNELS)
                         if lift and (effect.channels is None or c in effect.channels))
        self.tilt = _changes(effect.tilt.get(stance, 1.0) ** strength for stance in STANCES)


def _changes(values) -> tuple[tuple[int, float], ...]:
    return tuple((i, v - 1) for i, v in enumerate(values) if v != 1)


@dataclass
class Mood:
    """The multipliers in force at one moment."""

    exo: list[float]  # per channel
    branching: float
    negative: float
    tilt: list[float]  # per stance
    inquiries: float
    complaints: float


@dataclass
class Story:
    scenario: Scenario
    params: StormParams
    bursts: list[Burst] = field(default_factory=list)
    effects: list[Active] = field(default_factory=list)
    media_start: int | None = None  # the first public attention (T0)
    story_start: int | None = None  # the phase clock: T0, or the last push that broke it again
    largest_push: float = 0.0
    press_first: bool = False
    spoke_at: int | None = None  # the team's first public word (ends silence)
    statement: tuple[int, str] | None = None  # (when, its angle)
    quote: str | None = None
    quoted_at: int | None = None
    no_comment_at: int | None = None
    denied_at: int | None = None
    denied_known_bad: bool = False
    contradicted_at: int | None = None
    late_at: int | None = None
    not_told_at: int | None = None
    notified_at: int | None = None
    notified_count: int | None = None
    briefed_at: int | None = None
    answers: dict[str, int] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)
    missed_done: set[tuple[int, str]] = field(default_factory=set)
    unanswered_at: int | None = None
    version: int = 0  # counts the changes: what the posts can say is re-filled only then

    # -- events ------------------------------------------------------------------------------

    def apply(self, event: Event, at: int) -> None:
        """Fold one event; its effects count from ``at``, the start of the first slice after
        it (answers and the briefing keep their own moment)."""
        self.version += 1
        data = event.data
        kind = event.kind
        if kind == ev.INJECT_DELIVERED:
            self._delivered(data, at)
        elif kind == ev.ACTION_EVENTS["public_statement"]:
            self._spoke(at, data.get("text", ""), full=data.get("kind") == "full",
                        stance=data.get("stance"), strength=1.0)
        elif kind == ev.ACTION_EVENTS["public_communication"]:
            self._spoke(at, data.get("message", ""), full=True, stance=None, strength=1.0,
                        angle="notification")
        elif kind == ev.ACTION_EVENTS["answer_journalist"]:
            self._answered(data, event.world)
            if data.get("stance") == "no_comment":
                self.no_comment_at = at
            else:
                self._spoke(at, data.get("text", ""), full=True, stance=data.get("stance"),
                            strength=self.params.answer_strength, statement=False)
        elif kind == ev.ACTION_EVENTS["notify_subjects"]:
            self._notified(data, at)
        elif kind == ev.ACTION_EVENTS["brief_contact_centre"]:
            if self.briefed_at is None:
                self.briefed_at = event.world
        elif kind == ev.ACTION_EVENTS["answer_request"]:
            self._answered(data, event.world)
        elif kind == ev.STORM_PUSHED:
            self._attention(at)
            self._burst(at, data["burst"], self.params.burst_half_life, "social",
                        data.get("sentiment", 0.0), data.get("topic"))
        elif kind == ev.STORM_CALMED:
            self._effect("facilitator_calm", at)

    def _answered(self, data: dict[str, Any], at: int) -> None:
        regarding = data.get("regarding")
        if regarding is not None and regarding not in self.answers:
            self.answers[regarding] = at

    def _delivered(self, data: dict[str, Any], at: int) -> None:
        inject = self.scenario.by_id.get(data["inject"])
        push = inject.storm if inject is not None else None
        reveals = data.get("reveals") or {}
        worse = _worse(reveals, self.facts)
        self.facts.update(reveals)
        pushing = push is not None and push.burst > 0
        if pushing or data.get("channel") in _PRESS_CHANNELS:
            self._attention(at)
        if self.denied_at is not None and self.contradicted_at is None and (
                worse or (self.denied_known_bad and pushing)):
            self.contradicted_at = at
            self._effect("contradicted", at)
        if not pushing:
            return
        half_life = (push.half_life.total_seconds() if push.half_life is not None
                     else self.params.burst_half_life)
        self._burst(at, push.burst, half_life, _source(self.scenario, data), push.sentiment,
                    push.topic)

    def _burst(self, at: int, burst: float, half_life: float, source: str, sentiment: float,
               topic: str | None) -> None:
        """A push of ``burst`` items from ``source`` (a row of ``shares``); a push as large as
        the story's largest breaks it again."""
        params = self.params
        size = burst * params.volume
        self.bursts.append(Burst(at, size, half_life / math.log(2), self._shares(source),
                                 sentiment, topic))
        if self.story_start is None:
            self.story_start = at
        elif size >= params.rebreak * self.largest_push:  # breaking news again
            self.story_start = max(self.story_start, at - int(params.phases[0]))
        self.largest_push = max(self.largest_push, size)

    def _attention(self, at: int) -> None:
        if self.media_start is not None:
            return
        self.media_start = at
        if self.story_start is None:
            self.story_start = at
        if self.spoke_at is None:
            self.press_first = True
            self._effect("press_first", at)

    def _spoke(self, at: int, text: str, *, full: bool, stance: str | None, strength: float,
               statement: bool = True, angle: str | None = None) -> None:
        params = self.params
        quote = _quote(text)
        if quote is not None:
            self.quote, self.quoted_at = quote, at
        if self.press_first:
            strength *= 1 - params.press_first_loss
        disclosing = self.media_start is None and statement
        if disclosing:
            self.media_start = self.story_start = at
            self._effect("self_disclosure", at, strength * (1 if full else params.vague))
        if self.spoke_at is None:
            self.spoke_at = at
        if statement and not full:
            self._effect("holding", at, strength)
        row = _STANCE_EFFECT.get(stance or "")
        if row is not None:
            self._effect(row, at, strength * (1 if full else params.vague))
        if statement:
            self.statement = (at, angle or _STANCE_ANGLE.get(stance or "")
                              or ("confirmed" if full else "holding"))
        if stance in ("deny", "diminish"):
            self.denied_at = at
            self.denied_known_bad = _bad(self.facts)
            self.contradicted_at = None

    def _notified(self, data: dict[str, Any], at: int) -> None:
        params = self.params
        count = data.get("count")
        people = count if count is not None else self.audience()
        if count is not None:
            self.notified_count = count
        if self.notified_at is None:
            self.notified_at = at
        if self.media_start is None:
            self.media_start = self.story_start = at
            self._effect("self_disclosure", at)
        self._effect("notification", at)
        peak = params.wave_peak.get(data.get("channel", "email"), params.wave_peak["email"])
        contact = CHANNELS.index("contact")
        self.bursts.append(Burst(at, people * params.contact_share * params.volume, peak,
                                 tuple(1.0 if i == contact else 0.0 for i in range(len(CHANNELS))),
                                 wave=True))
        self.bursts.append(Burst(at, people * params.notified_posts * params.volume,
                                 params.burst_half_life / math.log(2),
                                 self._shares("notification"), -0.2, "phishing"))

    def apply_missed(self, second: int, what: str, at: int) -> None:
        """A deadline missed at ``second`` that has now become public."""
        if (second, what) in self.missed_done:
            return
        self.missed_done.add((second, what))
        self.version += 1
        params = self.params
        if what == "authority":
            self.late_at = at
            self._effect("missed_authority", at)
        else:
            self.not_told_at = at
            self._effect("missed_subjects", at)
        self._attention(at)
        self.bursts.append(Burst(at, params.leak_burst * params.volume,
                                 params.burst_half_life / math.log(2), self._shares("leak"),
                                 -0.6, "late-report" if what == "authority" else "not-told"))

    def unanswered(self, at: int) -> None:
        """A journalist's deadline for comment passed without an answer: the press writes so.
        The effect does not pile up: it is renewed only once the last one has half faded."""
        renew = (self.unanswered_at is None
                 or at - self.unanswered_at >= self.params.seconds("unanswered_press"))
        if renew:
            self.unanswered_at = at
            self.version += 1
            self._effect("unanswered_press", at)

    def _effect(self, name: str, at: int, strength: float = 1.0) -> None:
        if strength > 0:
            self.effects.append(Active(at, self.params.effects[name], strength,
                                       self.params.seconds(name)))

    def _shares(self, source: str) -> tuple[float, ...]:
        table = self.params.shares[source]
        total = sum(table.values()) or 1.0
        return tuple(table.get(c, 0.0) / total for c in CHANNELS)

    def audience(self) -> int:
        params = self.params
        if params.audience is not None:
            return params.audience
        subjects = self.scenario.breach.data_subjects
        return subjects if subjects is not None else params.audience_unknown

    # -- what holds at a moment --------------------------------------------------------------

    def silent(self, t: int) -> bool:
        return (self.media_start is not None and self.spoke_at is None
                and t - self.media_start > self.params.silence_after)

    def mood(self, t: int) -> Mood:
        params = self.params
        exo = [1.0] * len(CHANNELS)
        tilt = [1.0] * len(STANCES)
        scalars = [1.0] * len(_SCALARS)
        live = []
        for active in self.effects:
            age = (t - active.start) / active.half_life
            if age > 12:
                continue
            live.append(active)
            fade = 0.5**age
            for index, change in active.values:
                scalars[index] *= 1 + change * fade
            for index, change in active.exo:
                exo[index] *= 1 + change * fade
            for index, change in active.tilt:
                tilt[index] *= 1 + change * fade
        self.effects = live
        branching, negative, inquiries, complaints = scalars
        if self.silent(t):
            silence = params.effects["silence"]
            steps = (t - self.media_start) // params.silence_after
            lift = min(params.silence_cap, 1 + params.silence_step * steps)
            exo = [x * lift for x in exo]
            branching *= silence.branching
            negative *= silence.negative
            inquiries *= silence.inquiries
            complaints *= silence.complaints
            for stance, value in silence.tilt.items():
                tilt[STANCES.index(stance)] *= value
        return Mood(exo, branching, negative, tilt, inquiries, complaints)

    def phase(self, t: int) -> str:
        if self.story_start is None:
            return PHASES[0]
        age = t - self.story_start
        for name, end in zip(PHASES, self.params.phases, strict=False):
            if age < end:
                return name
        return PHASES[-1]

    def count(self, t: int) -> int | None:
        """The number of people affected, once it is public."""
        if self.notified_count is not None:
            return self.notified_count
        if self.phase(t) == PHASES[0] and self.notified_at is None:
            return None
        known = self.facts.get("data_subjects")
        return known if known is not None else self.scenario.breach.data_subjects

    def categories(self, t: int) -> list[str]:
        """The kinds of data the public knows were involved."""
        revealed = self.facts.get("data_categories")
        if revealed:
            return list(revealed)
        if self.phase(t) == PHASES[0] and self.notified_at is None:
            return []
        return [c.value for c in self.scenario.breach.data_categories or []]

    def angles(self, t: int) -> dict[str, float]:
        """What the news writes about now, with weights."""
        hour = 3600
        phase = self.phase(t)
        found: dict[str, float] = {}

        def recent(moment: int | None, within: float) -> float:
            return 0.0 if moment is None or t - moment > within else 1.0

        confirmed = (self.spoke_at is not None or self.notified_at is not None
                     or self.facts.get("exfiltration") == "confirmed" or phase != PHASES[0])
        found["first" if not confirmed else "confirmed"] = 3.0 if not confirmed else 1.0
        if self.count(t) is not None:
            found["scale"] = 1.0
        if self.statement is not None and recent(self.statement[0], 24 * hour):
            found[self.statement[1]] = 3.0
        if self.silent(t):
            found["silence"] = 2.0
        if recent(self.no_comment_at, 24 * hour):
            found["no_comment"] = 2.0
        if recent(self.unanswered_at, 12 * hour):
            found["unanswered"] = 1.5
        if self.late_at is not None:
            found["late_report"] = 3.0 if recent(self.late_at, 24 * hour) else 1.0
        if self.not_told_at is not None:
            found["not_told"] = 2.0 if recent(self.not_told_at, 24 * hour) else 0.7
        if self.contradicted_at is not None:
            found["contradiction"] = 4.0 if recent(self.contradicted_at, 24 * hour) else 1.5
        if recent(self.notified_at, 48 * hour):
            found["notification"] = 2.0
            found["phishing"] = 1.0
        if phase != PHASES[0]:
            found["explainer"] = 0.7
        if phase in PHASES[2:]:
            found["consumer"] = 1.0
            found["politics"] = 0.4
            troubled = self.silent(t) or self.late_at is not None or self.denied_at is not None
            found["criticism"] = (2.0 if phase == PHASES[-1] else 0.5) + (1.0 if troubled else 0)
        return found

    def contact_mix(self, wave_share: float, complaints: float) -> list[float]:
        """The chance of each kind of contact, in CONTACT_KINDS order."""
        params = self.params
        mix = []
        for kind in CONTACT_KINDS:
            weight = params.contact_mix[kind]
            if kind in ("access", "erasure", "complaint"):
                weight *= 1 + (params.wave_kinds - 1) * wave_share
            if kind in ("complaint", "escalation"):
                weight *= complaints
            mix.append(weight)
        return mix


def _source(scenario: Scenario, data: dict[str, Any]) -> str:
    """Which row of ``shares`` a delivery's push uses."""
    sender = data.get("sender")
    persona = scenario.personas.get(sender) if sender else None
    role = persona.role.value if persona is not None else sender
    if role == "journalist":
        return "press"
    channel = data.get("channel")
    if channel in ("social", "news", "regulator"):
        return channel
    if channel in ("customer", "phone", "email", "chat") and role in ("customer", "public"):
        return "customer"
    return "customer" if channel == "customer" else "default"


def _bad(facts: dict[str, Any]) -> bool:
    """Facts that a denial would contradict."""
    return (facts.get("exfiltration") == "confirmed" or bool(facts.get("special_categories"))
            or bool(_SENSITIVE & set(facts.get("data_categories") or ())))


def _worse(reveals: dict[str, Any], known: dict[str, Any]) -> bool:
    """Whether newly revealed facts make the breach worse than what was known."""
    if reveals.get("exfiltration") == "confirmed" and known.get("exfiltration") != "confirmed":
        return True
    if reveals.get("special_categories") and not known.get("special_categories"):
        return True
    if reveals.get("key_compromised") and not known.get("key_compromised"):
        return True
    if _SENSITIVE & (set(reveals.get("data_categories") or ())
                     - set(known.get("data_categories") or ())):
        return True
    return any(reveals.get(name) is not None and known.get(name) is not None
               and reveals[name] > known[name] for name in ("data_subjects", "records"))


def _quote(text: str) -> str | None:
    """The first sentence of what the team said, short enough to quote in a post."""
    words = " ".join(printable(text).split())
    if not words:
        return None
    first = _SENTENCE_END.split(words, maxsplit=1)[0]
    if len(first) > 100:
        first = first[:97].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return first
