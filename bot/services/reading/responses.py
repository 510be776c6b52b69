"""Member responses: /respond answers (hidden until the reveal in blind-first mode) and the
messages of session threads, with edits and deletions applied to the stored copy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select, update

from bot.db.models import ReadingSessionRow, ResponseRow
from bot.errors import Conflict, NotFound, UserError
from bot.services.actors import Actor, guild_settings, require_member
from bot.services.core import Core

MAX_RESPONSE_CHARS = 4000
MODAL, THREAD = "modal", "thread"


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


class ResponseService:
    def __init__(self, core: Core) -> None:
        self.core = core

    async def respond(self, actor: Actor, number: int, prompt: str | None, text: str) -> Response:
        guild = guild_settings(self.core.settings, actor.guild_id)
        require_member(actor, guild)
        text = text.strip()
        if not text:
            raise UserError("Your response is empty.")
        if len(text) > MAX_RESPONSE_CHARS:
            raise UserError(f"Responses are limited to {MAX_RESPONSE_CHARS} characters.")
        async with self.core.sessions.begin() as session:
            row = await session.scalar(
                select(ReadingSessionRow).where(
                    ReadingSessionRow.guild_id == actor.guild_id, ReadingSessionRow.number == number
                )
            )
            if row is None or row.state != "posted":
                raise Conflict(f"Session {number} has not opened yet; respond once it is posted.")
            hidden = guild.reading.blind_first and row.revealed_at is None
            response = ResponseRow(
                guild_id=actor.guild_id,
                session_number=number,
                author_id=actor.member_id,
                author_name=actor.display_name,
                source=MODAL,
                prompt=prompt,
                content=text,
                hidden=hidden,
                created_at=self.core.clock.now(),
            )
            session.add(response)
            await session.flush()
            return _response(response)

    async def attach_message(self, response_id: int, channel_id: int, message_id: int) -> None:
        """A revealed or immediately posted /respond answer now has a Discord message."""
        async with self.core.sessions.begin() as session:
            await session.execute(
                update(ResponseRow)
                .where(ResponseRow.id == response_id)
                .values(channel_id=channel_id, message_id=message_id)
            )

    async def record_thread_message(
        self,
        guild_id: int,
        thread_id: int,
        message_id: int,
        author_id: int,
        author_name: str,
        content: str,
        reply_to_id: int | None,
        at: dt.datetime,
    ) -> bool:
        """Store a message posted in a session thread; False if the thread is not a session's."""
        async with self.core.sessions.begin() as session:
            number = await session.scalar(
                select(ReadingSessionRow.number).where(
                    ReadingSessionRow.guild_id == guild_id, ReadingSessionRow.thread_id == thread_id
                )
            )
            if number is None:
                return False
            exists = await session.scalar(
                select(ResponseRow.id).where(ResponseRow.message_id == message_id)
            )
            if exists is None:
                session.add(
                    ResponseRow(
                        guild_id=guild_id,
                        session_number=number,
                        author_id=author_id,
                        author_name=author_name,
                        source=THREAD,
                        content=content[: MAX_RESPONSE_CHARS * 2],
                        channel_id=thread_id,
                        message_id=message_id,
                        reply_to_id=reply_to_id,
                        created_at=at,
                    )
                )
            return True

    async def edit_message(self, message_id: int, content: str, at: dt.datetime) -> bool:
        async with self.core.sessions.begin() as session:
            result = await session.execute(
                update(ResponseRow)
                .where(ResponseRow.message_id == message_id)
                .values(content=content, edited_at=at)
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]

    async def delete_message(self, message_id: int) -> bool:
        async with self.core.sessions.begin() as session:
            result = await session.execute(
                delete(ResponseRow).where(ResponseRow.message_id == message_id)
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]

    async def for_session(
        self, guild_id: int, number: int, *, include_hidden: bool = False
    ) -> list[Response]:
        async with self.core.sessions() as session:
            query = select(ResponseRow).where(
                ResponseRow.guild_id == guild_id, ResponseRow.session_number == number
            )
            if not include_hidden:
                query = query.where(ResponseRow.hidden.is_(False))
            rows = await session.scalars(query.order_by(ResponseRow.created_at, ResponseRow.id))
            return [_response(row) for row in rows]

    async def unposted_answers(self, guild_id: int, number: int) -> list[Response]:
        """/respond answers that are visible but have no Discord message yet (the reveal)."""
        async with self.core.sessions() as session:
            rows = await session.scalars(
                select(ResponseRow)
                .where(
                    ResponseRow.guild_id == guild_id,
                    ResponseRow.session_number == number,
                    ResponseRow.source == MODAL,
                    ResponseRow.hidden.is_(False),
                    ResponseRow.message_id.is_(None),
                )
                .order_by(ResponseRow.created_at, ResponseRow.id)
            )
            return [_response(row) for row in rows]

    async def reveal(self, guild_id: int, number: int) -> list[Response]:
        """End the blind phase: unhide the hidden answers and return them, to post together."""
        async with self.core.sessions.begin() as session:
            row = await session.scalar(
                select(ReadingSessionRow).where(
                    ReadingSessionRow.guild_id == guild_id, ReadingSessionRow.number == number
                )
            )
            if row is None:
                raise NotFound(f"Session {number} has not been scheduled.")
            hidden = list(
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
            for response in hidden:
                response.hidden = False
            row.revealed_at = row.revealed_at or self.core.clock.now()
            return [_response(r) for r in hidden]

    async def export(self, guild_id: int | None = None) -> list[Response]:
        async with self.core.sessions() as session:
            query = select(ResponseRow).where(ResponseRow.hidden.is_(False))
            if guild_id is not None:
                query = query.where(ResponseRow.guild_id == guild_id)
            rows = await session.scalars(
                query.order_by(ResponseRow.guild_id, ResponseRow.session_number, ResponseRow.id)
            )
            return [_response(row) for row in rows]
