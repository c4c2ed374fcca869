"""The console's widgets. They draw from an ``Exercise.View``; the screens turn what people
do with them into intents, so no widget calls the engine."""
