"""The names services use for a database session and its factory, and the one database error
they handle, so no module outside bot/db imports SQLAlchemy (the ruff ban TID251 holds there)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

DbSession = AsyncSession
"""An open unit of work: services begin one per interaction and pass it to repositories."""

DbSessions = async_sessionmaker[AsyncSession]

DuplicateRow = IntegrityError
"""Another transaction inserted the same unique row first (a concurrent sync or insert)."""

__all__ = ["DbSession", "DbSessions", "DuplicateRow", "round_trip"]


async def round_trip(session: AsyncSession) -> None:
    """One trivial query: the database answers (health checks time it)."""
    await session.execute(text("SELECT 1"))
