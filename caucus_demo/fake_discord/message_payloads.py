"""Message payloads: what the bot sends, stored the way Discord stores and returns it."""

from __future__ import annotations

import itertools

from caucus_demo.fake_discord.payloads import member_payload, user_payload
from caucus_demo.fake_discord.state import FakeState, FakeUser, Id, Payload, now_iso

MESSAGE_FLAG_EPHEMERAL = 1 << 6


def normalize_components(components: list[Payload] | None) -> list[Payload]:
    """Adds what Discord adds to components it stores: numeric ids and select defaults; a
    Unicode emoji comes back with its name only (no null id)."""
    counter = itertools.count(1)

    def walk(items: list[Payload]) -> list[Payload]:
        result = []
        for item in items:
            component = dict(item)
            component.setdefault("id", next(counter))
            if component["type"] in (3, 5, 6, 7, 8):
                component.setdefault("min_values", 1)
                component.setdefault("max_values", 1)
            emoji = component.get("emoji")
            if isinstance(emoji, dict) and emoji.get("id") is None:
                component["emoji"] = {k: v for k, v in emoji.items() if k != "id"}
            if component["type"] == 3:
                component["options"] = [
                    {"default": False, **option} for option in component.get("options", [])
                ]
            if "components" in component:
                component["components"] = walk(component["components"])
            if "component" in component:
                component["component"] = walk([component["component"]])[0]
            result.append(component)
        return result

    return walk(components or [])


def normalize_embeds(embeds: list[Payload] | None) -> list[Payload]:
    return [{"type": "rich", **embed} for embed in embeds or []]


def message_payload(
    state: FakeState,
    channel: Payload,
    author: FakeUser,
    body: Payload,
    *,
    attachments: list[Payload] | None = None,
    webhook_id: Id | None = None,
    interaction: Payload | None = None,
) -> Payload:
    """A stored message built from a create-message request body (or a member's text)."""
    payload: Payload = {
        "id": str(state.ids.next_id()),
        "type": 0 if interaction is None else 20,
        "channel_id": channel["id"],
        "author": user_payload(author),
        "content": body.get("content") or "",
        "mentions": [],
        "mention_roles": [],
        "mention_everyone": False,
        "attachments": attachments or [],
        "embeds": normalize_embeds(body.get("embeds")),
        "components": normalize_components(body.get("components")),
        "timestamp": now_iso(),
        "edited_timestamp": None,
        "flags": int(body.get("flags") or 0),
        "pinned": False,
        "tts": bool(body.get("tts") or False),
    }
    if "guild_id" in channel:
        payload["guild_id"] = channel["guild_id"]
        member = state.guild(channel["guild_id"]).members.get(author.id)
        if member is not None:
            member_data = member_payload(member)
            del member_data["user"]
            payload["member"] = member_data
    if body.get("nonce") is not None:
        payload["nonce"] = body["nonce"]  # echoed back, as Discord does
    if webhook_id is not None:
        payload["webhook_id"] = str(webhook_id)
        payload["application_id"] = str(state.application_id)
    if interaction is not None:
        payload["interaction_metadata"] = interaction
    if body.get("message_reference"):
        reference = dict(body["message_reference"])
        reference.setdefault("channel_id", channel["id"])
        payload["message_reference"] = {k: str(v) for k, v in reference.items() if k != "type"}
    return payload


def apply_message_edit(message: Payload, body: Payload, attachments: list[Payload] | None) -> None:
    """Applies a PATCH body to a stored message the way Discord does (absent keys stay)."""
    if "content" in body:
        message["content"] = body["content"] or ""
    if "embeds" in body:
        message["embeds"] = normalize_embeds(body["embeds"])
    if "components" in body:
        message["components"] = normalize_components(body["components"])
    if "flags" in body and body["flags"] is not None:
        message["flags"] = int(body["flags"])
    if "attachments" in body:
        kept = {str(a.get("id")) for a in body["attachments"] or []}
        message["attachments"] = [a for a in message["attachments"] if a["id"] in kept]
    message["attachments"] = message["attachments"] + (attachments or [])
    message["edited_timestamp"] = now_iso()


def attachment_payload(state: FakeState, filename: str, data: bytes, content_type: str) -> Payload:
    attachment_id = state.ids.next_id()
    state.attachment_data[attachment_id] = data
    url = f"{state.cdn_base}/attachments/fake/{attachment_id}/{filename}"
    return {
        "id": str(attachment_id),
        "filename": filename,
        "size": len(data),
        "url": url,
        "proxy_url": url,
        "content_type": content_type,
    }
