"""Candidacies of elections: one person each (never a slate), in the order they stood, with
the name shown on the ballot and the candidate's Q&A thread."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models.voting import NominationRow
from bot.domain.voting.nominations import Nomination, Nominations, NominationStatus


@dataclass(frozen=True)
class Candidacy:
    """A nomination with what the domain value does not carry: name, order and Q&A thread."""

    nomination: Nomination
    name: str
    thread_id: int | None


async def candidacies(session: AsyncSession, vote_id: int) -> list[Candidacy]:
    rows = await session.scalars(
        select(NominationRow)
        .where(NominationRow.vote_id == vote_id)
        .order_by(NominationRow.position)
    )
    return [
        Candidacy(
            Nomination(
                row.nominee_id, row.nominator_id, NominationStatus(row.status), row.statement
            ),
            row.nominee_name,
            row.thread_id,
        )
        for row in rows
    ]


async def save_nominations(
    session: AsyncSession, vote_id: int, nominations: Nominations, names: Mapping[int, str]
) -> None:
    """Write the election's nominations (the domain value keeps their order)."""
    existing = {
        row.nominee_id: row
        for row in await session.scalars(
            select(NominationRow).where(NominationRow.vote_id == vote_id)
        )
    }
    for position, nomination in enumerate(nominations.entries):
        row = existing.get(nomination.nominee_id)
        if row is None:
            row = NominationRow(vote_id=vote_id, nominee_id=nomination.nominee_id)
            session.add(row)
        row.position = position
        row.nominator_id = nomination.nominator_id
        row.status = nomination.status.value
        row.statement = nomination.statement
        row.nominee_name = names.get(nomination.nominee_id, row.nominee_name or "")[:100]
    await session.flush()


async def set_candidate_thread(
    session: AsyncSession, vote_id: int, nominee_id: int, thread_id: int
) -> None:
    await session.execute(
        update(NominationRow)
        .where(NominationRow.vote_id == vote_id, NominationRow.nominee_id == nominee_id)
        .values(thread_id=thread_id)
    )
