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

from bot.domain.counting import CountingMethod
from bot.domain.voting.kinds import VoteKind, describe_eligibility
from bot.domain.voting.lifecycle import VoteState
from bot.errors import NotFound
from bot.services.actors import guild_settings
from bot.services.voting.records import CreateRequest, VoteInfo
from bot.services.voting.specs import parse_share, split_options
from bot.ui.actors import actor_from, member_actor
from bot.ui.deadline import acknowledged_first, send
from bot.ui.format import NO_MENTIONS, clip, jump_url
from bot.ui.members import MemberListNotReady
from bot.ui.views import CaucusModal
from cogs.votes.checked_in import say_checked_in_roll
from cogs.votes.embeds import (
    add_minority_reports,
    list_embed,
    nominations_embed,
    status_embed,
)
from cogs.votes.jobs import VoteJobs
from cogs.votes.parsing import parse_opening, parse_roles
from cogs.votes.views import mine_message

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

HOW_TO_CHECK = (
    "**How to check your ballot**\n"
    "1. When you vote in a secret ballot, Caucus shows you a private tracker, e.g. "
    "`K7QF-3MZP-XW2A`. Copy it somewhere only you can see: it is shown once and stored "
    "nowhere.\n"
    "2. When the vote closes, the result is posted with a file of every ballot, shuffled, "
    "each under its voter's tracker. Nobody can tell whose tracker is whose.\n"
    "3. Run `/vote verify tracker:YOUR-TRACKER` (add `vote:` and the vote's number if you "
    "like): Caucus finds your ballot in that file and shows how it was counted. You can also "
    "open the file yourself and look for your tracker.\n"
    "If you changed your ballot, only the tracker of your last ballot counts. Never share "
    "your tracker: it would show how you voted."
)
NOT_IN_ANY_FILE = (
    "No published ballot has that tracker. Compare it letter by letter with the one you "
    "copied, and make sure it is the tracker of your last ballot (a replaced ballot's tracker "
    "does not count)."
)
NOT_PUBLISHED_YET = (
    "No published ballot has that tracker yet. If it is from a vote that is still open, its "
    "ballots are published when the vote closes: check again then. If the vote has closed, "
    "make sure you copied the tracker of your last ballot (a replaced ballot's tracker does "
    "not count)."
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

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """Discord has sent every guild's member list: openings that gave up waiting for it
        are queued again (a roll is never taken from a partial list, and never skipped).
        Owned by the bot: a shutdown right after the ready event stops it and waits for it."""
        async with self.bot.owned_work():
            for guild in self.services.settings.guilds:
                if self.bot.get_guild(guild.id) is not None:  # this process's shards only
                    await self.services.voting.votes.requeue_overdue_openings(guild.id)

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
        opens="When voting opens, YYYY-MM-DD HH:MM server time (default: now; elections: "
        "after nominations)",
        secret="Secret ballot (default from config)",
        changeable="Members may change their ballot until close (default from config)",
        max_approvals="Approval polls: the most options one member may approve",
        eligible="Who may vote: roles, e.g. @Delegates @Committee (organizers only; default: "
        "members)",
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
        eligible: app_commands.Range[str, 1, 1000] | None = None,
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
            eligible_roles=parse_roles(eligible, interaction.guild) if eligible else (),
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
            try:
                info = await self.jobs.open_vote(info.guild_id, info.id)
            except MemberListNotReady:
                # Its opening job retries shortly: a roll is never taken from a partial list.
                info = await self.services.voting.votes.get(info.guild_id, info.id)
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
            who = describe_eligibility(info.spec.eligible_roles, info.roll_size)
            text += f" and open. Who may vote: {who}."
        elif info.state is VoteState.NOMINATING:
            text += "; nominations are open."
        elif info.opens_at <= self.services.clock.now():
            tellers = guild_settings(self.services.settings, info.guild_id).tellers
            if info.spec.secret and tellers.count:
                text += (
                    "; it opens as soon as all its tellers are named (`/teller name`, "
                    f"{tellers.count} in all) and Discord has sent the full member list."
                )
            else:
                text += (
                    "; it opens as soon as Discord has sent the full member list, so that "
                    "nobody is left off the voter roll (usually within a minute)."
                )
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
        async with acknowledged_first(interaction, thinking=True):  # members look at once
            info = await self.services.voting.votes.get(actor.guild_id, vote)
            candidates: list[Any] = []
            if info.kind is VoteKind.ELECTION:
                candidates = await self.services.voting.nominations.candidates(actor.guild_id, vote)
            embed = status_embed(info, candidates)
            if await self.services.conventions.roll_for(actor.guild_id, vote) is not None:
                say_checked_in_roll(embed, info)
            if info.state is VoteState.CLOSED:
                reports = await self.services.factions.reports.for_votes(actor.guild_id, [vote])
                add_minority_reports(embed, reports)
            await send(interaction, None, embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS)

    @app_commands.command(name="list", description="Recent votes")
    async def list_votes(self, interaction: discord.Interaction) -> None:
        actor = actor_from(interaction)
        votes = await self.services.voting.votes.list(actor.guild_id)
        await interaction.response.send_message(embed=list_embed(votes), ephemeral=True)

    @app_commands.command(name="mine", description="Open votes you have not voted in yet")
    async def mine(self, interaction: discord.Interaction) -> None:
        actor = actor_from(interaction)
        waiting = await self.services.voting.votes.waiting_for(actor.guild_id, actor.member_id)
        content, view = mine_message(waiting)
        if view is None:
            await interaction.response.send_message(content, ephemeral=True)
            return
        await interaction.response.send_message(
            content, view=view, ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @app_commands.command(
        name="verify", description="Find your ballot in a published result (or how to check it)"
    )
    @app_commands.describe(
        tracker="The private tracker you got when you voted (leave empty to learn how)",
        vote="The vote's number (optional)",
    )
    async def verify(
        self, interaction: discord.Interaction, tracker: str | None = None, vote: int | None = None
    ) -> None:
        if tracker is None:
            await interaction.response.send_message(HOW_TO_CHECK, ephemeral=True)
            return
        actor = actor_from(interaction)
        try:
            check = await self.services.voting.closing.verify(actor.guild_id, tracker, vote)
        except NotFound:
            if vote is None:
                still_open = await self._open_secret_votes(actor.guild_id)
                raise NotFound(NOT_PUBLISHED_YET if still_open else NOT_IN_ANY_FILE) from None
            raise
        await interaction.response.send_message(
            f"Your ballot in vote #{check.vote.id} ({clip(check.vote.title, 100)}) was "
            f"counted as: **{clip(check.counted_as, 1500)}**",
            ephemeral=True,
        )

    async def _open_secret_votes(self, guild_id: int) -> bool:
        votes = await self.services.voting.votes.list(guild_id)
        return any(v.state is VoteState.OPEN and v.spec.secret for v in votes)

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
