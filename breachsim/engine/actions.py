"""The forms of the team actions: what each records, and what is missing when it is refused."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from ..scenario.vocab import DataCategory
from .refused import Refused

Filled = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]
Optional = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20_000)] | None


class _Form(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    regarding: str | None = Field(None, description="The inject this action answers.")


class DeclareAwareness(_Form):
    note: Optional = None


class NotifyAuthority(_Form):
    """GDPR Art. 33(3): what a notification to the supervisory authority contains."""

    kind: Literal["initial", "follow_up"] = "initial"
    nature: Filled = Field(description="The nature of the breach (Art. 33(3)(a)).")
    categories: Annotated[list[DataCategory], Field(min_length=1)] = Field(
        description="Categories of personal data concerned.")
    subjects_approx: Annotated[int, Field(ge=0)] | None = Field(
        None, description="Approximate number of data subjects.")
    records_approx: Annotated[int, Field(ge=0)] | None = Field(
        None, description="Approximate number of records.")
    dpo_contact: Filled = Field(description="Name and contact of the DPO or other contact point "
                                            "(Art. 33(3)(b)).")
    consequences: Filled = Field(description="The likely consequences (Art. 33(3)(c)).")
    measures: Filled = Field(description="Measures taken or proposed (Art. 33(3)(d)).")
    delay_reasons: Optional = Field(None, description="Reasons for a delay past 72 hours.")
    follows: int | None = Field(None, description="The initial notification's event number.")


class NotifySubjects(_Form):
    """GDPR Art. 34: telling the people affected."""

    channel: Literal["email", "letter", "sms", "phone", "app", "website", "press"]
    audience: Filled
    count: Annotated[int, Field(ge=0)] | None = None
    message: Filled


class PublicCommunication(_Form):
    """Art. 34(3)(c): a public communication instead of individual messages."""

    channel: Literal["website", "press", "social", "advertisement"]
    message: Filled


class PublicStatement(_Form):
    kind: Literal["holding", "full"]
    stance: Literal["deny", "diminish", "justify", "apologise", "compensate"]
    text: Filled


class RegisterBreach(_Form):
    """Art. 33(5): the internal record of every breach, notified or not."""

    summary: Filled
    rationale: Optional = Field(None, description="Why the authority was or was not notified.")


class Message(_Form):
    """Informing a party: the controller, the police, the insurer, a forensic firm."""

    party: Optional = None
    message: Filled


class BriefContactCentre(_Form):
    script: Filled


class AnswerJournalist(_Form):
    stance: Literal["deny", "diminish", "justify", "apologise", "compensate",
                    "no_comment"] | None = None
    text: Filled


class AnswerRequest(_Form):
    text: Filled


FORMS: dict[str, type[_Form]] = {
    "declare_awareness": DeclareAwareness,
    "notify_authority": NotifyAuthority,
    "notify_subjects": NotifySubjects,
    "public_communication": PublicCommunication,
    "public_statement": PublicStatement,
    "register_breach": RegisterBreach,
    "inform_controller": Message,
    "inform_police": Message,
    "inform_insurer": Message,
    "engage_forensics": Message,
    "brief_contact_centre": BriefContactCentre,
    "answer_journalist": AnswerJournalist,
    "answer_request": AnswerRequest,
}


def check_form(action: str, fields: dict[str, Any]) -> dict[str, Any]:
    """The form's fields, validated; ``Refused`` names every missing or invalid field."""
    form = FORMS.get(action)
    if form is None:
        raise Refused(f"unknown action {action!r}; one of: {', '.join(FORMS)}")
    try:
        return form.model_validate(fields).model_dump(mode="json", exclude_none=True)
    except ValidationError as exc:
        missing, problems = [], []
        for error in exc.errors(include_url=False):
            name = ".".join(str(p) for p in error["loc"]) or action
            if error["type"] in ("missing", "string_too_short", "too_short"):
                missing.append(name)
            else:
                problems.append(f"{name}: {error['msg']}")
        parts = []
        if missing:
            parts.append("missing " + ", ".join(missing))
        parts += problems
        raise Refused(f"{action} refused: " + "; ".join(parts),
                      missing + [p.split(":")[0] for p in problems]) from None
