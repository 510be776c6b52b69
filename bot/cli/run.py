"""`caucus run`: apply migrations, then run the bot until interrupted.

``--shards 0-3 --shard-count 8`` runs only those gateway shards (several processes share one
PostgreSQL database); without them one process runs every guild.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from typing import Any

import aiohttp
import discord

from bot.cli.common import EXIT_USAGE, add_config_argument, load_or_report
from bot.logging_setup import configure_logging
from bot.runtime import BallotKeysUnavailable, DatabaseUnavailable, serve
from bot.sharding import ShardPlan, parse_shard_ids

log = logging.getLogger("caucus")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("run", help="start the bot (token from $DISCORD_TOKEN)")
    add_config_argument(parser)
    parser.add_argument(
        "--shards",
        metavar="IDS",
        help="the shards this process runs: a range like 0-3, a list like 2,5, or both (0-1,6)",
    )
    parser.add_argument(
        "--shard-count",
        type=int,
        metavar="N",
        help="how many shards the whole bot has (every process must give the same number)",
    )
    parser.set_defaults(handler=handle)


def shard_plan(args: argparse.Namespace) -> ShardPlan:
    """The shard plan the flags ask for; ValueError with a message for the command line."""
    shards, count = getattr(args, "shards", None), getattr(args, "shard_count", None)
    if shards is None and count is None:
        return ShardPlan.everything()
    if count is None:
        raise ValueError("--shards needs --shard-count (the total for the whole bot)")
    ids = parse_shard_ids(shards) if shards is not None else tuple(range(max(count, 0)))
    return ShardPlan(count, ids)


def handle(args: argparse.Namespace) -> int:
    try:
        plan = shard_plan(args)
    except ValueError as exc:
        print(f"caucus run: {exc}", file=sys.stderr)
        return EXIT_USAGE
    settings = load_or_report(args)
    if settings is None:
        return EXIT_USAGE
    token = os.environ.get("DISCORD_TOKEN", "").strip()
    if not token:
        print(
            "DISCORD_TOKEN is not set: create a bot token (see README) and export it.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    configure_logging(settings.bot.log_level, settings.bot.log_format)
    try:
        asyncio.run(serve(settings, token, plan=plan))
    except (DatabaseUnavailable, BallotKeysUnavailable) as exc:
        log.error("%s", exc)
        return 1
    except discord.LoginFailure:
        log.error(
            "Discord refused the token in DISCORD_TOKEN: copy it again from the Developer "
            "Portal (Bot > Reset Token)"
        )
        return 1
    except discord.PrivilegedIntentsRequired:
        log.error(
            "enable the Message Content and Server Members intents in the Developer "
            "Portal (Bot > Privileged Gateway Intents); see README"
        )
        return 1
    except (aiohttp.ClientError, OSError) as exc:
        log.error("cannot reach Discord: %s", exc)
        return 1
    except KeyboardInterrupt:
        log.info("stopped")
    return 0
