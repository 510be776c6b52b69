"""A small, ordinary discord.py bot that exercises what Caucus needs from Discord."""

from __future__ import annotations

import datetime as dt
import io

import discord
from discord import app_commands
from discord.ext import commands

BALLOT_MODAL_ID = "sample:ballot"
VOTE_BUTTON_ID = "sample:vote"
PICK_SELECT_ID = "sample:pick"


class ReasonModal(discord.ui.Modal, title="Why?"):
    reason: discord.ui.TextInput[ReasonModal] = discord.ui.TextInput(
        label="Reason", custom_id="reason", style=discord.TextStyle.paragraph
    )
    note: discord.ui.TextInput[ReasonModal] = discord.ui.TextInput(
        label="Note", custom_id="note", required=False
    )

    def __init__(self) -> None:
        super().__init__(custom_id=BALLOT_MODAL_ID)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            f"reason={self.reason.value} note={self.note.value or '-'}", ephemeral=True
        )


class BallotView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Vote", custom_id=VOTE_BUTTON_ID, style=discord.ButtonStyle.primary)
    async def vote(self, interaction: discord.Interaction, button: discord.ui.Button[BallotView]):
        await interaction.response.send_message(
            f"vote counted for {interaction.user.display_name}", ephemeral=True
        )

    @discord.ui.button(label="Explain", custom_id="sample:explain")
    async def explain(
        self, interaction: discord.Interaction, button: discord.ui.Button[BallotView]
    ) -> None:
        await interaction.response.send_modal(ReasonModal())

    @discord.ui.button(label="Close", custom_id="sample:close", style=discord.ButtonStyle.danger)
    async def close(self, interaction: discord.Interaction, button: discord.ui.Button[BallotView]):
        button.disabled = True
        await interaction.response.edit_message(content="ballot closed", view=self)

    @discord.ui.select(
        custom_id=PICK_SELECT_ID,
        options=[discord.SelectOption(label=name, value=name) for name in ("red", "green")],
    )
    async def pick(self, interaction: discord.Interaction, select: discord.ui.Select[BallotView]):
        await interaction.response.defer(ephemeral=True, thinking=True)
        await interaction.followup.send(f"picked {select.values[0]}", ephemeral=True)


class SampleCog(commands.Cog):
    group = app_commands.Group(name="caucus", description="Sample commands")
    vote_group = app_commands.Group(name="vote", description="Votes", parent=group)

    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    @group.command(name="help", description="Say what the bot does")
    async def help(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Caucus helps reading groups.", ephemeral=True)

    @group.command(name="echo", description="Repeat options back")
    @app_commands.choices(
        tone=[
            app_commands.Choice(name="calm", value="calm"),
            app_commands.Choice(name="loud", value="loud"),
        ]
    )
    async def echo(
        self,
        interaction: discord.Interaction,
        text: str,
        times: int = 1,
        who: discord.Member | None = None,
        tone: app_commands.Choice[str] | None = None,
    ) -> None:
        target = who.display_name if who else "nobody"
        embed = discord.Embed(title="Echo", description=text * times)
        embed.add_field(name="who", value=target)
        embed.add_field(name="tone", value=tone.value if tone else "none")
        await interaction.response.send_message(embed=embed)

    @group.command(name="slow", description="Defer, then answer")
    async def slow(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.edit_original_response(content="done thinking")
        await interaction.followup.send("and one more thing", ephemeral=True)

    @vote_group.command(name="open", description="Post a ballot")
    async def vote_open(self, interaction: discord.Interaction, title: str) -> None:
        await interaction.response.send_message(f"Ballot: {title}", view=BallotView())

    @group.command(name="thread", description="Open a thread")
    async def thread(self, interaction: discord.Interaction, name: str) -> None:
        assert isinstance(interaction.channel, discord.TextChannel)
        thread = await interaction.channel.create_thread(
            name=name, type=discord.ChannelType.public_thread
        )
        await thread.send("first post in the thread")
        await interaction.response.send_message(f"opened {thread.mention}", ephemeral=True)

    @group.command(name="post", description="Start a forum post")
    async def post(
        self, interaction: discord.Interaction, forum: discord.ForumChannel, title: str
    ) -> None:
        created = await forum.create_thread(name=title, content="Discuss chapter one here.")
        await interaction.response.send_message(f"posted {created.thread.id}", ephemeral=True)

    @group.command(name="schedule", description="Schedule a meeting")
    async def schedule(self, interaction: discord.Interaction, name: str, hours: int) -> None:
        assert interaction.guild is not None
        start = dt.datetime.now(dt.UTC) + dt.timedelta(hours=hours)
        event = await interaction.guild.create_scheduled_event(
            name=name,
            start_time=start,
            end_time=start + dt.timedelta(hours=1),
            entity_type=discord.EntityType.external,
            location="Library",
            privacy_level=discord.PrivacyLevel.guild_only,
        )
        await event.edit(description="Bring the book")
        await interaction.response.send_message(f"scheduled {event.id}", ephemeral=True)

    @group.command(name="remind", description="DM a member")
    async def remind(self, interaction: discord.Interaction, who: discord.Member) -> None:
        await who.send("Reading starts soon")
        await interaction.response.send_message("reminded", ephemeral=True)

    @group.command(name="export", description="Send a file")
    async def export(self, interaction: discord.Interaction) -> None:
        data = io.BytesIO(b"candidate,votes\nA,3\n")
        await interaction.response.send_message(
            "results attached", file=discord.File(data, filename="results.csv")
        )

    @group.command(name="count", description="Count an attachment's bytes")
    async def count(self, interaction: discord.Interaction, upload: discord.Attachment) -> None:
        await interaction.response.send_message(f"{upload.filename}: {upload.size} bytes")

    @group.command(name="silent", description="Never answers")
    async def silent(self, interaction: discord.Interaction) -> None:
        return None

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or not message.content.startswith("ping"):
            return
        await message.channel.send("pong")


def make_bot() -> commands.Bot:
    intents = discord.Intents.default()
    intents.members = True
    intents.message_content = True
    bot = commands.Bot(
        command_prefix=commands.when_mentioned,
        intents=intents,
        guild_ready_timeout=0.01,
        help_command=None,
    )
    bot.resumed_count = 0  # type: ignore[attr-defined]

    async def setup_hook() -> None:
        await bot.add_cog(SampleCog(bot))
        bot.add_view(BallotView())

    async def on_resumed() -> None:
        bot.resumed_count += 1  # type: ignore[attr-defined]

    bot.setup_hook = setup_hook  # type: ignore[method-assign]
    bot.add_listener(on_resumed)
    return bot
