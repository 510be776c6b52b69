"""A running Caucus bot inside SimCord, with a configured guild, roles, channels and members."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from simcord.env import Env
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import EXTENSIONS, CaucusBot
from bot.clock import ManualClock
from bot.errors import UserError
from bot.runtime import build_services
from bot.services.container import Services
from bot.ui.errors import unwrap
from tests.support.settings import GUILD_ID, make_settings

START = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)


@dataclass
class World:
    env: Any
    bot: CaucusBot
    services: Services
    clock: ManualClock
    guild: Any
    organizer_role: Any
    member_role: Any
    channels: dict[str, Any]
    people: dict[str, Any] = field(default_factory=dict)

    def organizer(self, name: str = "olga") -> Any:
        return self._person(name, [self.organizer_role, self.member_role])

    def member(self, name: str) -> Any:
        return self._person(name, [self.member_role])

    def outsider(self, name: str = "visitor") -> Any:
        return self._person(name, [])

    def _person(self, name: str, roles: list[Any]) -> Any:
        if name not in self.people:
            user = self.env.create_user(name)
            self.people[name] = self.guild.add_member(user, roles=roles)
        return self.people[name]

    async def restart(self) -> None:
        """Stop the bot process and start a new one on the same database and Discord state."""
        old = self.bot
        self.bot = CaucusBot(
            self.services, extensions=EXTENSIONS, sync_commands=False, start_scheduler=False
        )
        await self.env.restart_bot(self.bot)
        await self.bot.sync_to_configured_guilds()
        del old


@asynccontextmanager
async def running_world(
    engine: AsyncEngine, *, forum: bool = False, **guild_sections: Any
) -> AsyncIterator[World]:
    clock = ManualClock(START)
    services = build_services(make_settings(), engine, clock)
    bot = CaucusBot(services, extensions=EXTENSIONS, sync_commands=False, start_scheduler=False)
    env = Env(bot)
    await env.start()
    try:
        guild = env.create_guild("Branch", id=GUILD_ID)
        organizer_role = guild.create_role("Organizers")
        member_role = guild.create_role("Members")
        channels = {
            "reading": guild.create_forum_channel("reading")
            if forum
            else guild.create_text_channel("reading"),
            "announcements": guild.create_text_channel("announcements"),
            "votes": guild.create_text_channel("votes"),
            "log": guild.create_text_channel("log"),
            "general": guild.create_text_channel("general"),
        }
        services.settings = make_settings(
            data_dir=services.settings.bot.data_dir,
            channels={k: v.id for k, v in channels.items() if k != "general"},
            roles={"organizer": organizer_role.id, "member": member_role.id},
            **guild_sections,
        )
        await bot.sync_to_configured_guilds()
        await services.scheduler.start(use_timers=False)
        world = World(env, bot, services, clock, guild, organizer_role, member_role, channels)
        yield world
    finally:
        await services.scheduler.shutdown()
        await env.shutdown()
    # Bugs the bot swallowed fail the test, as in SimCord's own fixture; UserErrors are the
    # expected, friendly refusals and are not bugs.
    bugs = [
        e
        for e in env.errors_since(env._errors_acknowledged)
        if not isinstance(unwrap(e), UserError)
    ]
    if bugs:
        raise ExceptionGroup("the bot raised unexpected errors", bugs)


def reply_text(result: Any) -> str:
    """What the member finally sees: the last followup, else the (possibly edited) response."""
    if result.followups:
        return str(result.followups[-1].content)
    return str(result.response.content) if result.response else ""
