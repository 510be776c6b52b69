"""Member responses: /respond answers (hidden until the reveal in blind-first mode) and the
messages of session threads, with edits and deletions applied to the stored copy."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ReadingSessionRow, ResponseRow
from bot.errors import Conflict, NotFound, UserError
from bot.services.actors import Actor, guild_settings, require_member
from bot.services.core import Core

MAX_RESPONSE_CHARS = 4000
MODAL, THREAD = "modal", "thread"
# Answers close with the session, just before the next week's one (the reading.close job).
ANSWERS_OPEN_FOR = dt.timedelta(weeks=1) - dt.timedelta(minutes=5)


def answer_key(guild_id: int, number: int, member_id: int, prompt: str | None) -> str:
    digest = hashlib.sha256((prompt or "").encode()).hexdigest()[:32]
    return f"{guild_id}:{number}:{member_id}:{digest}"


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


@dataclass(frozen=True)
class AnswerChange:
    response: Response
    replaced: bool  # True: an earlier answer to the same prompt was changed


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

    async def respond(
        self, actor: Actor, number: int, prompt: str | None, text: str
    ) -> AnswerChange:
        """Store the member's answer to this prompt, replacing their earlier one: one answer per
        member per prompt, changeable until the reveal (blind-first) or the session's close."""
        guild = guild_settings(self.core.settings, actor.guild_id)
        require_member(actor, guild)
        text = text.strip()
        if not text:
            raise UserError("Your response is empty.")
        if len(text) > MAX_RESPONSE_CHARS:
            raise UserError(f"Responses are limited to {MAX_RESPONSE_CHARS} characters.")
        now = self.core.clock.now()
        key = answer_key(actor.guild_id, number, actor.member_id, prompt)
        async with self.core.sessions.begin() as session:
            row = await self._open_session(session, actor.guild_id, number)
            hidden = guild.reading.blind_first and row.revealed_at is None
            existing = await session.scalar(
                select(ResponseRow).where(ResponseRow.answer_key == key)
            )
            if existing is not None:
                existing.content = text
                existing.author_name = actor.display_name
                existing.edited_at = now
                return AnswerChange(_response(existing), replaced=True)
            response = ResponseRow(
                guild_id=actor.guild_id,
                session_number=number,
                author_id=actor.member_id,
                author_name=actor.display_name,
                source=MODAL,
                prompt=prompt,
                content=text,
                hidden=hidden,
                created_at=now,
                answer_key=key,
            )
            session.add(response)
            await session.flush()
            return AnswerChange(_response(response), replaced=False)

    async def current_answer(self, actor: Actor, number: int, prompt: str | None) -> str | None:
        """The member's own answer to this prompt, to fill the /respond form with."""
        async with self.core.sessions() as session:
            content: str | None = await session.scalar(
                select(ResponseRow.content).where(
                    ResponseRow.answer_key
                    == answer_key(actor.guild_id, number, actor.member_id, prompt)
                )
            )
            return content

    async def withdraw(self, actor: Actor, number: int, prompt: str | None) -> Response:
        """Delete the member's answer to this prompt (until the reveal or the close)."""
        require_member(actor, guild_settings(self.core.settings, actor.guild_id))
        key = answer_key(actor.guild_id, number, actor.member_id, prompt)
        async with self.core.sessions.begin() as session:
            await self._open_session(session, actor.guild_id, number)
            existing = await session.scalar(
                select(ResponseRow).where(ResponseRow.answer_key == key)
            )
            if existing is None:
                raise NotFound("You have no answer to withdraw for that prompt.")
            withdrawn = _response(existing)
            await session.delete(existing)
            return withdrawn

    async def _open_session(
        self, session: AsyncSession, guild_id: int, number: int
    ) -> ReadingSessionRow:
        """The session row, if answers to it may still be given, changed or withdrawn."""
        guild = guild_settings(self.core.settings, guild_id)
        row = await session.scalar(
            select(ReadingSessionRow).where(
                ReadingSessionRow.guild_id == guild_id, ReadingSessionRow.number == number
            )
        )
        if row is None or row.state != "posted":
            raise Conflict(f"Session {number} has not opened yet; respond once it is posted.")
        if guild.reading.blind_first and row.revealed_at is not None:
            raise Conflict(
                f"The answers to session {number} were revealed; they can no longer change."
            )
        if self.core.clock.now() >= row.starts_at + ANSWERS_OPEN_FOR:
            raise Conflict(f"Session {number} is closed; its answers can no longer change.")
        return row

    async def blind_session_of_thread(self, guild_id: int, thread_id: int) -> int | None:
        """The session number if `thread_id` is a blind-first session thread before its reveal."""
        guild = guild_settings(self.core.settings, guild_id)
        if not guild.reading.blind_first:
            return None
        async with self.core.sessions() as session:
            row = await session.scalar(
                select(ReadingSessionRow).where(
                    ReadingSessionRow.guild_id == guild_id, ReadingSessionRow.thread_id == thread_id
                )
            )
        if row is None or row.revealed_at is not None:
            return None
        return row.number

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
