"""`caucus db upgrade|current`: Alembic, on the database the config names."""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from bot.cli.common import EXIT_USAGE, add_config_argument, load_or_report
from bot.db import migrate
from bot.db.engine import create_engine


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
    return asyncio.run(_run(args.action, args.revision, settings.database_url))


async def _run(action: str, revision: str, url: str) -> int:
    engine = create_engine(url)
    try:
        if action == "upgrade":
            await migrate.upgrade(engine, revision)
        current = await migrate.current_revision(engine)
    finally:
        await engine.dispose()
    head = migrate.head_revision()
    state = "up to date" if current == head else f"head is {head}"
    print(f"current revision: {current or '(empty database)'} ({state})")
    return 0
