"""Member responses: /respond answers (hidden until the reveal in blind-first mode) and the
messages of session threads, with edits and deletions applied to the stored copy."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from bot.db import reading as sessions_repo
from bot.db import responses as responses_repo
from bot.db.reading import StoredSession
from bot.db.responses import Response
from bot.db.session import DbSession
from bot.domain.reading.states import SessionState
from bot.errors import Conflict, NotFound, UserError
from bot.services.actors import Actor, guild_settings, require_member
from bot.services.core import Core

MAX_RESPONSE_CHARS = 4000
MODAL, THREAD = "modal", "thread"
# Answers close with the session, just before the next week's one (the reading.close job).
ANSWERS_OPEN_FOR = dt.timedelta(weeks=1) - dt.timedelta(minutes=5)

__all__ = [
    "ANSWERS_OPEN_FOR",
    "MAX_RESPONSE_CHARS",
    "MODAL",
    "THREAD",
    "AnswerChange",
    "Response",
    "ResponseService",
    "answer_key",
]


def answer_key(guild_id: int, number: int, member_id: int, prompt: str | None) -> str:
    digest = hashlib.sha256((prompt or "").encode()).hexdigest()[:32]
    return f"{guild_id}:{number}:{member_id}:{digest}"


@dataclass(frozen=True)
class AnswerChange:
    response: Response
    replaced: bool  # True: an earlier answer to the same prompt was changed


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
            stored = await self._open_session(session, actor.guild_id, number)
            hidden = guild.reading.blind_first and stored.revealed_at is None
            changed = await responses_repo.change_answer(
                session, key, text, actor.display_name, now
            )
            if changed is not None:
                return AnswerChange(changed, replaced=True)
            added = await responses_repo.add_answer(
                session,
                key=key,
                guild_id=actor.guild_id,
                number=number,
                author_id=actor.member_id,
                author_name=actor.display_name,
                source=MODAL,
                prompt=prompt,
                content=text,
                hidden=hidden,
                at=now,
            )
            return AnswerChange(added, replaced=False)

    async def current_answer(self, actor: Actor, number: int, prompt: str | None) -> str | None:
        """The member's own answer to this prompt, to fill the /respond form with."""
        async with self.core.sessions() as session:
            return await responses_repo.answer_content(
                session, answer_key(actor.guild_id, number, actor.member_id, prompt)
            )

    async def withdraw(self, actor: Actor, number: int, prompt: str | None) -> Response:
        """Delete the member's answer to this prompt (until the reveal or the close)."""
        require_member(actor, guild_settings(self.core.settings, actor.guild_id))
        key = answer_key(actor.guild_id, number, actor.member_id, prompt)
        async with self.core.sessions.begin() as session:
            await self._open_session(session, actor.guild_id, number)
            withdrawn = await responses_repo.delete_answer(session, key)
            if withdrawn is None:
                raise NotFound("You have no answer to withdraw for that prompt.")
            return withdrawn

    async def _open_session(self, session: DbSession, guild_id: int, number: int) -> StoredSession:
        """The session, if answers to it may still be given, changed or withdrawn."""
        guild = guild_settings(self.core.settings, guild_id)
        stored = await sessions_repo.get(session, guild_id, number)
        if stored is None or stored.state is not SessionState.POSTED:
            raise Conflict(f"Session {number} has not opened yet; respond once it is posted.")
        if guild.reading.blind_first and stored.revealed_at is not None:
            raise Conflict(
                f"The answers to session {number} were revealed; they can no longer change."
            )
        if self.core.clock.now() >= stored.starts_at + ANSWERS_OPEN_FOR:
            raise Conflict(f"Session {number} is closed; its answers can no longer change.")
        return stored

    async def blind_session_of_thread(self, guild_id: int, thread_id: int) -> int | None:
        """The session number if `thread_id` is a blind-first session thread before its reveal."""
        guild = guild_settings(self.core.settings, guild_id)
        if not guild.reading.blind_first:
            return None
        async with self.core.sessions() as session:
            stored = await sessions_repo.of_thread(session, guild_id, thread_id)
        if stored is None or stored.revealed_at is not None:
            return None
        return stored.number

    async def attach_message(self, response_id: int, channel_id: int, message_id: int) -> None:
        """A revealed or immediately posted /respond answer now has a Discord message."""
        async with self.core.sessions.begin() as session:
            await responses_repo.attach_message(session, response_id, channel_id, message_id)

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
            stored = await sessions_repo.of_thread(session, guild_id, thread_id)
            if stored is None:
                return False
            await responses_repo.add_thread_message(
                session,
                guild_id=guild_id,
                number=stored.number,
                thread_id=thread_id,
                message_id=message_id,
                author_id=author_id,
                author_name=author_name,
                source=THREAD,
                content=content[: MAX_RESPONSE_CHARS * 2],
                reply_to_id=reply_to_id,
                at=at,
            )
            return True

    async def edit_message(self, message_id: int, content: str, at: dt.datetime) -> bool:
        async with self.core.sessions.begin() as session:
            return await responses_repo.edit_message(session, message_id, content, at)

    async def delete_message(self, message_id: int) -> bool:
        async with self.core.sessions.begin() as session:
            return await responses_repo.delete_message(session, message_id)

    async def for_session(
        self, guild_id: int, number: int, *, include_hidden: bool = False
    ) -> list[Response]:
        async with self.core.sessions() as session:
            return await responses_repo.for_session(
                session, guild_id, number, include_hidden=include_hidden
            )

    async def unposted_answers(self, guild_id: int, number: int) -> list[Response]:
        """/respond answers that are visible but have no Discord message yet (the reveal)."""
        async with self.core.sessions() as session:
            return await responses_repo.unposted(session, guild_id, number, MODAL)

    async def reveal(self, guild_id: int, number: int) -> list[Response]:
        """End the blind phase: unhide the hidden answers and return them, to post together."""
        async with self.core.sessions.begin() as session:
            if not await sessions_repo.reveal(session, guild_id, number, self.core.clock.now()):
                raise NotFound(f"Session {number} has not been scheduled.")
            return await responses_repo.unhide(session, guild_id, number)

    async def export(self, guild_id: int | None = None) -> list[Response]:
        async with self.core.sessions() as session:
            return await responses_repo.visible(session, guild_id)
