"""`caucus check-config PATH`: validate a config file and summarise it."""

from __future__ import annotations

import argparse
from typing import Any

from bot.cli.common import EXIT_USAGE, print_config_error
from bot.config import ConfigError, load_settings


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("check-config", help="validate a config file")
    parser.add_argument("path", help="the TOML config file")
    parser.add_argument(
        "--online",
        action="store_true",
        help="also check the channels, roles and permissions on Discord ($DISCORD_TOKEN)",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    try:
        settings = load_settings(args.path)
    except ConfigError as error:
        print_config_error(error)
        return EXIT_USAGE
    print(f"{args.path}: OK")
    print(f"database: {settings.database_url.split('@')[-1]}")
    for guild in settings.guilds:
        reading = guild.reading
        print(
            f"guild {guild.id} {guild.name!r}: time zone {guild.timezone}; "
            f"reading {'on' if reading.enabled else 'off'} "
            f"({len(reading.documents)} documents, {reading.weekday.value} {reading.time:%H:%M}, "
            f"{reading.target_words} words a session); "
            f"secret ballots by default: {'yes' if guild.voting.secret_by_default else 'no'}; "
            f"factions {'on' if guild.factions.enabled else 'off'}"
        )
    if args.online:
        from bot.cli.online_check import run_online  # discord only when asked

        return run_online(settings)
    return 0
