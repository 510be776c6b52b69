"""A configured branch in a FakeDiscord with the real CaucusBot running against it.

    fake = FakeDiscord()                       # started
    branch = build_branch(fake)                # guild, roles, channels (before the bot connects)
    settings = branch_settings(branch, database_url=...)
    async with running_stage(fake, branch, settings, engine, clock) as stage:
        ana = stage.join("ana")
        result = await stage.slash(ana, "caucus help")

Used by `caucus demo` and by tests/wire. Time is a ManualClock: move it with `stage.advance`,
which also runs the scheduled jobs that fell due.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

from bot.app import EXTENSIONS, CaucusBot
from bot.clock import ManualClock
from bot.config import Settings
from bot.runtime import build_services
from bot.services.container import Services
from caucus_demo.fake_discord import (
    FakeDiscord,
    FakeGuild,
    FakeMember,
    FakeRole,
    InteractionResult,
    running_client,
)
from caucus_demo.fake_discord.state import Payload

BRANCH_NAME = "Riverside branch"
BRANCH_TIMEZONE = "America/New_York"
# Channels the config names, plus one it does not (where members chat and run commands).
CONFIGURED_CHANNELS = ("reading", "announcements", "votes", "log")
CHAT_CHANNEL = "general"
# discord.py otherwise waits two seconds after the last GUILD_CREATE before it is ready.
GUILD_READY_TIMEOUT = 0.05


@dataclass(frozen=True)
class FakeBranch:
    """The Discord side of one branch: its guild, the two configured roles and the channels."""

    guild: FakeGuild
    organizer_role: FakeRole
    member_role: FakeRole
    channels: dict[str, Payload]

    def channel_id(self, name: str) -> int:
        return int(self.channels[name]["id"])


def build_branch(fake: FakeDiscord, name: str = BRANCH_NAME) -> FakeBranch:
    guild = fake.add_guild(name)
    organizer_role = fake.add_role(guild.id, "Organizers")
    member_role = fake.add_role(guild.id, "Members")
    channels = {
        channel: fake.add_channel(guild.id, channel)
        for channel in (*CONFIGURED_CHANNELS, CHAT_CHANNEL)
    }
    return FakeBranch(guild, organizer_role, member_role, channels)


def branch_settings(
    branch: FakeBranch,
    *,
    database_url: str,
    timezone: str = BRANCH_TIMEZONE,
    **guild_sections: Any,
) -> Settings:
    """Settings for this branch, as a config file would give them; extra sections per feature."""
    guild: dict[str, Any] = {
        "id": branch.guild.id,
        "name": branch.guild.name,
        "timezone": timezone,
        "channels": {name: branch.channel_id(name) for name in CONFIGURED_CHANNELS},
        "roles": {"organizer": branch.organizer_role.id, "member": branch.member_role.id},
        **guild_sections,
    }
    return Settings.model_validate({"database": {"url": database_url}, "guilds": [guild]})


class ErrorLog(logging.Handler):
    """Collects ERROR records: the bot logs every bug it swallowed (error handler, scheduler)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def describe(self) -> list[str]:
        return [f"{r.name}: {r.getMessage()}" for r in self.records]

    def clear(self) -> None:
        self.records.clear()

    @contextlib.contextmanager
    def installed(self) -> Iterator[ErrorLog]:
        root = logging.getLogger()
        root.addHandler(self)
        try:
            yield self
        finally:
            root.removeHandler(self)


Person = FakeMember | str


@dataclass
class Stage:
    """The running bot, its services and clock, and the fake branch members act in."""

    fake: FakeDiscord
    bot: CaucusBot
    services: Services
    clock: ManualClock
    branch: FakeBranch
    errors: ErrorLog
    people: dict[str, FakeMember] = field(default_factory=dict)

    @property
    def guild(self) -> FakeGuild:
        return self.branch.guild

    def join(self, name: str, *, organizer: bool = False) -> FakeMember:
        """A new member of the branch (organizers hold the member role too)."""
        if name in self.people:
            raise ValueError(f"{name} has already joined")
        roles: list[FakeRole | int | str] = [self.branch.organizer_role, self.branch.member_role]
        self.people[name] = self.fake.add_member(
            self.guild.id, name, roles=roles if organizer else roles[1:]
        )
        return self.people[name]

    def visit(self, name: str) -> FakeMember:
        """Someone in the guild without the member role."""
        if name in self.people:
            raise ValueError(f"{name} is already here")
        self.people[name] = self.fake.add_member(self.guild.id, name)
        return self.people[name]

    def person(self, who: Person) -> FakeMember:
        return self.people[who] if isinstance(who, str) else who

    def configure(self, **guild_sections: Any) -> Settings:
        """Replaces this guild's config sections (e.g. reading={...}); services see it at once."""
        current = self.services.settings
        guild = current.guilds[0].model_dump(mode="python")
        guild.update(guild_sections)
        self.services.settings = Settings.model_validate(
            {**current.model_dump(mode="python", exclude={"guilds"}), "guilds": [guild]}
        )
        return self.services.settings

    async def slash(
        self,
        who: Person,
        command: str,
        options: dict[str, Any] | None = None,
        *,
        channel: str = CHAT_CHANNEL,
        expect_followup: bool | None = None,
    ) -> InteractionResult:
        return await self.fake.invoke_slash(
            self.guild.id,
            self.person(who).id,
            command,
            options,
            channel_id=self.branch.channel_id(channel),
            expect_followup=expect_followup,
        )

    async def advance(self, delta: dt.timedelta) -> int:
        """Moves the clock and runs every scheduled job now due; returns how many ran."""
        self.clock.advance(delta)
        return await self.services.scheduler.run_due()

    async def settle(self, within: float = 2.0) -> None:
        """Delivers queued gateway events and waits until the bot has seen every member join.

        Interactions carry their member, so only code that reads the bot's cache needs this.
        """
        await self.fake.flush_events()
        async with asyncio.timeout(within):
            while not self._bot_sees_everyone():
                await self.bot.wait_for("member_join")

    async def delivered(self, message: Payload, within: float = 2.0) -> None:
        """Waits until the bot has received a member's message and its listeners have finished
        (e.g. recording it as a response), since no REST request marks that moment."""
        message_id = int(message["id"])
        async with asyncio.timeout(within):
            # discord.py caches and dispatches a message in one step: not cached, not dispatched.
            if not any(m.id == message_id for m in self.bot.cached_messages):
                await self.bot.wait_for("message", check=lambda m: m.id == message_id)
            await _handlers_finished("on_message")

    async def quiet(self, within: float = 15.0) -> None:
        """Waits until the bot has finished handling every interaction it received: a command
        handler or a button's callback goes on after its reply (posting a message, then
        recording its id), and no REST request marks the end of that work."""
        await interaction_handlers_finished(within)

    def _bot_sees_everyone(self) -> bool:
        guild = self.bot.get_guild(self.guild.id)
        return guild is not None and all(guild.get_member(m.id) for m in self.people.values())


@contextlib.asynccontextmanager
async def running_stage(
    fake: FakeDiscord,
    branch: FakeBranch,
    settings: Settings,
    engine: Any,  # an AsyncEngine with the schema migrated (typed loosely: no sqlalchemy here)
    clock: ManualClock,
) -> AsyncIterator[Stage]:
    """Starts the real bot with every extension, syncs its commands, and closes it on exit.

    The scheduler runs without timers: jobs run when `Stage.advance` moves the clock.
    """
    services = build_services(settings, engine, clock)
    bot = CaucusBot(
        services,
        extensions=EXTENSIONS,
        start_scheduler=False,
        guild_ready_timeout=GUILD_READY_TIMEOUT,
    )
    with ErrorLog().installed() as errors:
        async with running_client(fake, bot):
            await _handlers_finished("on_ready")
            await services.scheduler.start(use_timers=False)
            try:
                yield Stage(fake, bot, services, clock, branch, errors)
            finally:
                await services.scheduler.shutdown()


# The names discord.py gives the tasks that run a command, a view's or dynamic item's callback,
# or a modal's submit.
_HANDLER_TASKS = (
    "CommandTree-invoker",
    "discord-ui-view-dispatch-",
    "discord-ui-dynamic-item-",
    "discord-ui-modal-dispatch-",
)


def _interaction_handlers() -> list[asyncio.Task[Any]]:
    current = asyncio.current_task()
    return [
        task
        for task in asyncio.all_tasks()
        if task is not current and not task.done() and task.get_name().startswith(_HANDLER_TASKS)
    ]


async def interaction_handlers_finished(within: float = 15.0) -> None:
    """Waits for every running interaction handler, and for those they start, to finish."""
    async with asyncio.timeout(within):
        while handlers := _interaction_handlers():
            await asyncio.gather(*handlers, return_exceptions=True)  # discord.py logs them


async def _handlers_finished(event: str) -> None:
    """Waits for the bot's running listeners of one event (e.g. on_ready's reading-plan sync),
    so what follows starts from a settled state rather than racing them."""
    handlers = [t for t in asyncio.all_tasks() if t.get_name() == f"discord.py: {event}"]
    await asyncio.gather(*handlers)  # discord.py catches and logs their errors itself
