"""The console's widgets. They draw from an ``Exercise.View`` and post intents as messages;
none of them calls the engine."""
