"""The one error handler, seen from Discord: refusals and bugs both get an ephemeral reply."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.demo.stage import Stage
from bot.errors import Conflict, NotAllowed
from bot.ui.errors import GENERIC_REPLY
from bot.ui.views import CaucusView

REFUSAL = "Only organizers may close this vote."
CONFLICT = "You have already voted."


class AlreadyVotedView(CaucusView):
    """Registered persistently (as Caucus's own buttons are), so it answers any message."""

    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Vote", custom_id="wire-test:vote")
    async def vote(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        raise Conflict(CONFLICT)


@app_commands.command(name="wire-refuse", description="Always refuses")
async def refuse(interaction: discord.Interaction) -> None:
    raise NotAllowed(REFUSAL)


@app_commands.command(name="wire-crash", description="Always has a bug")
async def crash(interaction: discord.Interaction) -> None:
    raise RuntimeError("a bug")


@app_commands.command(name="wire-ballot", description="Posts a ballot whose button refuses")
async def ballot(interaction: discord.Interaction) -> None:
    await interaction.response.send_message("Ballot", view=AlreadyVotedView())


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
    stage.bot.add_view(AlreadyVotedView())
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
