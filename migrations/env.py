"""Alembic environment, async, reading the app's own settings.

The URL comes from (first match): a connection handed in by ``bot.db.migrate`` (the app and
the tests), ``-x url=...``, ``$CAUCUS_DATABASE_URL``, the config file in ``$CAUCUS_CONFIG``,
else the SQLite default.
"""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy.engine import Connection

from bot.db.engine import create_engine
from bot.db.models import Base

target_metadata = Base.metadata


def _configured_url() -> str:
    if url := context.get_x_argument(as_dictionary=True).get("url"):
        return url
    if url := os.environ.get("CAUCUS_DATABASE_URL"):
        return url
    if path := os.environ.get("CAUCUS_CONFIG"):
        from bot.config import load_settings

        return load_settings(path).database_url
    return "sqlite+aiosqlite:///data/caucus.sqlite3"


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    engine = create_engine(_configured_url())
    async with engine.connect() as connection:
        await connection.run_sync(_run)
        await connection.commit()
    await engine.dispose()


def run_migrations_offline() -> None:
    context.configure(url=_configured_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
elif (connection := context.config.attributes.get("connection")) is not None:
    _run(connection)
else:
    asyncio.run(_run_async())
