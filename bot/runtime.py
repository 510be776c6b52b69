"""Lifetimes of the running bot: database, services, the Bot. Used by `caucus run` and the demo."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import EXTENSIONS, CaucusBot
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.db import migrate
from bot.db.engine import create_engine, create_session_factory
from bot.scheduling import Scheduler
from bot.services.container import Core, Services

log = logging.getLogger(__name__)


class DatabaseUnavailable(RuntimeError):
    """The database could not be reached within the configured retries."""


async def wait_for_database(engine: AsyncEngine, retries: int, backoff: float) -> None:
    """Retry with exponential backoff; log each failure once, give up after ``retries``."""
    for attempt in range(retries + 1):
        try:
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            return
        except (OSError, Exception) as exc:  # drivers raise their own connection errors
            if attempt == retries:
                raise DatabaseUnavailable(
                    f"database unreachable after {retries + 1} attempts: {exc}"
                ) from exc
            delay = min(backoff * 2**attempt, 30.0)
            log.warning("database not reachable (%s); retrying in %.1fs", exc, delay)
            await asyncio.sleep(delay)


@asynccontextmanager
async def open_database(
    settings: Settings, *, run_migrations: bool = True
) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(settings.database_url, echo=settings.database.echo)
    try:
        await wait_for_database(
            engine, settings.database.connect_retries, settings.database.connect_backoff_seconds
        )
        if run_migrations:
            await migrate.upgrade(engine)
        yield engine
    finally:
        await engine.dispose()


def build_services(settings: Settings, engine: AsyncEngine, clock: Clock | None = None) -> Services:
    clock = clock or SystemClock()
    sessions = create_session_factory(engine)
    scheduler = Scheduler(sessions=sessions, clock=clock)
    return Services(Core(settings=settings, sessions=sessions, clock=clock, scheduler=scheduler))


def create_bot(services: Services, *, sync_commands: bool = True) -> CaucusBot:
    return CaucusBot(services, extensions=EXTENSIONS, sync_commands=sync_commands)
