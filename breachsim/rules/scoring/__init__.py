"""The score: findings with evidence from the team's own log, grouped by the scenario's objectives.

A pure function of the scenario and the events: the same log always gives the same score.
Each criterion looks at what the law or good crisis practice asks (its message
``source.<id>`` names the source), at what the log shows, and rates it P, S, M or U. Criteria
that the session gave no occasion for produce no finding rather than a free pass.

By family: ``decisions`` (recognising the breach, judging whom to tell), ``regulatory`` (the
duties towards the authority), ``communications`` (the people affected, the press, the contact
centre), ``expectations`` (the scenario's own), and ``total`` (objectives, the percentage and
rating, the fine exposure). ``judge`` holds what they share. The findings' words are messages
``score.*`` and ``criterion.*`` in breachsim.law.messages, in the scenario's language.
"""

from __future__ import annotations

from .total import CRITERIA, FineExposure, Score, score

__all__ = ["CRITERIA", "FineExposure", "Score", "score"]
