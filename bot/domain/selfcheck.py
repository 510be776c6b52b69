"""Does the guild match the config? Channels, roles and the bot's permissions, checked against
what Discord shows, with a fix an organizer can follow for each problem. Pure: the caller
observes the guild (through the gateway cache or the HTTP API) and passes what it saw."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum


class ChannelKind(Enum):
    TEXT = "text"
    FORUM = "forum"
    VOICE = "voice"
    STAGE = "stage"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class SeenChannel:
    name: str
    kind: ChannelKind
    permissions: frozenset[str]  # the bot's effective permissions there (discord.py names)


@dataclass(frozen=True, slots=True)
class SeenGuild:
    channels: Mapping[int, SeenChannel]
    roles: Mapping[int, str]
    guild_permissions: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class ChannelNeed:
    """A channel the config names: what it is for, which kinds do, what the bot must do there."""

    key: str  # "channels.reading"
    purpose: str
    channel_id: int
    kinds: frozenset[ChannelKind]
    permissions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GuildNeeds:
    channels: tuple[ChannelNeed, ...]
    roles: Mapping[str, int]  # "roles.organizer" -> id
    guild_permissions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    key: str
    what: str
    fix: str = field(compare=False)

    def line(self) -> str:
        return f"{self.what} Fix: {self.fix}"


READABLE = {
    "view_channel": "View Channel",
    "send_messages": "Send Messages",
    "send_messages_in_threads": "Send Messages in Threads",
    "create_public_threads": "Create Public Threads",
    "manage_threads": "Manage Threads",
    "embed_links": "Embed Links",
    "attach_files": "Attach Files",
    "read_message_history": "Read Message History",
    "manage_events": "Manage Events",
    "connect": "Connect",
}


def permission_names(names: tuple[str, ...]) -> str:
    return ", ".join(READABLE.get(n, n.replace("_", " ").title()) for n in names)


def check_guild(needs: GuildNeeds, seen: SeenGuild | None) -> list[Problem]:
    """Every way the guild falls short of the config, sorted by config key."""
    if seen is None:
        return [
            Problem(
                "guild",
                "Caucus cannot see this server.",
                "invite the bot to the server, or correct the guild id in the config.",
            )
        ]
    problems: list[Problem] = []
    for need in needs.channels:
        channel = seen.channels.get(need.channel_id)
        if channel is None:
            problems.append(
                Problem(
                    need.key,
                    f"The {need.purpose} channel ({need.key} = {need.channel_id}) does not exist "
                    "or Caucus cannot see it.",
                    f"create the channel (or give Caucus View Channel on it) and put its id in "
                    f"{need.key}, then restart Caucus.",
                )
            )
            continue
        if channel.kind not in need.kinds:
            kinds = " or ".join(sorted(k.value for k in need.kinds))
            problems.append(
                Problem(
                    need.key,
                    f"#{channel.name}, the {need.purpose} channel, is a {channel.kind.value} "
                    f"channel; it must be a {kinds} channel.",
                    f"point {need.key} at a {kinds} channel.",
                )
            )
        missing = tuple(p for p in need.permissions if p not in channel.permissions)
        if missing:
            problems.append(
                Problem(
                    need.key,
                    f"Caucus lacks {permission_names(missing)} in #{channel.name}, the "
                    f"{need.purpose} channel.",
                    f"in #{channel.name}'s settings > Permissions, allow "
                    f"{permission_names(missing)} for the Caucus role.",
                )
            )
    for key, role_id in needs.roles.items():
        if role_id not in seen.roles:
            problems.append(
                Problem(
                    key,
                    f"The role in {key} ({role_id}) does not exist.",
                    f"create the role or put an existing role's id in {key}, then restart.",
                )
            )
    missing = tuple(p for p in needs.guild_permissions if p not in seen.guild_permissions)
    if missing:
        problems.append(
            Problem(
                "guild",
                f"Caucus lacks the server permission {permission_names(missing)}.",
                f"in Server Settings > Roles, allow {permission_names(missing)} for the Caucus "
                "role.",
            )
        )
    return sorted(problems)
