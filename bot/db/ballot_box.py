"""The sealed ballot boxes of votes and of faction member votes: the same three columns (a
random row key, the vote, the sealed bytes), no voter and no time, so one set of statements
serves both tables."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from sqlalchemy import Table, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models.factions import FactionBallotRow
from bot.db.models.voting import SealedBallotRow

BallotBox = type[SealedBallotRow] | type[FactionBallotRow]


async def insert_sealed(
    session: AsyncSession, box: BallotBox, vote_id: int, row_key: str, sealed: bytes
) -> None:
    # A Core insert: one statement, without the unit of work's flush bookkeeping.
    connection = await session.connection()
    table = box.__table__
    assert isinstance(table, Table)
    await connection.execute(insert(table).values(row_key=row_key, vote_id=vote_id, sealed=sealed))


async def insert_sealed_many(
    session: AsyncSession, box: BallotBox, vote_id: int, rows: Sequence[tuple[str, bytes]]
) -> None:
    """Several ballots in one statement (a batch of casts), shuffled first: the order of the
    rows (SQLite's rowid, PostgreSQL's ctid, the order of their WAL records) must not follow
    the order in which the batch marked its voters on the roll."""
    if not rows:
        return
    shuffled = list(rows)
    secrets.SystemRandom().shuffle(shuffled)
    connection = await session.connection()
    table = box.__table__
    assert isinstance(table, Table)
    await connection.execute(
        insert(table),
        [{"row_key": key, "vote_id": vote_id, "sealed": sealed} for key, sealed in shuffled],
    )


async def sealed_rows(
    session: AsyncSession, box: BallotBox, vote_id: int
) -> list[tuple[str, bytes]]:
    rows = await session.execute(select(box.row_key, box.sealed).where(box.vote_id == vote_id))
    return [(key, bytes(sealed)) for key, sealed in rows.tuples()]
