"""The test database: in-memory SQLite by default, PostgreSQL when CAUCUS_TEST_POSTGRES_URL is set.

Each test gets an empty schema built by the real Alembic migrations, so every database test
also exercises the migrations. On PostgreSQL each pytest process works in a database of its
own (created on first use, dropped at the end), so parallel runs on one server never collide.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import migrate
from bot.db.engine import create_engine

POSTGRES_URL_ENV = "CAUCUS_TEST_POSTGRES_URL"
_created: set[str] = set()


def server_url() -> str | None:
    return os.environ.get(POSTGRES_URL_ENV) or None


def database_url_for_tests() -> str:
    base = server_url()
    if base is None:
        return "sqlite+aiosqlite:///:memory:"
    url = make_url(base)
    return url.set(database=f"{url.database}_{os.getpid()}").render_as_string(hide_password=False)


async def _ensure_database(url: str) -> None:
    base = server_url()
    if url in _created or base is None or make_url(url).database == make_url(base).database:
        return  # never create (or later drop) the server's own database
    admin = create_engine(server_url() or "").execution_options(isolation_level="AUTOCOMMIT")
    name = make_url(url).database
    async with admin.connect() as connection:
        exists = await connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        )
        if not exists:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
    await admin.dispose()
    _created.add(url)


async def drop_created_databases() -> None:
    if not _created or server_url() is None:
        return
    admin = create_engine(server_url() or "").execution_options(isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        for url in _created:
            await connection.execute(
                text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
            )
    await admin.dispose()
    _created.clear()


async def fresh_engine(url: str | None = None) -> AsyncIterator[AsyncEngine]:
    url = url or database_url_for_tests()
    if url.startswith("postgresql"):
        await _ensure_database(url)
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
