"""Base view and modal whose errors go through the one error handler."""

from __future__ import annotations

from typing import Any

import discord

from bot.ui.errors import handle_interaction_error


class CaucusView(discord.ui.View):
    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        await handle_interaction_error(interaction, error)


class CaucusModal(discord.ui.Modal):
    async def on_error(  # type: ignore[override]  # Modal narrows View's signature
        self, interaction: discord.Interaction, error: Exception
    ) -> None:
        await handle_interaction_error(interaction, error)
