"""Members acting through the wire-level fake Discord on a bot running in another process.

Latency is measured inside the fake: from the moment an INTERACTION_CREATE is handed to the
gateway socket to the moment the bot's interaction callback request reaches the fake
(`InteractionResult.latency`). Every member of a burst acts at once (asyncio.gather).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import re
import signal
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.config import Settings
from caucus_demo.fake_discord import FakeDiscord, FakeMember, InteractionResult
from caucus_demo.fake_discord.state import Payload
from caucus_demo.stage import CHAT_CHANNEL, FakeBranch, branch_settings, build_branch

VOTE_NUMBER = re.compile(r"Vote #(\d+)")
READY_WITHIN = 300.0


@dataclass(frozen=True)
class Branch:
    """One guild in the fake: its channels and roles, an organizer and the voting members."""

    fake: FakeDiscord
    branch: FakeBranch
    organizer: FakeMember
    members: tuple[FakeMember, ...]

    @property
    def guild_id(self) -> int:
        return self.branch.guild.id


def populate(fake: FakeDiscord, members: int, name: str = "Bench branch") -> Branch:
    """A guild with an organizer and `members` members (call before the bot connects, so they
    arrive in GUILD_CREATE as on a real start-up)."""
    branch = build_branch(fake, name)
    organizer = fake.add_member(
        branch.guild.id, f"{name} organizer", roles=[branch.organizer_role, branch.member_role]
    )
    people = tuple(
        fake.add_member(branch.guild.id, f"member {i}", roles=[branch.member_role])
        for i in range(members)
    )
    return Branch(fake, branch, organizer, people)


def bench_settings(branches: Sequence[Branch], database_url: str, data_dir: Path) -> Settings:
    """Config for every branch (as a federation's config file would list them)."""
    guilds = [
        branch_settings(b.branch, database_url=database_url).guilds[0].model_dump(mode="json")
        for b in branches
    ]
    return Settings.model_validate(
        {"bot": {"data_dir": str(data_dir)}, "database": {"url": database_url}, "guilds": guilds}
    )


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class BotProcess:
    pid: int
    rss_kb_before: int  # after imports, before connecting
    rss_kb_ready: int  # connected, every guild received, on_ready work done


@contextlib.asynccontextmanager
async def bot_process(
    fake: FakeDiscord, settings: Settings, now: str, env: dict[str, str]
) -> AsyncIterator[BotProcess]:
    """Runs bench.load.bot_process against `fake` until the block ends (then SIGTERM)."""
    with tempfile.TemporaryDirectory(prefix="caucus-bench-bot-") as directory:
        spec_path = Path(directory) / "spec.json"
        spec = {
            "settings": settings.model_dump(mode="json"),
            "database_url": settings.database.url,
            "base_url": fake.base_url,
            "gateway_url": fake.gateway_url,
            "now": now,
            "ready_within": READY_WITHIN,
        }
        spec_path.write_text(json.dumps(spec))
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.load.bot_process",
            str(spec_path),
            stdout=asyncio.subprocess.PIPE,
            env={**os.environ, **env},
        )
        try:
            assert process.stdout is not None
            line = await asyncio.wait_for(process.stdout.readline(), READY_WITHIN)
            if not line:
                code = await process.wait()
                raise RuntimeError(f"the bot process exited ({code}) before it was ready")
            report = json.loads(line)
            yield BotProcess(process.pid, report["rss_kb_before"], report["rss_kb_ready"])
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
                try:
                    await asyncio.wait_for(process.wait(), 30)
                except TimeoutError:
                    process.kill()
                    await process.wait()


# -- driving members ----------------------------------------------------------------------


async def open_motion(branch: Branch) -> tuple[int, Payload]:
    """An organizer creates a secret, changeable motion (the config's defaults); returns its
    number and the announcement with the Vote button."""
    created = await branch.fake.invoke_slash(
        branch.guild_id,
        branch.organizer.id,
        "vote create",
        {"title": "Adopt the bench motion", "kind": "motion", "days": 7.0},
        channel_id=branch.branch.channel_id(CHAT_CHANNEL),
    )
    found = VOTE_NUMBER.search(created.text)
    if found is None:
        raise RuntimeError(f"/vote create did not create a vote: {created.text!r}")
    vote_id = int(found[1])
    button = f"caucus:vote:{vote_id}"
    votes_channel = branch.branch.channel_id("votes")
    announcement = next(
        m
        for m in reversed(branch.fake.messages_in(votes_channel))
        if button in json.dumps(m["components"])
    )
    return vote_id, announcement


async def burst(
    actions: Iterable[Awaitable[InteractionResult]], spread: float = 0.0, seed: int = 0
) -> list[InteractionResult]:
    """Every action at once (they start together and the fake dispatches them as they come),
    or, with ``spread`` seconds, each starting at a random moment in that window: members
    arriving the way they do in a real vote rather than all in the same millisecond."""
    if spread <= 0:
        return list(await asyncio.gather(*actions))
    rng = random.Random(seed)

    async def later(delay: float, action: Awaitable[InteractionResult]) -> InteractionResult:
        await asyncio.sleep(delay)
        return await action

    return list(await asyncio.gather(*(later(rng.uniform(0, spread), a) for a in actions)))


@dataclass
class LevelFigures:
    """One concurrency level: latencies (seconds) of every interaction of its kind, pooled over
    the rounds, and how the cast bursts went."""

    members: int
    rounds: int = 0
    show: list[float] = field(default_factory=list)
    open_ballot: list[float] = field(default_factory=list)
    cast: list[float] = field(default_factory=list)
    cast_ballots: int = 0
    cast_seconds: float = 0.0  # first cast dispatched -> last callback arrived, summed
    failures: list[str] = field(default_factory=list)
    # CPU seconds spent during the level by the fake Discord (this process) and by the bot:
    # which of the two a burst is waiting for, on a machine with few cores.
    fake_cpu: float = 0.0
    bot_cpu: float = 0.0
    wall: float = 0.0

    @property
    def wire_ballots_per_second(self) -> float:
        return self.cast_ballots / self.cast_seconds if self.cast_seconds else 0.0


def _latencies(results: Sequence[InteractionResult]) -> list[float]:
    return [r.latency for r in results if r.latency is not None]


def _message_id(result: InteractionResult) -> int:
    if result.message is None:
        raise RuntimeError(f"the bot answered without a message: {result!r}")
    return int(result.message["id"])


def _span(results: Sequence[InteractionResult]) -> float:
    """First event sent to last callback received."""
    starts = [r.dispatched_at for r in results if r.dispatched_at is not None]
    ends = [r.answered_at for r in results if r.answered_at is not None]
    return max(ends) - min(starts)


async def measured_level(
    branch: Branch, bot_pid: int, members: int, rounds: int, spread: float = 0.0
) -> LevelFigures:
    """run_level, with the CPU time each side spent on it."""
    fake_before, bot_before = time.process_time(), process_cpu_seconds(bot_pid)
    started = time.perf_counter()
    figures = await run_level(branch, members, rounds, spread)
    figures.wall = time.perf_counter() - started
    figures.fake_cpu = time.process_time() - fake_before
    figures.bot_cpu = process_cpu_seconds(bot_pid) - bot_before
    return figures


async def run_level(branch: Branch, members: int, rounds: int, spread: float = 0.0) -> LevelFigures:
    """`rounds` times: a fresh motion; every member runs /vote show at once; every member
    opens their ballot at once; every member casts at once (or, with ``spread``, each at a
    random moment within that many seconds)."""
    fake = branch.fake
    chat = branch.branch.channel_id(CHAT_CHANNEL)
    people = branch.members[:members]
    figures = LevelFigures(members)
    for _ in range(rounds):
        vote_id, announcement = await open_motion(branch)
        show = {"vote": vote_id}
        shown = await burst(
            (
                fake.invoke_slash(branch.guild_id, m.id, "vote show", show, channel_id=chat)
                for m in people
            ),
            spread,
            seed=1,
        )
        figures.show += _latencies(shown)
        button = f"caucus:vote:{vote_id}"
        ballots = await burst(
            (fake.click(announcement["id"], button, m.id) for m in people), spread, seed=2
        )
        figures.open_ballot += _latencies(ballots)
        yes = f"caucus:motion:{vote_id}:yes"
        # A ballot the bot could not deliver (a refusal, a database timeout under load) has
        # no Yes button: counted as a failure, and that member casts nothing.
        delivered = [(m, b) for m, b in zip(people, ballots, strict=True) if yes in b.custom_ids]
        figures.failures += [f"no ballot: {b.text}" for b in ballots if yes not in b.custom_ids]
        casts = await burst(
            (fake.click(_message_id(b), yes, m.id) for m, b in delivered), spread, seed=3
        )
        figures.cast += _latencies(casts)
        figures.cast_ballots += len(casts)
        figures.cast_seconds += _span(casts)
        figures.failures += [r.text for r in casts if "tracker" not in r.text.lower()]
        figures.rounds += 1
    return figures
