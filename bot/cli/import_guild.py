"""`caucus import FILE`: restore a guild exported with `caucus export guild`."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli.common import (
    EXIT_USAGE,
    CommandError,
    add_config_argument,
    guild_or_fail,
    load_or_report,
)
from bot.config import Settings
from bot.db import migrate
from bot.db.transfer import FORMAT, TransferError, guild_tables, import_guild
from bot.runtime import DatabaseUnavailable, open_database


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
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        print(f"{args.file}: cannot be read: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        guild_id = check_export(data)
        guild_or_fail(settings, guild_id)
        written = asyncio.run(_import(settings, data, args.replace))
    except (TransferError, ValueError, TypeError) as exc:  # a value the schema cannot take
        print(f"{args.file}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except DBAPIError as exc:  # nothing was written: the import is one transaction
        reason = (str(exc.orig).strip().splitlines() or ["?"])[0]
        print(f"{args.file}: the database refused the rows: {reason}", file=sys.stderr)
        return EXIT_USAGE
    except DatabaseUnavailable as exc:
        raise CommandError(str(exc)) from None
    print(f"imported {written} rows of guild {guild_id}", file=sys.stderr)
    return 0


def check_export(data: Any) -> int:
    """The export's guild id, after checking its shape against this schema's tables (every
    table and column known, every row as long as its columns); TransferError says what is
    wrong, before anything is written."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise TransferError("this is not a Caucus guild export (expected a JSON object)")
    guild_id = data.get("guild_id")
    if isinstance(guild_id, bool) or not isinstance(guild_id, int | str):
        raise TransferError("the export has no guild_id")
    try:
        guild = int(guild_id)
    except ValueError:
        raise TransferError(f"guild_id {guild_id!r} is not a number") from None
    tables = data.get("tables")
    if not isinstance(tables, dict):
        raise TransferError('the export has no "tables" object')
    known = {table.name: table for table, _ in guild_tables()}
    for name, entry in tables.items():
        table = known.get(name)
        if table is None:
            raise TransferError(f"table {name!r} does not exist in this schema")
        if not isinstance(entry, dict) or not isinstance(entry.get("columns"), list):
            raise TransferError(f'table {name}: expected "columns" and "rows"')
        columns, rows = entry["columns"], entry.get("rows")
        extra = [c for c in columns if not isinstance(c, str) or c not in table.columns]
        if extra:
            raise TransferError(f"table {name}: column {extra[0]!r} does not exist in this schema")
        if not isinstance(rows, list):
            raise TransferError(f'table {name}: "rows" is not a list')
        for number, row in enumerate(rows, start=1):
            if not isinstance(row, list) or len(row) != len(columns):
                raise TransferError(
                    f"table {name}, row {number}: expected {len(columns)} values "
                    f"({', '.join(columns)})"
                )
    return guild


async def _import(settings: Settings, data: dict[str, Any], replace: bool) -> int:
    async with open_database(settings) as engine:
        revision = await migrate.current_revision(engine)
        async with engine.begin() as connection:
            session = AsyncSession(bind=connection)
            written = await import_guild(session, data, revision, replace=replace)
            await session.flush()
            return written
