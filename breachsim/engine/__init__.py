"""The session engine: clock, events, the state fold and the director. Headless."""
