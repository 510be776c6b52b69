"""Repository for reading sessions as stored (what happened to each on Discord) and the
organizers' plan adjustments.

Every change of a session's state goes through `bot.domain.reading.states`: a move the life
cycle does not allow raises `IllegalTransition` before anything is written. The writes a
scheduled job makes (posted, missed, its event) are guarded (`bot.db.jobs.guard`) like the
outbox's, so a process that lost its shard cannot record them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import jobs
from bot.db.models import PlanAdjustmentRow, ReadingSessionRow
from bot.domain.reading import Adjustment, Anchor, adjustment_from_dict, adjustment_to_dict
from bot.domain.reading.states import INITIAL, SessionState, ensure_session_move


class SessionNotStored(LookupError):
    """The session has no row: the plan was never synced that far."""


@dataclass(frozen=True)
class StoredSession:
    number: int
    state: SessionState
    starts_at: dt.datetime
    document_id: str
    first_paragraph: int
    last_paragraph: int
    thread_id: int | None
    event_id: int | None
    posted_at: dt.datetime | None
    revealed_at: dt.datetime | None
    anchored: bool
    sequence: int

    @property
    def posted(self) -> bool:
        return self.state is SessionState.POSTED


def _stored(row: ReadingSessionRow) -> StoredSession:
    return StoredSession(
        number=row.number,
        state=SessionState(row.state),
        starts_at=row.starts_at,
        document_id=row.document_id,
        first_paragraph=row.first_paragraph,
        last_paragraph=row.last_paragraph,
        thread_id=row.thread_id,
        event_id=row.event_id,
        posted_at=row.posted_at,
        revealed_at=row.revealed_at,
        anchored=bool(row.anchored),
        sequence=row.sequence or 0,
    )


def _move(row: ReadingSessionRow, target: SessionState) -> None:
    ensure_session_move(SessionState(row.state), target)
    row.state = target.value


async def _row(session: AsyncSession, guild_id: int, number: int) -> ReadingSessionRow | None:
    row: ReadingSessionRow | None = await session.scalar(
        select(ReadingSessionRow).where(
            ReadingSessionRow.guild_id == guild_id, ReadingSessionRow.number == number
        )
    )
    return row


async def _existing(session: AsyncSession, guild_id: int, number: int) -> ReadingSessionRow:
    row = await _row(session, guild_id, number)
    if row is None:
        raise SessionNotStored(f"reading session {number} of guild {guild_id} is not stored")
    return row


# -- reading -----------------------------------------------------------------------------------


async def get(session: AsyncSession, guild_id: int, number: int) -> StoredSession | None:
    row = await _row(session, guild_id, number)
    return _stored(row) if row is not None else None


async def state_of(session: AsyncSession, guild_id: int, number: int) -> SessionState | None:
    value = await session.scalar(
        select(ReadingSessionRow.state).where(
            ReadingSessionRow.guild_id == guild_id, ReadingSessionRow.number == number
        )
    )
    return SessionState(value) if value is not None else None


async def of_thread(session: AsyncSession, guild_id: int, thread_id: int) -> StoredSession | None:
    """The session whose thread this is, if any."""
    row = await session.scalar(
        select(ReadingSessionRow).where(
            ReadingSessionRow.guild_id == guild_id, ReadingSessionRow.thread_id == thread_id
        )
    )
    return _stored(row) if row is not None else None


async def all_sessions(session: AsyncSession, guild_id: int) -> dict[int, StoredSession]:
    rows = await session.scalars(
        select(ReadingSessionRow).where(ReadingSessionRow.guild_id == guild_id)
    )
    return {row.number: _stored(row) for row in rows}


async def in_states(
    session: AsyncSession, guild_id: int, states: Iterable[SessionState]
) -> list[StoredSession]:
    """The guild's sessions in any of ``states``, by number."""
    rows = await session.scalars(
        select(ReadingSessionRow)
        .where(
            ReadingSessionRow.guild_id == guild_id,
            ReadingSessionRow.state.in_([state.value for state in states]),
        )
        .order_by(ReadingSessionRow.number)
    )
    return [_stored(row) for row in rows]


async def anchors(session: AsyncSession, guild_id: int) -> list[Anchor]:
    rows = await session.scalars(
        select(ReadingSessionRow).where(
            ReadingSessionRow.guild_id == guild_id, ReadingSessionRow.anchored.is_(True)
        )
    )
    return [
        Anchor(row.number, row.document_id, row.first_paragraph, row.last_paragraph) for row in rows
    ]


# -- the plan's writes (PlanService.sync) ---------------------------------------------------------


class SessionLedger:
    """A guild's session rows loaded once for a re-plan, changed only through its methods."""

    def __init__(self, session: AsyncSession, guild_id: int, rows: dict[int, ReadingSessionRow]):
        self._session = session
        self._guild_id = guild_id
        self._rows = rows

    @classmethod
    async def load(cls, session: AsyncSession, guild_id: int) -> SessionLedger:
        rows = await session.scalars(
            select(ReadingSessionRow).where(ReadingSessionRow.guild_id == guild_id)
        )
        return cls(session, guild_id, {row.number: row for row in rows})

    def get(self, number: int) -> StoredSession | None:
        row = self._rows.get(number)
        return _stored(row) if row is not None else None

    def numbers(self) -> list[int]:
        return sorted(self._rows)

    def schedule(
        self,
        number: int,
        starts_at: dt.datetime,
        document_id: str,
        first_paragraph: int,
        last_paragraph: int,
    ) -> bool:
        """Date the session (new, re-dated, resumed, back in the plan or owed and rescheduled).

        Returns True when its Discord event exists and must move. The calendar's SEQUENCE grows
        whenever a stored date changes or a held session comes back.
        """
        row = self._rows.get(number)
        if row is None:
            row = ReadingSessionRow(guild_id=self._guild_id, number=number, state=INITIAL.value)
            self._session.add(row)
            self._rows[number] = row
        else:
            ensure_session_move(SessionState(row.state), SessionState.SCHEDULED)
        if row.starts_at is not None and (
            row.starts_at != starts_at or row.state == SessionState.HELD.value
        ):
            row.sequence = (row.sequence or 0) + 1
        moved = row.event_id is not None and row.starts_at != starts_at
        row.starts_at = starts_at
        row.document_id = document_id
        row.first_paragraph = first_paragraph
        row.last_paragraph = last_paragraph
        row.state = SessionState.SCHEDULED.value
        return moved

    def undate(self, number: int, target: SessionState) -> None:
        """Hold (a pause) or remove (a config edit) a session the plan no longer dates."""
        if target not in (SessionState.HELD, SessionState.REMOVED):
            raise ValueError(f"undating a session means holding or removing it, not {target}")
        row = self._rows[number]
        _move(row, target)
        row.sequence = (row.sequence or 0) + 1


# -- the writes of an organizer's command and of the session's jobs ------------------------------


async def schedule_late(session: AsyncSession, guild_id: int, number: int) -> None:
    """A missed (or overdue) session is scheduled again, to be posted now; it keeps its
    paragraphs whatever the config does meanwhile."""
    row = await _existing(session, guild_id, number)
    _move(row, SessionState.SCHEDULED)
    row.anchored = True


async def mark_posted(
    session: AsyncSession, guild_id: int, number: int, thread_id: int, at: dt.datetime
) -> None:
    await jobs.guard(session)
    row = await _existing(session, guild_id, number)
    _move(row, SessionState.POSTED)
    row.thread_id = thread_id
    row.posted_at = at
    row.anchored = True  # its paragraphs are fixed for good


async def mark_missed(session: AsyncSession, guild_id: int, number: int) -> None:
    await jobs.guard(session)
    row = await _existing(session, guild_id, number)
    _move(row, SessionState.MISSED)
    row.anchored = True  # owed to members as planned


async def set_event(
    session: AsyncSession, guild_id: int, number: int, event_id: int | None
) -> None:
    """Record the session's Discord scheduled event (None: it was cancelled)."""
    await jobs.guard(session)
    row = await _existing(session, guild_id, number)
    row.event_id = event_id


async def reveal(session: AsyncSession, guild_id: int, number: int, at: dt.datetime) -> bool:
    """Record the blind-first reveal once. Returns False when the session has no row."""
    row = await _row(session, guild_id, number)
    if row is None:
        return False
    row.revealed_at = row.revealed_at or at
    return True


# -- plan adjustments ---------------------------------------------------------------------------


async def adjustments(session: AsyncSession, guild_id: int) -> list[Adjustment]:
    rows = await session.scalars(
        select(PlanAdjustmentRow)
        .where(PlanAdjustmentRow.guild_id == guild_id)
        .order_by(PlanAdjustmentRow.id)
    )
    return [adjustment_from_dict(row.data) for row in rows]


async def add_adjustment(
    session: AsyncSession, guild_id: int, adjustment: Adjustment, actor_id: int, at: dt.datetime
) -> dict[str, Any]:
    data = adjustment_to_dict(adjustment)
    session.add(PlanAdjustmentRow(guild_id=guild_id, data=data, actor_id=actor_id, at=at))
    return data
