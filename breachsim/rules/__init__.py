"""The rules: the risk assessment of breach facts (GDPR Art. 33 and 34), and the scoring.

Headless: never imports textual. See docs/rules.md for the assessment and docs/scoring.md for
the score.
"""
