"""Repository for members' responses: /respond answers (one per member per prompt, keyed by
``answer_key``) and the messages of session threads, with their edits and deletions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ResponseRow


@dataclass(frozen=True)
class Response:
    id: int
    guild_id: int
    session_number: int
    author_id: int
    author_name: str
    source: str
    prompt: str | None
    content: str
    channel_id: int | None
    message_id: int | None
    reply_to_id: int | None
    hidden: bool
    created_at: dt.datetime
    edited_at: dt.datetime | None


def _response(row: ResponseRow) -> Response:
    return Response(
        row.id,
        row.guild_id,
        row.session_number,
        row.author_id,
        row.author_name,
        row.source,
        row.prompt,
        row.content,
        row.channel_id,
        row.message_id,
        row.reply_to_id,
        row.hidden,
        row.created_at,
        row.edited_at,
    )


async def _by_key(session: AsyncSession, key: str) -> ResponseRow | None:
    row: ResponseRow | None = await session.scalar(
        select(ResponseRow).where(ResponseRow.answer_key == key)
    )
    return row


# -- /respond answers ----------------------------------------------------------------------------


async def answer_content(session: AsyncSession, key: str) -> str | None:
    content: str | None = await session.scalar(
        select(ResponseRow.content).where(ResponseRow.answer_key == key)
    )
    return content


async def change_answer(
    session: AsyncSession, key: str, content: str, author_name: str, at: dt.datetime
) -> Response | None:
    """Replace the member's answer under ``key``; None when they have none yet."""
    row = await _by_key(session, key)
    if row is None:
        return None
    row.content = content
    row.author_name = author_name
    row.edited_at = at
    return _response(row)


async def add_answer(
    session: AsyncSession,
    *,
    key: str,
    guild_id: int,
    number: int,
    author_id: int,
    author_name: str,
    source: str,
    prompt: str | None,
    content: str,
    hidden: bool,
    at: dt.datetime,
) -> Response:
    row = ResponseRow(
        guild_id=guild_id,
        session_number=number,
        author_id=author_id,
        author_name=author_name,
        source=source,
        prompt=prompt,
        content=content,
        hidden=hidden,
        created_at=at,
        answer_key=key,
    )
    session.add(row)
    await session.flush()
    return _response(row)


async def delete_answer(session: AsyncSession, key: str) -> Response | None:
    """Delete the answer under ``key`` and return it as it was; None when there is none."""
    row = await _by_key(session, key)
    if row is None:
        return None
    withdrawn = _response(row)
    await session.delete(row)
    return withdrawn


async def unhide(session: AsyncSession, guild_id: int, number: int) -> list[Response]:
    """Make the session's hidden answers visible (the blind-first reveal); returns them."""
    rows = list(
        await session.scalars(
            select(ResponseRow)
            .where(
                ResponseRow.guild_id == guild_id,
                ResponseRow.session_number == number,
                ResponseRow.hidden.is_(True),
            )
            .order_by(ResponseRow.created_at, ResponseRow.id)
        )
    )
    for row in rows:
        row.hidden = False
    return [_response(row) for row in rows]


async def attach_message(
    session: AsyncSession, response_id: int, channel_id: int, message_id: int
) -> None:
    await session.execute(
        update(ResponseRow)
        .where(ResponseRow.id == response_id)
        .values(channel_id=channel_id, message_id=message_id)
    )


# -- thread messages -----------------------------------------------------------------------------


async def add_thread_message(
    session: AsyncSession,
    *,
    guild_id: int,
    number: int,
    thread_id: int,
    message_id: int,
    author_id: int,
    author_name: str,
    source: str,
    content: str,
    reply_to_id: int | None,
    at: dt.datetime,
) -> None:
    """Store a thread message once (a message id seen before is left as it is)."""
    exists = await session.scalar(
        select(ResponseRow.id).where(ResponseRow.message_id == message_id)
    )
    if exists is not None:
        return
    session.add(
        ResponseRow(
            guild_id=guild_id,
            session_number=number,
            author_id=author_id,
            author_name=author_name,
            source=source,
            content=content,
            channel_id=thread_id,
            message_id=message_id,
            reply_to_id=reply_to_id,
            created_at=at,
        )
    )


async def edit_message(
    session: AsyncSession, message_id: int, content: str, at: dt.datetime
) -> bool:
    result = await session.execute(
        update(ResponseRow)
        .where(ResponseRow.message_id == message_id)
        .values(content=content, edited_at=at)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def delete_message(session: AsyncSession, message_id: int) -> bool:
    result = await session.execute(delete(ResponseRow).where(ResponseRow.message_id == message_id))
    return bool(result.rowcount)  # type: ignore[attr-defined]


# -- reading them --------------------------------------------------------------------------------


async def for_session(
    session: AsyncSession, guild_id: int, number: int, *, include_hidden: bool = False
) -> list[Response]:
    query = select(ResponseRow).where(
        ResponseRow.guild_id == guild_id, ResponseRow.session_number == number
    )
    if not include_hidden:
        query = query.where(ResponseRow.hidden.is_(False))
    rows = await session.scalars(query.order_by(ResponseRow.created_at, ResponseRow.id))
    return [_response(row) for row in rows]


async def unposted(
    session: AsyncSession, guild_id: int, number: int, source: str
) -> list[Response]:
    """Visible answers of ``source`` that have no Discord message yet."""
    rows = await session.scalars(
        select(ResponseRow)
        .where(
            ResponseRow.guild_id == guild_id,
            ResponseRow.session_number == number,
            ResponseRow.source == source,
            ResponseRow.hidden.is_(False),
            ResponseRow.message_id.is_(None),
        )
        .order_by(ResponseRow.created_at, ResponseRow.id)
    )
    return [_response(row) for row in rows]


async def visible(session: AsyncSession, guild_id: int | None = None) -> list[Response]:
    """Every visible response (of one guild, or all), for an export."""
    query = select(ResponseRow).where(ResponseRow.hidden.is_(False))
    if guild_id is not None:
        query = query.where(ResponseRow.guild_id == guild_id)
    rows = await session.scalars(
        query.order_by(ResponseRow.guild_id, ResponseRow.session_number, ResponseRow.id)
    )
    return [_response(row) for row in rows]


async def speakers(session: AsyncSession, guild_id: int, number: int) -> frozenset[int]:
    """Members who wrote visibly in the session (thread messages and /respond answers)."""
    rows = await session.scalars(
        select(ResponseRow.author_id).where(
            ResponseRow.guild_id == guild_id,
            ResponseRow.session_number == number,
            ResponseRow.hidden.is_(False),
        )
    )
    return frozenset(rows)
