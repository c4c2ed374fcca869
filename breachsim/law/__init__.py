"""The law breachsim plays by: jurisdictions and their authorities, windows and fine tiers.

Shared data for the scenario language (the authority's name in templates), the engine (the
72-hour and one-month windows) and the rules (assessment and scoring).
"""
