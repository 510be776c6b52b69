"""discord.py extensions: thin adapters that parse interactions, call services and render."""
