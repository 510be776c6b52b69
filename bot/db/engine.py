"""Engine and session factory. SQLite gets WAL, foreign keys and secure_delete; PostgreSQL
needs nothing extra. `scrub_storage` empties SQLite's WAL or vacuums PostgreSQL's secret
tables after a vote's secrets are forgotten (docs/secret-ballots.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import StaticPool


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    parsed = make_url(url)
    # hide_parameters: a logged statement must never show a member id next to ballot data.
    kwargs: dict[str, Any] = {"echo": echo, "hide_parameters": True}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database in ("", ":memory:"):
            # One shared connection, or every session would see its own empty database.
            kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
        else:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
            kwargs["connect_args"] = {"timeout": 30}
    else:
        # A server that stops answering must fail fast, not hang a command for a minute.
        kwargs.update(
            pool_pre_ping=True,
            pool_size=10,
            max_overflow=20,
            connect_args={"timeout": 10, "command_timeout": 30},
        )
    engine = create_async_engine(url, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    # Deleted rows (a closed vote's sealed ballots and pointers) are zeroed, not left in
    # free space where a forensic reader finds them.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


# Tables whose old row versions hold ballot material until scrubbed.
SECRET_TABLES = ("vote_ballots", "vote_roll", "votes", "faction_vote_ballots", "faction_votes")


async def scrub_storage(engine: AsyncEngine) -> None:
    """After a vote's secrets were forgotten: on SQLite, checkpoint the WAL and truncate it
    (its frames keep every earlier version of a changed page); on PostgreSQL, VACUUM the
    secret tables so dead row versions leave the heap (outside any transaction). Neither
    reaches PostgreSQL's WAL archive or backups: destroying the key file is what does."""
    async with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            await connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            await connection.commit()
        else:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.exec_driver_sql("VACUUM " + ", ".join(SECRET_TABLES))


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
