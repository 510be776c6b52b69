"""Sync slash commands to a guild only when they changed since the last sync (Discord limits
syncs per guild per day). The stored fact is a hash of exactly what a sync would send."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from bot.db import command_syncs
from bot.services.core import Core


def tree_hash(application_id: int, payload: Sequence[dict[str, Any]]) -> str:
    """A stable digest of a guild's command payload for one application (another application,
    e.g. a new bot token for another app, has none of these commands yet)."""
    text = json.dumps([application_id, list(payload)], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class CommandSyncService:
    def __init__(self, core: Core) -> None:
        self.core = core

    async def is_current(self, guild_id: int, digest: str) -> bool:
        async with self.core.sessions() as session:
            return await command_syncs.synced_hash(session, guild_id) == digest

    async def record(self, guild_id: int, digest: str) -> None:
        async with self.core.sessions.begin() as session:
            await command_syncs.record_sync(session, guild_id, digest, self.core.clock.now())
