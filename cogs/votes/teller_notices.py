"""What a teller vote's tellers and organizers are told on the Discord side: the tellers
listed on the announcement with the dealing file attached, the notice that the count waits
for the tellers' releases, and the organizers' notices in the log channel when a vote cannot
open for want of tellers or is still uncounted past its release deadline
(docs/secret-ballots.md, "Tellers").

Every notice goes through the outbox, as the rest of the vote jobs' messages do
(cogs/votes/jobs.py): a rerun finds it already sent.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING

import discord

from bot.services.actors import guild_settings
from bot.services.voting.records import VoteInfo
from bot.services.voting.teller_records import TellersMissing, TellerStatus
from bot.ui.format import NO_MENTIONS, clip, timestamp
from bot.ui.outbox import Sender, with_text
from cogs.tellers.render import announcement_field, dealing_file
from cogs.votes.common import outbox_key

if TYPE_CHECKING:
    from bot.app import CaucusBot


def digest(text: str) -> str:
    """A short fingerprint of a notice's text, for an outbox key per distinct notice."""
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


class TellerNotices:
    """The teller notices of the vote jobs, sent through their Sender."""

    def __init__(
        self,
        bot: CaucusBot,
        sender: Sender,
        votes_channel: Callable[[int], Awaitable[discord.TextChannel]],
    ) -> None:
        self.bot = bot
        self.services = bot.services
        self.sender = sender
        self._votes_channel = votes_channel

    async def cannot_open_yet(self, guild_id: int, vote_id: int, missing: TellersMissing) -> None:
        """The vote is due to open but a teller is not named yet: it opens once the last is."""
        notice = (
            f"Vote #{vote_id} is due to open but cannot yet: {missing.message} "
            "It opens as soon as the last teller is named."
        )
        # Once per state of the naming: a rerun says nothing new, a change does.
        await self.tell_organizers(
            guild_id, outbox_key(vote_id, f"tellers-missing:{digest(notice)}"), notice
        )

    async def announcement_parts(self, info: VoteInfo, embed: discord.Embed) -> TellerStatus | None:
        """A teller vote's announcement lists its tellers (added to `embed`) and carries the
        dealing file (`dealing_files`); None for a vote without tellers."""
        status = await self.services.voting.tellers.status(info.guild_id, info.id)
        if dealing_file(status) is None:
            return None
        name, value = announcement_field(status)
        embed.add_field(name=name, value=value, inline=False)
        return status

    @staticmethod
    def dealing_files(status: TellerStatus | None) -> list[discord.File]:
        attached = None if status is None else dealing_file(status)
        return [] if attached is None else [attached]

    async def tell_organizers(self, guild_id: int, key: str, text: str) -> None:
        """A notice in the log channel, sent once through the outbox under ``key``."""
        guild = guild_settings(self.services.settings, guild_id)
        log_channel = self.bot.get_channel(guild.channels.log)
        if not isinstance(log_channel, discord.TextChannel):
            return
        said = clip(text, 2000)
        await self.sender.send_once(
            guild_id,
            key,
            log_channel,
            partial(log_channel.send, said, allowed_mentions=NO_MENTIONS),
            with_text(said),
        )

    async def await_tellers(self, info: VoteInfo) -> None:
        """At the close: say the count waits for the tellers. At the release deadline with
        fewer than k: tell the organizers in the log channel; the vote stays uncounted (no
        one else can count it) until k release or an organizer cancels it on record."""
        status = await self.services.voting.tellers.status(info.guild_id, info.id)
        waiting = ", ".join(clip(name, 60) for name in status.waiting_names())
        if status.deadline is not None and self.services.clock.now() >= status.deadline:
            await self.tell_organizers(
                info.guild_id,
                outbox_key(info.id, "tellers-deadline"),
                f"Organizers: vote #{info.id} ({clip(info.title, 100)}) is still uncounted "
                f"past its release deadline: {status.released} of the {status.threshold} "
                f"releases needed are in (waiting for {waiting}). Nobody else can count "
                "it. Ask the tellers to `/teller release`, or cancel it on record with "
                "`/vote cancel`.",
            )
            return
        channel = await self._votes_channel(info.guild_id)
        deadline = f" by {timestamp(status.deadline)}" if status.deadline else ""
        notice = (
            f"Voting on #{info.id} ({clip(info.title, 100)}) has closed. The count waits for "
            f"{status.threshold} of its {len(status.tellers)} tellers to release their part"
            f"{deadline} with `/teller release` ({waiting} have not yet)."
        )
        await self.sender.send_once(
            info.guild_id,
            outbox_key(info.id, "tellers-waiting"),
            channel,
            partial(channel.send, notice, allowed_mentions=NO_MENTIONS),
            with_text(notice),
        )
