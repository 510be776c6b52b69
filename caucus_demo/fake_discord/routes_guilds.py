"""REST routes for guilds: members, roles and scheduled events."""

from __future__ import annotations

from typing import TYPE_CHECKING

from caucus_demo.fake_discord.payloads import member_payload, role_payload, scheduled_event_payload
from caucus_demo.fake_discord.rest import DiscordError, Reply, RestCall, UnknownError, route
from caucus_demo.fake_discord.state import FakeGuild, Payload

if TYPE_CHECKING:
    from caucus_demo.fake_discord.server import FakeDiscord

_GUILD = "/guilds/{guild_id}"
_EVENT = "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}"
_EVENT_STATUS_COMPLETED, _EVENT_STATUS_CANCELED = 3, 4


def _guild(server: FakeDiscord, call: RestCall) -> FakeGuild:
    guild = server.state.guilds.get(int(call.param("guild_id")))
    if guild is None:
        raise UnknownError("Guild")
    return guild


@route("GET", f"{_GUILD}/members/{{user_id}}")
async def get_member(server: FakeDiscord, call: RestCall) -> Reply:
    member = _guild(server, call).members.get(int(call.param("user_id")))
    if member is None:
        raise DiscordError(404, 10007, "Unknown Member")
    return 200, member_payload(member)


async def _member_update(server: FakeDiscord, guild: FakeGuild, user_id: int) -> None:
    data = member_payload(guild.members[user_id])
    await server.gateway.dispatch("GUILD_MEMBER_UPDATE", {**data, "guild_id": str(guild.id)})


@route("PUT", f"{_GUILD}/members/{{user_id}}/roles/{{role_id}}")
async def add_member_role(server: FakeDiscord, call: RestCall) -> Reply:
    guild = _guild(server, call)
    member = guild.members.get(int(call.param("user_id")))
    role_id = int(call.param("role_id"))
    if member is None:
        raise DiscordError(404, 10007, "Unknown Member")
    if role_id not in guild.roles:
        raise UnknownError("Role")
    if role_id not in member.roles:
        member.roles.append(role_id)
        await _member_update(server, guild, member.id)
    return 204, None


@route("DELETE", f"{_GUILD}/members/{{user_id}}/roles/{{role_id}}")
async def remove_member_role(server: FakeDiscord, call: RestCall) -> Reply:
    guild = _guild(server, call)
    member = guild.members.get(int(call.param("user_id")))
    if member is None:
        raise DiscordError(404, 10007, "Unknown Member")
    role_id = int(call.param("role_id"))
    if role_id in member.roles:
        member.roles.remove(role_id)
        await _member_update(server, guild, member.id)
    return 204, None


@route("GET", f"{_GUILD}/roles")
async def list_roles(server: FakeDiscord, call: RestCall) -> Reply:
    return 200, [role_payload(r) for r in _guild(server, call).roles.values()]


@route("POST", f"{_GUILD}/roles")
async def create_role(server: FakeDiscord, call: RestCall) -> Reply:
    guild = _guild(server, call)
    body = call.json
    role = server.state.add_role(
        guild.id, body.get("name") or "new role", permissions=int(body.get("permissions") or 0)
    )
    role.color = int(body.get("color") or 0)
    role.hoist = bool(body.get("hoist"))
    role.mentionable = bool(body.get("mentionable"))
    payload = role_payload(role)
    await server.gateway.dispatch("GUILD_ROLE_CREATE", {"guild_id": str(guild.id), "role": payload})
    return 200, payload


def _event(server: FakeDiscord, call: RestCall) -> Payload:
    guild = _guild(server, call)
    event = server.state.scheduled_events.get(int(call.param("guild_scheduled_event_id")))
    if event is None or event["guild_id"] != str(guild.id):
        raise DiscordError(404, 10070, "Unknown Guild Scheduled Event")
    return event


@route("GET", f"{_GUILD}/scheduled-events")
async def list_scheduled_events(server: FakeDiscord, call: RestCall) -> Reply:
    guild = _guild(server, call)
    events = server.state.scheduled_events.values()
    return 200, [e for e in events if e["guild_id"] == str(guild.id)]


@route("POST", f"{_GUILD}/scheduled-events")
async def create_scheduled_event(server: FakeDiscord, call: RestCall) -> Reply:
    guild = _guild(server, call)
    event = scheduled_event_payload(server.state, guild.id, server.state.bot_user, call.json)
    server.state.scheduled_events[int(event["id"])] = event
    await server.gateway.dispatch("GUILD_SCHEDULED_EVENT_CREATE", event)
    return 200, event


@route("GET", _EVENT)
async def get_scheduled_event(server: FakeDiscord, call: RestCall) -> Reply:
    return 200, _event(server, call)


@route("PATCH", _EVENT)
async def edit_scheduled_event(server: FakeDiscord, call: RestCall) -> Reply:
    event = _event(server, call)
    if event["status"] in (_EVENT_STATUS_COMPLETED, _EVENT_STATUS_CANCELED):
        raise DiscordError(400, 180000, "Cannot modify a finished event")
    for key, value in call.json.items():
        event[key] = str(value) if key == "channel_id" and value is not None else value
    await server.gateway.dispatch("GUILD_SCHEDULED_EVENT_UPDATE", event)
    return 200, event


@route("DELETE", _EVENT)
async def delete_scheduled_event(server: FakeDiscord, call: RestCall) -> Reply:
    event = _event(server, call)
    del server.state.scheduled_events[int(event["id"])]
    await server.gateway.dispatch("GUILD_SCHEDULED_EVENT_DELETE", event)
    return 204, None


@route("GET", f"{_GUILD}/threads/active")
async def list_active_threads(server: FakeDiscord, call: RestCall) -> Reply:
    guild = _guild(server, call)
    threads = [
        t
        for t in server.state.threads_of(guild.id)
        if not t.get("thread_metadata", {}).get("archived")
    ]
    return 200, {"threads": threads, "members": [], "has_more": False}
