"""A batch of casts written together: the group commit of bot/services/voting/group_commit.py.

The roll entries of the batch's voters read and locked in one statement, their
compare-and-sets in one statement per kind of condition, and the batch's sealed ballots
inserted at once. The one-ballot forms of these writes stay in bot/db/voting.py, as do the
secrecy rules: nothing here writes a voter id beside a secret vote's choice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.ballot_box import insert_sealed_many
from bot.db.models.voting import SealedBallotRow, VoteRollRow
from bot.db.voting import RollEntry

# -- the roll ------------------------------------------------------------------------------


async def roll_entries(
    session: AsyncSession, vote_id: int, member_ids: Iterable[int], *, for_update: bool = False
) -> dict[int, RollEntry]:
    """Several members' entries in one statement (a batch of casts). PostgreSQL locks them in
    member order, so two processes' batches never wait on each other in a circle."""
    query = (
        select(
            VoteRollRow.member_id,
            VoteRollRow.has_voted,
            VoteRollRow.seal_pointer,
            VoteRollRow.open_ballot,
        )
        .where(VoteRollRow.vote_id == vote_id, VoteRollRow.member_id.in_(sorted(set(member_ids))))
        .order_by(VoteRollRow.member_id)
    )
    if for_update:
        query = query.with_for_update()
    rows = await session.execute(query)
    return {
        member: RollEntry(member, has_voted, pointer, dict(b) if b is not None else None)
        for member, has_voted, pointer, b in rows.tuples()
    }


@dataclass(frozen=True)
class RollMark:
    """One voter's compare-and-set in a batch of casts (see voting.mark_sealed_vote)."""

    member_id: int
    expected_pointer: bytes | None
    new_pointer: bytes | None
    first_only: bool


def counts_batched_rows(session: AsyncSession) -> bool:
    """Whether the driver reports the summed row count of a many-rows statement."""
    return session.bind is not None and session.bind.dialect.supports_sane_multi_rowcount


async def mark_sealed_votes(session: AsyncSession, vote_id: int, marks: Sequence[RollMark]) -> bool:
    """voting.mark_sealed_vote for a batch, one statement per kind of condition. True when every
    entry was marked; False when any compare-and-set failed (the caller rolls back)."""
    first = [m for m in marks if m.first_only or m.expected_pointer is None]
    changed = [m for m in marks if not (m.first_only or m.expected_pointer is None)]
    connection = await session.connection()
    updated = 0
    base = update(VoteRollRow).where(
        VoteRollRow.vote_id == vote_id, VoteRollRow.member_id == bindparam("voter")
    )
    if first:
        result = await connection.execute(
            base.where(VoteRollRow.has_voted.is_(False)).values(
                has_voted=True, seal_pointer=bindparam("pointer")
            ),
            [{"voter": m.member_id, "pointer": m.new_pointer} for m in first],
        )
        updated += result.rowcount
    if changed:
        result = await connection.execute(
            base.where(VoteRollRow.seal_pointer == bindparam("expected")).values(
                has_voted=True, seal_pointer=bindparam("pointer")
            ),
            [
                {"voter": m.member_id, "expected": m.expected_pointer, "pointer": m.new_pointer}
                for m in changed
            ],
        )
        updated += result.rowcount
    return updated == len(marks)


# -- the sealed ballot box ---------------------------------------------------------------


async def insert_sealed_ballots(
    session: AsyncSession, vote_id: int, rows: Sequence[tuple[str, bytes]]
) -> None:
    """A batch of ballots, in an order unrelated to the voters' (see insert_sealed_many)."""
    await insert_sealed_many(session, SealedBallotRow, vote_id, rows)
