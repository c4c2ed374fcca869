"""The closed vocabularies of the scenario language.

Every list an author may choose from lives here, so the models, the validator's
"expected one of" hints, the JSON Schema and the docs all read the same source.
"""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    email = "email"
    phone = "phone"
    chat = "chat"
    ticket = "ticket"
    news = "news"
    social = "social"
    regulator = "regulator"
    customer = "customer"
    briefing = "briefing"


class StormChannel(StrEnum):
    """Where the media storm plays out: short public posts, forum threads, news articles, the
    press agency's ticker, and the contact centre."""

    microblog = "microblog"
    forum = "forum"
    news = "news"
    ticker = "ticker"
    contact = "contact"


class Severity(StrEnum):
    info = "info"
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"


class Language(StrEnum):
    en = "en"
    nl = "nl"


class Jurisdiction(StrEnum):
    NL = "NL"
    BE = "BE"
    IE = "IE"
    UK = "UK"
    FR = "FR"
    EU = "EU"


class Nature(StrEnum):
    confidentiality = "confidentiality"
    integrity = "integrity"
    availability = "availability"


class DataCategory(StrEnum):
    identity = "identity"
    contact = "contact"
    government_id = "government_id"
    financial = "financial"
    payment_card = "payment_card"
    credentials = "credentials"
    health = "health"
    biometric_genetic = "biometric_genetic"
    location = "location"
    communications = "communications"
    employment = "employment"
    education = "education"
    children = "children"
    behavioural = "behavioural"
    criminal = "criminal"
    other_special = "other_special"


class Exfiltration(StrEnum):
    none = "none"
    suspected = "suspected"
    confirmed = "confirmed"


class RiskSource(StrEnum):
    external_malicious = "external_malicious"
    external_accidental = "external_accidental"
    internal_malicious = "internal_malicious"
    internal_accidental = "internal_accidental"
    processor = "processor"


class ControllerRole(StrEnum):
    controller = "controller"
    processor = "processor"


class Action(StrEnum):
    """Team actions: first-class events a team takes, usable in `done(...)` and `expect`."""

    declare_awareness = "declare_awareness"
    notify_authority = "notify_authority"
    notify_subjects = "notify_subjects"
    public_communication = "public_communication"
    public_statement = "public_statement"
    register_breach = "register_breach"
    inform_controller = "inform_controller"
    inform_police = "inform_police"
    inform_insurer = "inform_insurer"
    engage_forensics = "engage_forensics"
    brief_contact_centre = "brief_contact_centre"
    answer_journalist = "answer_journalist"
    answer_request = "answer_request"
    decide = "decide"  # only in `expect`: take the decision this inject opens


#: The actions a team takes, in the order the app offers them; the engine gives each one event
#: kind (``events.ACTION_EVENTS``) and one form (``actions.FORMS``).
TEAM_ACTIONS: tuple[str, ...] = tuple(a.value for a in Action if a is not Action.decide)


class Role(StrEnum):
    """Who sends or receives an inject when no persona is declared for it."""

    team = "team"
    facilitator = "facilitator"
    board = "board"
    ceo = "ceo"
    dpo = "dpo"
    ciso = "ciso"
    it = "it"
    soc = "soc"
    legal = "legal"
    comms = "comms"
    contact_centre = "contact_centre"
    hr = "hr"
    staff = "staff"
    journalist = "journalist"
    regulator = "regulator"
    customer = "customer"
    public = "public"
    processor = "processor"
    controller = "controller"
    police = "police"
    insurer = "insurer"
    forensics = "forensics"
    attacker = "attacker"
    supplier = "supplier"


class Criterion(StrEnum):
    """Scoring criteria from the rules catalogue that objectives may group."""

    awareness = "awareness"
    regulatory_timeliness = "regulatory_timeliness"
    notify_judgement = "notify_judgement"
    notification_completeness = "notification_completeness"
    subject_communication = "subject_communication"
    crisis_communication = "crisis_communication"
    request_handling = "request_handling"
    documentation = "documentation"
    coordination = "coordination"


class VarType(StrEnum):
    bool = "bool"
    int = "int"
    str = "str"
    enum = "enum"
    duration = "duration"


#: Faker locales the storm and generated people are tested with.
LOCALES: tuple[str, ...] = (
    "nl_NL",
    "nl_BE",
    "fr_BE",
    "fr_FR",
    "en_GB",
    "en_IE",
    "en_US",
    "de_DE",
    "de_BE",
)


def choices(enum: type[StrEnum]) -> list[str]:
    return [member.value for member in enum]


#: The team's roles, by which a player joins (``breachsim join --role``) and the improvement
#: plan assigns its corrective actions; a scenario's own ``roles`` may be joined by title too.
TEAM_ROLES: tuple[str, ...] = ("comms", "dpo", "legal", "it", "board")
#: Who watches and records observations against the objectives, without acting.
OBSERVER = "observer"
