"""The ENISA severity score, SE = DPC × EI + CB, as a cross-check on the assessment.

ENISA, "Recommendations for a methodology of the assessment of severity of personal data
breaches" (working document v1.0, December 2013). The facts are coarser than the method (EI
has four grades, our facts say only whether people are identifiable), so this is an
approximation; docs/rules.md says where it is one.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from ..scenario.vocab import DataCategory, Exfiltration, Nature
from .risk import SPECIAL, Facts

#: The basic Data Processing Context score per category: 1 simple, 2 behavioural,
#: 3 financial, 4 sensitive. Identity documents and credentials are our reading (rules.md).
DPC_BASE: dict[DataCategory, int] = {
    DataCategory.identity: 1, DataCategory.contact: 1, DataCategory.employment: 1,
    DataCategory.education: 1, DataCategory.children: 1,
    DataCategory.behavioural: 2, DataCategory.location: 2, DataCategory.communications: 2,
    DataCategory.government_id: 2,
    DataCategory.financial: 3, DataCategory.payment_card: 3, DataCategory.credentials: 3,
    **{category: 4 for category in SPECIAL},
}

BANDS = ((2.0, "low"), (3.0, "medium"), (4.0, "high"))


class Enisa(BaseModel):
    model_config = ConfigDict(frozen=True)
    score: float
    level: str  # low | medium | high | very_high
    dpc: int
    ei: float
    cb: float


def severity(facts: Facts) -> Enisa:
    dpc = _dpc(facts)
    ei = 0.25 if facts.identifiable is False else 1.0
    cb = _cb(facts)
    score = round(dpc * ei + cb, 2)
    level = next((name for limit, name in BANDS if score < limit), "very_high")
    return Enisa(score=score, level=level, dpc=dpc, ei=ei, cb=cb)


def _dpc(facts: Facts) -> int:
    base = max((DPC_BASE[c] for c in facts.categories), default=1)
    if facts.special:
        base = 4
    if facts.vulnerable:  # ENISA raises the score for vulnerable people such as minors
        base += 1
    return min(base, 4)


def _cb(facts: Facts) -> float:
    """Circumstances of the breach: loss of confidentiality, integrity, availability, and
    malicious intent, each adding to the score."""
    natures = set(facts.nature)
    cb = 0.0
    if Nature.confidentiality in natures and facts.exfiltration is not Exfiltration.none:
        known_recipients = facts.recipients_trusted or not facts.malicious
        cb += 0.25 if known_recipients else 0.5
    if Nature.integrity in natures and not facts.restorable:
        cb += 0.5 if facts.malicious else 0.25
    if Nature.availability in natures:
        cb += _unavailability(facts)
    if facts.malicious:
        cb += 0.5
    return cb


def _unavailability(facts: Facts) -> float:
    """0 recovered without difficulty, 0.25 unavailable for a while, 0.5 lost for good."""
    if not facts.restorable:
        return 0.5
    return 0.0 if facts.back_quickly else 0.25
