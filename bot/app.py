"""The Bot: wiring only. Loads the EXTENSIONS, syncs commands, runs the scheduler."""

from __future__ import annotations

import logging

import discord
from discord.ext import commands

from bot.services.container import Services
from bot.ui.errors import CaucusTree

log = logging.getLogger(__name__)

EXTENSIONS: tuple[str, ...] = (
    "cogs.caucus",
    "cogs.reading",
    "cogs.transparency",
    "cogs.votes",
    "cogs.summaries",
)


def bot_intents() -> discord.Intents:
    """Minimal intents. ``message_content`` is privileged: Caucus needs it to record responses
    in session threads and to summarize discussions (enable it in the Developer Portal).
    ``members`` is privileged too: it keeps role membership current for voter rolls and
    reminders."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.guild_scheduled_events = True
    intents.dm_messages = True
    intents.message_content = True
    intents.members = True
    return intents


class CaucusBot(commands.Bot):
    def __init__(
        self,
        services: Services,
        *,
        extensions: tuple[str, ...] = EXTENSIONS,
        sync_commands: bool = True,
        start_scheduler: bool = True,
        **options: object,
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=bot_intents(),
            help_command=None,
            tree_cls=CaucusTree,
            allowed_mentions=discord.AllowedMentions(everyone=False, roles=False, users=True),
            **options,  # type: ignore[arg-type]
        )
        self.services = services
        self._extensions = extensions
        self._sync_commands = sync_commands
        self._start_scheduler = start_scheduler

    async def setup_hook(self) -> None:
        for name in self._extensions:
            await self.load_extension(name)
        if self._sync_commands:
            await self.sync_to_configured_guilds()
        if self._start_scheduler:
            await self.services.scheduler.start()

    async def sync_to_configured_guilds(self) -> None:
        for guild in self.services.settings.guilds:
            target = discord.Object(id=guild.id)
            self.tree.copy_global_to(guild=target)
            synced = await self.tree.sync(guild=target)
            log.info("synced %d commands to guild %s", len(synced), guild.id)

    async def close(self) -> None:
        await self.services.scheduler.shutdown()
        await super().close()
