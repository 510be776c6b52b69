"""The test database: in-memory SQLite by default, PostgreSQL when CAUCUS_TEST_POSTGRES_URL is set.

Each test gets an empty schema built by the real Alembic migrations, so every database test
also exercises the migrations.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import migrate
from bot.db.engine import create_engine

POSTGRES_URL_ENV = "CAUCUS_TEST_POSTGRES_URL"


def test_database_url() -> str:
    return os.environ.get(POSTGRES_URL_ENV) or "sqlite+aiosqlite:///:memory:"


async def fresh_engine(url: str | None = None) -> AsyncIterator[AsyncEngine]:
    url = url or test_database_url()
    engine = create_engine(url)
    if engine.dialect.name == "postgresql":
        async with engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
    await migrate.upgrade(engine)
    try:
        yield engine
    finally:
        await engine.dispose()
