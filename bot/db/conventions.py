"""Conventions, their agenda items, amendments and check-ins: rows in, frozen values out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models.conventions import (
    ConventionAmendmentRow,
    ConventionCheckinRow,
    ConventionItemRow,
    ConventionRow,
)
from bot.domain.conventions.agenda import ConventionState, ItemKind, ItemState
from bot.domain.conventions.amendments import AmendmentKind, AmendmentResult, Change


@dataclass(frozen=True)
class StoredConvention:
    id: int
    guild_id: int
    title: str
    state: ConventionState
    starts_at: dt.datetime
    ends_at: dt.datetime
    created_by: int
    closed_at: dt.datetime | None
    channel_id: int | None
    agenda_message_id: int | None


@dataclass(frozen=True)
class MinorityReport:
    author: str
    text: str


@dataclass(frozen=True)
class StoredItem:
    id: int
    convention_id: int
    position: int
    kind: ItemKind
    title: str
    state: ItemState
    body: str
    final_text: str | None
    vote_id: int | None
    minority: tuple[MinorityReport, ...]
    open_at: dt.datetime | None = None  # the chair's schedule; None: by `/convention next`
    close_at: dt.datetime | None = None


@dataclass(frozen=True)
class Cosigner:
    member_id: int
    name: str


@dataclass(frozen=True)
class StoredAmendment:
    id: int
    item_id: int
    number: int
    change: Change
    proposer_id: int
    proposer_name: str
    cosigners: tuple[Cosigner, ...]
    result: AmendmentResult
    vote_id: int | None
    lapsed_by: int | None


@dataclass(frozen=True)
class Checkin:
    member_id: int
    name: str
    checked_in_at: dt.datetime


def _convention(row: ConventionRow) -> StoredConvention:
    return StoredConvention(
        id=row.id,
        guild_id=row.guild_id,
        title=row.title,
        state=ConventionState(row.state),
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        created_by=row.created_by,
        closed_at=row.closed_at,
        channel_id=row.channel_id,
        agenda_message_id=row.agenda_message_id,
    )


def _item(row: ConventionItemRow) -> StoredItem:
    return StoredItem(
        id=row.id,
        convention_id=row.convention_id,
        position=row.position,
        kind=ItemKind(row.kind),
        title=row.title,
        state=ItemState(row.state),
        body=row.body,
        final_text=row.final_text,
        vote_id=row.vote_id,
        minority=tuple(MinorityReport(m["author"], m["text"]) for m in row.minority or ()),
        open_at=row.open_at,
        close_at=row.close_at,
    )


def _amendment(row: ConventionAmendmentRow) -> StoredAmendment:
    return StoredAmendment(
        id=row.id,
        item_id=row.item_id,
        number=row.number,
        change=Change(AmendmentKind(row.kind), row.start_line, row.end_line, tuple(row.new_lines)),
        proposer_id=row.proposer_id,
        proposer_name=row.proposer_name,
        cosigners=tuple(Cosigner(int(c["id"]), str(c["name"])) for c in row.cosigners or ()),
        result=AmendmentResult(row.result),
        vote_id=row.vote_id,
        lapsed_by=row.lapsed_by,
    )


# -- conventions -----------------------------------------------------------------------------


async def _next_number(session: AsyncSession, parent: Any, parent_id: int) -> int:
    """The next number in a parent's sequence (items of a convention, amendments of an item)."""
    count = await session.scalar(select(func.count()).where(parent == parent_id))
    return int(count or 0) + 1


async def _fresh_in_order(session: AsyncSession, where: Any, order: Any) -> Sequence[Any]:
    """Rows of the entity `order` belongs to, re-read from the database, in `order`."""
    rows = await session.scalars(
        select(order.class_).where(where).order_by(order).execution_options(populate_existing=True)
    )
    return rows.all()


async def insert_convention(
    session: AsyncSession,
    *,
    guild_id: int,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    created_by: int,
    created_at: dt.datetime,
    channel_id: int | None,
) -> int:
    row = ConventionRow(
        guild_id=guild_id,
        title=title,
        state=ConventionState.SCHEDULED.value,
        starts_at=starts_at,
        ends_at=ends_at,
        created_by=created_by,
        created_at=created_at,
        channel_id=channel_id,
    )
    session.add(row)
    await session.flush()
    return row.id


async def get_convention(session: AsyncSession, convention_id: int) -> StoredConvention | None:
    row = await session.get(ConventionRow, convention_id, populate_existing=True)
    return None if row is None else _convention(row)


async def list_conventions(
    session: AsyncSession, guild_id: int, *, limit: int = 20
) -> list[StoredConvention]:
    rows = await session.scalars(
        select(ConventionRow)
        .where(ConventionRow.guild_id == guild_id)
        .order_by(ConventionRow.id.desc())
        .limit(limit)
    )
    return [_convention(row) for row in rows]


async def update_convention(session: AsyncSession, convention_id: int, **values: Any) -> None:
    if "state" in values and isinstance(values["state"], ConventionState):
        values["state"] = values["state"].value
    await session.execute(
        update(ConventionRow).where(ConventionRow.id == convention_id).values(**values)
    )


# -- items -----------------------------------------------------------------------------------


async def insert_item(
    session: AsyncSession,
    convention_id: int,
    *,
    kind: ItemKind,
    title: str,
    body: str = "",
    vote_id: int | None = None,
    open_at: dt.datetime | None = None,
    close_at: dt.datetime | None = None,
) -> StoredItem:
    row = ConventionItemRow(
        convention_id=convention_id,
        position=await _next_number(session, ConventionItemRow.convention_id, convention_id),
        kind=kind.value,
        title=title,
        state=ItemState.PENDING.value,
        body=body,
        vote_id=vote_id,
        minority=[],
        open_at=open_at,
        close_at=close_at,
    )
    session.add(row)
    await session.flush()
    return _item(row)


async def items(session: AsyncSession, convention_id: int) -> list[StoredItem]:
    rows = await _fresh_in_order(
        session, ConventionItemRow.convention_id == convention_id, ConventionItemRow.position
    )
    return [_item(row) for row in rows]


async def update_item(session: AsyncSession, item_id: int, **values: Any) -> None:
    if "state" in values and isinstance(values["state"], ItemState):
        values["state"] = values["state"].value
    await session.execute(
        update(ConventionItemRow).where(ConventionItemRow.id == item_id).values(**values)
    )


async def add_minority_report(session: AsyncSession, item_id: int, report: MinorityReport) -> None:
    row = await session.get(ConventionItemRow, item_id)
    if row is None:
        raise LookupError(item_id)
    row.minority = [*(row.minority or []), {"author": report.author, "text": report.text}]
    await session.flush()


# -- amendments ------------------------------------------------------------------------------


async def insert_amendment(
    session: AsyncSession,
    item_id: int,
    *,
    change: Change,
    proposer_id: int,
    proposer_name: str,
    proposed_at: dt.datetime,
    result: AmendmentResult,
) -> StoredAmendment:
    row = ConventionAmendmentRow(
        item_id=item_id,
        number=await _next_number(session, ConventionAmendmentRow.item_id, item_id),
        kind=change.kind.value,
        start_line=change.start,
        end_line=change.end,
        new_lines=list(change.new_lines),
        proposer_id=proposer_id,
        proposer_name=proposer_name,
        cosigners=[],
        result=result.value,
        proposed_at=proposed_at,
    )
    session.add(row)
    await session.flush()
    return _amendment(row)


async def amendments(session: AsyncSession, item_id: int) -> list[StoredAmendment]:
    rows = await _fresh_in_order(
        session, ConventionAmendmentRow.item_id == item_id, ConventionAmendmentRow.number
    )
    return [_amendment(row) for row in rows]


async def add_cosigner(session: AsyncSession, amendment_id: int, cosigner: Cosigner) -> None:
    row = await session.get(ConventionAmendmentRow, amendment_id, with_for_update=True)
    if row is None:
        raise LookupError(amendment_id)
    row.cosigners = [*(row.cosigners or []), {"id": str(cosigner.member_id), "name": cosigner.name}]
    await session.flush()


async def update_amendment(session: AsyncSession, amendment_id: int, **values: Any) -> None:
    if "result" in values and isinstance(values["result"], AmendmentResult):
        values["result"] = values["result"].value
    await session.execute(
        update(ConventionAmendmentRow)
        .where(ConventionAmendmentRow.id == amendment_id)
        .values(**values)
    )


# -- check-ins and votes ---------------------------------------------------------------------


async def check_in(
    session: AsyncSession, convention_id: int, member_id: int, name: str, at: dt.datetime
) -> bool:
    """Record the check-in; False if the member had checked in already."""
    existing = await session.get(ConventionCheckinRow, (convention_id, member_id))
    if existing is not None:
        return False
    session.add(
        ConventionCheckinRow(
            convention_id=convention_id, member_id=member_id, name=name, checked_in_at=at
        )
    )
    await session.flush()
    return True


async def checkins(session: AsyncSession, convention_id: int) -> list[Checkin]:
    rows = await session.scalars(
        select(ConventionCheckinRow)
        .where(ConventionCheckinRow.convention_id == convention_id)
        .order_by(ConventionCheckinRow.checked_in_at, ConventionCheckinRow.member_id)
    )
    return [Checkin(row.member_id, row.name, row.checked_in_at) for row in rows]


async def convention_of_vote(session: AsyncSession, vote_id: int) -> int | None:
    """The convention whose item or amendment this vote decides, if any."""
    by_item = await session.scalar(
        select(ConventionItemRow.convention_id).where(ConventionItemRow.vote_id == vote_id)
    )
    if by_item is not None:
        return int(by_item)
    by_amendment = await session.scalar(
        select(ConventionItemRow.convention_id)
        .join(ConventionAmendmentRow, ConventionAmendmentRow.item_id == ConventionItemRow.id)
        .where(ConventionAmendmentRow.vote_id == vote_id)
    )
    return None if by_amendment is None else int(by_amendment)


def checkin_ids(entries: Sequence[Checkin]) -> frozenset[int]:
    return frozenset(entry.member_id for entry in entries)
