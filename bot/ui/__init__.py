"""Discord-aware helpers shared by cogs: the error handler, actors from interactions, embeds."""
