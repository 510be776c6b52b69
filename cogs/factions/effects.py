"""What follows a faction event on Discord: posting member votes and their results, filed
minority reports beside the result they answer, and the role/channel sync. Also the job that
closes member votes at their deadline.

Every message goes through the outbox (bot/ui/outbox.py): recorded before the send, and found
again (by its exact text, its buttons or its title) when a rerun follows a crash or a database
error between the send and its record, so no vote, result or report is posted twice."""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial
from typing import TYPE_CHECKING

import discord

from bot.errors import UserError
from bot.scheduling import Job
from bot.services.actors import guild_settings
from bot.services.factions.records import (
    CLOSE_JOB,
    FactionVotePurpose,
    StoredFactionVote,
    StoredReport,
    VoteDecided,
)
from bot.ui.format import NO_MENTIONS, clip
from bot.ui.outbox import Sender, with_text, with_title
from cogs.factions.discord_sync import FactionDiscord
from cogs.factions.embeds import report_embed, vote_text

if TYPE_CHECKING:
    from bot.app import CaucusBot

log = logging.getLogger(__name__)


class FactionEffects:
    def __init__(self, bot: CaucusBot) -> None:
        self.bot = bot
        self.services = bot.services
        self.discord = FactionDiscord(bot)
        self.sender = Sender(bot.services.outbox, lambda: bot.user.id if bot.user else None)

    def register(self) -> None:
        self.services.scheduler.register(CLOSE_JOB, self.on_close, grace=dt.timedelta(days=365))

    @property
    def bot_id(self) -> int:
        assert self.bot.user is not None
        return self.bot.user.id

    def _text_channel(self, channel_id: int | None) -> discord.TextChannel | None:
        channel = self.bot.get_channel(channel_id) if channel_id else None
        return channel if isinstance(channel, discord.TextChannel) else None

    # -- member votes -----------------------------------------------------------------------

    async def rule_text(self, vote: StoredFactionVote) -> str:
        if vote.purpose == FactionVotePurpose.READING_PROPOSAL:
            return "it passes with more yes than no"
        needed = self.services.factions.votes.yes_needed(vote)
        return f"it passes with {needed} yes votes of the roll"

    async def post_vote(
        self, vote: StoredFactionVote, subject: str, fallback: discord.abc.Messageable | None
    ) -> None:
        """Post the vote with its Yes/No buttons: in the faction's channel when it has one,
        in the votes channel for a reading proposal, else where it was called."""
        from cogs.factions.views import member_vote_view  # the views import this module

        target: discord.abc.Messageable | None = fallback
        if vote.faction_id is not None:
            faction = await self.services.factions.membership.get_by_id(
                vote.guild_id, vote.faction_id
            )
            target = self._text_channel(faction.channel_id) or fallback
        else:
            votes = guild_settings(self.services.settings, vote.guild_id).channels.votes
            target = self._text_channel(votes) or fallback
        if target is None:
            return
        text = vote_text(vote, subject, await self.rule_text(vote))
        channel = target
        channel_id: int | None = getattr(channel, "id", None)
        recordable = isinstance(channel, discord.abc.GuildChannel | discord.Thread)
        # Recorded before the send: a ballot cast the moment the message appears must find
        # the channel its result goes to.
        if recordable and channel_id is not None:
            await self.services.factions.votes.set_channel(vote.id, channel_id=channel_id)
        message_id = await self.sender.send_once(
            vote.guild_id,
            f"faction-vote:{vote.id}:post",
            channel,
            lambda nonce: channel.send(
                text, view=member_vote_view(vote.id), allowed_mentions=NO_MENTIONS, nonce=nonce
            ),
            with_text(text),
        )
        if recordable and channel_id is not None:
            await self.services.factions.votes.set_message(
                vote.id, channel_id=channel_id, message_id=message_id
            )

    async def on_close(self, job: Job) -> None:
        decided = await self.services.factions.votes.close(
            job.guild_id, int(job.payload["vote_id"])
        )
        if decided is not None:
            await self.after_decision(decided)

    async def after_decision(self, decided: VoteDecided) -> VoteDecided:
        try:
            decided = await self.services.factions.follow_up(decided, self.bot_id)
        except UserError as problem:  # e.g. the title is taken in the corpus
            await self._say(decided.vote, problem.message, "problem")
        await self._say(decided.vote, decided.summary, "result")
        await self._retire_buttons(decided.vote)
        if decided.faction is not None and not decided.faction.faction.is_active:
            await self.discord.sync(decided.faction)
        return decided

    async def _home(self, vote: StoredFactionVote) -> discord.TextChannel | None:
        """Where the vote was posted; if that channel is gone, where it would be posted now
        (the faction's channel, else the votes channel)."""
        channel = self._text_channel(vote.channel_id)
        if channel is None and vote.faction_id is not None:
            faction = await self.services.factions.membership.get_by_id(
                vote.guild_id, vote.faction_id
            )
            channel = self._text_channel(faction.channel_id)
        if channel is None:
            votes = guild_settings(self.services.settings, vote.guild_id).channels.votes
            channel = self._text_channel(votes)
        return channel

    async def _say(self, vote: StoredFactionVote, text: str, what: str) -> None:
        channel = await self._home(vote)
        if channel is None:
            log.warning(
                "member vote %s: no channel left to post its %s in (guild %s)",
                vote.id,
                what,
                vote.guild_id,
            )
            return
        said = clip(text, 2000)
        await self.sender.send_once(
            vote.guild_id,
            f"faction-vote:{vote.id}:{what}",
            channel,
            partial(channel.send, said, allowed_mentions=NO_MENTIONS),
            with_text(said),
        )

    async def _retire_buttons(self, vote: StoredFactionVote) -> None:
        channel = self._text_channel(vote.channel_id)
        if channel is None or vote.message_id is None:
            return
        try:
            message = await channel.fetch_message(vote.message_id)
            await message.edit(view=None)
        except discord.HTTPException:
            return  # deleted: the buttons refuse late ballots anyway

    # -- minority reports -------------------------------------------------------------------

    async def publish_report(self, report: StoredReport) -> None:
        """Post a filed report in the votes channel, as a reply to the result it answers."""
        info = await self.services.voting.votes.get(report.guild_id, report.vote_id)
        channel_id = (
            info.channel_id
            or guild_settings(self.services.settings, report.guild_id).channels.votes
        )
        channel = self._text_channel(channel_id)
        if channel is None:
            return
        reference = None
        if info.result_message_id:
            reference = discord.MessageReference(
                message_id=info.result_message_id, channel_id=channel.id, fail_if_not_exists=False
            )
        embed = report_embed(report, info.title)
        message_id = await self.sender.send_once(
            report.guild_id,
            f"minority-report:{report.id}",
            channel,
            lambda nonce: channel.send(
                embed=embed,
                reference=reference,  # type: ignore[arg-type]
                allowed_mentions=NO_MENTIONS,
                nonce=nonce,
            ),
            with_title(embed.title),
        )
        await self.services.factions.reports.set_message(
            report.id, channel_id=channel.id, message_id=message_id
        )
