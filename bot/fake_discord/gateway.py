"""The fake gateway: one websocket session with HELLO, IDENTIFY/READY, heartbeats and RESUME."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from collections import deque
from enum import IntEnum
from typing import Any

from aiohttp import WSMsgType, web

from bot.fake_discord.payloads import guild_create_payload, member_payload, user_payload
from bot.fake_discord.state import FakeState, Payload

_log = logging.getLogger(__name__)

HEARTBEAT_INTERVAL_MS = 41_250
_REPLAY_LIMIT = 2_000  # events kept for RESUME
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
    """Keeps the session (id, sequence, recent events) across connections so RESUME works."""

    def __init__(self, state: FakeState) -> None:
        self._state = state
        self.resume_url = ""
        self.session_id: str | None = None
        self.sequence = 0
        self.identify_count = 0
        self.resume_count = 0
        self.received_ops: list[GatewayOp] = []
        self._history: deque[tuple[int, str]] = deque(maxlen=_REPLAY_LIMIT)
        self._socket: web.WebSocketResponse | None = None
        self._live = False  # the connected client has identified or resumed
        self._lock = asyncio.Lock()
        self._ready = asyncio.Event()
        self._connections: set[web.WebSocketResponse] = set()

    @property
    def is_live(self) -> bool:
        return self._live

    async def wait_until_live(self, within: float = 5.0) -> None:
        """Waits for the client's IDENTIFY (then READY and GUILD_CREATEs are sent) or RESUME."""
        async with asyncio.timeout(within):
            await self._ready.wait()

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(autoping=True)
        await socket.prepare(request)
        self._connections.add(socket)
        await socket.send_str(
            json.dumps({"op": GatewayOp.HELLO, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}})
        )
        try:
            async for message in socket:
                if message.type is not WSMsgType.TEXT:
                    continue
                await self._on_message(socket, json.loads(message.data))
        finally:
            self._connections.discard(socket)
            if self._socket is socket:
                self._socket = None
                self._live = False
                self._ready.clear()
        return socket

    async def _send(self, socket: web.WebSocketResponse, payload: Payload) -> None:
        with contextlib.suppress(ConnectionResetError):
            await socket.send_str(json.dumps(payload))

    async def _on_message(self, socket: web.WebSocketResponse, message: Payload) -> None:
        op = GatewayOp(message["op"])
        self.received_ops.append(op)
        data = message.get("d") or {}
        if op is GatewayOp.HEARTBEAT:
            await self._send(socket, {"op": GatewayOp.HEARTBEAT_ACK, "d": None})
        elif op is GatewayOp.IDENTIFY:
            await self._identify(socket)
        elif op is GatewayOp.RESUME:
            await self._resume(socket, data)
        elif op is GatewayOp.REQUEST_GUILD_MEMBERS:
            await self._send_member_chunk(data)

    async def _identify(self, socket: web.WebSocketResponse) -> None:
        async with self._lock:
            self.identify_count += 1
            self.session_id = secrets.token_hex(16)
            self.sequence = 0
            self._history.clear()
            self._socket = socket
            self._live = True
        state = self._state
        await self.dispatch(
            "READY",
            {
                "v": 10,
                "user": {**user_payload(state.bot_user), "verified": True, "mfa_enabled": False},
                "guilds": [{"id": str(g), "unavailable": True} for g in state.guilds],
                "session_id": self.session_id,
                "session_type": "normal",
                "resume_gateway_url": self.resume_url,
                "application": {"id": str(state.application_id), "flags": 0},
                "private_channels": [],
                "relationships": [],
            },
        )
        for guild in state.guilds.values():
            await self.dispatch("GUILD_CREATE", guild_create_payload(state, guild))
        self._ready.set()

    async def _resume(self, socket: web.WebSocketResponse, data: Payload) -> None:
        async with self._lock:
            if data.get("session_id") != self.session_id or self.session_id is None:
                await self._send(socket, {"op": GatewayOp.INVALID_SESSION, "d": False})
                return
            self.resume_count += 1
            last_seen = data.get("seq") or 0
            for sequence, text in self._history:
                if sequence > last_seen:
                    await socket.send_str(text)
            self._socket = socket
            self._live = True
            self.sequence += 1
            await self._send(
                socket,
                {"op": GatewayOp.DISPATCH, "t": "RESUMED", "s": self.sequence, "d": {}},
            )
        self._ready.set()

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

    async def dispatch(self, event: str, data: Any) -> None:
        """Sends an event now, or keeps it for the RESUME if the client is away."""
        async with self._lock:
            if self.session_id is None:
                return  # nobody has identified: Discord would not queue events either
            self.sequence += 1
            text = json.dumps({"op": GatewayOp.DISPATCH, "t": event, "s": self.sequence, "d": data})
            self._history.append((self.sequence, text))
            if self._live and self._socket is not None:
                try:
                    await self._socket.send_str(text)
                except ConnectionResetError:
                    _log.debug("event %s kept for resume: socket gone", event)

    async def drop_connection(self, code: int = CLOSE_CODE_RESUMABLE) -> None:
        """Closes the client's socket as a network fault would; the client should resume."""
        async with self._lock:
            socket, self._socket = self._socket, None
            self._live = False
            self._ready.clear()
        if socket is not None:
            await socket.close(code=code, message=b"fake_discord drop_connection")

    async def close(self) -> None:
        self._live = False
        for socket in list(self._connections):
            await socket.close(code=1001, message=b"fake_discord stopping")
