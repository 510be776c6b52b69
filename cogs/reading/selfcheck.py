"""The running bot's self-check: at start-up and after a failure to post, compare the guild with
the config and tell organizers what to fix — in the log channel, or by DM when that fails."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from bot.domain.selfcheck import Problem
from bot.ui.format import NO_MENTIONS, clip
from bot.ui.selfcheck import seen_guild

if TYPE_CHECKING:
    from bot.app import CaucusBot

log = logging.getLogger(__name__)


def problem_report(problems: list[Problem]) -> str:
    if not problems:
        return (
            "**Caucus self-check:** the channels, roles and permissions in the config are fine now."
        )
    lines = ["**Caucus self-check** found what the config needs and the server lacks:"]
    lines += [f"• {problem.line()}" for problem in problems]
    lines.append("`/caucus health` lists these until they are fixed.")
    return clip("\n".join(lines), 2000)


class SelfCheck:
    def __init__(self, bot: CaucusBot) -> None:
        self.bot = bot
        self.services = bot.services

    async def run(self, guild_id: int) -> list[Problem]:
        """Check the guild; when the problems changed, tell the organizers."""
        guild_config = self.services.settings.guild(guild_id)
        if guild_config is None:
            return []
        guild = self.bot.get_guild(guild_id)
        me = guild.me if guild is not None else None
        seen = seen_guild(guild, me, guild.channels) if guild is not None and me else None
        problems, changed = self.services.selfcheck.check(guild_config, seen)
        if changed and guild is not None:
            await self.report(
                guild, guild_config.channels.log, guild_config.roles.organizer, problems
            )
        if problems:
            log.warning("self-check of guild %d: %s", guild_id, "; ".join(p.what for p in problems))
        return problems

    async def report(
        self, guild: discord.Guild, log_id: int, organizer_role: int, problems: list[Problem]
    ) -> None:
        text = problem_report(problems)
        channel = guild.get_channel(log_id)
        if isinstance(channel, discord.TextChannel):
            try:
                await channel.send(text, allowed_mentions=NO_MENTIONS)
                return
            except discord.HTTPException:
                pass
        role = guild.get_role(organizer_role)
        people = [m for m in (role.members if role else []) if not m.bot]
        if not people and guild.owner is not None:
            people = [guild.owner]
        for person in people:
            try:
                await person.send(
                    f"The Caucus log channel in **{guild.name}** is unusable, so this comes by "
                    "DM.\n" + text,
                    allowed_mentions=NO_MENTIONS,
                )
            except discord.HTTPException:
                log.warning("could not DM organizer %d the self-check report", person.id)
