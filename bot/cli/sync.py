"""`caucus sync`: push the slash commands to every configured guild now.

`caucus run` syncs a guild only when its command tree changed since the last sync (a hash kept
in the database); this forces it, e.g. after someone removed the commands in Discord.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from typing import TYPE_CHECKING, Any

from bot.cli.common import EXIT_USAGE, add_config_argument, load_or_report

if TYPE_CHECKING:
    from bot.config import Settings


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "sync", help="push the slash commands to every configured guild now"
    )
    add_config_argument(parser)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    import aiohttp
    import discord

    from bot.runtime import DatabaseUnavailable

    settings = load_or_report(args)
    if settings is None:
        return EXIT_USAGE
    token = os.environ.get("DISCORD_TOKEN", "").strip()
    if not token:
        print("caucus sync: DISCORD_TOKEN is not set (see README)", file=sys.stderr)
        return EXIT_USAGE
    try:
        synced = asyncio.run(push_commands(settings, token))
    except DatabaseUnavailable as exc:
        print(f"caucus sync: {exc}", file=sys.stderr)
        return 1
    except discord.LoginFailure:
        print("caucus sync: Discord refused the token in DISCORD_TOKEN", file=sys.stderr)
        return 1
    except (discord.HTTPException, aiohttp.ClientError, OSError) as exc:
        print(f"caucus sync: cannot reach Discord: {exc}", file=sys.stderr)
        return 1
    print(f"synced the commands to {synced} guild(s)")
    return 0


async def push_commands(settings: Settings, token: str, **bot_options: Any) -> int:
    """Log in over HTTP only (no gateway), sync every configured guild, record the hashes."""
    from bot.runtime import build_services, create_bot, open_database

    async with open_database(settings) as engine:
        services = build_services(settings, engine)
        bot = create_bot(services, sync_commands=False, start_scheduler=False, **bot_options)
        async with bot:
            await bot.login(token)  # runs setup_hook: loads the extensions, nothing else
            return await bot.sync_to_configured_guilds(force=True)
