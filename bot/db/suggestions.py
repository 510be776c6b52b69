"""Repository for the discussion prompts members suggest and organizers decide on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import PromptSuggestionRow
from bot.domain.reading.suggestions import SuggestionState, ensure_suggestion_decision


@dataclass(frozen=True)
class Suggestion:
    id: int
    document_id: str
    section: str | None
    text: str
    author_id: int
    state: SuggestionState


@dataclass(frozen=True)
class ApprovedPrompt:
    section: str | None
    text: str


def _suggestion(row: PromptSuggestionRow) -> Suggestion:
    return Suggestion(
        row.id, row.document_id, row.section, row.text, row.author_id, SuggestionState(row.state)
    )


async def add(
    session: AsyncSession,
    guild_id: int,
    document_id: str,
    section: str | None,
    text: str,
    author_id: int,
) -> Suggestion:
    row = PromptSuggestionRow(
        guild_id=guild_id,
        document_id=document_id,
        section=section,
        text=text,
        author_id=author_id,
        state=SuggestionState.PENDING.value,
    )
    session.add(row)
    await session.flush()
    return _suggestion(row)


async def get(session: AsyncSession, guild_id: int, suggestion_id: int) -> Suggestion | None:
    """The guild's suggestion (another guild's id reads as none)."""
    row = await session.get(PromptSuggestionRow, suggestion_id)
    if row is None or row.guild_id != guild_id:
        return None
    return _suggestion(row)


async def decide(
    session: AsyncSession, suggestion_id: int, approve: bool, by: int, at: dt.datetime
) -> Suggestion:
    """Approve or reject a pending suggestion; a decided one raises IllegalTransition."""
    row = await session.get(PromptSuggestionRow, suggestion_id)
    if row is None:
        raise LookupError(f"suggestion {suggestion_id} does not exist")
    target = SuggestionState.APPROVED if approve else SuggestionState.REJECTED
    ensure_suggestion_decision(SuggestionState(row.state), target)
    row.state = target.value
    row.decided_by = by
    row.decided_at = at
    return _suggestion(row)


async def pending(session: AsyncSession, guild_id: int) -> list[Suggestion]:
    rows = await session.scalars(
        select(PromptSuggestionRow)
        .where(
            PromptSuggestionRow.guild_id == guild_id,
            PromptSuggestionRow.state == SuggestionState.PENDING.value,
        )
        .order_by(PromptSuggestionRow.id)
    )
    return [_suggestion(row) for row in rows]


async def approved(session: AsyncSession, guild_id: int, document_id: str) -> list[ApprovedPrompt]:
    rows = await session.scalars(
        select(PromptSuggestionRow)
        .where(
            PromptSuggestionRow.guild_id == guild_id,
            PromptSuggestionRow.document_id == document_id,
            PromptSuggestionRow.state == SuggestionState.APPROVED.value,
        )
        .order_by(PromptSuggestionRow.id)
    )
    return [ApprovedPrompt(row.section, row.text) for row in rows]
