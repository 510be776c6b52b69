"""`caucus db upgrade|current`: Alembic, on the database the config names."""

from __future__ import annotations

import argparse
import asyncio
from typing import TYPE_CHECKING, Any

from bot.cli.common import (
    EXIT_USAGE,
    CommandError,
    add_config_argument,
    load_or_report,
    require_database_file,
)

if TYPE_CHECKING:
    from bot.config import Settings


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("db", help="database migrations")
    parser.add_argument("action", choices=("upgrade", "current"))
    parser.add_argument("--revision", default="head", help="target revision for upgrade")
    add_config_argument(parser)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    settings = load_or_report(args)
    if settings is None:
        return EXIT_USAGE
    if args.action == "current":  # a read: it must not create an empty SQLite file
        require_database_file(settings.database_url)
    return asyncio.run(_run(args.action, args.revision, settings))


async def _run(action: str, revision: str, settings: Settings) -> int:
    from alembic.util.exc import CommandError as AlembicError

    from bot.db import migrate
    from bot.runtime import DatabaseUnavailable, open_database

    try:
        async with open_database(settings, run_migrations=False) as engine:
            if action == "upgrade":
                await migrate.upgrade(engine, revision)
            current = await migrate.current_revision(engine)
    except DatabaseUnavailable as error:
        raise CommandError(str(error)) from None
    except AlembicError as error:  # e.g. an unknown --revision
        raise CommandError(str(error), EXIT_USAGE) from None
    head = migrate.head_revision()
    state = "up to date" if current == head else f"head is {head}"
    print(f"current revision: {current or '(empty database)'} ({state})")
    return 0
