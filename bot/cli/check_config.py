"""`caucus check-config PATH`: validate a config file and summarise it."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.cli.common import EXIT_USAGE, print_config_error
from bot.config import ConfigError, Settings, load_settings


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
    problems = unknown_documents(settings)
    if problems:
        print(f"{args.path}: the config has {len(problems)} problem(s):", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_USAGE
    placeholders = placeholder_ids(settings)
    for warning in placeholders:
        print(f"warning: {warning}", file=sys.stderr)
    if placeholders:
        print(
            "warning: put the real ids there (Discord: Developer Mode, right-click, Copy ID)",
            file=sys.stderr,
        )
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


def unknown_documents(settings: Settings) -> list[str]:
    """Reading documents the corpus (shipped seeds and [bot] documents_dir) does not have."""
    from bot.domain.corpus import CorpusError
    from bot.domain.corpus.loader import corpus_ids
    from bot.resources import seeds_dir

    try:
        known = set(corpus_ids(seeds_dir(), settings.bot.documents_dir))
    except CorpusError as error:
        return [f"bot.documents_dir: {error}"]
    return [
        f"guilds[{n}].reading.documents: no document {doc_id!r} in the corpus "
        "(`caucus corpus list` shows the ids)"
        for n, guild in enumerate(settings.guilds)
        for doc_id in guild.reading.documents
        if doc_id not in known
    ]


def placeholder_ids(settings: Settings) -> list[str]:
    """Ids left as in config.example.toml (one digit repeated): Discord has no such objects."""
    found = []
    for n, guild in enumerate(settings.guilds):
        ids = {"id": guild.id}
        ids |= {f"channels.{k}": v for k, v in guild.channels.model_dump().items() if v}
        ids |= {f"roles.{k}": v for k, v in guild.roles.model_dump().items() if v}
        found += [
            f"guilds[{n}].{key} = {value} is still the example's placeholder"
            for key, value in ids.items()
            if len(set(str(value))) == 1
        ]
    return found
