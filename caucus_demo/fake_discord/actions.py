"""What a member does in the client: slash commands, clicks, selects, modals and plain messages.

Each interaction goes to the bot as a gateway INTERACTION_CREATE; the call then waits for the
bot's answer over REST (and, for a deferred answer, for the edit or followup that completes it).
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from caucus_demo.fake_discord.component_input import check_select_values, modal_submission
from caucus_demo.fake_discord.gateway import FakeGateway
from caucus_demo.fake_discord.interactions import (
    MESSAGE_FLAG_LOADING,
    CallbackType,
    InteractionRecord,
    InteractionResult,
    InteractionType,
    walk_components,
)
from caucus_demo.fake_discord.message_payloads import apply_message_edit, message_payload
from caucus_demo.fake_discord.payloads import dm_channel_payload, member_payload, user_payload
from caucus_demo.fake_discord.slash import OptionBuilder, find_command, nest_options
from caucus_demo.fake_discord.state import FakeState, Id, Payload

_COMPONENT_BUTTON = 2
_SELECT_TYPES = frozenset({3, 5, 6, 7, 8})


class MemberActions:
    def __init__(
        self,
        state: FakeState,
        gateway: FakeGateway,
        records: dict[int, InteractionRecord],
        timeout: float,
        tokens: dict[str, InteractionRecord] | None = None,
    ) -> None:
        self._state = state
        self._gateway = gateway
        self._records = records
        self._tokens = tokens if tokens is not None else {}
        self.timeout = timeout

    # Messages ------------------------------------------------------------------------------

    def dm_channel(self, user_id: Id) -> Payload:
        """The DM channel between the bot and a user, made on first use."""
        existing = self._state.dm_channel_by_user.get(int(user_id))
        if existing is not None:
            return self._state.channels[existing]
        channel = dm_channel_payload(self._state, self._state.user(user_id))
        self._state.add_channel_payload(channel)
        self._state.dm_channel_by_user[int(user_id)] = int(channel["id"])
        return channel

    async def post_message(self, channel_id: Id, user_id: Id, content: str) -> Payload:
        channel = self._state.channel(channel_id)
        author = self._state.user(user_id)
        message = message_payload(self._state, channel, author, {"content": content})
        self._state.add_message_payload(message)
        await self._gateway.dispatch("MESSAGE_CREATE", message)
        return message

    async def edit_message(self, message_id: Id, content: str) -> Payload:
        message = self._state.message(message_id)
        apply_message_edit(message, {"content": content}, None)
        await self._gateway.dispatch("MESSAGE_UPDATE", message)
        return message

    async def delete_message(self, message_id: Id) -> None:
        message = self._state.remove_message(message_id)
        event = {"id": message["id"], "channel_id": message["channel_id"]}
        if "guild_id" in message:
            event["guild_id"] = message["guild_id"]
        await self._gateway.dispatch("MESSAGE_DELETE", event)

    # Interactions --------------------------------------------------------------------------

    def _base_payload(
        self, kind: InteractionType, guild_id: int | None, channel: Payload, user_id: int
    ) -> tuple[Payload, InteractionRecord]:
        interaction_id = self._state.ids.next_id()
        token = f"fake-token-{interaction_id}-{secrets.token_urlsafe(12)}"
        payload: Payload = {
            "id": str(interaction_id),
            "application_id": str(self._state.application_id),
            "type": int(kind),
            "token": token,
            "version": 1,
            "channel_id": channel["id"],
            "channel": channel,
            "locale": "en-US",
            "app_permissions": str((1 << 53) - 1),
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(guild_id or 0)},
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if guild_id is None:
            payload["user"] = user_payload(self._state.user(user_id))
            payload["context"] = 1
        else:
            member = self._state.member(guild_id, user_id)
            payload["guild_id"] = str(guild_id)
            payload["guild_locale"] = "en-US"
            payload["guild"] = {"id": str(guild_id), "locale": "en-US", "features": []}
            payload["member"] = member_payload(
                member, permissions=self._state.member_permissions(member)
            )
            payload["context"] = 0
        record = InteractionRecord(
            interaction_id, token, kind, "", guild_id, int(channel["id"]), int(user_id)
        )
        record.metadata = {
            "id": str(interaction_id),
            "type": int(kind),
            "user": user_payload(self._state.user(user_id)),
            "authorizing_integration_owners": payload["authorizing_integration_owners"],
        }
        return payload, record

    def _channel_for(self, guild_id: Id | None, channel_id: Id | None, user_id: Id) -> Payload:
        if channel_id is not None:
            return self._state.channel(channel_id)
        if guild_id is None:
            return self.dm_channel(user_id)
        guild = self._state.guild(guild_id)
        text = [c for c in guild.channel_ids if self._state.channels[c]["type"] == 0]
        if not text:
            raise LookupError(f"guild {guild_id} has no text channel; pass channel_id")
        return self._state.channels[text[0]]

    async def _send(
        self, payload: Payload, record: InteractionRecord, expect_followup: bool | None
    ) -> InteractionResult:
        self._records[record.id] = record
        self._tokens[record.token] = record
        await self._gateway.dispatch("INTERACTION_CREATE", payload)
        # Taken once the event is handed to the socket: waiting for the fake's own session lock
        # is not the bot's latency (a bot that reads slowly still delays the return, and counts).
        record.dispatched_at = time.perf_counter()
        await record.wait_until(
            lambda: record.response_type is not None, self.timeout, "the bot sent no response"
        )
        wait_for_more = expect_followup
        if wait_for_more is None:
            # A deferred answer (a "thinking" message, or a component's deferred update) is
            # complete with the followup or edit that finishes it.
            wait_for_more = record.response_type in (
                CallbackType.DEFERRED_CHANNEL_MESSAGE,
                CallbackType.DEFERRED_UPDATE_MESSAGE,
            )
        if wait_for_more:
            await record.wait_until(
                lambda: _deferred_work_arrived(record, self._state),
                self.timeout,
                f"the bot deferred ({record.response_type!r}) but sent no edit or followup",
            )
        return InteractionResult(record, self._state)

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
        gid = None if guild_id is None else int(guild_id)
        commands = self._state.commands_for(gid)
        root, leaf_schema, names = find_command(commands, command)
        builder = OptionBuilder(self._state, gid)
        leaf = builder.build(command, leaf_schema, options or {})
        channel = self._channel_for(gid, channel_id, user_id)
        payload, record = self._base_payload(
            InteractionType.APPLICATION_COMMAND, gid, channel, int(user_id)
        )
        record.description = f"/{command}"
        data: Payload = {
            "id": root["id"],
            "name": root["name"],
            "type": 1,
            "options": nest_options(names, commands, leaf),
        }
        if "guild_id" in root:
            data["guild_id"] = root["guild_id"]
        resolved = builder.resolved.as_payload()
        if resolved:
            data["resolved"] = resolved
        payload["data"] = data
        return await self._send(payload, record, expect_followup)

    def _component_message(self, message_id: Id, custom_id: str) -> tuple[Payload, Payload]:
        message = self._state.find_message(message_id)
        if message is None:
            raise LookupError(f"no message {message_id} (public or ephemeral) in the fake")
        components = list(walk_components(message["components"]))
        component = next((c for c in components if c.get("custom_id") == custom_id), None)
        if component is None:
            present = [c["custom_id"] for c in components if "custom_id" in c]
            raise LookupError(f"message {message_id} has no component {custom_id!r}: {present}")
        if component.get("disabled"):
            raise ValueError(f"component {custom_id!r} on message {message_id} is disabled")
        return message, component

    async def _component_interaction(
        self,
        message_id: Id,
        custom_id: str,
        user_id: Id,
        data: Payload,
        expect_followup: bool | None,
    ) -> InteractionResult:
        message, _ = self._component_message(message_id, custom_id)
        channel = self._state.channel(message["channel_id"])
        gid = None if channel.get("guild_id") is None else int(channel["guild_id"])
        payload, record = self._base_payload(
            InteractionType.MESSAGE_COMPONENT, gid, channel, int(user_id)
        )
        record.description = f"component {custom_id!r}"
        record.source_message_id = int(message["id"])
        record.metadata["interacted_message_id"] = message["id"]
        payload["message"] = message
        payload["data"] = {"custom_id": custom_id, **data}
        return await self._send(payload, record, expect_followup)

    async def click(
        self, message_id: Id, custom_id: str, user_id: Id, *, expect_followup: bool | None = None
    ) -> InteractionResult:
        _, component = self._component_message(message_id, custom_id)
        if component["type"] != _COMPONENT_BUTTON:
            raise ValueError(f"{custom_id!r} is not a button (type {component['type']})")
        data = {"component_type": _COMPONENT_BUTTON}
        return await self._component_interaction(
            message_id, custom_id, user_id, data, expect_followup
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
        message, component = self._component_message(message_id, custom_id)
        if component["type"] not in _SELECT_TYPES:
            raise ValueError(f"{custom_id!r} is not a select menu (type {component['type']})")
        check_select_values(component, values)
        channel = self._state.channel(message["channel_id"])
        gid = None if channel.get("guild_id") is None else int(channel["guild_id"])
        builder = OptionBuilder(self._state, gid)
        wire_values = [str(v) for v in values]
        if component["type"] in (5, 6, 7, 8):
            resolve = {
                5: builder.resolve_user,
                6: builder.resolve_role,
                7: builder.resolve_user,
                8: builder.resolve_channel,
            }[component["type"]]
            wire_values = [resolve(int(getattr(v, "id", v))) for v in values]
        data: Payload = {"component_type": component["type"], "values": wire_values}
        resolved = builder.resolved.as_payload()
        if resolved:
            data["resolved"] = resolved
        return await self._component_interaction(
            message_id, custom_id, user_id, data, expect_followup
        )

    async def submit_modal(
        self,
        custom_id: str,
        fields: dict[str, str | list[str]],
        user_id: Id,
        *,
        expect_followup: bool | None = None,
    ) -> InteractionResult:
        opener = next(
            (
                r
                for r in reversed(self._records.values())
                if r.modal is not None and r.modal["custom_id"] == custom_id
            ),
            None,
        )
        if opener is None:
            raise LookupError(f"the bot never opened a modal {custom_id!r}")
        assert opener.modal is not None
        components = modal_submission(opener.modal, fields)
        channel = self._state.channel(opener.channel_id)
        payload, record = self._base_payload(
            InteractionType.MODAL_SUBMIT, opener.guild_id, channel, int(user_id)
        )
        record.description = f"modal {custom_id!r}"
        record.metadata["triggering_interaction_metadata"] = opener.metadata
        if opener.source_message_id is not None:
            record.source_message_id = opener.source_message_id
            source = self._state.find_message(opener.source_message_id)
            if source is not None:
                payload["message"] = source
        payload["data"] = {"custom_id": custom_id, "components": components}
        return await self._send(payload, record, expect_followup)


def _deferred_work_arrived(record: InteractionRecord, state: FakeState) -> bool:
    if record.followups:
        return True
    if record.response_type is CallbackType.DEFERRED_CHANNEL_MESSAGE:
        message = state.find_message(record.original_message_id or 0)
        return message is not None and not int(message["flags"]) & MESSAGE_FLAG_LOADING
    return record.original_edits > 0
