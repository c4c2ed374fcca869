"""The law breachsim plays by: jurisdictions and their authorities, windows and fine tiers, and
the core's message catalogue (``messages``: what breachsim says about it, in English and Dutch).

Shared data for the scenario language (the authority's name in templates), the engine (the
72-hour and one-month windows) and the rules (assessment and scoring). The catalogue sits here,
the lowest layer the engine, the rules, the storm and the app can all import.
"""
