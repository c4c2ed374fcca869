"""The report's words in one language: its messages (``aar.*`` in breachsim.law.messages),
moments and spans of in-world time, ratings and labels."""

from __future__ import annotations

from typing import Any

from ..law.messages import catalogue, has_message, message, number, span
from ..scenario.durations import format_offset
from .model import Moment

H = 3600


class Words:
    def __init__(self, language: str):
        self.language = language
        # one language's texts at hand: a report says tens of thousands of messages
        self._texts = {key: entry[language] for key, entry in catalogue().items()}
        self._moments: dict[int | None, Moment] = {}

    def say(self, key: str, **values: Any) -> str:
        try:
            return self._texts[key].format_map(values)
        except KeyError:
            return message(key, self.language, **values)  # raises the catalogue's own error

    def moment(self, seconds: int | None) -> Moment:
        """In-world second ``seconds`` (or never), one object per second: the report names a
        moment for every event, so they are made once and without validation."""
        found = self._moments.get(seconds)
        if found is None:
            found = self._moments[seconds] = Moment.model_construct(
                at=seconds, text="—" if seconds is None else format_offset(seconds))
        return found

    def span(self, seconds: float) -> str:
        return span(seconds, self.language)

    def number(self, value: Any, spec: str | None = None) -> str:
        return number(value, self.language, spec)

    def rating(self, rating: str | None) -> str:
        return self.say(f"rating.{rating}" if rating else "rating.none")

    def action(self, action: str) -> str:
        return self.say(f"action.{action}")

    def label(self, family: str, value: str) -> str:
        """A value's label in ``family`` (``category``, ``field``…), else the value itself."""
        key = f"{family}.{value}"
        return self.say(key) if has_message(key) else value
