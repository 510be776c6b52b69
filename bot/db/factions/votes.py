"""Member votes: the vote, a roll that records only *has voted*, and a sealed ballot box.

A voter's transaction writes only their roll flip and a sealed ballot under a random key
(docs/secret-ballots.md): the yes/no counters are written once, when the vote is decided,
from the ballots opened then. (Votes called before sealed ballots, with no public key, still
count with the counters as they go.)"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.ballot_box import insert_sealed, sealed_rows
from bot.db.models.factions import FactionBallotRow, FactionVoteRollRow, FactionVoteRow
from bot.db.voting import FACTION_VOTE_LOCKS, hold_vote_lock, share_vote_lock


@dataclass(frozen=True)
class StoredFactionVote:
    id: int
    guild_id: int
    faction_id: int | None
    purpose: str
    election_id: int | None
    candidate_id: int | None
    document_id: int | None
    called_by: int
    called_at: dt.datetime
    closes_at: dt.datetime
    electorate_size: int
    yes: int
    no: int
    outcome: str | None
    decided_at: dt.datetime | None
    channel_id: int | None
    message_id: int | None
    public_key: bytes | None = None  # None: a vote from before sealed ballots (counters)
    summary: str | None = None  # the result sentence, once decided

    @property
    def is_sealed(self) -> bool:
        return self.public_key is not None

    @property
    def is_decided(self) -> bool:
        return self.outcome is not None

    @property
    def ballots(self) -> int:
        return self.yes + self.no


def _vote(row: FactionVoteRow) -> StoredFactionVote:
    return StoredFactionVote(
        id=row.id,
        guild_id=row.guild_id,
        faction_id=row.faction_id,
        purpose=row.purpose,
        election_id=row.election_id,
        candidate_id=row.candidate_id,
        document_id=row.document_id,
        called_by=row.called_by,
        called_at=row.called_at,
        closes_at=row.closes_at,
        electorate_size=row.electorate_size,
        yes=row.yes,
        no=row.no,
        outcome=row.outcome,
        decided_at=row.decided_at,
        channel_id=row.channel_id,
        message_id=row.message_id,
        public_key=bytes(row.public_key) if row.public_key is not None else None,
        summary=row.summary,
    )


async def insert_vote(
    session: AsyncSession,
    *,
    guild_id: int,
    faction_id: int | None,
    purpose: str,
    called_by: int,
    called_at: dt.datetime,
    closes_at: dt.datetime,
    electorate: frozenset[int],
    election_id: int | None = None,
    candidate_id: int | None = None,
    document_id: int | None = None,
    public_key: bytes | None = None,
) -> int:
    row = FactionVoteRow(
        public_key=public_key,
        guild_id=guild_id,
        faction_id=faction_id,
        purpose=purpose,
        called_by=called_by,
        called_at=called_at,
        closes_at=closes_at,
        electorate_size=len(electorate),
        yes=0,
        no=0,
        election_id=election_id,
        candidate_id=candidate_id,
        document_id=document_id,
    )
    session.add(row)
    await session.flush()
    session.add_all(
        FactionVoteRollRow(vote_id=row.id, member_id=member, has_voted=False)
        for member in sorted(electorate)
    )
    await session.flush()
    return row.id


async def get_vote(
    session: AsyncSession, vote_id: int, *, for_share: bool = False
) -> StoredFactionVote | None:
    if not for_share:
        row = await session.get(FactionVoteRow, vote_id, populate_existing=True)
        return _vote(row) if row else None
    # PostgreSQL: casts share the vote's lock, the close's hold_for_decision excludes them.
    await share_vote_lock(session, vote_id, FACTION_VOTE_LOCKS)
    found = await session.scalar(
        select(FactionVoteRow)
        .where(FactionVoteRow.id == vote_id)
        .execution_options(populate_existing=True)
    )
    return _vote(found) if found else None


async def is_decided_now(session: AsyncSession, vote_id: int) -> bool:
    """Whether the vote is decided as committed now (a cast re-reads it after its write)."""
    outcome = await session.scalar(
        select(FactionVoteRow.outcome).where(FactionVoteRow.id == vote_id)
    )
    return outcome is not None


async def hold_for_decision(session: AsyncSession, vote_id: int) -> None:
    """Take the vote's write lock before counting (see bot/db/voting.py hold_for_close)."""
    await hold_vote_lock(session, vote_id, FACTION_VOTE_LOCKS)
    await session.execute(
        update(FactionVoteRow)
        .where(FactionVoteRow.id == vote_id)
        .values(outcome=FactionVoteRow.outcome),
        execution_options={"synchronize_session": False},
    )


async def insert_ballot(session: AsyncSession, vote_id: int, row_key: str, sealed: bytes) -> None:
    await insert_sealed(session, FactionBallotRow, vote_id, row_key, sealed)


async def sealed_ballots(session: AsyncSession, vote_id: int) -> list[tuple[str, bytes]]:
    return await sealed_rows(session, FactionBallotRow, vote_id)


async def forget_ballots(session: AsyncSession, vote_id: int) -> None:
    await session.execute(delete(FactionBallotRow).where(FactionBallotRow.vote_id == vote_id))


async def count_voted(session: AsyncSession, vote_id: int) -> int:
    found = await session.scalar(
        select(func.count())
        .select_from(FactionVoteRollRow)
        .where(FactionVoteRollRow.vote_id == vote_id, FactionVoteRollRow.has_voted.is_(True))
    )
    return int(found or 0)


async def sealed_votes_needing_keys(session: AsyncSession) -> list[tuple[int, int, bytes]]:
    """(vote id, guild id, public key) of every undecided member vote with sealed ballots."""
    rows = await session.execute(
        select(FactionVoteRow.id, FactionVoteRow.guild_id, FactionVoteRow.public_key)
        .where(FactionVoteRow.outcome.is_(None), FactionVoteRow.public_key.is_not(None))
        .order_by(FactionVoteRow.id)
    )
    return [(i, g, bytes(k or b"")) for i, g, k in rows.tuples()]


async def open_votes(
    session: AsyncSession,
    guild_id: int,
    *,
    faction_id: int | None = None,
    purpose: str | None = None,
) -> list[StoredFactionVote]:
    query = select(FactionVoteRow).where(
        FactionVoteRow.guild_id == guild_id, FactionVoteRow.outcome.is_(None)
    )
    if faction_id is not None:
        query = query.where(FactionVoteRow.faction_id == faction_id)
    if purpose is not None:
        query = query.where(FactionVoteRow.purpose == purpose)
    return [_vote(row) for row in await session.scalars(query.order_by(FactionVoteRow.id))]


async def decided_votes(
    session: AsyncSession, guild_id: int, since: dt.datetime, until: dt.datetime
) -> list[StoredFactionVote]:
    rows = await session.scalars(
        select(FactionVoteRow)
        .where(
            FactionVoteRow.guild_id == guild_id,
            FactionVoteRow.decided_at >= since,
            FactionVoteRow.decided_at < until,
        )
        .order_by(FactionVoteRow.decided_at)
    )
    return [_vote(row) for row in rows]


async def mark_voted(session: AsyncSession, vote_id: int, member_id: int) -> bool:
    """Mark the member as having voted; False when they are not on the roll or voted already.

    A compare-and-set on the roll entry, so two clicks cannot both count.
    """
    result = await session.execute(
        update(FactionVoteRollRow)
        .where(
            FactionVoteRollRow.vote_id == vote_id,
            FactionVoteRollRow.member_id == member_id,
            FactionVoteRollRow.has_voted.is_(False),
        )
        .values(has_voted=True)
    )
    return bool(getattr(result, "rowcount", 0))


async def on_roll(session: AsyncSession, vote_id: int, member_id: int) -> bool | None:
    """None when not on the roll, else whether they have voted."""
    row = await session.get(FactionVoteRollRow, (vote_id, member_id))
    return None if row is None else row.has_voted


async def add_choice(session: AsyncSession, vote_id: int, *, yes: bool) -> None:
    column = FactionVoteRow.yes if yes else FactionVoteRow.no
    await session.execute(
        update(FactionVoteRow).where(FactionVoteRow.id == vote_id).values({column.key: column + 1})
    )


async def update_vote(session: AsyncSession, vote_id: int, **values: object) -> None:
    await session.execute(
        update(FactionVoteRow).where(FactionVoteRow.id == vote_id).values(**values)
    )
