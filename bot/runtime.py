"""Lifetimes of the running bot: database, services, the Bot. Used by `caucus run` and the demo."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import EXTENSIONS, CaucusBot, ShardedCaucusBot
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.db import migrate
from bot.db.engine import create_engine, create_session_factory
from bot.scheduling import Scheduler
from bot.services.container import Core, Services
from bot.services.voting.key_check import BallotKeysUnavailable, check_ballot_keys
from bot.sharding import LEASE_HEARTBEAT_SECONDS, LEASE_TTL_SECONDS, LeaseKeeper, ShardPlan
from bot.sharding.leases import process_owner_name

log = logging.getLogger(__name__)


__all__ = ["BallotKeysUnavailable", "DatabaseUnavailable", "serve"]


class DatabaseUnavailable(RuntimeError):
    """The database could not be reached within the configured retries."""


MAX_BACKOFF_SECONDS = 30.0


def describe_database(url: str) -> str:
    """The URL with its password hidden, for messages."""
    return make_url(url).render_as_string(hide_password=True)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


async def wait_for_database(
    make_engine: Callable[[], AsyncEngine], retries: int, backoff: float, *, name: str = ""
) -> AsyncEngine:
    """Connect with exponential backoff, one warning per failed attempt; after ``retries``
    retries raise DatabaseUnavailable naming the database and the last error."""
    for attempt in range(retries + 1):
        engine: AsyncEngine | None = None
        try:
            engine = make_engine()  # SQLite: creating the file's directory can fail too
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            return engine
        except Exception as exc:  # each driver raises its own connection errors
            if engine is not None:
                await engine.dispose()
            if attempt == retries:
                raise DatabaseUnavailable(
                    f"database {name} unreachable after {retries + 1} attempt(s): {_reason(exc)}."
                    " Check [database] url (or $CAUCUS_DATABASE_URL) and that the server is up."
                ) from exc
            delay = min(backoff * 2**attempt, MAX_BACKOFF_SECONDS)
            log.warning(
                "database %s not reachable (%s); retry %d of %d in %.1fs",
                name,
                _reason(exc),
                attempt + 1,
                retries,
                delay,
            )
            await asyncio.sleep(delay)
    raise AssertionError("unreachable")  # the loop returns or raises


@asynccontextmanager
async def open_database(
    settings: Settings, *, run_migrations: bool = True
) -> AsyncIterator[AsyncEngine]:
    url = settings.database_url
    engine = await wait_for_database(
        lambda: create_engine(url, echo=settings.database.echo),
        settings.database.connect_retries,
        settings.database.connect_backoff_seconds,
        name=describe_database(url),
    )
    try:
        if run_migrations:
            await migrate.upgrade(engine)
        yield engine
    finally:
        await engine.dispose()


def build_services(
    settings: Settings, engine: AsyncEngine, clock: Clock | None = None, *, owner: str = ""
) -> Services:
    clock = clock or SystemClock()
    sessions = create_session_factory(engine)
    scheduler = Scheduler(sessions=sessions, clock=clock)
    if owner:
        scheduler.owner = owner
    return Services(Core(settings=settings, sessions=sessions, clock=clock, scheduler=scheduler))


def create_bot(
    services: Services,
    *,
    sync_commands: bool = True,
    plan: ShardPlan | None = None,
    leases: LeaseKeeper | None = None,
    **options: Any,
) -> CaucusBot:
    """The plain bot for one process with every guild; the auto-sharded one for a shard range."""
    if plan is not None and plan.is_sharded:
        return ShardedCaucusBot(
            services,
            shard_ids=plan.ids,
            shard_count=plan.count,
            extensions=EXTENSIONS,
            sync_commands=sync_commands,
            leases=leases,
            **options,
        )
    return CaucusBot(
        services, extensions=EXTENSIONS, sync_commands=sync_commands, leases=leases, **options
    )


def attach_leases(
    services: Services,
    plan: ShardPlan,
    *,
    heartbeat_seconds: float = LEASE_HEARTBEAT_SECONDS,
    ttl_seconds: float = LEASE_TTL_SECONDS,
) -> LeaseKeeper:
    """Scheduled work follows the shard leases: this process runs the jobs of guilds on the
    shards it holds (its own, and any it took over from a process that died)."""
    scheduler = services.scheduler
    keeper = LeaseKeeper(
        services.core.sessions,
        services.clock,
        plan,
        scheduler.owner,
        heartbeat_seconds=heartbeat_seconds,
        ttl_seconds=ttl_seconds,
    )
    scheduler.owns_guild = keeper.owns_guild
    scheduler.fence_for = keeper.fence_for  # every claim and record carries the lease epoch
    keeper.on_loss = scheduler.abandon  # a lost lease stops that shard's running jobs
    scheduler.requeue_interrupted_at_start = False
    return keeper


async def serve(
    settings: Settings,
    token: str,
    *,
    plan: ShardPlan | None = None,
    lease_heartbeat_seconds: float = LEASE_HEARTBEAT_SECONDS,
    lease_ttl_seconds: float = LEASE_TTL_SECONDS,
    **bot_options: Any,
) -> None:
    """`caucus run`: migrate, then run the bot (these shards, or all) until it is closed."""
    plan = plan or ShardPlan.everything()
    async with open_database(settings) as engine:
        services = build_services(settings, engine, owner=process_owner_name())
        # Never start with secret votes whose keys cannot be read (never a new master key).
        await check_ballot_keys(services.voting, os.environ)
        leases = attach_leases(
            services,
            plan,
            heartbeat_seconds=lease_heartbeat_seconds,
            ttl_seconds=lease_ttl_seconds,
        )
        log.info("starting as %s with %s", services.scheduler.owner, plan.describe())
        async with create_bot(services, plan=plan, leases=leases, **bot_options) as bot:
            _close_on_sigterm(bot)
            await bot.start(token)


def _close_on_sigterm(bot: CaucusBot) -> None:
    """`docker stop` sends SIGTERM: close cleanly, so the shard leases are handed back at once
    rather than after their TTL."""
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError, RuntimeError):  # not on Windows/other threads
        loop.add_signal_handler(signal.SIGTERM, lambda: loop.create_task(bot.close()))
