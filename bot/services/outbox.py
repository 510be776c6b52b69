"""The outbox every outward effect of a scheduled job goes through (reading posts, vote
announcements, results, reminders, faction results, failure notices).

``begin`` records the intent before the send, ``complete`` the message after it; both are
guarded by the running job's claim and lease epoch (bot/db/outbox.py). An entry begun but never
completed means a send may have happened: the sender looks on Discord before sending again.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.db import outbox
from bot.db.outbox import OutboxEntry
from bot.services.core import Core

__all__ = ["OutboxEntry", "OutboxService"]


class OutboxService:
    def __init__(self, core: Core) -> None:
        self.core = core

    async def step(self, key: str) -> OutboxEntry | None:
        async with self.core.sessions() as session:
            return await outbox.get(session, key)

    async def steps(self, keys: Iterable[str]) -> dict[str, OutboxEntry]:
        async with self.core.sessions() as session:
            return await outbox.get_many(session, keys)

    async def begin(self, guild_id: int, key: str, channel_id: int | None) -> None:
        async with self.core.sessions.begin() as session:
            await outbox.begin(session, key, guild_id, channel_id)

    async def complete(self, key: str, message_id: int, channel_id: int | None = None) -> None:
        async with self.core.sessions.begin() as session:
            await outbox.complete(session, key, message_id, channel_id, self.core.clock.now())
