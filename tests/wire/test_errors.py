"""The one error handler, seen from Discord: refusals and bugs both get an ephemeral reply."""

from __future__ import annotations

import re
from typing import Any

import discord
from discord import app_commands

from bot.errors import Conflict, NotAllowed
from bot.ui.errors import GENERIC_REPLY, guarded
from caucus_demo.stage import Stage

REFUSAL = "Only organizers may close this vote."
CONFLICT = "You have already voted."


class AlreadyVotedButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template="wire-test:vote"):
    """A persistent button built as Caucus's own are: a DynamicItem whose callback is guarded."""

    def __init__(self) -> None:
        super().__init__(discord.ui.Button(label="Vote", custom_id="wire-test:vote"))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> AlreadyVotedButton:
        return cls()

    async def callback(self, interaction: discord.Interaction) -> None:
        async def refuse() -> None:
            raise Conflict(CONFLICT)

        await guarded(interaction, refuse)


@app_commands.command(name="wire-refuse", description="Always refuses")
async def refuse(interaction: discord.Interaction) -> None:
    raise NotAllowed(REFUSAL)


@app_commands.command(name="wire-crash", description="Always has a bug")
async def crash(interaction: discord.Interaction) -> None:
    raise RuntimeError("a bug")


@app_commands.command(name="wire-ballot", description="Posts a ballot whose button refuses")
async def ballot(interaction: discord.Interaction) -> None:
    view = discord.ui.View(timeout=None)
    view.add_item(AlreadyVotedButton())
    await interaction.response.send_message("Ballot", view=view)


async def add_commands(stage: Stage, *commands: app_commands.Command) -> None:
    for command in commands:
        stage.bot.tree.add_command(command)
    await stage.bot.sync_to_configured_guilds()


async def test_user_error_becomes_an_ephemeral_reply_with_its_message(stage: Stage) -> None:
    await add_commands(stage, refuse)
    result = await stage.slash(stage.join("ana"), "wire-refuse")
    assert result.content == REFUSAL
    assert result.ephemeral
    assert stage.errors.records == []  # a refusal is not a bug


async def test_user_error_from_a_button_is_an_ephemeral_reply(stage: Stage) -> None:
    await add_commands(stage, ballot)
    stage.bot.add_dynamic_items(AlreadyVotedButton)
    posted = await stage.slash(stage.join("ana"), "wire-ballot")
    assert posted.message is not None
    result = await stage.fake.click(posted.message["id"], "wire-test:vote", stage.join("ben").id)
    assert result.content == CONFLICT
    assert result.ephemeral


async def test_bug_gets_the_generic_reply_and_is_logged_once(stage: Stage) -> None:
    await add_commands(stage, crash)
    result = await stage.slash(stage.join("ana"), "wire-crash")
    assert result.content == GENERIC_REPLY
    assert result.ephemeral
    assert stage.errors.describe() == ["caucus.errors: unhandled error in wire-crash"]
    stage.errors.clear()  # expected here; the fixture fails on any error left over
