"""`caucus run`: apply migrations, then run the bot until interrupted."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from typing import Any

from bot.cli.common import EXIT_USAGE, add_config_argument, load_or_report
from bot.logging_setup import configure_logging
from bot.runtime import DatabaseUnavailable, build_services, create_bot, open_database

log = logging.getLogger("caucus")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("run", help="start the bot (token from $DISCORD_TOKEN)")
    add_config_argument(parser)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
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
        asyncio.run(_serve(settings, token))
    except DatabaseUnavailable as exc:
        log.error("%s", exc)
        return 1
    except KeyboardInterrupt:
        log.info("stopped")
    return 0


async def _serve(settings: Any, token: str) -> None:
    async with open_database(settings) as engine:
        services = build_services(settings, engine)
        async with create_bot(services) as bot:
            await bot.start(token)
