"""The media and social-media storm: a pure function of (scenario, seed, events so far).

Headless (never imports textual). Posts are not stored: the event log is the truth and the
storm is recomputed from it, so what a team saw is reproducible from an export.
"""

from .items import Contact, Post, PressRequest, Queue, Standing
from .params import StormParams, defaults, resolve
from .storm import SLICE, Storm, compute

__all__ = ["SLICE", "Contact", "Post", "PressRequest", "Queue", "Standing", "Storm",
           "StormParams", "compute", "defaults", "locales", "resolve"]


def locales() -> list[str]:
    """The scenario format's locales that Faker can make names for."""
    from faker.config import AVAILABLE_LOCALES

    from ..scenario.vocab import LOCALES

    return [locale for locale in LOCALES if locale in AVAILABLE_LOCALES]
