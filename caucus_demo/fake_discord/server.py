"""FakeDiscord: Discord's HTTP API v10 and gateway on 127.0.0.1, for the unmodified discord.py.

async with FakeDiscord() as fake:
    guild = fake.add_guild("Reading group")
    with fake.patch_client():
        ...  # start a discord.Client; it talks to the fake
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import Any, Self

from aiohttp import web

from caucus_demo.fake_discord import (
    routes_applications,
    routes_channels,
    routes_guilds,
    routes_interactions,
)
from caucus_demo.fake_discord.actions import MemberActions
from caucus_demo.fake_discord.faults import FaultInjector
from caucus_demo.fake_discord.gateway import FakeGateway
from caucus_demo.fake_discord.interactions import InteractionRecord, InteractionResult
from caucus_demo.fake_discord.payloads import (
    guild_channel_payload,
    guild_create_payload,
    member_payload,
    role_payload,
)
from caucus_demo.fake_discord.rest import API_PREFIX, RequestRecord, RestApi
from caucus_demo.fake_discord.state import (
    THREAD_TYPES,
    ChannelType,
    FakeGuild,
    FakeMember,
    FakeRole,
    FakeState,
    Id,
    Payload,
)
from caucus_demo.fake_discord.validation import Violation, spec_validator

_log = logging.getLogger(__name__)
# Imported for their @route registrations.
_ROUTE_MODULES = (routes_applications, routes_channels, routes_guilds, routes_interactions)


class FakeDiscord:
    """One fake Discord: in-memory state, REST (checked against the spec) and a gateway."""

    def __init__(
        self,
        *,
        strict: bool = True,
        validate_requests: bool = True,
        validate_responses: bool = False,
        interaction_timeout: float = 5.0,
    ) -> None:
        self.strict = strict
        # Off only for load benchmarks: checking a body against the spec costs ~2 ms a request.
        self.validate_requests = validate_requests
        self.validate_responses = validate_responses
        self.state = FakeState()
        self.gateway = FakeGateway(self.state)
        self.faults = FaultInjector()
        self.requests: list[RequestRecord] = []
        self.violations: list[Violation] = []
        self.interaction_records: dict[int, InteractionRecord] = {}
        # The same records by token: webhook routes (followups, edits) look them up by it.
        self.interaction_tokens: dict[str, InteractionRecord] = {}
        self.actions = MemberActions(
            self.state,
            self.gateway,
            self.interaction_records,
            interaction_timeout,
            self.interaction_tokens,
        )
        self.owner = self.state.add_user("Application owner")
        self.port = 0
        self._runner: web.AppRunner | None = None
        self._pending_events: list[tuple[str, Payload]] = []
        self._changed = asyncio.Condition()

    # Lifetime ------------------------------------------------------------------------------

    async def start(self, port: int = 0) -> None:
        spec_validator()  # load the spec now rather than inside the first request
        app = web.Application()
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", RestApi(self).handle)
        app.router.add_get("/", self.gateway.handle)
        app.router.add_get("/cdn/attachments/fake/{id}/{filename}", self._download)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        self.state.cdn_base = f"http://127.0.0.1:{self.port}/cdn"
        self.gateway.resume_url = self.gateway_url

    async def stop(self) -> None:
        await self.gateway.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/"

    @contextlib.contextmanager
    def patch_client(self) -> Iterator[Self]:
        """Points discord.py's REST base and gateway at this fake; restores them on exit."""
        import yarl
        from discord.gateway import DiscordWebSocket
        from discord.http import Route

        old_base, old_gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
        Route.BASE = self.base_url
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)
        try:
            yield self
        finally:
            Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = old_base, old_gateway

    # Violations ----------------------------------------------------------------------------

    def record_violation(self, violation: Violation) -> None:
        _log.warning("fake_discord: %s", violation)
        self.violations.append(violation)

    def assert_no_violations(self) -> None:
        if self.violations:
            listing = "\n".join(f"  - {v}" for v in self.violations)
            raise AssertionError(f"the bot made invalid Discord API requests:\n{listing}")

    def fail_next(
        self,
        method: str,
        path_pattern: str,
        status: int = 429,
        count: int = 1,
        retry_after: float | None = None,
        *,
        after: int = 0,
        where: Callable[[str], bool] | None = None,
    ) -> None:
        """The next `count` requests matching (fnmatch on the path after /api/v10, and
        `where(path)` if given) fail, once `after` matching requests have gone through."""
        self.faults.add(method, path_pattern, status, count, retry_after, after, where)

    def in_thread(self, path: str) -> bool:
        """For `fail_next(where=...)`: the request is about a thread (/channels/{thread}/...)."""
        parts = path.split("/")
        channel = (
            self.state.channels.get(int(parts[2]))
            if len(parts) > 2 and parts[2].isdigit()
            else None
        )
        return channel is not None and channel["type"] in THREAD_TYPES

    async def drop_connection(self, *, shard_id: int | None = None) -> None:
        """Closes the gateway socket (of one shard, or all); discord.py reconnects and RESUMEs."""
        await self.gateway.drop_connection(shard_id=shard_id)

    async def notify_changed(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait_for(self, predicate: Callable[[], bool], *, within: float = 15.0) -> None:
        """Waits until `predicate()` holds, re-checking after each request the bot makes.

        For effects that no interaction result carries, e.g. the reply to a member's message.
        """
        async with asyncio.timeout(within), self._changed:
            await self._changed.wait_for(predicate)

    # Building the world --------------------------------------------------------------------

    def _announce(self, event: str, data: Payload) -> None:
        """Queues an event for a connected bot; flushed before the next driven action."""
        if self.gateway.session_id is not None:
            self._pending_events.append((event, data))

    async def flush_events(self) -> None:
        while self._pending_events:
            event, data = self._pending_events.pop(0)
            await self.gateway.dispatch(event, data)

    def add_guild(self, name: str, *, shard: tuple[int, int] | None = None) -> FakeGuild:
        """A guild; ``shard=(shard_id, shard_count)`` places it on that shard."""
        guild = self.state.add_guild(name, owner=self.owner, shard=shard)
        self._announce("GUILD_CREATE", guild_create_payload(self.state, guild))
        return guild

    def add_role(self, guild_id: Id, name: str, *, permissions: int = 0) -> FakeRole:
        role = self.state.add_role(guild_id, name, permissions=permissions)
        self._announce("GUILD_ROLE_CREATE", {"guild_id": str(guild_id), "role": role_payload(role)})
        return role

    def add_member(
        self, guild_id: Id, name: str, roles: list[FakeRole | Id] | None = None
    ) -> FakeMember:
        member = self.state.add_member(guild_id, name, roles=roles)
        self._announce("GUILD_MEMBER_ADD", {**member_payload(member), "guild_id": str(guild_id)})
        return member

    def add_channel(
        self,
        guild_id: Id,
        name: str,
        channel_type: ChannelType | int = ChannelType.TEXT,
        *,
        parent_id: Id | None = None,
        topic: str | None = None,
    ) -> Payload:
        kind = ChannelType(channel_type)
        if kind is ChannelType.DM or kind in THREAD_TYPES:
            raise ValueError("add_channel makes guild channels; threads come from the bot")
        channel = guild_channel_payload(
            self.state, guild_id, name, kind, parent_id=parent_id, topic=topic
        )
        self.state.add_channel_payload(channel)
        self._announce("CHANNEL_CREATE", channel)
        return channel

    # Driving members -----------------------------------------------------------------------

    async def invoke_slash(
        self,
        guild_id: Id | None,
        user_id: Id,
        command: str,
        options: dict[str, Any] | None = None,
        *,
        channel_id: Id | None = None,
        expect_followup: bool | None = None,
    ) -> InteractionResult:
        await self.flush_events()
        return await self.actions.invoke_slash(
            guild_id,
            user_id,
            command,
            options,
            channel_id=channel_id,
            expect_followup=expect_followup,
        )

    async def click(
        self, message_id: Id, custom_id: str, user_id: Id, *, expect_followup: bool | None = None
    ) -> InteractionResult:
        await self.flush_events()
        return await self.actions.click(
            message_id, custom_id, user_id, expect_followup=expect_followup
        )

    async def select(
        self,
        message_id: Id,
        custom_id: str,
        values: list[Any],
        user_id: Id,
        *,
        expect_followup: bool | None = None,
    ) -> InteractionResult:
        await self.flush_events()
        return await self.actions.select(
            message_id, custom_id, values, user_id, expect_followup=expect_followup
        )

    async def submit_modal(
        self,
        custom_id: str,
        fields: dict[str, str | list[str]],
        user_id: Id,
        *,
        expect_followup: bool | None = None,
    ) -> InteractionResult:
        await self.flush_events()
        return await self.actions.submit_modal(
            custom_id, fields, user_id, expect_followup=expect_followup
        )

    async def post_message(self, channel_id: Id, user_id: Id, content: str) -> Payload:
        await self.flush_events()
        return await self.actions.post_message(channel_id, user_id, content)

    async def edit_message(self, message_id: Id, content: str) -> Payload:
        await self.flush_events()
        return await self.actions.edit_message(message_id, content)

    async def delete_message(self, message_id: Id) -> None:
        await self.flush_events()
        await self.actions.delete_message(message_id)

    # Looking at the world ------------------------------------------------------------------

    def messages_in(self, channel_id: Id) -> list[Payload]:
        """Public messages in a channel or thread, oldest first."""
        ids = self.state.channel_messages.get(int(channel_id), [])
        return [self.state.messages[i] for i in ids]

    def dms_to(self, user_id: Id) -> list[Payload]:
        channel_id = self.state.dm_channel_by_user.get(int(user_id))
        return [] if channel_id is None else self.messages_in(channel_id)

    def scheduled_events(self, guild_id: Id) -> list[Payload]:
        return [e for e in self.state.scheduled_events.values() if e["guild_id"] == str(guild_id)]

    def threads_in(self, channel_id: Id) -> list[Payload]:
        """Threads (forum posts included) whose parent is this channel."""
        return [
            c
            for c in self.state.channels.values()
            if c["type"] in THREAD_TYPES and c.get("parent_id") == str(channel_id)
        ]

    def commands(self, guild_id: Id | None = None) -> list[Payload]:
        """Synced commands: a guild's own, or the global ones when guild_id is None."""
        if guild_id is None:
            return list(self.state.global_commands)
        return list(self.state.guild_commands.get(int(guild_id), []))

    async def _download(self, request: web.Request) -> web.Response:
        """The CDN: members' uploads and the bot's own files, as discord.py's Attachment.read()
        fetches them."""
        data = self.state.attachment_data.get(int(request.match_info["id"]))
        if data is None:
            return web.Response(status=404)
        return web.Response(body=data, content_type="application/octet-stream")

    def attachment_bytes(self, attachment: Payload) -> bytes:
        return self.state.attachment_data[int(attachment["id"])]

    def requests_to(self, operation_id: str) -> list[RequestRecord]:
        """Logged requests for one spec operation, e.g. "create_message"."""
        return [r for r in self.requests if r.operation_id == operation_id]
