"""Start-up over the wire: the bot connects, syncs valid commands and answers /caucus help."""

from __future__ import annotations

import aiohttp

from bot.app import HTTP_CONNECTIONS
from caucus_demo.context import synced_command_names
from caucus_demo.fake_discord import CallbackType
from caucus_demo.stage import Stage


def tree_command_names(stage: Stage) -> list[str]:
    guild = stage.bot.get_guild(stage.guild.id)
    names = [
        command.qualified_name
        for command in stage.bot.tree.walk_commands(guild=guild)
        if not hasattr(command, "commands")  # groups are not invocable themselves
    ]
    return sorted(names)


async def test_bot_syncs_every_tree_command_to_the_configured_guild(stage: Stage) -> None:
    synced = synced_command_names(stage.fake.commands(stage.guild.id))
    assert synced == tree_command_names(stage)
    assert "caucus help" in synced


async def test_command_sync_is_one_bulk_request_the_spec_accepts(stage: Stage) -> None:
    syncs = stage.fake.requests_to("bulk_set_guild_application_commands")
    assert [record.status for record in syncs] == [200]
    assert stage.fake.violations == []


async def test_no_global_commands_are_synced(stage: Stage) -> None:
    # Guild-only sync: global commands take up to an hour to appear on real Discord.
    assert stage.fake.commands() == []


async def test_help_answers_ephemerally_listing_every_command(stage: Stage) -> None:
    result = await stage.slash(stage.join("ana"), "caucus help")
    assert result.response_type is CallbackType.CHANNEL_MESSAGE
    assert result.ephemeral
    listed = {f["name"] for embed in result.embeds for f in embed.get("fields", [])}
    assert listed == {f"/{name}" for name in tree_command_names(stage)}


async def test_help_is_not_posted_in_the_channel(stage: Stage) -> None:
    await stage.slash(stage.join("ana"), "caucus help", channel="general")
    assert stage.fake.messages_in(stage.branch.channel_id("general")) == []


async def test_about_answers_with_the_caucus_embed(stage: Stage) -> None:
    result = await stage.slash(stage.join("ben"), "caucus about")
    assert result.ephemeral
    assert result.embeds[0]["title"] == "Caucus"


async def test_bot_sees_members_who_join_after_it_connected(stage: Stage) -> None:
    chen = stage.join("chen")
    await stage.settle()
    guild = stage.bot.get_guild(stage.guild.id)
    assert guild is not None
    member = guild.get_member(chen.id)
    assert member is not None
    assert stage.branch.member_role.id in [role.id for role in member.roles]


async def test_the_bot_reuses_a_bounded_pool_of_http_connections(stage: Stage) -> None:
    """discord.py's default opens one connection per request in flight: a burst of a thousand
    acknowledgements would be a thousand TCP handshakes. The bot bounds the pool."""
    connector = stage.bot.http.connector
    assert isinstance(connector, aiohttp.TCPConnector)
    assert connector.limit == HTTP_CONNECTIONS
