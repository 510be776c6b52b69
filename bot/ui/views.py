"""Base modal whose errors go through the one error handler (persistent buttons and selects
are DynamicItems, routed through bot.ui.errors.guarded)."""

from __future__ import annotations

import discord

from bot.ui.errors import handle_interaction_error


class CaucusModal(discord.ui.Modal):
    async def on_error(  # type: ignore[override]  # Modal narrows View's signature
        self, interaction: discord.Interaction, error: Exception
    ) -> None:
        await handle_interaction_error(interaction, error)
