"""Helpers shared by subcommands: finding and loading the config with human errors."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pydantic and sqlalchemy are imported only by the commands that need them
    from sqlalchemy.ext.asyncio import AsyncEngine

    from bot.config import ConfigError, Settings

DEFAULT_CONFIG = Path("caucus.toml")
EXIT_USAGE = 2


def add_config_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help="config file (default: $CAUCUS_CONFIG, else ./caucus.toml)",
    )


def config_path(args: argparse.Namespace) -> Path:
    if getattr(args, "config", None):
        return Path(args.config)
    if env := os.environ.get("CAUCUS_CONFIG"):
        return Path(env)
    return DEFAULT_CONFIG


def print_config_error(error: ConfigError) -> None:
    print(f"{error.source}: the config has {len(error.problems)} problem(s):", file=sys.stderr)
    for problem in error.problems:
        print(f"  {problem}", file=sys.stderr)


def load_or_report(args: argparse.Namespace) -> Settings | None:
    from bot.config import ConfigError, load_settings

    try:
        return load_settings(config_path(args), os.environ)
    except ConfigError as error:
        print_config_error(error)
        return None


class CommandError(Exception):
    """A failure the command reports as one line on stderr (``caucus CMD: message``)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


def guild_or_fail(settings: Settings, guild_id: int) -> None:
    """Refuses a guild the config does not name (a typo would otherwise read as 'nothing')."""
    if settings.guild(guild_id) is None:
        known = ", ".join(f"{g.id} ({g.name})" for g in settings.guilds) or "none"
        raise CommandError(
            f"guild {guild_id} is not in the config (guilds there: {known})", EXIT_USAGE
        )


@contextlib.asynccontextmanager
async def existing_database(settings: Settings) -> AsyncIterator[AsyncEngine]:
    """The configured database for a command that only reads it: never creates or migrates it.
    Missing, unreachable or not at the current schema is a CommandError naming what to do."""
    from bot.db import migrate
    from bot.runtime import DatabaseUnavailable, describe_database, open_database

    require_database_file(settings.database_url)
    try:
        async with open_database(settings, run_migrations=False) as engine:
            current, head = await migrate.current_revision(engine), migrate.head_revision()
            if current != head:
                where = describe_database(settings.database_url)
                state = "has no Caucus tables" if current is None else f"is at revision {current}"
                raise CommandError(
                    f"the database {where} {state}, this Caucus needs {head}: "
                    "run `caucus db upgrade` first"
                )
            yield engine
    except DatabaseUnavailable as error:
        raise CommandError(str(error)) from None


def require_database_file(url: str) -> None:
    """SQLite creates a missing file on connect: refuse first, so a read creates nothing."""
    from sqlalchemy.engine import make_url

    database = make_url(url).database
    if not url.startswith("sqlite") or database in (None, "", ":memory:"):
        return
    path = Path(database or "")
    if not path.exists():
        raise CommandError(
            f"no database at {path}: nothing to read yet (`caucus db upgrade` creates it; "
            "check [bot] data_dir or [database] url)"
        )
