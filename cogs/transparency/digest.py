"""The monthly transparency digest: posted in the announcements channel on the configured day,
then the next month's digest is scheduled (job ``digest:{guild}:{YYYY-MM}``, named for the
month it reports on)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import discord

from bot.scheduling import Job, RetryLater
from bot.services.actors import guild_settings
from bot.services.transparency import DIGEST_JOB, period_from_payload
from bot.ui.format import NO_MENTIONS
from bot.ui.members import ensure_member_list
from cogs.transparency.embeds import digest_embed, member_names

if TYPE_CHECKING:
    from bot.app import CaucusBot


def role_member_ids(guild: discord.Guild | None, role_id: int) -> list[int]:
    role = guild.get_role(role_id) if guild is not None else None
    return [] if role is None else [m.id for m in role.members if not m.bot]


class DigestJobs:
    def __init__(self, bot: CaucusBot) -> None:
        self.bot = bot
        self.services = bot.services

    async def register(self) -> None:
        """Register the handler and make sure each configured guild has its next digest."""
        self.services.scheduler.register(DIGEST_JOB, self.post_digest, grace=dt.timedelta(days=7))
        for guild in self.services.settings.guilds:
            await self.services.transparency.schedule_next(guild.id)

    async def post_digest(self, job: Job) -> None:
        settings = guild_settings(self.services.settings, job.guild_id)
        guild = self.bot.get_guild(job.guild_id)
        if guild is None:
            raise RetryLater(f"guild {job.guild_id} is not available")
        await ensure_member_list(guild)  # the member figure counts the whole list
        bot_id = self.bot.user.id if self.bot.user else None
        report = await self.services.transparency.digest(
            job.guild_id,
            period_from_payload(job.payload),
            role_member_ids(guild, settings.roles.member),
            bot_ids=[bot_id] if bot_id else [],
        )
        channel = self.bot.get_channel(settings.channels.announcements)
        if not isinstance(channel, discord.TextChannel):
            raise RetryLater(f"announcements channel of guild {job.guild_id} is unavailable")
        try:
            await channel.send(
                embed=digest_embed(report, settings.zone, member_names(guild, bot_id)),
                allowed_mentions=NO_MENTIONS,
            )
        except discord.HTTPException as exc:
            raise RetryLater(f"posting the digest: {exc}") from exc
        # The next month's digest: scheduled after this one's due time, so it never repeats.
        await self.services.transparency.schedule_next(job.guild_id, after=job.due_at)
