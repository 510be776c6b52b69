"""The self-check's rules and memory: what the config needs of each guild, and the problems last
found there (listed by /caucus health; reported to organizers when they change)."""

from __future__ import annotations

from bot.config import GuildSettings
from bot.domain.selfcheck import (
    ChannelKind,
    ChannelNeed,
    GuildNeeds,
    Problem,
    SeenGuild,
    check_guild,
)

TALK = ("view_channel", "send_messages", "embed_links")
TEXT = frozenset({ChannelKind.TEXT})


def guild_needs(guild: GuildSettings) -> GuildNeeds:
    channels = [
        ChannelNeed(
            "channels.announcements", "announcements", guild.channels.announcements, TEXT, TALK
        ),
        ChannelNeed("channels.votes", "votes", guild.channels.votes, TEXT, TALK),
        ChannelNeed("channels.log", "organizer log", guild.channels.log, TEXT, TALK),
    ]
    guild_permissions: tuple[str, ...] = ()
    if guild.reading.enabled:
        reading: tuple[str, ...] = (
            *TALK,
            "attach_files",
            "read_message_history",
            "create_public_threads",
            "send_messages_in_threads",
        )
        if guild.reading.blind_first:
            reading += ("manage_threads",)  # to lock session threads until the reveal
        channels.insert(
            0,
            ChannelNeed(
                "channels.reading",
                "reading",
                guild.channels.reading,
                frozenset({ChannelKind.TEXT, ChannelKind.FORUM}),
                reading,
            ),
        )
        guild_permissions = ("manage_events",)
        if guild.channels.events is not None:
            channels.append(
                ChannelNeed(
                    "channels.events",
                    "events",
                    guild.channels.events,
                    frozenset({ChannelKind.VOICE, ChannelKind.STAGE}),
                    ("view_channel",),
                )
            )
    return GuildNeeds(
        tuple(channels),
        {"roles.organizer": guild.roles.organizer, "roles.member": guild.roles.member},
        guild_permissions,
    )


class SelfCheckService:
    def __init__(self) -> None:
        self._found: dict[int, list[Problem]] = {}

    def check(self, guild: GuildSettings, seen: SeenGuild | None) -> tuple[list[Problem], bool]:
        """The problems now, and whether they differ from the last check (so worth telling)."""
        problems = check_guild(guild_needs(guild), seen)
        changed = problems != self._found.get(guild.id, [])
        self._found[guild.id] = problems
        return problems, changed

    def problems(self, guild_id: int) -> list[Problem]:
        return list(self._found.get(guild_id, []))
