"""REST routes the bot uses to answer interactions: the callback, followups and edits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from caucus_demo.fake_discord.interactions import (
    MESSAGE_FLAG_LOADING,
    CallbackType,
    InteractionRecord,
    InteractionType,
)
from caucus_demo.fake_discord.message_payloads import (
    MESSAGE_FLAG_EPHEMERAL,
    apply_message_edit,
    message_payload,
)
from caucus_demo.fake_discord.rest import DiscordError, Reply, RestCall, UnknownError, route
from caucus_demo.fake_discord.routes_channels import store_uploads
from caucus_demo.fake_discord.state import Payload

if TYPE_CHECKING:
    from caucus_demo.fake_discord.server import FakeDiscord

_WEBHOOK = "/webhooks/{webhook_id}/{webhook_token}"
_UNKNOWN_INTERACTION = 10062
_ALREADY_ACKNOWLEDGED = 40060


def _record_for_webhook(server: FakeDiscord, call: RestCall) -> InteractionRecord:
    token = call.param("webhook_token")
    record = server.interaction_tokens.get(token)
    if int(call.param("webhook_id")) != server.state.application_id or record is None:
        raise DiscordError(404, 10015, "Unknown Webhook")
    return record


async def _create_interaction_message(
    server: FakeDiscord, record: InteractionRecord, call: RestCall, data: Payload, loading: bool
) -> Payload:
    state = server.state
    channel = state.channel(record.channel_id)
    message = message_payload(
        state,
        channel,
        state.bot_user,
        data,
        attachments=store_uploads(state, data, call.files),
        webhook_id=state.application_id,
        interaction=record.metadata,
    )
    if record.type is not InteractionType.APPLICATION_COMMAND:
        message["type"] = 0
    if loading:
        message["flags"] |= MESSAGE_FLAG_LOADING
    if message["flags"] & MESSAGE_FLAG_EPHEMERAL:
        state.ephemeral_messages[int(message["id"])] = message
    else:
        state.add_message_payload(message)
        await server.gateway.dispatch("MESSAGE_CREATE", message)
    return message


async def _edit(server: FakeDiscord, message: Payload, call: RestCall) -> Payload:
    apply_message_edit(message, call.json, store_uploads(server.state, call.json, call.files))
    message["flags"] &= ~MESSAGE_FLAG_LOADING
    if not message["flags"] & MESSAGE_FLAG_EPHEMERAL:
        await server.gateway.dispatch("MESSAGE_UPDATE", message)
    return message


@route("POST", "/interactions/{interaction_id}/{interaction_token}/callback")
async def create_interaction_response(server: FakeDiscord, call: RestCall) -> Reply:
    record = server.interaction_records.get(int(call.param("interaction_id")))
    if record is None or record.token != call.param("interaction_token"):
        raise DiscordError(404, _UNKNOWN_INTERACTION, "Unknown interaction")
    if record.answered_at is None:
        record.answered_at = call.received_at
    if record.response_type is not None:
        raise DiscordError(400, _ALREADY_ACKNOWLEDGED, "Interaction has already been acknowledged.")
    kind = CallbackType(call.json["type"])
    data = call.json.get("data") or {}
    resource: Payload | None = None
    if kind in (CallbackType.CHANNEL_MESSAGE, CallbackType.DEFERRED_CHANNEL_MESSAGE):
        loading = kind is CallbackType.DEFERRED_CHANNEL_MESSAGE
        message = await _create_interaction_message(server, record, call, data, loading)
        record.original_message_id = int(message["id"])
        if not loading:  # the spec has no resource for a "thinking" defer
            resource = {"type": int(kind), "message": message}
    elif kind in (CallbackType.UPDATE_MESSAGE, CallbackType.DEFERRED_UPDATE_MESSAGE):
        source = None
        if record.source_message_id is not None:
            source = server.state.find_message(record.source_message_id)
        if source is None:
            raise DiscordError(400, 50035, "Only component interactions can update a message")
        record.original_message_id = int(source["id"])
        if kind is CallbackType.UPDATE_MESSAGE:
            apply_message_edit(source, data, store_uploads(server.state, data, call.files))
            if not source["flags"] & MESSAGE_FLAG_EPHEMERAL:
                await server.gateway.dispatch("MESSAGE_UPDATE", source)
            resource = {"type": int(kind), "message": source}
    elif kind is CallbackType.MODAL:
        record.modal = data
    elif kind is CallbackType.AUTOCOMPLETE_RESULT:
        record.autocomplete_choices = data.get("choices", [])
    record.response_type = kind
    record.notify()
    answered = None
    if record.original_message_id is not None:
        answered = server.state.find_message(record.original_message_id)
    interaction: Payload = {
        "id": str(record.id),
        "type": int(record.type),
        "response_message_loading": kind is CallbackType.DEFERRED_CHANNEL_MESSAGE,
        "response_message_ephemeral": bool(answered and answered["flags"] & MESSAGE_FLAG_EPHEMERAL),
    }
    if answered is not None:
        interaction["response_message_id"] = answered["id"]
    answer: Payload = {"interaction": interaction}
    if resource is not None:
        answer["resource"] = resource
    return 200, answer


@route("POST", _WEBHOOK)
async def create_followup(server: FakeDiscord, call: RestCall) -> Reply:
    record = _record_for_webhook(server, call)
    if record.response_type is None:
        raise DiscordError(404, _UNKNOWN_INTERACTION, "Unknown interaction (not answered yet)")
    original = None
    if record.original_message_id is not None:
        original = server.state.find_message(record.original_message_id)
    if original is not None and original["flags"] & MESSAGE_FLAG_LOADING:
        # Discord turns the first followup after a "thinking" defer into that message.
        message = await _edit(server, original, call)
    else:
        message = await _create_interaction_message(server, record, call, call.json, False)
    record.followups.append(message)
    record.notify()
    wait = call.query.get("wait", "false").lower() in ("1", "true")
    return (200, message) if wait else (204, None)


def _webhook_message(server: FakeDiscord, call: RestCall) -> tuple[InteractionRecord, Payload]:
    record = _record_for_webhook(server, call)
    message_id = call.route.params.get("message_id")
    target = record.original_message_id if message_id is None else int(message_id)
    message = None if target is None else server.state.find_message(target)
    if message is None:
        raise UnknownError("Message")
    return record, message


@route("GET", f"{_WEBHOOK}/messages/@original")
@route("GET", f"{_WEBHOOK}/messages/{{message_id}}")
async def get_webhook_message(server: FakeDiscord, call: RestCall) -> Reply:
    return 200, _webhook_message(server, call)[1]


@route("PATCH", f"{_WEBHOOK}/messages/@original")
@route("PATCH", f"{_WEBHOOK}/messages/{{message_id}}")
async def edit_webhook_message(server: FakeDiscord, call: RestCall) -> Reply:
    record, message = _webhook_message(server, call)
    await _edit(server, message, call)
    if int(message["id"]) == record.original_message_id:
        record.original_edits += 1
    record.notify()
    return 200, message


@route("DELETE", f"{_WEBHOOK}/messages/@original")
@route("DELETE", f"{_WEBHOOK}/messages/{{message_id}}")
async def delete_webhook_message(server: FakeDiscord, call: RestCall) -> Reply:
    record, message = _webhook_message(server, call)
    if server.state.ephemeral_messages.pop(int(message["id"]), None) is None:
        server.state.remove_message(message["id"])
        event = {"id": message["id"], "channel_id": message["channel_id"]}
        if "guild_id" in message:
            event["guild_id"] = message["guild_id"]
        await server.gateway.dispatch("MESSAGE_DELETE", event)
    record.notify()
    return 204, None
