"""The fake gateway: HELLO, IDENTIFY/READY, heartbeats and RESUME, for one or many sessions.

Each IDENTIFY opens a session. A sharded client (``"shard": [id, count]`` in IDENTIFY) gets
READY and GUILD_CREATE for the guilds on its shard only (``(guild_id >> 22) % count == id``),
and every later event goes to the session of the guild's shard, as on Discord. Several
sessions, from one process or several, can be connected at once.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
from collections.abc import Iterable
from enum import IntEnum
from typing import Any

from aiohttp import WSMsgType, web

from caucus_demo.fake_discord.gateway_session import GatewaySession, event_guild_id
from caucus_demo.fake_discord.payloads import guild_create_payload, member_payload, user_payload
from caucus_demo.fake_discord.state import FakeState, Payload

_log = logging.getLogger(__name__)

HEARTBEAT_INTERVAL_MS = 41_250
CLOSE_CODE_RESUMABLE = 4000  # "unknown error": discord.py reconnects and resumes


class GatewayOp(IntEnum):
    DISPATCH = 0
    HEARTBEAT = 1
    IDENTIFY = 2
    PRESENCE_UPDATE = 3
    VOICE_STATE_UPDATE = 4
    RESUME = 6
    RECONNECT = 7
    REQUEST_GUILD_MEMBERS = 8
    INVALID_SESSION = 9
    HELLO = 10
    HEARTBEAT_ACK = 11


class FakeGateway:
    """Every session since the fake started, so a dropped client can RESUME its own."""

    def __init__(self, state: FakeState) -> None:
        self._state = state
        self.resume_url = ""
        self.sessions: dict[str, GatewaySession] = {}
        self.identify_count = 0
        self.resume_count = 0
        self.received_ops: list[GatewayOp] = []
        self._changed = asyncio.Condition()
        self._connections: set[web.WebSocketResponse] = set()

    # What tests look at ----------------------------------------------------------------------

    @property
    def latest(self) -> GatewaySession | None:
        return max(self.sessions.values(), key=lambda s: s.identified_at, default=None)

    @property
    def session_id(self) -> str | None:
        """The most recent session's id (None before any client identified)."""
        latest = self.latest
        return latest.session_id if latest else None

    @property
    def sequence(self) -> int:
        latest = self.latest
        return latest.sequence if latest else 0

    @property
    def is_live(self) -> bool:
        return any(s.is_live for s in self.sessions.values())

    def live_shards(self) -> set[int]:
        return {s.shard_id for s in self.sessions.values() if s.is_live}

    def session_for_shard(self, shard_id: int) -> GatewaySession | None:
        """The newest session identified for this shard."""
        candidates = [s for s in self.sessions.values() if s.shard_id == shard_id]
        return max(candidates, key=lambda s: s.identified_at, default=None)

    async def wait_until_live(self, within: float = 5.0, shards: Iterable[int] = (0,)) -> None:
        """Waits until a session for each of these shards is connected (identified or resumed);
        unsharded clients count as shard 0."""
        wanted = set(shards)
        async with asyncio.timeout(within), self._changed:
            await self._changed.wait_for(lambda: wanted <= self.live_shards())

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # The websocket -------------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(autoping=True)
        await socket.prepare(request)
        self._connections.add(socket)
        await socket.send_str(
            json.dumps({"op": GatewayOp.HELLO, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}})
        )
        session: GatewaySession | None = None
        try:
            async for message in socket:
                if message.type is not WSMsgType.TEXT:
                    continue
                session = await self._on_message(socket, json.loads(message.data)) or session
        finally:
            self._connections.discard(socket)
            if session is not None and session.detach(socket):
                await self._notify()
        return socket

    async def _send(self, socket: web.WebSocketResponse, payload: Payload) -> None:
        try:
            await socket.send_str(json.dumps(payload))
        except ConnectionResetError:
            _log.debug("gateway socket closed before op %s", payload.get("op"))

    async def _on_message(
        self, socket: web.WebSocketResponse, message: Payload
    ) -> GatewaySession | None:
        op = GatewayOp(message["op"])
        self.received_ops.append(op)
        data = message.get("d") or {}
        if op is GatewayOp.HEARTBEAT:
            await self._send(socket, {"op": GatewayOp.HEARTBEAT_ACK, "d": None})
        elif op is GatewayOp.IDENTIFY:
            return await self._identify(socket, data)
        elif op is GatewayOp.RESUME:
            return await self._resume(socket, data)
        elif op is GatewayOp.REQUEST_GUILD_MEMBERS:
            await self._send_member_chunk(data)
        return None

    async def _identify(self, socket: web.WebSocketResponse, data: Payload) -> GatewaySession:
        shard = data.get("shard")
        session = GatewaySession(
            secrets.token_hex(16),
            (int(shard[0]), int(shard[1])) if shard else None,
            identified_at=time.monotonic(),
        )
        self.identify_count += 1
        self.sessions[session.session_id] = session
        session.socket = socket
        state = self._state
        guilds = [g for g in state.guilds.values() if session.covers(g.id)]
        ready: Payload = {
            "v": 10,
            "user": {**user_payload(state.bot_user), "verified": True, "mfa_enabled": False},
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
            "session_id": session.session_id,
            "session_type": "normal",
            "resume_gateway_url": self.resume_url,
            "application": {"id": str(state.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
        }
        if session.shard is not None:
            ready["shard"] = list(session.shard)
        await session.send_dispatch("READY", ready)
        for guild in guilds:
            await session.send_dispatch("GUILD_CREATE", guild_create_payload(state, guild))
        await self._notify()
        return session

    async def _resume(self, socket: web.WebSocketResponse, data: Payload) -> GatewaySession | None:
        session = self.sessions.get(str(data.get("session_id")))
        if session is None:
            await self._send(socket, {"op": GatewayOp.INVALID_SESSION, "d": False})
            return None
        self.resume_count += 1
        await session.replay_since(socket, int(data.get("seq") or 0))
        await self._notify()
        return session

    async def _send_member_chunk(self, data: Payload) -> None:
        guild = self._state.guild(data["guild_id"])
        wanted = {int(u) for u in data.get("user_ids") or []}
        query = (data.get("query") or "").lower()
        members = [
            member_payload(m)
            for m in guild.members.values()
            if (not wanted or m.id in wanted) and m.user.username.lower().startswith(query)
        ]
        chunk: dict[str, Any] = {
            "guild_id": str(guild.id),
            "members": members,
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
        }
        if data.get("nonce") is not None:
            chunk["nonce"] = data["nonce"]
        await self.dispatch("GUILD_MEMBERS_CHUNK", chunk)

    # Events --------------------------------------------------------------------------------

    async def dispatch(self, event: str, data: Any) -> None:
        """Sends an event to the session of its guild's shard (DMs: shard 0), or keeps it for
        that session's RESUME if its client is away. Before any IDENTIFY it goes nowhere, as
        Discord would not queue events for a bot that never connected."""
        guild_id = event_guild_id(event, data)
        for session in list(self.sessions.values()):
            if session.covers(guild_id):
                await session.send_dispatch(event, data)

    async def drop_connection(
        self, code: int = CLOSE_CODE_RESUMABLE, *, shard_id: int | None = None
    ) -> None:
        """Closes the clients' sockets (one shard's, or all) as a network fault would; the
        clients should reconnect and RESUME."""
        for session in list(self.sessions.values()):
            if shard_id is not None and session.shard_id != shard_id:
                continue
            socket, session.socket = session.socket, None
            if socket is not None:
                await socket.close(code=code, message=b"fake_discord drop_connection")
        await self._notify()

    async def close(self) -> None:
        for session in self.sessions.values():
            session.socket = None
        for socket in list(self._connections):
            await socket.close(code=1001, message=b"fake_discord stopping")
