"""`caucus check-config --online`: log in with the token, look at each configured guild through
the gateway as the bot would, and run the same self-check (bot/services/selfcheck.py)."""

from __future__ import annotations

import asyncio
import contextlib
import os

import discord

from bot.config import Settings
from bot.domain.selfcheck import Problem, SeenGuild
from bot.services.selfcheck import SelfCheckService
from bot.ui.selfcheck import seen_guild

READY_WITHIN_SECONDS = 30.0


class OnlineCheckError(Exception):
    """The check could not run (no token, refused token, Discord unreachable): one clear line."""


async def observe(
    token: str, guild_ids: list[int], *, within: float = READY_WITHIN_SECONDS
) -> dict[int, SeenGuild | None]:
    """What the bot sees of each guild, from a short gateway session (no message content)."""
    client = discord.Client(intents=discord.Intents(guilds=True), guild_ready_timeout=0.05)
    runner = asyncio.create_task(client.start(token))
    ready = asyncio.create_task(client.wait_until_ready())
    try:
        done, _ = await asyncio.wait(
            {runner, ready}, timeout=within, return_when=asyncio.FIRST_COMPLETED
        )
        if runner in done:
            error = runner.exception()
            if isinstance(error, discord.LoginFailure):
                raise OnlineCheckError("Discord refused the token in $DISCORD_TOKEN.")
            raise OnlineCheckError(f"could not connect to Discord: {error}")
        if ready not in done:
            raise OnlineCheckError(f"Discord did not answer within {within:g} s.")
        seen: dict[int, SeenGuild | None] = {}
        for guild_id in guild_ids:
            guild = client.get_guild(guild_id)
            me = guild.me if guild is not None else None
            seen[guild_id] = (
                seen_guild(guild, me, guild.channels) if guild is not None and me else None
            )
        return seen
    finally:
        ready.cancel()
        await client.close()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await runner


async def check_online(settings: Settings, token: str) -> dict[int, list[Problem]]:
    seen = await observe(token, [guild.id for guild in settings.guilds])
    service = SelfCheckService()
    return {guild.id: service.check(guild, seen[guild.id])[0] for guild in settings.guilds}


def run_online(settings: Settings, environ: dict[str, str] | None = None) -> int:
    """Print each guild's problems with their fixes; 0 when none, 1 otherwise."""
    token = (environ if environ is not None else dict(os.environ)).get("DISCORD_TOKEN", "")
    if not token:
        print("--online needs the bot token in $DISCORD_TOKEN.")
        return 1
    try:
        found = asyncio.run(check_online(settings, token))
    except OnlineCheckError as error:
        print(f"online check failed: {error}")
        return 1
    return print_problems(settings, found)


def print_problems(settings: Settings, found: dict[int, list[Problem]]) -> int:
    failing = 0
    for guild in settings.guilds:
        problems = found[guild.id]
        if not problems:
            print(f"guild {guild.id} {guild.name!r}: channels, roles and permissions OK")
            continue
        failing += 1
        print(f"guild {guild.id} {guild.name!r}: {len(problems)} problem(s)")
        for problem in problems:
            print(f"  - {problem.what}\n    fix: {problem.fix}")
    return 1 if failing else 0
