"""Helpers for the production tests: bot processes, a shared database, branches on shards, and
what a posted reading session looks like on the fake."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import secrets
import signal
import sys
from collections import Counter
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import IO

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from caucus_demo.fake_discord import FakeDiscord
from caucus_demo.fake_discord.state import Payload
from caucus_demo.stage import CHAT_CHANNEL, CONFIGURED_CHANNELS, FakeBranch
from cogs.reading.embeds import prompts_marker
from tests.support.database import POSTGRES_URL_ENV

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = "socialism-in-one-org"


# -- the database both processes share ---------------------------------------------------------


@contextlib.asynccontextmanager
async def shared_database(directory: Path) -> AsyncIterator[str]:
    """A SQLite file (WAL) in ``directory``, or a throwaway PostgreSQL database when
    $CAUCUS_TEST_POSTGRES_URL is set (so other tests' schema is left alone)."""
    server = os.environ.get(POSTGRES_URL_ENV)
    if not server:
        yield f"sqlite+aiosqlite:///{directory / 'caucus.sqlite3'}"
        return
    name = f"caucus_production_{secrets.token_hex(4)}"
    admin = create_async_engine(server, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


# -- branches and their config -----------------------------------------------------------------


def branch_on_shard(fake: FakeDiscord, name: str, shard: tuple[int, int]) -> FakeBranch:
    """A configured branch (as caucus_demo.stage.build_branch) whose guild lives on ``shard``."""
    guild = fake.add_guild(name, shard=shard)
    organizers = fake.add_role(guild.id, "Organizers")
    members = fake.add_role(guild.id, "Members")
    channels = {c: fake.add_channel(guild.id, c) for c in (*CONFIGURED_CHANNELS, CHAT_CHANNEL)}
    return FakeBranch(guild, organizers, members, channels)


def reading_section(first_session: dt.datetime) -> str:
    """One document read weekly, its first session at ``first_session`` (UTC, to the second)."""
    day = first_session.date()
    return (
        "[guilds.reading]\n"
        f'documents = ["{DOCUMENT}"]\n'
        f"start = {day.isoformat()}\n"
        f'weekday = "{day.strftime("%A").lower()}"\n'
        f"time = {first_session.strftime('%H:%M:%S')}\n"
        "minutes_per_session = 5\n"
        "reminder_offsets_hours = [24]\n"
        "events_ahead = 1\n"
    )


def guild_section(branch: FakeBranch, first_session: dt.datetime | None) -> str:
    channels = "\n".join(f"{name} = {branch.channel_id(name)}" for name in CONFIGURED_CHANNELS)
    text = (
        "[[guilds]]\n"
        f"id = {branch.guild.id}\n"
        f'name = "{branch.guild.name}"\n'
        'timezone = "UTC"\n'
        f"[guilds.channels]\n{channels}\n"
        "[guilds.roles]\n"
        f"organizer = {branch.organizer_role.id}\nmember = {branch.member_role.id}\n"
    )
    if first_session is not None:
        text += reading_section(first_session)
    return text


def write_config(
    path: Path,
    database_url: str,
    guilds: Sequence[tuple[FakeBranch, dt.datetime | None]],
    *,
    connect_retries: int = 2,
    backoff: float = 0.2,
) -> Path:
    body = (
        "[bot]\n"
        f'data_dir = "{path.parent / "data"}"\n'
        'log_level = "INFO"\n'
        "[database]\n"
        f'url = "{database_url}"\n'
        f"connect_retries = {connect_retries}\n"
        f"connect_backoff_seconds = {backoff}\n"
    )
    body += "\n".join(guild_section(branch, first) for branch, first in guilds)
    path.write_text(body, encoding="utf-8")
    return path


def next_second(moment: dt.datetime, plus: float) -> dt.datetime:
    return (moment + dt.timedelta(seconds=plus)).replace(microsecond=0)


# -- processes ---------------------------------------------------------------------------------


class BotProcess:
    """One OS process running a Python module; its output goes to a log file."""

    def __init__(self, name: str, directory: Path) -> None:
        self.name = name
        self.log_path = directory / f"{name}.log"
        self.process: asyncio.subprocess.Process | None = None
        self._log_file: IO[bytes] | None = None

    async def start(self, module: str, *args: str, env: dict[str, str] | None = None) -> None:
        self._log_file = self.log_path.open("wb")
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            module,
            *args,
            cwd=ROOT,
            stdout=self._log_file,
            stderr=asyncio.subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        )

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def kill(self) -> None:
        """kill -9: no clean-up, no lease handed back, a job perhaps half done."""
        if self.process is not None and self.process.returncode is None:
            os.kill(self.process.pid, signal.SIGKILL)

    async def wait(self, within: float) -> int:
        assert self.process is not None
        async with asyncio.timeout(within):
            return await self.process.wait()

    async def stop(self, within: float = 10.0) -> None:
        """SIGTERM, then SIGKILL if it has not exited in time. Safe to call twice."""
        if self.process is None:
            return
        if self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.terminate()
            try:
                await self.wait(within)
            except TimeoutError:
                self.kill()
                await self.wait(within)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


async def eventually(
    check: Callable[[], bool] | Callable[[], object],
    *,
    within: float,
    what: str,
    every: float = 0.1,
    logs: Sequence[BotProcess] = (),
) -> None:
    """Polls ``check`` (sync or async) until it is truthy; fails naming ``what`` and showing
    the processes' logs otherwise."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        result = check()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return
        if asyncio.get_running_loop().time() > deadline:
            shown = "\n".join(f"--- {p.name} ---\n{p.log()[-4000:]}" for p in logs)
            raise AssertionError(f"timed out after {within:.0f} s waiting for {what}\n{shown}")
        await asyncio.sleep(every)


# -- what the bot posted -----------------------------------------------------------------------


def signature(message: Payload) -> tuple[str, tuple[str, ...]]:
    footers = tuple((e.get("footer") or {}).get("text", "") for e in message.get("embeds", []))
    return message.get("content") or "", footers


def session_threads(fake: FakeDiscord, branch: FakeBranch) -> list[Payload]:
    return fake.threads_in(branch.channel_id("reading"))


def session_complete(fake: FakeDiscord, branch: FakeBranch, number: int = 1) -> bool:
    """The session's thread exists and its last step (the prompts message) was posted."""
    marker = prompts_marker(number)
    return any(
        marker in signature(m)[1]
        for thread in session_threads(fake, branch)
        for m in fake.messages_in(thread["id"])
    )


def duplicate_posts(fake: FakeDiscord, branch: FakeBranch) -> list[str]:
    """Anything the bot posted twice for this branch's sessions: a thread or a message."""
    problems = []
    names = Counter(t["name"] for t in session_threads(fake, branch))
    problems += [f"thread {name!r} x{count}" for name, count in names.items() if count > 1]
    for thread in session_threads(fake, branch):
        seen = Counter(signature(m) for m in fake.messages_in(thread["id"]))
        problems += [f"message {sig!r} x{count}" for sig, count in seen.items() if count > 1]
    return problems
