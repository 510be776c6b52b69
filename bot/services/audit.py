"""Recording organizer actions and config changes in the hash-chained audit log."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

from bot.db import audit as audit_repo
from bot.db.session import DbSession
from bot.domain.audit import (
    AS_ORGANIZER_KEY,
    AuditAction,
    AuditEntry,
    ChainAnchor,
    VerificationReport,
    verify_chain,
)
from bot.services.core import Core


class AuditService:
    def __init__(self, core: Core) -> None:
        self.core = core
        # Appends read the chain's head; serialise them per guild within this process.
        self._locks: dict[int, asyncio.Lock] = {}

    @asynccontextmanager
    async def transaction(self, guild_id: int) -> AsyncIterator[DbSession]:
        """A transaction that may append to the guild's chain: appends read the chain's head,
        so they are serialised per guild (the unique (guild, seq) key guards across processes)."""
        lock = self._locks.setdefault(guild_id, asyncio.Lock())
        async with lock, self.core.sessions.begin() as session:
            yield session

    async def record(
        self,
        session: DbSession,
        *,
        guild_id: int,
        actor_id: int | None,
        action: AuditAction | str,
        details: Mapping[str, Any] | None = None,
        as_organizer: bool = False,
    ) -> AuditEntry:
        """Append inside the caller's transaction, so the action and its record commit together."""
        payload = dict(details or {})
        if as_organizer:
            payload[AS_ORGANIZER_KEY] = True
        return await audit_repo.record(
            session,
            guild_id=guild_id,
            actor_id=actor_id,
            action=action,
            at=self.core.clock.now(),
            details=payload,
        )

    async def recent(self, guild_id: int, limit: int = 20) -> Sequence[AuditEntry]:
        async with self.core.sessions() as session:
            return await audit_repo.entries(session, guild_id, limit=limit)

    async def verify(self, guild_id: int, anchor: ChainAnchor | None = None) -> VerificationReport:
        async with self.core.sessions() as session:
            entries = await audit_repo.entries(session, guild_id)
        return verify_chain(entries, anchor)

    async def guilds_with_entries(self) -> Sequence[int]:
        async with self.core.sessions() as session:
            return await audit_repo.guild_ids(session)
