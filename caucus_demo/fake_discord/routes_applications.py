"""REST routes for the bot's own user, its application and its application commands."""

from __future__ import annotations

from typing import TYPE_CHECKING

from caucus_demo.fake_discord.payloads import command_payload, user_payload
from caucus_demo.fake_discord.rest import DiscordError, Reply, RestCall, UnknownError, route
from caucus_demo.fake_discord.state import Payload

if TYPE_CHECKING:
    from caucus_demo.fake_discord.server import FakeDiscord

_APP = "/applications/{application_id}"


def _check_application(server: FakeDiscord, call: RestCall) -> None:
    if int(call.param("application_id")) != server.state.application_id:
        raise DiscordError(404, 10002, "Unknown Application")


@route("GET", "/users/@me")
async def get_my_user(server: FakeDiscord, call: RestCall) -> Reply:
    user = user_payload(server.state.bot_user)
    return 200, {**user, "mfa_enabled": False, "locale": "en-US", "verified": True}


@route("GET", "/users/{user_id}")
async def get_user(server: FakeDiscord, call: RestCall) -> Reply:
    user = server.state.users.get(int(call.param("user_id")))
    if user is None:
        raise UnknownError("User")
    return 200, user_payload(user)


def application_payload(server: FakeDiscord) -> Payload:
    state = server.state
    return {
        "id": str(state.application_id),
        "name": state.bot_user.username,
        "icon": None,
        "description": "",
        "type": None,
        "bot": user_payload(state.bot_user),
        "bot_public": False,
        "bot_require_code_grant": False,
        "verify_key": "0" * 64,
        "flags": 0,
        "flags_new": "0",
        "redirect_uris": [],
        "interactions_endpoint_url": None,
        "role_connections_verification_url": None,
        "owner": user_payload(server.owner),
        "approximate_guild_count": len(state.guilds),
        "approximate_user_install_count": 0,
        "approximate_user_authorization_count": 0,
        "explicit_content_filter": 0,
        "team": None,
        "eligible_oauth2_scopes": [],
        "rpc_origins": [],
        "summary": "",
        "tags": [],
    }


@route("GET", "/oauth2/applications/@me")
async def get_my_oauth2_application(server: FakeDiscord, call: RestCall) -> Reply:
    return 200, application_payload(server)


@route("GET", "/applications/@me")
async def get_my_application(server: FakeDiscord, call: RestCall) -> Reply:
    return 200, application_payload(server)


def _command_list(server: FakeDiscord, call: RestCall) -> tuple[list[Payload], int | None]:
    _check_application(server, call)
    if "guild_id" not in call.route.params:
        return server.state.global_commands, None
    guild = server.state.guilds.get(int(call.param("guild_id")))
    if guild is None:
        raise UnknownError("Guild")
    return server.state.guild_commands.setdefault(guild.id, []), guild.id


@route("GET", f"{_APP}/commands")
@route("GET", f"{_APP}/guilds/{{guild_id}}/commands")
async def list_commands(server: FakeDiscord, call: RestCall) -> Reply:
    commands, _ = _command_list(server, call)
    return 200, commands


@route("PUT", f"{_APP}/commands")
@route("PUT", f"{_APP}/guilds/{{guild_id}}/commands")
async def bulk_overwrite_commands(server: FakeDiscord, call: RestCall) -> Reply:
    commands, guild_id = _command_list(server, call)
    previous = {(c["name"], c.get("type", 1)): c["id"] for c in commands}
    fresh = []
    for body in call.body or []:
        command = command_payload(server.state, body, guild_id)
        # Discord keeps a command's id across syncs when its name and type stay the same.
        command["id"] = previous.get((command["name"], command["type"]), command["id"])
        fresh.append(command)
    commands[:] = fresh
    return 200, commands


@route("POST", f"{_APP}/commands")
@route("POST", f"{_APP}/guilds/{{guild_id}}/commands")
async def upsert_command(server: FakeDiscord, call: RestCall) -> Reply:
    commands, guild_id = _command_list(server, call)
    command = command_payload(server.state, call.json, guild_id)
    kept = [c for c in commands if (c["name"], c["type"]) != (command["name"], command["type"])]
    commands[:] = [*kept, command]
    return 201, command


def _find_command(commands: list[Payload], command_id: str) -> Payload:
    found = next((c for c in commands if c["id"] == command_id), None)
    if found is None:
        raise DiscordError(404, 10063, "Unknown application command")
    return found


@route("GET", f"{_APP}/commands/{{command_id}}")
@route("GET", f"{_APP}/guilds/{{guild_id}}/commands/{{command_id}}")
async def get_command(server: FakeDiscord, call: RestCall) -> Reply:
    commands, _ = _command_list(server, call)
    return 200, _find_command(commands, call.param("command_id"))


@route("PATCH", f"{_APP}/commands/{{command_id}}")
@route("PATCH", f"{_APP}/guilds/{{guild_id}}/commands/{{command_id}}")
async def edit_command(server: FakeDiscord, call: RestCall) -> Reply:
    commands, _ = _command_list(server, call)
    command = _find_command(commands, call.param("command_id"))
    command.update(call.json)
    return 200, command


@route("DELETE", f"{_APP}/commands/{{command_id}}")
@route("DELETE", f"{_APP}/guilds/{{guild_id}}/commands/{{command_id}}")
async def delete_command(server: FakeDiscord, call: RestCall) -> Reply:
    commands, _ = _command_list(server, call)
    commands.remove(_find_command(commands, call.param("command_id")))
    return 204, None
