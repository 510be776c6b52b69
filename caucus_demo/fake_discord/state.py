"""In-memory world of the fake: users, guilds, roles, members, channels, messages and the rest.

Users, roles, members and guilds are typed records built by the test; channels, messages,
scheduled events and application commands are kept as the JSON payloads Discord would send,
because they mostly arrive from the bot as JSON and leave again as JSON.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any

from caucus_demo.fake_discord.nonces import NonceMemory
from caucus_demo.fake_discord.snowflakes import SnowflakeFactory

Payload = dict[str, Any]
Id = int | str

ADMINISTRATOR = 1 << 3
# What a member may do through @everyone alone in the fake's guilds.
DEFAULT_EVERYONE_PERMISSIONS = sum(
    1 << bit
    for bit in (
        6,  # add reactions
        10,  # view channel
        11,  # send messages
        14,  # embed links
        15,  # attach files
        16,  # read message history
        20,  # connect
        21,  # speak
        26,  # change nickname
        31,  # use application commands
        35,  # create public threads
        38,  # send messages in threads
    )
)
ALL_PERMISSIONS = (1 << 53) - 1


class ChannelType(IntEnum):
    TEXT = 0
    DM = 1
    VOICE = 2
    CATEGORY = 4
    ANNOUNCEMENT = 5
    ANNOUNCEMENT_THREAD = 10
    PUBLIC_THREAD = 11
    PRIVATE_THREAD = 12
    STAGE = 13
    FORUM = 15


THREAD_TYPES = frozenset(
    {ChannelType.ANNOUNCEMENT_THREAD, ChannelType.PUBLIC_THREAD, ChannelType.PRIVATE_THREAD}
)


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


@dataclass
class FakeUser:
    id: int
    username: str
    bot: bool = False
    global_name: str | None = None


@dataclass
class FakeRole:
    id: int
    guild_id: int
    name: str
    permissions: int = 0
    position: int = 0
    color: int = 0
    hoist: bool = False
    mentionable: bool = False


@dataclass
class FakeMember:
    user: FakeUser
    guild_id: int
    roles: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = field(default_factory=now_iso)

    @property
    def id(self) -> int:
        return self.user.id


@dataclass
class FakeGuild:
    id: int
    name: str
    owner_id: int
    roles: dict[int, FakeRole] = field(default_factory=dict)
    members: dict[int, FakeMember] = field(default_factory=dict)
    channel_ids: list[int] = field(default_factory=list)

    @property
    def everyone_role(self) -> FakeRole:
        return self.roles[self.id]  # Discord gives @everyone the guild's own id.


@dataclass
class FakeState:
    """Everything the fake server knows. All ids are snowflakes (ints here, strings on the wire)."""

    ids: SnowflakeFactory = field(default_factory=SnowflakeFactory)
    users: dict[int, FakeUser] = field(default_factory=dict)
    guilds: dict[int, FakeGuild] = field(default_factory=dict)
    channels: dict[int, Payload] = field(default_factory=dict)
    messages: dict[int, Payload] = field(default_factory=dict)
    # Ephemeral messages are seen only by one member: never in a channel's history.
    ephemeral_messages: dict[int, Payload] = field(default_factory=dict)
    attachment_data: dict[int, bytes] = field(default_factory=dict)
    # Where attachments are downloaded from: the fake itself once it listens (see server.start).
    cdn_base: str = "https://cdn.discordapp.com"
    channel_messages: defaultdict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    dm_channel_by_user: dict[int, int] = field(default_factory=dict)
    scheduled_events: dict[int, Payload] = field(default_factory=dict)
    global_commands: list[Payload] = field(default_factory=list)
    guild_commands: dict[int, list[Payload]] = field(default_factory=dict)
    thread_members: defaultdict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    reactions: defaultdict[int, dict[str, set[int]]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    # Nonces of created messages, for requests with enforce_nonce (see nonces.py).
    nonces: NonceMemory = field(default_factory=NonceMemory)
    application_id: int = 0
    bot_user: FakeUser = field(default_factory=lambda: FakeUser(0, "placeholder"))

    def __post_init__(self) -> None:
        self.application_id = self.ids.next_id()
        # A bot user's id is its application's id.
        self.bot_user = FakeUser(self.application_id, "Caucus", bot=True)
        self.users[self.bot_user.id] = self.bot_user

    # Lookups -------------------------------------------------------------------------------

    def guild(self, guild_id: Id) -> FakeGuild:
        try:
            return self.guilds[int(guild_id)]
        except KeyError:
            raise LookupError(f"no guild {guild_id} in the fake") from None

    def channel(self, channel_id: Id) -> Payload:
        try:
            return self.channels[int(channel_id)]
        except KeyError:
            raise LookupError(f"no channel {channel_id} in the fake") from None

    def message(self, message_id: Id) -> Payload:
        try:
            return self.messages[int(message_id)]
        except KeyError:
            raise LookupError(f"no message {message_id} in the fake") from None

    def find_message(self, message_id: Id) -> Payload | None:
        """A public or ephemeral message, or None."""
        key = int(message_id)
        return self.messages.get(key) or self.ephemeral_messages.get(key)

    def user(self, user_id: Id) -> FakeUser:
        try:
            return self.users[int(user_id)]
        except KeyError:
            raise LookupError(f"no user {user_id} in the fake") from None

    def member(self, guild_id: Id, user_id: Id) -> FakeMember:
        try:
            return self.guild(guild_id).members[int(user_id)]
        except KeyError:
            raise LookupError(f"user {user_id} is not a member of guild {guild_id}") from None

    def member_permissions(self, member: FakeMember) -> int:
        guild = self.guild(member.guild_id)
        if guild.owner_id == member.id:
            return ALL_PERMISSIONS
        value = guild.everyone_role.permissions
        for role_id in member.roles:
            value |= guild.roles[role_id].permissions
        return ALL_PERMISSIONS if value & ADMINISTRATOR else value

    def commands_for(self, guild_id: Id | None) -> list[Payload]:
        if guild_id is None:
            return self.global_commands
        return self.guild_commands.get(int(guild_id), []) + self.global_commands

    # Builders ------------------------------------------------------------------------------

    def add_user(self, name: str, *, bot: bool = False) -> FakeUser:
        user = FakeUser(self.ids.next_id(), name, bot=bot, global_name=None if bot else name)
        self.users[user.id] = user
        return user

    def add_guild(
        self, name: str, *, owner: FakeUser | None = None, shard: tuple[int, int] | None = None
    ) -> FakeGuild:
        """A new guild; ``shard=(id, count)`` picks an id that lives on that shard."""
        guild_id = self.ids.next_id_on_shard(*shard) if shard else self.ids.next_id()
        owner = owner or self.add_user(f"{name} owner")
        guild = FakeGuild(guild_id, name, owner.id)
        guild.roles[guild_id] = FakeRole(
            guild_id, guild_id, "@everyone", permissions=DEFAULT_EVERYONE_PERMISSIONS
        )
        self.guilds[guild_id] = guild
        guild.members[owner.id] = FakeMember(owner, guild_id)
        bot_role = self.add_role(guild_id, self.bot_user.username, permissions=ADMINISTRATOR)
        guild.members[self.bot_user.id] = FakeMember(self.bot_user, guild_id, [bot_role.id])
        return guild

    def add_role(self, guild_id: Id, name: str, *, permissions: int = 0) -> FakeRole:
        guild = self.guild(guild_id)
        role = FakeRole(
            self.ids.next_id(), guild.id, name, permissions=permissions, position=len(guild.roles)
        )
        guild.roles[role.id] = role
        return role

    def add_member(
        self, guild_id: Id, name: str, *, roles: list[FakeRole | Id] | None = None
    ) -> FakeMember:
        guild = self.guild(guild_id)
        role_ids = [int(r.id if isinstance(r, FakeRole) else r) for r in roles or []]
        unknown = [r for r in role_ids if r not in guild.roles]
        if unknown:
            raise LookupError(f"roles {unknown} do not exist in guild {guild.id}")
        member = FakeMember(self.add_user(name), guild.id, role_ids)
        guild.members[member.id] = member
        return member

    def add_channel_payload(self, payload: Payload) -> Payload:
        channel_id = int(payload["id"])
        self.channels[channel_id] = payload
        guild_id = payload.get("guild_id")
        if guild_id is not None:
            self.guild(guild_id).channel_ids.append(channel_id)
        return payload

    def add_message_payload(self, payload: Payload) -> Payload:
        message_id = int(payload["id"])
        self.messages[message_id] = payload
        self.channel_messages[int(payload["channel_id"])].append(message_id)
        channel = self.channels.get(int(payload["channel_id"]))
        if channel is not None:
            channel["last_message_id"] = payload["id"]
            if "message_count" in channel:
                channel["message_count"] += 1
                channel["total_message_sent"] += 1
        return payload

    def remove_message(self, message_id: Id) -> Payload:
        payload = self.messages.pop(int(message_id))
        self.channel_messages[int(payload["channel_id"])].remove(int(message_id))
        return payload

    def threads_of(self, guild_id: int) -> list[Payload]:
        return [
            c
            for c in self.channels.values()
            if c.get("guild_id") == str(guild_id) and c["type"] in THREAD_TYPES
        ]
