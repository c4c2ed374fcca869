"""The scenario format as pydantic models.

``ScenarioFile`` and ``LibraryFile`` are the files as written (the JSON Schema is generated
from them); ``Scenario`` is the resolved scenario the engine runs, with every library inject
expanded. Cross-references (ids, conditions, templates) are checked by ``lint``, not here.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    PrivateAttr,
    StringConstraints,
    Tag,
    WithJsonSchema,
    model_validator,
)

from .durations import EXAMPLES, format_duration, parse_duration
from .vocab import (
    LOCALES,
    Action,
    Channel,
    ControllerRole,
    Criterion,
    DataCategory,
    Exfiltration,
    Jurisdiction,
    Language,
    Nature,
    RiskSource,
    Role,
    Severity,
    StormChannel,
    VarType,
)


def _duration(value: object) -> object:
    """A duration as authors write it (``scenario.durations``), for the ``Duration`` type."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, bool) or not isinstance(value, str):
        raise ValueError(f"a duration is written with a unit, e.g. {EXAMPLES}")
    parsed = parse_duration(value)
    if parsed is None:
        raise ValueError(f"{value!r} is not a duration (of at most ten years); write e.g. "
                         f"{EXAMPLES}")
    return parsed


Duration = Annotated[
    timedelta,
    BeforeValidator(_duration),
    PlainSerializer(format_duration, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^(T\+\d{1,4}:[0-5]\d(:[0-5]\d)?|P.+|(\d+[wdhms])+)$",
            "description": f"A duration, e.g. {EXAMPLES}",
        }
    ),
]

FORMAT_VERSION = 1


def no_items() -> list:
    """The default of a list field (here and in other models). A function of ours rather than
    ``list``: pydantic reads a default factory's signature, and reading a builtin's the first
    time in a process costs 5–10 ms (the tokenizer is loaded to parse it)."""
    return []


Ident = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64),
    Field(description="An identifier: lower-case letters, digits and _, starting with a letter."),
]
Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64),
    Field(description="A slug: lower-case letters, digits, - and _."),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(max_length=20_000)]
Locale = Literal[LOCALES]  # type: ignore[valid-type]
Scalar = bool | int | float | str
#: A number of people or records: more than any breach has, bounded so that nothing downstream
#: meets a 400-digit number; ``true`` is not a count.
Count = Annotated[int, Field(strict=True, ge=0, le=10**12)]
#: Hours a system may be down: finite, up to ten years.
Hours = Annotated[float, Field(strict=True, ge=0, le=87_600, allow_inf_nan=False)]


class Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, use_enum_values=False
    )


class Organisation(Strict):
    """The organisation that suffers the breach. Anything left out is generated."""

    name: Text | None = None
    sector: Text | None = None
    employees: Annotated[int, Field(strict=True, ge=1, le=10**8)] | None = None
    turnover_eur: Annotated[int, Field(strict=True, ge=0, le=10**14,
                                       description="Annual worldwide turnover in euro.")] | (
        None
    ) = None
    dpo: bool | None = Field(None, description="Whether it has a data protection officer.")


class BreachFacts(Strict):
    """Facts about a breach; a field left out is not known (yet)."""

    nature: Annotated[list[Nature], Field(min_length=1)] | None = None
    data_categories: Annotated[list[DataCategory], Field(min_length=1)] | None = None
    special_categories: bool | None = None
    data_subjects: Count | None = None
    records: Count | None = None
    vulnerable_subjects: bool | None = None
    encrypted: bool | None = None
    key_compromised: bool | None = None
    backup_available: bool | None = None
    restore_hours: Hours | None = None
    exfiltration: Exfiltration | None = None
    risk_source: RiskSource | None = None
    recipients_trusted: bool | None = None
    data_recovered: bool | None = None
    identifiable: bool | None = None
    controller_role: ControllerRole | None = None

    def known(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


class Clock(Strict):
    start: Annotated[AwareDatetime, AfterValidator(_within_calendar)] = Field(
        description="In-world start, with its UTC offset (between 1900 and 2999).")
    speed: Annotated[float, Field(gt=0, le=10_000)] = Field(
        60, description="In-world seconds per wall-clock second."
    )
    duration: Duration = Field(description="Planned in-world duration of the exercise.")


def _within_calendar(value: datetime) -> datetime:
    if not 1900 <= value.year <= 2999:
        raise ValueError("the start must lie between the years 1900 and 2999")
    return value


def _variable_shorthand(value: Any) -> Any:
    """``name: false`` is short for ``name: {type: bool, default: false}``."""
    if isinstance(value, bool):
        return {"type": "bool", "default": value}
    if isinstance(value, int):
        return {"type": "int", "default": value}
    if isinstance(value, str):
        return {"type": "str", "default": value}
    return value


class Variable(Strict):
    type: VarType
    default: Scalar | None = None
    values: Annotated[list[Ident], Field(min_length=2)] | None = Field(
        None, description="The allowed values of an enum variable."
    )
    description: LongText | None = None

    @model_validator(mode="after")
    def _check_default(self) -> Variable:
        if self.type is VarType.enum:
            if not self.values:
                raise ValueError("an enum variable lists its `values`")
            if self.default is not None and self.default not in self.values:
                raise ValueError(f"default {self.default!r} is not one of {self.values}")
        elif self.values is not None:
            raise ValueError("only an enum variable takes `values`")
        if self.default is not None and not _scalar_fits(self.type, self.default, self.values):
            raise ValueError(f"default {self.default!r} is not a {self.type.value}")
        return self

    def initial(self) -> Scalar:
        if self.default is not None:
            return self.default
        return {
            VarType.bool: False,
            VarType.int: 0,
            VarType.str: "",
            VarType.duration: "0m",
            VarType.enum: (self.values or [""])[0],
        }[self.type]


def _scalar_fits(vartype: VarType, value: Any, values: list[str] | None = None) -> bool:
    match vartype:
        case VarType.bool:
            return isinstance(value, bool)
        case VarType.int:
            return isinstance(value, int) and not isinstance(value, bool)
        case VarType.str:
            return isinstance(value, str)
        case VarType.enum:
            return isinstance(value, str) and value in (values or [])
        case VarType.duration:
            return isinstance(value, str) and parse_duration(value) is not None
    return False


def _storm_half_life(value: timedelta) -> timedelta:
    if not timedelta(hours=1) <= value <= timedelta(days=30):
        raise ValueError("the storm's half-life lies between 1h and 30d")
    return value


class StormSettings(Strict):
    """The scenario's tuning of the media storm; anything left out keeps the storm's default
    (docs/storm.md lists them with their sources)."""

    volume: Annotated[float, Field(gt=0, le=1000)] | None = Field(
        None, description="Multiplies every rate of the storm (a big organisation: 5).")
    audience: Annotated[int, Field(ge=0)] | None = Field(
        None, description="How many people the story concerns; scales the quiet-time chatter "
                          "and the contact centre. Default: the breach's data_subjects.")
    branching: Annotated[float, Field(ge=0, le=0.9)] | None = Field(
        None, description="How many reactions one post sets off on average (0 to 0.9).")
    half_life: Annotated[Duration, AfterValidator(_storm_half_life)] | None = Field(
        None, description="How fast the storm dies down when nothing feeds it (1h to 30d).")
    baseline: dict[StormChannel, Annotated[float, Field(ge=0, le=100_000)]] | None = Field(
        None, description="Items per hour on a channel when nothing happens.")
    channels: Annotated[list[StormChannel], Field(min_length=1)] | None = Field(
        None, description="The channels the storm uses (default: all of them).")


class Persona(Strict):
    role: Role
    name: Text | None = Field(None, description="Left out: a name is generated.")
    organisation: Text | None = None
    outlet: Text | None = Field(None, description="For a journalist: the medium.")


class TeamRole(Strict):
    title: Text
    description: LongText | None = None


class After(Strict):
    inject: Ident
    delay: Duration = timedelta(0)


def _trigger_shorthand(value: Any) -> Any:
    return {"inject": value} if isinstance(value, str) else value


#: A decision option's trigger: an inject, after an optional delay (``inject_id`` alone is
#: short for ``{inject: inject_id}``).
Trigger = Annotated[After, BeforeValidator(_trigger_shorthand)]


class Expectation(Strict):
    """An action the team is expected to take within a deadline after the inject."""

    action: Action
    within: Duration
    id: Ident | None = Field(None, description="Lets an objective name this expectation.")
    note: LongText | None = None


class StormPush(Strict):
    burst: Annotated[int, Field(ge=0, le=1000)] = Field(
        0, description="How many posts and articles the inject sets off."
    )
    topic: Slug | None = None
    sentiment: Annotated[float, Field(ge=-1, le=1)] = Field(
        0, description="-1 hostile … +1 supportive."
    )
    half_life: Duration | None = Field(None, description="How fast the burst dies down.")


class Option(Strict):
    id: Ident
    label: Text
    set: dict[Ident, Scalar] = Field(default_factory=dict)
    triggers: list[Trigger] = Field(default_factory=no_items)
    ends: bool = False


class Decision(Strict):
    prompt: LongText
    options: Annotated[list[Option], Field(min_length=2)]
    timeout: Duration | None = Field(None, description="After this, `default` is taken.")
    default: Ident | None = None


class InjectFields(Strict):
    """What every inject may say, whether written out, in a library, or overriding one."""

    title: Text | None = None
    channel: Channel | None = None
    from_: Ident | None = Field(None, alias="from")
    to: Ident | None = None
    at: Duration | None = Field(None, description="Offset from the start, e.g. T+02:30.")
    after: After | None = None
    when: Annotated[str, StringConstraints(max_length=2000)] | None = None
    body: LongText | None = None
    severity: Severity | None = None
    reveals: BreachFacts | None = None
    marks_awareness: bool | None = None
    expect: list[Expectation] | None = None
    storm: StormPush | None = None
    decision: Decision | None = None
    ends: bool | None = None


class Inject(InjectFields):
    id: Ident
    title: Text
    channel: Channel
    body: LongText = ""
    severity: Severity = Severity.info
    marks_awareness: bool = False
    expect: list[Expectation] = Field(default_factory=no_items)
    ends: bool = False
    # set when the inject was expanded from a library: its library id and parameter values
    _library: str | None = PrivateAttr(None)
    _param_values: dict[str, str] = PrivateAttr(default_factory=dict)

    @property
    def library(self) -> str | None:
        return self._library

    @property
    def param_values(self) -> dict[str, str]:
        return self._param_values


class Param(Strict):
    description: LongText | None = None
    default: str | None = Field(None, description="Left out: every use must give the value.")


class LibraryInject(Inject):
    params: dict[Ident, Param] = Field(default_factory=dict)


class InjectUse(InjectFields):
    """A library inject used in a scenario, with overrides and parameters."""

    use: Ident
    id: Ident | None = Field(None, description="Defaults to the library inject's id.")
    with_: dict[Ident, Scalar] = Field(default_factory=dict, alias="with")


def _entry_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "use" if "use" in value else "inject"
    return "use" if isinstance(value, InjectUse) else "inject"


InjectEntry = Annotated[
    Annotated[Inject, Tag("inject")] | Annotated[InjectUse, Tag("use")],
    Discriminator(_entry_kind),
]


class Objective(Strict):
    id: Ident
    title: Text
    description: LongText | None = None
    criteria: Annotated[list[Criterion | Ident], Field(min_length=1)] = Field(
        description="Catalogue criteria, or ids of expectations in this scenario."
    )
    weight: Annotated[float, Field(gt=0, le=100)] = 1


class ScenarioHeader(Strict):
    schema_: str | None = Field(None, alias="$schema", exclude=True)
    format: Literal[1] = Field(description="The version of this format.")
    id: Slug
    title: Text
    summary: LongText
    language: Language
    locale: Locale  # type: ignore[valid-type]
    jurisdiction: Jurisdiction
    organisation: Organisation = Field(default_factory=Organisation)
    breach: BreachFacts
    clock: Clock
    briefing: LongText | None = Field(None, description="The starting situation for the team.")
    roles: list[TeamRole] = Field(default_factory=no_items)
    personas: dict[Ident, Persona] = Field(default_factory=dict)
    variables: dict[Ident, Annotated[Variable, BeforeValidator(_variable_shorthand)]] = Field(
        default_factory=dict
    )
    imports: list[Annotated[str, StringConstraints(min_length=1, max_length=500)]] = Field(
        default_factory=no_items,
        description="Inject libraries: a bundled name (e.g. media), "
        "or a path relative to this file.",
    )
    start: Ident
    objectives: list[Objective] = Field(default_factory=no_items)
    storm: StormSettings | None = Field(
        None, description="Tuning of the media storm; left out: the defaults.")


class ScenarioFile(ScenarioHeader):
    """A ``*.scenario.yaml`` file as written."""

    model_config = ConfigDict(title="breachsim scenario")
    injects: Annotated[list[InjectEntry], Field(min_length=1)]


class LibraryFile(Strict):
    """A ``*.injects.yaml`` file of reusable injects."""

    model_config = ConfigDict(title="breachsim inject library")
    schema_: str | None = Field(None, alias="$schema", exclude=True)
    format: Literal[1]
    library: Slug
    language: Language
    description: LongText | None = None
    imports: list[str] = Field(default_factory=no_items)
    injects: list[LibraryInject] = Field(default_factory=no_items)


class Scenario(ScenarioHeader):
    """A resolved scenario: every library inject expanded. What the engine runs."""

    injects: list[Inject]
    source: str | None = Field(None, exclude=True)

    @cached_property
    def by_id(self) -> dict[str, Inject]:
        return {inject.id: inject for inject in self.injects}

    @cached_property
    def decisions(self) -> dict[str, Decision]:
        return {i.id: i.decision for i in self.injects if i.decision is not None}

    @cached_property
    def canonical_json(self) -> str:
        """The frozen copy as canonical JSON (see ``frozen``); a scenario never changes."""
        from .frozen import canonical_text

        return canonical_text(self)

    @cached_property
    def conditions(self) -> dict[str, Any]:
        """inject id → its parsed ``when`` (parsed once per scenario, shared by sessions)."""
        from . import conditions

        return {i.id: conditions.parse(i.when) for i in self.injects if i.when}

    @cached_property
    def compiled_conditions(self) -> dict[str, Any]:
        """inject id → its ``when`` as a callable of the session's facts."""
        from . import conditions

        var_types = {name: var.type.value for name, var in self.variables.items()}
        return {key: conditions.compile_condition(expr, var_types)
                for key, expr in self.conditions.items()}
