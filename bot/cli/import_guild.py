"""`caucus import FILE`: restore a guild exported with `caucus export guild`."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli.common import EXIT_USAGE, add_config_argument, load_or_report
from bot.config import Settings
from bot.db import migrate
from bot.db.transfer import TransferError, import_guild
from bot.runtime import open_database


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("import", help="restore a guild from `caucus export guild`")
    parser.add_argument("file")
    parser.add_argument(
        "--replace", action="store_true", help="delete the guild's current data here first"
    )
    add_config_argument(parser)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    settings = load_or_report(args)
    if settings is None:
        return EXIT_USAGE
    try:
        with open(args.file, encoding="utf-8") as source:
            data = json.load(source)
    except (OSError, json.JSONDecodeError) as exc:
        print(f"{args.file}: cannot be read: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        written = asyncio.run(_import(settings, data, args.replace))
    except TransferError as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"imported {written} rows of guild {data['guild_id']}", file=sys.stderr)
    return 0


async def _import(settings: Settings, data: dict[str, Any], replace: bool) -> int:
    async with open_database(settings) as engine:
        revision = await migrate.current_revision(engine)
        async with engine.begin() as connection:
            session = AsyncSession(bind=connection)
            written = await import_guild(session, data, revision, replace=replace)
            await session.flush()
            return written
