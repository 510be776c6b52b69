"""`/vote ...`: create votes and elections, nominate, show, list, verify a tracker, cancel.

Casting happens on the announcement's Vote button (cogs/votes/views.py); deadlines run on the
scheduler (cogs/votes/jobs.py).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.local_time import LocalTimeError, parse_local_time
from bot.domain.voting.kinds import CountingMethod, VoteKind
from bot.domain.voting.lifecycle import VoteState
from bot.errors import UserError
from bot.services.actors import Actor, guild_settings
from bot.services.voting.records import CreateRequest, VoteInfo
from bot.services.voting.specs import parse_share, split_options
from bot.ui.actors import actor_from
from bot.ui.format import NO_MENTIONS, clip, jump_url
from bot.ui.views import CaucusModal
from cogs.votes.embeds import (
    add_minority_reports,
    list_embed,
    nominations_embed,
    status_embed,
)
from cogs.votes.jobs import VoteJobs

if TYPE_CHECKING:
    from bot.app import CaucusBot

KINDS = {
    "motion": VoteKind.MOTION,
    "poll": VoteKind.POLL_SINGLE,
    "approval": VoteKind.POLL_APPROVAL,
    "ranked": VoteKind.RANKED_SINGLE,
    "election": VoteKind.ELECTION,
}
KIND_CHOICES = [
    app_commands.Choice(name="Motion (yes / no / abstain)", value="motion"),
    app_commands.Choice(name="Poll, one choice", value="poll"),
    app_commands.Choice(name="Poll, approve any number", value="approval"),
    app_commands.Choice(name="Ranked, one winner", value="ranked"),
    app_commands.Choice(name="Committee election (ranked, individuals)", value="election"),
]
METHOD_CHOICES = [
    app_commands.Choice(name="Schulze (ranked default)", value="schulze"),
    app_commands.Choice(name="Instant runoff", value="irv"),
    app_commands.Choice(name="Scottish STV (election default)", value="scottish_stv"),
    app_commands.Choice(name="Meek STV", value="meek"),
]


def parse_opening(text: str, zone: dt.tzinfo, now: dt.datetime) -> dt.datetime:
    """The rule lives in bot.domain.local_time: out-of-range times, and local times in a DST
    gap or overlap, are refused with what to type instead."""
    try:
        return parse_local_time(text, zone, now)
    except LocalTimeError as error:
        raise UserError(str(error)) from None


def member_actor(member: discord.Member, guild_id: int) -> Actor:
    return Actor(
        guild_id=guild_id,
        member_id=member.id,
        display_name=member.display_name,
        role_ids=frozenset(role.id for role in member.roles),
        is_admin=member.guild_permissions.administrator,
    )


class OptionsModal(CaucusModal, title="Options"):
    options: discord.ui.TextInput[OptionsModal] = discord.ui.TextInput(
        custom_id="options",
        label="One option per line",
        style=discord.TextStyle.paragraph,
        placeholder="Capital, volume 1\nThe State and Revolution\nWhat Is to Be Done?",
        max_length=3000,
    )

    def __init__(self, cog: VotesCog, request: CreateRequest) -> None:
        super().__init__()
        self.cog = cog
        self.request = request

    async def on_submit(self, interaction: discord.Interaction) -> None:
        request = CreateRequest(
            **{**self.request.__dict__, "options": split_options(self.options.value)}
        )
        await self.cog.finish_create(interaction, request)


class VotesCog(commands.GroupCog, group_name="vote", group_description="Votes and elections"):
    def __init__(self, bot: CaucusBot) -> None:
        self.bot = bot
        self.services = bot.services
        self.jobs = VoteJobs(bot)

    async def cog_load(self) -> None:
        self.jobs.register()

    # -- creating --------------------------------------------------------------------------

    @app_commands.command(
        name="create", description="Start a motion, poll, ranked vote or election"
    )
    @app_commands.describe(
        title="What members decide",
        kind="Motion, poll, approval poll, ranked vote or committee election",
        options="Options separated by commas or new lines (leave empty to type them in a form)",
        seats="Seats to fill (elections)",
        method="Counting method (ranked votes and elections)",
        threshold="Motions: 'majority' (default), 'two-thirds', or a share such as 3/5 or 60%",
        quorum="Share of the voter roll that must vote, e.g. 50% (optional)",
        days="How many days voting stays open (default from config)",
        opens="When voting opens, YYYY-MM-DD HH:MM in the server's time zone (default: now; "
        "elections: after the nomination period)",
        secret="Secret ballot (default from config)",
        changeable="Members may change their ballot until close (default from config)",
        max_approvals="Approval polls: the most options one member may approve",
    )
    @app_commands.choices(kind=KIND_CHOICES, method=METHOD_CHOICES)
    async def create(
        self,
        interaction: discord.Interaction,
        title: app_commands.Range[str, 1, 200],
        kind: app_commands.Choice[str],
        options: str | None = None,
        seats: app_commands.Range[int, 1, 25] | None = None,
        method: app_commands.Choice[str] | None = None,
        threshold: str | None = None,
        quorum: str | None = None,
        days: app_commands.Range[float, 0.01, 60.0] | None = None,
        opens: str | None = None,
        secret: bool | None = None,
        changeable: bool | None = None,
        max_approvals: app_commands.Range[int, 1, 25] | None = None,
    ) -> None:
        actor = actor_from(interaction)
        guild = guild_settings(self.services.settings, actor.guild_id)
        vote_kind = KINDS[kind.value]
        request = CreateRequest(
            title=title,
            kind=vote_kind,
            options=split_options(options) if options else (),
            method=CountingMethod(method.value) if method else None,
            seats=seats,
            threshold=parse_share(threshold, "threshold") if threshold else None,
            quorum=parse_share(quorum, "quorum") if quorum else None,
            max_approvals=max_approvals,
            secret=secret,
            changeable=changeable,
            opens_at=parse_opening(opens, guild.zone, self.services.clock.now()) if opens else None,
            duration=dt.timedelta(days=days) if days else None,
        )
        needs_options = vote_kind not in (VoteKind.MOTION, VoteKind.ELECTION)
        if needs_options and not request.options:
            await interaction.response.send_modal(OptionsModal(self, request))
            return
        await self.finish_create(interaction, request)

    async def finish_create(self, interaction: discord.Interaction, request: CreateRequest) -> None:
        actor = actor_from(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        info = await self.services.voting.votes.create(actor, request)
        if info.kind is VoteKind.ELECTION:
            await self._announce_nominations(info)
        elif info.opens_at <= self.services.clock.now():
            info = await self.jobs.open_vote(info.guild_id, info.id)
        await interaction.followup.send(self._created_text(info), ephemeral=True)

    async def _announce_nominations(self, info: VoteInfo) -> None:
        channel = self.bot.get_channel(
            guild_settings(self.services.settings, info.guild_id).channels.votes
        )
        if isinstance(channel, discord.TextChannel):
            await channel.send(embed=nominations_embed(info), allowed_mentions=NO_MENTIONS)

    def _created_text(self, info: VoteInfo) -> str:
        text = f"Vote #{info.id} **{clip(info.title, 150)}** is created"
        if info.state is VoteState.OPEN:
            text += f" and open: {info.roll_size} members are on the voter roll."
        elif info.state is VoteState.NOMINATING:
            text += "; nominations are open."
        else:
            text += "; it opens at its scheduled time."
        if info.channel_id and info.message_id:
            text += f"\n{jump_url(info.guild_id, info.channel_id, info.message_id)}"
        return text

    # -- nominations -----------------------------------------------------------------------

    @app_commands.command(name="nominate", description="Stand for election, or nominate a member")
    @app_commands.describe(
        vote="The election's number",
        member="Who to nominate (leave empty to stand yourself)",
        statement="Your statement to the members (when you nominate yourself)",
    )
    async def nominate(
        self,
        interaction: discord.Interaction,
        vote: int,
        member: discord.Member | None = None,
        statement: app_commands.Range[str, 0, 1000] = "",
    ) -> None:
        actor = actor_from(interaction)
        nominee = actor if member is None else member_actor(member, actor.guild_id)
        candidate = await self.services.voting.nominations.nominate(actor, vote, nominee, statement)
        if candidate.member_id == actor.member_id:
            text = f"You stand in election #{vote}. Good luck."
        else:
            text = (
                f"You nominated {candidate.name} in election #{vote}. They accept with "
                f"`/vote accept vote:{vote}` and their statement."
            )
        await interaction.response.send_message(text, ephemeral=True)

    @app_commands.command(name="accept", description="Accept your nomination, with a statement")
    @app_commands.describe(vote="The election's number", statement="Your statement to the members")
    async def accept(
        self,
        interaction: discord.Interaction,
        vote: int,
        statement: app_commands.Range[str, 1, 1000],
    ) -> None:
        await self.services.voting.nominations.accept(actor_from(interaction), vote, statement)
        await interaction.response.send_message(
            f"You accepted your nomination in election #{vote}.", ephemeral=True
        )

    @app_commands.command(name="decline", description="Decline a nomination")
    async def decline(self, interaction: discord.Interaction, vote: int) -> None:
        await self.services.voting.nominations.decline(actor_from(interaction), vote)
        await interaction.response.send_message("Nomination declined.", ephemeral=True)

    @app_commands.command(name="withdraw", description="Withdraw your candidacy before voting")
    async def withdraw(self, interaction: discord.Interaction, vote: int) -> None:
        await self.services.voting.nominations.withdraw(actor_from(interaction), vote)
        await interaction.response.send_message(
            f"You withdrew from election #{vote}.", ephemeral=True
        )

    # -- looking up ------------------------------------------------------------------------

    @app_commands.command(name="show", description="A vote's details, turnout or result")
    async def show(self, interaction: discord.Interaction, vote: int) -> None:
        actor = actor_from(interaction)
        info = await self.services.voting.votes.get(actor.guild_id, vote)
        candidates: list[Any] = []
        if info.kind is VoteKind.ELECTION:
            candidates = await self.services.voting.nominations.candidates(actor.guild_id, vote)
        embed = status_embed(info, candidates)
        if info.state is VoteState.CLOSED:
            reports = await self.services.factions.reports.for_votes(actor.guild_id, [vote])
            add_minority_reports(embed, reports)
        await interaction.response.send_message(
            embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @app_commands.command(name="list", description="Recent votes")
    async def list_votes(self, interaction: discord.Interaction) -> None:
        actor = actor_from(interaction)
        votes = await self.services.voting.votes.list(actor.guild_id)
        await interaction.response.send_message(embed=list_embed(votes), ephemeral=True)

    @app_commands.command(name="verify", description="Find your ballot in a published result")
    @app_commands.describe(
        tracker="The private tracker you got when you voted", vote="The vote's number (optional)"
    )
    async def verify(
        self, interaction: discord.Interaction, tracker: str, vote: int | None = None
    ) -> None:
        actor = actor_from(interaction)
        check = await self.services.voting.closing.verify(actor.guild_id, tracker, vote)
        await interaction.response.send_message(
            f"Your ballot in vote #{check.vote.id} ({clip(check.vote.title, 100)}) was "
            f"counted as: **{clip(check.counted_as, 1500)}**",
            ephemeral=True,
        )

    # -- cancelling ------------------------------------------------------------------------

    @app_commands.command(name="cancel", description="Cancel a vote (organizers; audited)")
    @app_commands.describe(vote="The vote's number", reason="Why, for the record")
    async def cancel(
        self, interaction: discord.Interaction, vote: int, reason: app_commands.Range[str, 1, 300]
    ) -> None:
        info = await self.services.voting.votes.cancel(actor_from(interaction), vote, reason)
        await interaction.response.send_message(
            f"Vote #{info.id} is cancelled; nothing will be counted.", ephemeral=True
        )
        channel = self.bot.get_channel(info.channel_id) if info.channel_id else None
        if isinstance(channel, discord.TextChannel):
            await channel.send(
                f"Vote #{info.id} ({clip(info.title, 100)}) was cancelled by an organizer: "
                f"{clip(reason, 300)}",
                allowed_mentions=NO_MENTIONS,
            )
            if info.message_id:
                await self.jobs.retire_button(channel, info)
