"""breachsim: a data-breach tabletop exercise simulator."""

__version__ = "0.1.0"
