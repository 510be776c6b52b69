"""The Bot: wiring only. Loads the EXTENSIONS, syncs commands (only those that changed since
the last sync, unless forced), runs the scheduler.

`ShardedCaucusBot` is the same bot on discord.py's AutoShardedBot, for a process that runs a
range of shards (``caucus run --shards 0-3 --shard-count 8``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import discord
from discord.ext import commands

from bot.services.command_sync import CommandSyncService, tree_hash
from bot.services.container import Services
from bot.sharding import LeaseKeeper, shard_of
from bot.ui.errors import CaucusTree

log = logging.getLogger(__name__)

BACKGROUND_STOP_SECONDS = 5.0

IDENTIFY_INTERVAL_SECONDS = 5.0
HTTP_CONNECTIONS = 64  # connections to Discord's HTTP API at once

EXTENSIONS: tuple[str, ...] = (
    "cogs.caucus",
    "cogs.reading",
    "cogs.transparency",
    "cogs.votes",
    "cogs.summaries",
    "cogs.factions",
    "cogs.tellers",
    "cogs.conventions",
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
        force_sync: bool = False,
        start_scheduler: bool = True,
        leases: LeaseKeeper | None = None,
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
        self._force_sync = force_sync
        self._start_scheduler = start_scheduler
        self.leases = leases
        # Work that events start (the checks after on_ready), stopped and awaited by close():
        # discord.py does not track its event tasks, so a close right after the ready event
        # used to leave them running with a database connection checked out while the engine
        # was disposed (an unclosed connection, and half-done work nobody waited for).
        self._background: set[asyncio.Task[Any]] = set()

    async def login(self, token: str) -> None:
        # discord.py opens a new connection for every request in flight (no limit): a burst
        # of a thousand acknowledgements then pays a thousand TCP handshakes. A bounded pool
        # keeps reusing warm connections; a request over the limit waits for one briefly.
        if self.http.connector is discord.utils.MISSING:
            self.http.connector = aiohttp.TCPConnector(limit=HTTP_CONNECTIONS)
        await super().login(token)

    async def setup_hook(self) -> None:
        for name in self._extensions:
            await self.load_extension(name)
        if self._sync_commands:
            await self.sync_to_configured_guilds(force=self._force_sync)
        if self._start_scheduler:
            if self.leases is not None:
                # Leases first: they decide which guilds' jobs the scheduler may run.
                await self.leases.start(on_gain=self._rebuild_schedule)
            await self.services.scheduler.start()
            # How late the loop runs, for /caucus health and the log (not under simulation,
            # whose virtual clock would make a sleeping probe meaningless).
            self.services.health.loop_lag.start()

    async def _rebuild_schedule(self, _gained: frozenset[int]) -> None:
        await self.services.scheduler.rebuild()

    def runs_guild(self, guild_id: int) -> bool:
        """Whether this process's gateway connection serves the guild (always, unsharded)."""
        return True

    async def sync_to_configured_guilds(self, *, force: bool = False) -> int:
        """Push the command tree to each configured guild whose stored hash differs (every
        guild when forced); returns how many guilds were synced."""
        record = CommandSyncService(self.services.core)
        synced_guilds = 0
        for guild in self.services.settings.guilds:
            if not self.runs_guild(guild.id):
                continue  # the process running that guild's shard syncs it
            target = discord.Object(id=guild.id)
            self.tree.copy_global_to(guild=target)
            payload = [
                command.to_dict(self.tree) for command in self.tree.get_commands(guild=target)
            ]
            digest = tree_hash(self.application_id or 0, payload)
            if not force and await record.is_current(guild.id, digest):
                log.info("commands of guild %s unchanged since the last sync", guild.id)
                continue
            synced = await self.tree.sync(guild=target)
            await record.record(guild.id, digest)
            synced_guilds += 1
            log.info("synced %d commands to guild %s", len(synced), guild.id)
        return synced_guilds

    @contextlib.asynccontextmanager
    async def owned_work(self) -> AsyncIterator[None]:
        """Mark the running task (an event handler's) as work this bot owns until the block
        ends: ``close`` cancels it and waits for it before anything it uses is shut down."""
        task = asyncio.current_task()
        assert task is not None
        self._background.add(task)
        try:
            yield
        finally:
            self._background.discard(task)

    async def _stop_background(self) -> None:
        running = [t for t in self._background if t is not asyncio.current_task()]
        if not running:
            return
        # Let the work finish first: cancelling it inside a database call throws its
        # connection away (with SQLite's single shared connection, the whole database).
        # Only work that overstays is cancelled, and work that ignores that is left, said.
        _, pending = await asyncio.wait(running, timeout=BACKGROUND_STOP_SECONDS)
        for task in pending:
            task.cancel()
        if pending:
            _, stuck = await asyncio.wait(pending, timeout=BACKGROUND_STOP_SECONDS)
            for task in stuck:
                log.warning("work started at ready did not stop on close: %r", task)

    async def close(self) -> None:
        await self._stop_background()  # first: it may still use the scheduler and the database
        await self.services.health.loop_lag.stop()
        await self.services.scheduler.shutdown()
        if self.leases is not None:
            await self.leases.stop()
        await super().close()


class ShardedCaucusBot(CaucusBot, commands.AutoShardedBot):
    """Runs ``shard_ids`` out of ``shard_count``. With both given, discord.py never asks
    ``GET /gateway/bot`` for a shard count: it connects every listed shard to the gateway."""

    def __init__(
        self,
        services: Services,
        *,
        shard_ids: tuple[int, ...],
        shard_count: int,
        identify_interval: float = IDENTIFY_INTERVAL_SECONDS,
        **options: Any,
    ) -> None:
        super().__init__(services, shard_ids=list(shard_ids), shard_count=shard_count, **options)
        self._identify_interval = identify_interval

    def runs_guild(self, guild_id: int) -> bool:
        return shard_of(guild_id, self.shard_count or 1) in (self.shard_ids or ())

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        # Discord allows one IDENTIFY per 5 s per bot (max_concurrency 1); a process with
        # several shards spaces them out. The first one goes at once.
        if not initial:
            await asyncio.sleep(self._identify_interval)
