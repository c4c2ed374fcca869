"""The application layer: sessions, the running exercise, headless play, plans, exploration
and validation, built on the engine, the rules, the store and the storm."""
