"""Wire payloads in the shapes Discord sends (and discord.py parses); ids are strings."""

from __future__ import annotations

from caucus_demo.fake_discord.state import (
    THREAD_TYPES,
    ChannelType,
    FakeGuild,
    FakeMember,
    FakeRole,
    FakeState,
    FakeUser,
    Id,
    Payload,
    now_iso,
)

_DEFAULT_ARCHIVE_MINUTES = 1440


def user_payload(user: FakeUser) -> Payload:
    payload: Payload = {
        "id": str(user.id),
        "username": user.username,
        "avatar": None,
        "discriminator": "0",
        "public_flags": 0,
        "flags": 0,
        "global_name": user.global_name,
        "primary_guild": None,
    }
    if user.bot:
        payload["bot"] = True
    return payload


def role_payload(role: FakeRole) -> Payload:
    return {
        "id": str(role.id),
        "name": role.name,
        "permissions": str(role.permissions),
        "position": role.position,
        "color": role.color,
        "colors": {"primary_color": role.color, "secondary_color": None, "tertiary_color": None},
        "hoist": role.hoist,
        "managed": False,
        "mentionable": role.mentionable,
        "icon": None,
        "unicode_emoji": None,
        "flags": 0,
    }


def member_payload(member: FakeMember, *, permissions: int | None = None) -> Payload:
    payload: Payload = {
        "user": user_payload(member.user),
        "roles": [str(r) for r in member.roles],
        "nick": member.nick,
        "avatar": None,
        "banner": None,
        "communication_disabled_until": None,
        "flags": 0,
        "joined_at": member.joined_at,
        "pending": False,
        "premium_since": None,
        "mute": False,
        "deaf": False,
    }
    if permissions is not None:
        payload["permissions"] = str(permissions)  # only inside interactions
    return payload


def guild_channel_payload(
    state: FakeState,
    guild_id: Id,
    name: str,
    channel_type: ChannelType,
    *,
    parent_id: Id | None = None,
    topic: str | None = None,
    position: int | None = None,
) -> Payload:
    guild = state.guild(guild_id)
    payload: Payload = {
        "id": str(state.ids.next_id()),
        "type": int(channel_type),
        "flags": 0,
        "guild_id": str(guild.id),
        "name": name,
        "position": len(guild.channel_ids) if position is None else position,
        "parent_id": None if parent_id is None else str(parent_id),
        "permission_overwrites": [],
        "nsfw": False,
    }
    if channel_type is ChannelType.CATEGORY:
        return payload
    payload["last_message_id"] = None
    payload["rate_limit_per_user"] = 0
    if channel_type in (ChannelType.VOICE, ChannelType.STAGE):
        payload.update(bitrate=64000, user_limit=0, rtc_region=None)
    else:
        payload["topic"] = topic
    if channel_type is ChannelType.FORUM:
        payload.update(
            available_tags=[],
            default_reaction_emoji=None,
            default_sort_order=None,
            default_forum_layout=0,
            default_thread_rate_limit_per_user=0,
        )
    return payload


def thread_payload(
    state: FakeState,
    parent: Payload,
    name: str,
    owner_id: Id,
    thread_type: ChannelType,
    *,
    thread_id: Id | None = None,
    auto_archive_duration: int | None = None,
    applied_tags: list[str] | None = None,
) -> Payload:
    if thread_type not in THREAD_TYPES:
        raise ValueError(f"{thread_type!r} is not a thread type")
    stamp = now_iso()
    payload: Payload = {
        "id": str(thread_id or state.ids.next_id()),
        "type": int(thread_type),
        "flags": 0,
        "guild_id": parent["guild_id"],
        "parent_id": parent["id"],
        "name": name,
        "owner_id": str(owner_id),
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "thread_metadata": {
            "archived": False,
            "auto_archive_duration": auto_archive_duration or _DEFAULT_ARCHIVE_MINUTES,
            "archive_timestamp": stamp,
            "locked": False,
            "create_timestamp": stamp,
        },
        "message_count": 0,
        "member_count": 1,
        "total_message_sent": 0,
    }
    if parent["type"] == ChannelType.FORUM:
        payload["applied_tags"] = applied_tags or []
    return payload


def dm_channel_payload(state: FakeState, recipient: FakeUser) -> Payload:
    return {
        "id": str(state.ids.next_id()),
        "type": int(ChannelType.DM),
        "flags": 0,
        "last_message_id": None,
        "recipients": [user_payload(recipient)],
    }


def guild_create_payload(state: FakeState, guild: FakeGuild) -> Payload:
    channels = [state.channels[c] for c in guild.channel_ids]
    return {
        "id": str(guild.id),
        "name": guild.name,
        "icon": None,
        "owner_id": str(guild.owner_id),
        "roles": [role_payload(r) for r in guild.roles.values()],
        "emojis": [],
        "stickers": [],
        "features": ["COMMUNITY"],
        "member_count": len(guild.members),
        "members": [member_payload(m) for m in guild.members.values()],
        "channels": [c for c in channels if c["type"] not in THREAD_TYPES],
        "threads": [c for c in channels if c["type"] in THREAD_TYPES],
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [
            e for e in state.scheduled_events.values() if e["guild_id"] == str(guild.id)
        ],
        "soundboard_sounds": [],
        "large": False,
        "unavailable": False,
        "joined_at": now_iso(),
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": "en-US",
        "system_channel_id": None,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "afk_channel_id": None,
        "afk_timeout": 300,
        "description": None,
        "banner": None,
        "splash": None,
        "discovery_splash": None,
        "vanity_url_code": None,
        "application_id": None,
        "system_channel_flags": 0,
        "premium_progress_bar_enabled": False,
        "max_members": 500000,
    }


def command_payload(state: FakeState, body: Payload, guild_id: Id | None) -> Payload:
    """A registered application command as Discord returns it (each with an id)."""
    # Discord answers absent lists (contexts, integration_types) with defaults, never null.
    given = {k: v for k, v in body.items() if v is not None}
    payload: Payload = {
        "type": 1,
        "description": "",
        "default_member_permissions": None,
        "contexts": [0, 1, 2],
        "integration_types": [0],
        **given,
        "id": str(state.ids.next_id()),
        "application_id": str(state.application_id),
        "version": str(state.ids.next_id()),
    }
    if guild_id is not None:
        payload["guild_id"] = str(guild_id)
    return payload


def scheduled_event_payload(
    state: FakeState, guild_id: Id, creator: FakeUser, body: Payload
) -> Payload:
    payload: Payload = {
        "id": str(state.ids.next_id()),
        "guild_id": str(guild_id),
        "name": body["name"],
        "description": body.get("description"),
        "channel_id": None if body.get("channel_id") is None else str(body["channel_id"]),
        "creator_id": str(creator.id),
        "creator": user_payload(creator),
        "image": None,
        "scheduled_start_time": body["scheduled_start_time"],
        "scheduled_end_time": body.get("scheduled_end_time"),
        "status": 1,
        "entity_type": body["entity_type"],
        "entity_id": None,
        "recurrence_rule": body.get("recurrence_rule"),
        "privacy_level": body.get("privacy_level", 2),
        "guild_scheduled_event_exceptions": [],
        "entity_metadata": body.get("entity_metadata"),
        "user_count": 0,
    }
    return payload
