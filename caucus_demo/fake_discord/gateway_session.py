"""One gateway session of the fake: its shard, sequence, replay history and current socket.

A session outlives its socket (that is what RESUME is for); Discord keeps it for a while after a
disconnect, and so does the fake, for as long as the fake runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

REPLAY_LIMIT = 2_000  # events kept for RESUME
DISPATCH_OP = 0


def shard_for(guild_id: int, shard_count: int) -> int:
    return (guild_id >> 22) % shard_count


@dataclass
class GatewaySession:
    session_id: str
    shard: tuple[int, int] | None  # (shard_id, shard_count) from IDENTIFY, None if unsharded
    sequence: int = 0
    socket: web.WebSocketResponse | None = None
    identified_at: float = 0.0
    history: deque[tuple[int, str]] = field(default_factory=lambda: deque(maxlen=REPLAY_LIMIT))
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def is_live(self) -> bool:
        return self.socket is not None and not self.socket.closed

    @property
    def shard_id(self) -> int:
        return self.shard[0] if self.shard else 0

    def covers(self, guild_id: int | None) -> bool:
        """Guild events go to the guild's shard; events outside guilds (DMs) to shard 0."""
        if self.shard is None:
            return True
        shard_id, shard_count = self.shard
        if guild_id is None:
            return shard_id == 0
        return shard_for(guild_id, shard_count) == shard_id

    async def send_dispatch(self, event: str, data: Any) -> None:
        """Numbers the event, keeps it for a RESUME, and sends it if a socket is attached."""
        async with self.lock:
            self.sequence += 1
            text = json.dumps({"op": DISPATCH_OP, "t": event, "s": self.sequence, "d": data})
            self.history.append((self.sequence, text))
            if self.socket is not None:
                with contextlib.suppress(ConnectionResetError):
                    await self.socket.send_str(text)

    async def replay_since(self, socket: web.WebSocketResponse, last_seen: int) -> None:
        """Attaches a resuming socket and sends every event it missed, then RESUMED."""
        async with self.lock:
            for sequence, text in self.history:
                if sequence > last_seen:
                    await socket.send_str(text)
            self.socket = socket
            self.sequence += 1
            resumed = {"op": DISPATCH_OP, "t": "RESUMED", "s": self.sequence, "d": {}}
            await socket.send_str(json.dumps(resumed))

    def detach(self, socket: web.WebSocketResponse) -> bool:
        if self.socket is socket:
            self.socket = None
            return True
        return False


def event_guild_id(event: str, data: Any) -> int | None:
    """The guild an event belongs to (its shard receives it), or None."""
    if not isinstance(data, dict):
        return None
    if event in ("GUILD_CREATE", "GUILD_UPDATE", "GUILD_DELETE"):
        return int(data["id"])
    guild_id = data.get("guild_id")
    return int(guild_id) if guild_id is not None else None
