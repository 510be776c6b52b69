"""The benchmark's databases, and the two write rates it compares.

A throwaway database per backend (a temporary SQLite file; a database of our own on the
PostgreSQL server, dropped afterwards), migrated by the real Alembic migrations. On it:
the raw rate of single-row INSERT transactions, and the rate of secret ballots through the
real casting service (sealing, roll compare-and-set, ballot row; one transaction each when
cast one after another, shared transactions by group commit when cast all at once).
"""

from __future__ import annotations

import asyncio
import os
import secrets
import tempfile
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy import Column, Integer, LargeBinary, MetaData, Table, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import migrate
from bot.db.engine import create_engine
from bot.domain.voting.ballots import MotionBallot, MotionChoice
from bot.domain.voting.kinds import VoteKind
from bot.services.actors import Actor
from bot.services.container import Services
from bot.services.voting.records import CreateRequest

POSTGRES_URL_ENV = "CAUCUS_TEST_POSTGRES_URL"
SEALED_BALLOT_BYTES = 1_584  # docs/secret-ballots.md: every sealed ballot has this size

_raw = MetaData()
RAW_INSERTS = Table(
    "bench_raw_insert",
    _raw,
    Column("id", Integer, primary_key=True),
    Column("body", LargeBinary, nullable=False),
)


class Backend(StrEnum):
    SQLITE = "sqlite"
    POSTGRES = "postgres"


@asynccontextmanager
async def throwaway_database(backend: Backend) -> AsyncIterator[str]:
    """A migrated, empty database; yields its URL and removes it afterwards."""
    if backend is Backend.SQLITE:
        with tempfile.TemporaryDirectory(prefix="caucus-bench-") as directory:
            url = f"sqlite+aiosqlite:///{Path(directory) / 'bench.sqlite3'}"
            await _migrate(url)
            yield url
        return
    server = os.environ.get(POSTGRES_URL_ENV)
    if not server:
        raise SystemExit(f"--backend postgres needs ${POSTGRES_URL_ENV} (a server URL)")
    name = f"caucus_bench_load_{os.getpid()}"
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    admin = create_engine(server).execution_options(isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        await _migrate(url)
        yield url
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


async def _migrate(url: str) -> None:
    engine = create_engine(url)
    try:
        await migrate.upgrade(engine)
    finally:
        await engine.dispose()


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.count / self.seconds


async def raw_insert_rate(engine: AsyncEngine, rows: int) -> Rate:
    """Plain INSERTs of one ballot-sized row, one transaction each, one after another."""
    async with engine.begin() as connection:
        await connection.run_sync(_raw.create_all)
    body = secrets.token_bytes(SEALED_BALLOT_BYTES)
    started = time.perf_counter()
    for _ in range(rows):
        async with engine.begin() as connection:
            await connection.execute(insert(RAW_INSERTS).values(body=body))
    elapsed = time.perf_counter() - started
    async with engine.begin() as connection:
        await connection.run_sync(_raw.drop_all)
    return Rate(rows, elapsed)


@dataclass(frozen=True)
class BallotRates:
    sequential: Rate
    concurrent: Rate


async def secret_ballot_rates(
    services: Services,
    guild_id: int,
    organizer: Actor,
    member_role: int,
    voters: int,
) -> BallotRates:
    """Secret ballots through CastingService.cast: once one voter after another, once all
    voters at once (asyncio.gather), each on a fresh secret, changeable motion."""
    rates = []
    for together in (False, True):
        members = [
            Actor(guild_id, 9 * 10**15 + i, f"voter {i}", frozenset({member_role}))
            for i in range(voters)
        ]
        vote_id = await _open_motion(services, organizer, [m.member_id for m in members])
        rates.append(await _cast_all(services, vote_id, members, together=together))
    return BallotRates(sequential=rates[0], concurrent=rates[1])


async def _open_motion(services: Services, organizer: Actor, roll: Sequence[int]) -> int:
    request = CreateRequest(
        title="Bench motion", kind=VoteKind.MOTION, secret=True, changeable=True
    )
    created = await services.voting.votes.create(organizer, request)
    await services.voting.votes.open(organizer.guild_id, created.id, roll)
    return created.id


async def _cast_all(
    services: Services, vote_id: int, members: Sequence[Actor], *, together: bool
) -> Rate:
    casting = services.voting.casting
    ballot = MotionBallot(MotionChoice.YES)
    started = time.perf_counter()
    if together:
        await asyncio.gather(*(casting.cast(m, vote_id, ballot) for m in members))
    else:
        for member in members:
            await casting.cast(member, vote_id, ballot)
    return Rate(len(members), time.perf_counter() - started)
