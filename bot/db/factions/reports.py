"""Minority reports on a decided vote, and the members who sign them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models.factions import FactionRow, MinorityReportRow, MinorityReportSignerRow


@dataclass(frozen=True)
class StoredReport:
    id: int
    guild_id: int
    vote_id: int
    subject_kind: str
    faction_id: int | None
    faction_name: str | None
    text: str
    drafted_by: int
    drafted_at: dt.datetime
    filed_at: dt.datetime | None
    signers: tuple[int, ...]  # in the order they signed
    channel_id: int | None
    message_id: int | None

    @property
    def is_filed(self) -> bool:
        return self.filed_at is not None


async def insert_report(
    session: AsyncSession,
    *,
    guild_id: int,
    vote_id: int,
    subject_kind: str,
    faction_id: int | None,
    text: str,
    drafted_by: int,
    drafted_at: dt.datetime,
) -> int:
    row = MinorityReportRow(
        guild_id=guild_id,
        vote_id=vote_id,
        subject_kind=subject_kind,
        faction_id=faction_id,
        text=text,
        drafted_by=drafted_by,
        drafted_at=drafted_at,
    )
    session.add(row)
    await session.flush()
    return row.id


async def add_signer(
    session: AsyncSession, report_id: int, member_id: int, at: dt.datetime
) -> None:
    session.add(MinorityReportSignerRow(report_id=report_id, member_id=member_id, signed_at=at))
    await session.flush()


ReportQuery = Select[Any]


async def _reports(session: AsyncSession, query: ReportQuery) -> list[StoredReport]:
    rows = list(await session.execute(query))
    ids = [row.id for row, _ in rows]
    signers: dict[int, list[int]] = {report_id: [] for report_id in ids}
    if ids:
        signed = await session.execute(
            select(MinorityReportSignerRow.report_id, MinorityReportSignerRow.member_id)
            .where(MinorityReportSignerRow.report_id.in_(ids))
            .order_by(MinorityReportSignerRow.signed_at, MinorityReportSignerRow.member_id)
        )
        for report_id, member_id in signed:
            signers[report_id].append(member_id)
    return [
        StoredReport(
            id=row.id,
            guild_id=row.guild_id,
            vote_id=row.vote_id,
            subject_kind=row.subject_kind,
            faction_id=row.faction_id,
            faction_name=name,
            text=row.text,
            drafted_by=row.drafted_by,
            drafted_at=row.drafted_at,
            filed_at=row.filed_at,
            signers=tuple(signers[row.id]),
            channel_id=row.channel_id,
            message_id=row.message_id,
        )
        for row, name in rows
    ]


def _report_query() -> ReportQuery:
    return select(MinorityReportRow, FactionRow.name).outerjoin(
        FactionRow, FactionRow.id == MinorityReportRow.faction_id
    )


async def get_report(session: AsyncSession, report_id: int) -> StoredReport | None:
    query = _report_query().where(MinorityReportRow.id == report_id)
    found = await _reports(session, query)
    return found[0] if found else None


async def reports_for_votes(
    session: AsyncSession, guild_id: int, vote_ids: Sequence[int], *, filed_only: bool = True
) -> list[StoredReport]:
    query = (
        _report_query()
        .where(MinorityReportRow.guild_id == guild_id, MinorityReportRow.vote_id.in_(vote_ids))
        .order_by(MinorityReportRow.id)
    )
    if filed_only:
        query = query.where(MinorityReportRow.filed_at.is_not(None))
    return await _reports(session, query)


async def update_report(session: AsyncSession, report_id: int, **values: object) -> None:
    await session.execute(
        update(MinorityReportRow).where(MinorityReportRow.id == report_id).values(**values)
    )
