"""REST routes for channels, messages, threads (forum posts included), DMs and reactions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from caucus_demo.fake_discord.message_payloads import (
    apply_message_edit,
    attachment_payload,
    message_payload,
)
from caucus_demo.fake_discord.payloads import guild_channel_payload, thread_payload
from caucus_demo.fake_discord.rest import (
    DiscordError,
    Reply,
    RestCall,
    UnknownError,
    UploadedFile,
    route,
)
from caucus_demo.fake_discord.state import THREAD_TYPES, ChannelType, FakeState, Payload

if TYPE_CHECKING:
    from caucus_demo.fake_discord.server import FakeDiscord

_CHANNEL = "/channels/{channel_id}"
_MESSAGE = "/channels/{channel_id}/messages/{message_id}"
_INVALID_FORM_BODY = 50035


def _channel(server: FakeDiscord, call: RestCall) -> Payload:
    channel = server.state.channels.get(int(call.param("channel_id")))
    if channel is None:
        raise UnknownError("Channel")
    return channel


def _message(server: FakeDiscord, call: RestCall) -> Payload:
    channel = _channel(server, call)
    message = server.state.messages.get(int(call.param("message_id")))
    if message is None or message["channel_id"] != channel["id"]:
        raise UnknownError("Message")
    return message


def store_uploads(state: FakeState, body: Payload, files: list[UploadedFile]) -> list[Payload]:
    """Turns multipart files into attachments, named as the payload's attachments list says."""
    described = {str(a.get("id")): a for a in body.get("attachments") or []}
    attachments = []
    for index, upload in enumerate(files):
        meta = described.get(str(index), {})
        filename = meta.get("filename") or upload.filename
        attachment = attachment_payload(state, filename, upload.data, upload.content_type)
        if meta.get("description"):
            attachment["description"] = meta["description"]
        attachments.append(attachment)
    return attachments


async def create_bot_message(
    server: FakeDiscord, channel: Payload, body: Payload, files: list[UploadedFile], **extra: Any
) -> Payload:
    """Stores a message the bot sent and tells the gateway, as Discord does."""
    attachments = store_uploads(server.state, body, files)
    message = message_payload(
        server.state, channel, server.state.bot_user, body, attachments=attachments, **extra
    )
    server.state.add_message_payload(message)
    await server.gateway.dispatch("MESSAGE_CREATE", message)
    return message


@route("POST", f"{_CHANNEL}/messages")
async def create_message(server: FakeDiscord, call: RestCall) -> Reply:
    channel = _channel(server, call)
    if channel["type"] in (ChannelType.FORUM, ChannelType.CATEGORY):
        raise DiscordError(400, 50008, "Cannot send messages in a non-text channel")
    body = call.json
    if not (body.get("content") or body.get("embeds") or body.get("components") or call.files):
        raise DiscordError(400, 50006, "Cannot send an empty message")
    nonce = None if body.get("nonce") is None else str(body["nonce"])
    nonces, author = server.state.nonces, server.state.bot_user.id
    if nonce is not None and body.get("enforce_nonce"):
        earlier = nonces.earlier(author, nonce)
        if earlier is not None and earlier in server.state.messages:
            return 200, server.state.messages[earlier]  # no new message, no MESSAGE_CREATE
    message = await create_bot_message(server, channel, body, call.files)
    if nonce is not None:
        nonces.remember(author, nonce, int(message["id"]))
    return 200, message


@route("GET", f"{_CHANNEL}/messages")
async def list_messages(server: FakeDiscord, call: RestCall) -> Reply:
    channel = _channel(server, call)
    ids = server.state.channel_messages[int(channel["id"])]
    if "before" in call.query:
        ids = [i for i in ids if i < int(call.query["before"])]
    if "after" in call.query:
        ids = [i for i in ids if i > int(call.query["after"])]
    limit = int(call.query.get("limit", 50))
    newest_first = sorted(ids, reverse=True)[:limit]
    return 200, [server.state.messages[i] for i in newest_first]


@route("GET", _MESSAGE)
async def get_message(server: FakeDiscord, call: RestCall) -> Reply:
    return 200, _message(server, call)


@route("PATCH", _MESSAGE)
async def edit_message(server: FakeDiscord, call: RestCall) -> Reply:
    message = _message(server, call)
    if message["author"]["id"] != str(server.state.bot_user.id):
        raise DiscordError(403, 50005, "Cannot edit a message authored by another user")
    apply_message_edit(message, call.json, store_uploads(server.state, call.json, call.files))
    await server.gateway.dispatch("MESSAGE_UPDATE", message)
    return 200, message


@route("DELETE", _MESSAGE)
async def delete_message(server: FakeDiscord, call: RestCall) -> Reply:
    message = _message(server, call)
    server.state.remove_message(message["id"])
    event = {"id": message["id"], "channel_id": message["channel_id"]}
    if "guild_id" in message:
        event["guild_id"] = message["guild_id"]
    await server.gateway.dispatch("MESSAGE_DELETE", event)
    return 204, None


@route("PUT", f"{_MESSAGE}/reactions/{{emoji_name}}/@me")
async def add_my_reaction(server: FakeDiscord, call: RestCall) -> Reply:
    message = _message(server, call)
    emoji = call.param("emoji_name")
    users = server.state.reactions[int(message["id"])].setdefault(emoji, set())
    users.add(server.state.bot_user.id)
    event = {
        "user_id": str(server.state.bot_user.id),
        "channel_id": message["channel_id"],
        "message_id": message["id"],
        "emoji": {"id": None, "name": emoji},
        "type": 0,
        "burst": False,
    }
    if "guild_id" in message:
        event["guild_id"] = message["guild_id"]
    await server.gateway.dispatch("MESSAGE_REACTION_ADD", event)
    return 204, None


@route("DELETE", f"{_MESSAGE}/reactions/{{emoji_name}}/@me")
async def remove_my_reaction(server: FakeDiscord, call: RestCall) -> Reply:
    message = _message(server, call)
    users = server.state.reactions[int(message["id"])].get(call.param("emoji_name"), set())
    users.discard(server.state.bot_user.id)
    return 204, None


@route("PUT", f"{_CHANNEL}/messages/pins/{{message_id}}")
async def pin_message(server: FakeDiscord, call: RestCall) -> Reply:
    """Pin a message (the convention's agenda): the message is marked pinned."""
    message = _message(server, call)
    message["pinned"] = True
    return 204, None


@route("POST", f"{_CHANNEL}/typing")
async def trigger_typing(server: FakeDiscord, call: RestCall) -> Reply:
    _channel(server, call)
    return 204, None


@route("GET", _CHANNEL)
async def get_channel(server: FakeDiscord, call: RestCall) -> Reply:
    return 200, _channel(server, call)


_THREAD_METADATA_KEYS = ("archived", "locked", "auto_archive_duration", "invitable")


@route("PATCH", _CHANNEL)
async def edit_channel(server: FakeDiscord, call: RestCall) -> Reply:
    channel = _channel(server, call)
    for key, value in call.json.items():
        if channel["type"] in THREAD_TYPES and key in _THREAD_METADATA_KEYS:
            channel["thread_metadata"][key] = value
        elif key == "applied_tags":
            channel[key] = [str(v) for v in value or []]
        elif key == "parent_id":
            channel[key] = None if value is None else str(value)
        else:
            channel[key] = value
    event = "THREAD_UPDATE" if channel["type"] in THREAD_TYPES else "CHANNEL_UPDATE"
    await server.gateway.dispatch(event, channel)
    return 200, channel


@route("DELETE", _CHANNEL)
async def delete_channel(server: FakeDiscord, call: RestCall) -> Reply:
    channel = _channel(server, call)
    del server.state.channels[int(channel["id"])]
    if channel.get("guild_id") is not None:
        server.state.guild(channel["guild_id"]).channel_ids.remove(int(channel["id"]))
    if channel["type"] in THREAD_TYPES:
        event = {k: channel[k] for k in ("id", "guild_id", "parent_id", "type")}
        await server.gateway.dispatch("THREAD_DELETE", event)
    else:
        await server.gateway.dispatch("CHANNEL_DELETE", channel)
    return 200, channel


async def _open_thread(server: FakeDiscord, thread: Payload) -> None:
    server.state.add_channel_payload(thread)
    server.state.thread_members[int(thread["id"])].add(server.state.bot_user.id)
    await server.gateway.dispatch("THREAD_CREATE", {**thread, "newly_created": True})


@route("POST", f"{_CHANNEL}/threads")
async def create_thread(server: FakeDiscord, call: RestCall) -> Reply:
    parent = _channel(server, call)
    body = call.json
    bot_id = server.state.bot_user.id
    if parent["type"] == ChannelType.FORUM:
        if not body.get("message"):
            raise DiscordError(400, _INVALID_FORM_BODY, "A forum post needs a starting message")
        thread = thread_payload(
            server.state,
            parent,
            body["name"],
            bot_id,
            ChannelType.PUBLIC_THREAD,
            auto_archive_duration=body.get("auto_archive_duration"),
            applied_tags=[str(t) for t in body.get("applied_tags") or []],
        )
        await _open_thread(server, thread)
        starter = dict(body["message"])
        message = await create_bot_message(server, thread, starter, call.files)
        # A forum post's starter message has the thread's id; re-key the stored message.
        server.state.remove_message(message["id"])
        message["id"] = thread["id"]
        server.state.add_message_payload(message)
        return 201, {**thread, "message": message}
    if parent["type"] not in (ChannelType.TEXT, ChannelType.ANNOUNCEMENT):
        raise DiscordError(400, 50024, "Cannot execute action on this channel type")
    thread_type = ChannelType(body.get("type") or ChannelType.PRIVATE_THREAD)
    thread = thread_payload(
        server.state,
        parent,
        body["name"],
        bot_id,
        thread_type,
        auto_archive_duration=body.get("auto_archive_duration"),
    )
    await _open_thread(server, thread)
    return 201, thread


@route("POST", f"{_MESSAGE}/threads")
async def create_thread_from_message(server: FakeDiscord, call: RestCall) -> Reply:
    message = _message(server, call)
    parent = _channel(server, call)
    thread = thread_payload(
        server.state,
        parent,
        call.json["name"],
        server.state.bot_user.id,
        ChannelType.PUBLIC_THREAD,
        thread_id=message["id"],
        auto_archive_duration=call.json.get("auto_archive_duration"),
    )
    await _open_thread(server, thread)
    message["thread"] = thread
    return 201, thread


@route("PUT", f"{_CHANNEL}/thread-members/@me")
async def join_thread(server: FakeDiscord, call: RestCall) -> Reply:
    thread = _channel(server, call)
    server.state.thread_members[int(thread["id"])].add(server.state.bot_user.id)
    return 204, None


@route("PUT", f"{_CHANNEL}/thread-members/{{user_id}}")
async def add_thread_member(server: FakeDiscord, call: RestCall) -> Reply:
    thread = _channel(server, call)
    if thread["type"] not in THREAD_TYPES:
        raise DiscordError(400, 50024, "Cannot execute action on this channel type")
    server.state.user(call.param("user_id"))
    server.state.thread_members[int(thread["id"])].add(int(call.param("user_id")))
    thread["member_count"] = len(server.state.thread_members[int(thread["id"])])
    return 204, None


@route("DELETE", f"{_CHANNEL}/thread-members/{{user_id}}")
async def remove_thread_member(server: FakeDiscord, call: RestCall) -> Reply:
    thread = _channel(server, call)
    server.state.thread_members[int(thread["id"])].discard(int(call.param("user_id")))
    return 204, None


@route("POST", "/users/@me/channels")
async def create_dm(server: FakeDiscord, call: RestCall) -> Reply:
    recipient = server.state.users.get(int(call.json["recipient_id"]))
    if recipient is None:
        raise UnknownError("User")
    return 200, server.actions.dm_channel(recipient.id)


@route("POST", "/guilds/{guild_id}/channels")
async def create_guild_channel(server: FakeDiscord, call: RestCall) -> Reply:
    guild = server.state.guilds.get(int(call.param("guild_id")))
    if guild is None:
        raise UnknownError("Guild")
    body = call.json
    channel = guild_channel_payload(
        server.state,
        guild.id,
        body["name"],
        ChannelType(body.get("type") or 0),
        parent_id=body.get("parent_id"),
        topic=body.get("topic"),
        position=body.get("position"),
    )
    server.state.add_channel_payload(channel)
    await server.gateway.dispatch("CHANNEL_CREATE", channel)
    return 201, channel


@route("GET", "/guilds/{guild_id}/channels")
async def list_guild_channels(server: FakeDiscord, call: RestCall) -> Reply:
    guild = server.state.guilds.get(int(call.param("guild_id")))
    if guild is None:
        raise UnknownError("Guild")
    channels = [server.state.channels[c] for c in guild.channel_ids]
    return 200, [c for c in channels if c["type"] not in THREAD_TYPES]
