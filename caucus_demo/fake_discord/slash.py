"""Turns "caucus vote open" plus Python option values into slash-command interaction data."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from caucus_demo.fake_discord.message_payloads import attachment_payload
from caucus_demo.fake_discord.payloads import member_payload, role_payload, user_payload
from caucus_demo.fake_discord.state import FakeRole, FakeState, FakeUser, Payload


class OptionType(IntEnum):
    SUB_COMMAND = 1
    SUB_COMMAND_GROUP = 2
    STRING = 3
    INTEGER = 4
    BOOLEAN = 5
    USER = 6
    CHANNEL = 7
    ROLE = 8
    MENTIONABLE = 9
    NUMBER = 10
    ATTACHMENT = 11


@dataclass(frozen=True)
class FakeUpload:
    """A file a member attaches to an attachment option."""

    filename: str
    data: bytes
    content_type: str = "application/octet-stream"


@dataclass
class ResolvedData:
    users: dict[str, Payload] = field(default_factory=dict)
    members: dict[str, Payload] = field(default_factory=dict)
    roles: dict[str, Payload] = field(default_factory=dict)
    channels: dict[str, Payload] = field(default_factory=dict)
    attachments: dict[str, Payload] = field(default_factory=dict)

    def as_payload(self) -> Payload:
        return {name: value for name, value in vars(self).items() if value}


def find_command(commands: list[Payload], path: str) -> tuple[Payload, list[Payload], list[str]]:
    """Finds the synced command for "root group sub"; returns it, the leaf's options, the path."""
    names = path.split()
    root = next((c for c in commands if c["name"] == names[0] and c.get("type", 1) == 1), None)
    if root is None:
        known = sorted(c["name"] for c in commands)
        raise LookupError(f"no synced slash command {names[0]!r}; synced: {known}")
    options: list[Payload] = root.get("options", [])
    for name in names[1:]:
        nested = next((o for o in options if o["name"] == name and o["type"] in (1, 2)), None)
        if nested is None:
            subs = sorted(o["name"] for o in options if o["type"] in (1, 2))
            raise LookupError(f"{path!r}: no subcommand {name!r} here; there are {subs}")
        options = nested.get("options", [])
    if any(o["type"] in (1, 2) for o in options):
        subs = sorted(o["name"] for o in options if o["type"] in (1, 2))
        raise LookupError(f"{path!r} is a group; name one of its subcommands {subs}")
    return root, options, names


def _id_of(value: Any) -> int:
    return int(value.id if hasattr(value, "id") else value)


class OptionBuilder:
    """Converts option values per the synced option types and fills `resolved` like Discord."""

    def __init__(self, state: FakeState, guild_id: int | None) -> None:
        self._state = state
        self._guild_id = guild_id
        self.resolved = ResolvedData()

    def build(self, path: str, schema: list[Payload], values: dict[str, Any]) -> list[Payload]:
        by_name = {o["name"]: o for o in schema}
        unknown = sorted(set(values) - set(by_name))
        if unknown:
            raise ValueError(f"{path!r} has no options {unknown}; it has {sorted(by_name)}")
        missing = [o["name"] for o in schema if o.get("required") and o["name"] not in values]
        if missing:
            raise ValueError(f"{path!r} needs the required options {missing}")
        built = []
        for name, value in values.items():
            option = by_name[name]
            option_type = OptionType(option["type"])
            wire_value = self._convert(option_type, value)
            choices = [c["value"] for c in option.get("choices", [])]
            if choices and wire_value not in choices:
                raise ValueError(f"{path!r} option {name!r}: {value!r} is not one of {choices}")
            built.append({"name": name, "type": int(option_type), "value": wire_value})
        return built

    def _convert(self, option_type: OptionType, value: Any) -> Any:
        match option_type:
            case OptionType.STRING:
                return str(value)
            case OptionType.INTEGER:
                return int(value)
            case OptionType.NUMBER:
                return float(value)
            case OptionType.BOOLEAN:
                return bool(value)
            case OptionType.USER:
                return self.resolve_user(_id_of(value))
            case OptionType.ROLE:
                return self.resolve_role(_id_of(value))
            case OptionType.MENTIONABLE:
                target = _id_of(value)
                if self._guild_id is not None and target in self._state.guild(self._guild_id).roles:
                    return self.resolve_role(target)
                return self.resolve_user(target)
            case OptionType.CHANNEL:
                return self.resolve_channel(_id_of(value))
            case OptionType.ATTACHMENT:
                if not isinstance(value, FakeUpload):
                    raise TypeError("attachment options take a FakeUpload")
                attachment = attachment_payload(
                    self._state, value.filename, value.data, value.content_type
                )
                self.resolved.attachments[attachment["id"]] = attachment
                return attachment["id"]
        raise ValueError(f"cannot build an option of type {option_type!r}")

    def resolve_user(self, user_id: int) -> str:
        user: FakeUser = self._state.user(user_id)
        self.resolved.users[str(user_id)] = user_payload(user)
        if self._guild_id is not None:
            member = self._state.guild(self._guild_id).members.get(user_id)
            if member is not None:
                data = member_payload(member, permissions=self._state.member_permissions(member))
                del data["user"]
                self.resolved.members[str(user_id)] = data
        return str(user_id)

    def resolve_role(self, role_id: int) -> str:
        if self._guild_id is None:
            raise ValueError("roles only exist in guilds")
        role: FakeRole = self._state.guild(self._guild_id).roles[role_id]
        self.resolved.roles[str(role_id)] = role_payload(role)
        return str(role_id)

    def resolve_channel(self, channel_id: int) -> str:
        channel = self._state.channel(channel_id)
        keys = ("id", "name", "type", "parent_id", "thread_metadata", "guild_id")
        partial = {k: channel[k] for k in keys if k in channel}
        partial["permissions"] = str((1 << 53) - 1)
        self.resolved.channels[str(channel_id)] = partial
        return str(channel_id)


def nest_options(names: list[str], commands: list[Payload], leaf: list[Payload]) -> list[Payload]:
    """Wraps leaf options in their subcommand and group options, innermost last."""
    root = next(c for c in commands if c["name"] == names[0])
    chain: list[Payload] = []
    options = root.get("options", [])
    for name in names[1:]:
        node = next(o for o in options if o["name"] == name)
        chain.append(node)
        options = node.get("options", [])
    nested = leaf
    for node in reversed(chain):
        nested = [{"name": node["name"], "type": node["type"], "options": nested}]
    return nested
