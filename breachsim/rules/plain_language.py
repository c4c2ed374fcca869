"""Does a message to the people affected say what Art. 34(2) asks, in clear and plain words?

Art. 34(2) with Art. 33(3)(b)–(d): describe the nature of the breach in clear and plain
language, give a contact point, the likely consequences, and the measures taken or proposed
(including what people can do themselves). The checks are word lists in English and Dutch —
transparent on purpose, so a team can see why an element counted or not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ELEMENTS = ("nature", "contact", "consequences", "measures")

_CUES: dict[str, dict[str, tuple[str, ...]]] = {
    "nature": {
        "en": ("breach", "incident", "attack", "hack", "stole", "theft", "lost",
               "sent to the wrong", "accessed", "exposed", "leak", "unauthorised",
               "unauthorized", "ransomware", "copied", "published", "criminals"),
        "nl": ("datalek", "lek", "incident", "aanval", "hack", "gestolen", "verloren",
               "kwijt", "verkeerde", "ingezien", "openbaar", "onbevoegd", "ransomware",
               "gekopieerd", "gepubliceerd", "buitgemaakt"),
    },
    "contact": {
        "en": ("contact", "call us", "phone", "e-mail", "email", "helpline", "@",
               "data protection officer", "dpo", "questions"),
        "nl": ("contact", "bel ", "bellen", "telefoon", "e-mail", "mail ons", "@",
               "functionaris gegevensbescherming", "privacyfunctionaris", "vragen", "dpo"),
    },
    "consequences": {
        "en": ("risk", "may ", "could", "might", "phishing", "fraud", "misuse", "identity theft",
               "consequence", "scam", "demand payment", "fake"),
        "nl": ("risico", "kan ", "kunnen", "mogelijk", "phishing", "fraude", "misbruik",
               "identiteitsfraude", "gevolg", "oplichting"),
    },
    "measures": {
        "en": ("we have", "we are", "we will", "we took", "measures", "reset", "change your",
               "be alert", "advise", "recommend", "blocked", "secured", "police", "do not ",
               "report them", "call your bank", "ask your"),
        "nl": ("we hebben", "wij hebben", "we zijn", "we gaan", "maatregel", "wijzig",
               "verander", "let op", "wees alert", "advies", "adviseren", "geblokkeerd",
               "beveiligd", "politie", "reageer niet", "meld ", "bel uw bank"),
    },
}

#: Words that make a message to customers harder than it needs to be.
_JARGON = {
    "en": ("pursuant", "aforementioned", "hereby", "exfiltration", "threat actor",
           "controller", "processor", "data subject", "article 34", "in accordance with"),
    "nl": ("ingevolge", "voornoemd", "hierbij delen wij", "exfiltratie", "verwerkingsverant",
           "verwerker", "betrokkene", "artikel 34", "overeenkomstig", "onderhavig"),
}

MAX_AVERAGE_SENTENCE_WORDS = 20


@dataclass(frozen=True)
class MessageCheck:
    covered: tuple[str, ...]
    missing: tuple[str, ...]
    average_sentence_words: float
    jargon: tuple[str, ...]

    @property
    def clear(self) -> bool:
        return (self.average_sentence_words <= MAX_AVERAGE_SENTENCE_WORDS
                and not self.jargon)


def check_message(text: str, language: str) -> MessageCheck:
    lowered = f" {text.lower()} "
    cues = {element: words.get(language, words["en"]) for element, words in _CUES.items()}
    covered = tuple(e for e in ELEMENTS if any(cue in lowered for cue in cues[e]))
    sentences = [s for s in re.split(r"[.!?]+(?:\s|$)", text) if s.strip()]
    words = [len(s.split()) for s in sentences]
    average = sum(words) / len(words) if words else 0.0
    jargon = tuple(j for j in _JARGON.get(language, _JARGON["en"]) if j in lowered)
    return MessageCheck(covered, tuple(e for e in ELEMENTS if e not in covered),
                        round(average, 1), jargon)
