"""What the storm produces: posts on every channel, and the items among them that ask the
team for something (journalists' requests for comment, contact-centre contacts)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from .params import NEGATIVE
from .personas import Author


class Post(NamedTuple):
    id: str  # stable: the same storm always gives the same post this id
    t: int  # in-world seconds since the start
    channel: str  # microblog, forum, news, ticker, contact
    kind: str  # post, article, flash, inquiry, or the contact's kind
    author: Author
    stance: str  # supportive, neutral, worried, angry, mocking, rumour
    text: str
    hashtags: tuple[str, ...] = ()
    topic: str | None = None
    outlet: str | None = None
    headline: str | None = None
    due: int | None = None  # in-world second by which it asks for an answer

    @property
    def sentiment(self) -> str:
        if self.stance in NEGATIVE:
            return "negative"
        return "positive" if self.stance == "supportive" else "neutral"

    def as_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "id": self.id, "t": self.t, "channel": self.channel, "kind": self.kind,
            "author": self.author.as_dict(), "stance": self.stance,
            "sentiment": self.sentiment, "text": self.text, "hashtags": list(self.hashtags)}
        for name in ("topic", "outlet", "headline", "due"):
            value = getattr(self, name)
            if value is not None:
                found[name] = value
        return found


class PressRequest(NamedTuple):
    """A journalist asks the press office for comment by ``due``; answered by a
    ``journalist_answered`` event whose ``regarding`` is ``id``."""

    id: str
    t: int
    outlet: str
    journalist: Author
    question: str
    due: int


class Contact(NamedTuple):
    """Someone contacts the contact centre. Plain questions (``affected``) are handled by the
    contact centre, faster once it is briefed; the rest wait for a ``request_answered`` event
    whose ``regarding`` is ``id``; access and erasure requests are due within the
    jurisdiction's month."""

    id: str
    t: int
    kind: str  # affected, access, erasure, complaint, escalation
    author: Author
    text: str
    due: int | None
    effort: float  # this contact's share of the usual handling time (exponential, mean 1)


@dataclass(frozen=True)
class Standing:
    """An item's state at a moment: ``open``, ``answered``, ``late`` (answered after its
    deadline), ``missed`` (its deadline passed unanswered) or, for plain questions,
    ``handled``; ``at`` is when it was answered or handled."""

    status: str
    at: int | None = None


@dataclass(frozen=True)
class Queue:
    """The open contacts of one kind: how many, since when, and the nearest deadline."""

    open: int
    oldest: int | None
    nearest_due: int | None
