"""Load: interaction latency, ballot throughput and memory per guild, over the wire.

    python -m bench.bench_load [--backend sqlite|postgres|both] [--members 50,200,1000]

The real CaucusBot runs in a process of its own against the wire-level fake Discord
(caucus_demo/fake_discord), which runs here and measures each interaction from the moment its
INTERACTION_CREATE goes onto the gateway socket to the moment the bot's callback arrives.
At each level every member acts at once (asyncio.gather), one action each: /vote show, then
opening their ballot (the Vote button), then casting it (a secret, changeable motion), and
this is repeated on fresh motions until each level has about --samples latencies. The largest
level then runs once more with members arriving at random over --steady-seconds: a burst of
1,000 interactions in the same millisecond queues behind the bot's throughput, which is what a
burst measures; arrivals spread over half a minute are what a real vote looks like.

Also measured on each backend, in this process: plain single-row INSERT transactions per
second, and secret ballots per second through the real casting service (one voter after
another, each in its own transaction; and all at once, where casts that arrive while a batch
is written share the next transaction: group commit), with their ratio; the CPU seconds the
bot and the fake each spent on every level (on a machine with few cores, which of the two a
burst waits for); and the bot's RSS per guild when connected to a
fake holding --guilds guilds. PostgreSQL comes from $CAUCUS_TEST_POSTGRES_URL (a database of
our own is created on that server and dropped afterwards).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import math
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.load.database import (
    Backend,
    BallotRates,
    Rate,
    raw_insert_rate,
    secret_ballot_rates,
    throwaway_database,
)
from bench.load.stats import LatencySummary, format_table
from bench.load.wire import (
    Branch,
    LevelFigures,
    bench_settings,
    bot_process,
    measured_level,
    populate,
)
from bot.clock import ManualClock
from bot.db.engine import create_engine
from bot.domain.voting.secrecy import generate_master_key
from bot.runtime import build_services
from bot.services.actors import Actor
from bot.services.voting.keys import MASTER_KEY_ENV
from caucus_demo.fake_discord import FakeDiscord

NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
GOAL_MEMBERS = 1_000
GOAL_P99_MS = 250.0
INTERACTION_TIMEOUT = 300.0


@dataclass(frozen=True)
class BackendFigures:
    backend: Backend
    raw: Rate
    ballots: BallotRates
    levels: list[LevelFigures]
    violations: int
    steady: LevelFigures | None = None


@dataclass(frozen=True)
class MemoryFigures:
    guilds: int
    members_per_guild: int
    channels_per_guild: int
    rss_kb_before: int
    rss_kb_ready: int

    @property
    def kb_per_guild(self) -> float:
        return (self.rss_kb_ready - self.rss_kb_before) / self.guilds


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_load", description=__doc__)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--members", default="50,200,1000", help="concurrency levels")
    parser.add_argument("--samples", type=int, default=1000, help="latencies per level, about")
    parser.add_argument("--raw-inserts", type=int, default=2000)
    parser.add_argument("--ballots", type=int, default=1000, help="service-level ballots")
    parser.add_argument("--guilds", type=int, default=1000, help="for memory per guild")
    parser.add_argument("--guild-members", type=int, default=20, help="members per such guild")
    parser.add_argument(
        "--steady-seconds",
        type=float,
        default=30.0,
        help="also run the largest level with members arriving over this many seconds (0: skip)",
    )
    parser.add_argument(
        "--validate",
        action="store_true",
        help="check every bot request against Discord's OpenAPI spec (~2 ms each, in the fake)",
    )
    return parser.parse_args(argv)


def rounds_for(members: int, samples: int) -> int:
    return max(2, math.ceil(samples / members))


async def measure_backend(
    backend: Backend, levels: list[int], args: argparse.Namespace, env: dict[str, str]
) -> BackendFigures:
    async with throwaway_database(backend) as url:
        with tempfile.TemporaryDirectory(prefix="caucus-bench-data-") as data_dir:
            fake = FakeDiscord(
                validate_requests=args.validate, interaction_timeout=INTERACTION_TIMEOUT
            )
            async with fake:
                branch = populate(fake, max(levels))
                settings = bench_settings([branch], url, Path(data_dir))
                raw, ballots = await _database_rates(branch, settings, url, args)
                async with bot_process(fake, settings, NOW.isoformat(), env) as bot:
                    figures = []
                    for members in levels:
                        rounds = rounds_for(members, args.samples)
                        print(f"  {backend}: {members} members x {rounds} rounds", flush=True)
                        figures.append(await measured_level(branch, bot.pid, members, rounds))
                    steady = None
                    if args.steady_seconds > 0:
                        print(
                            f"  {backend}: {max(levels)} members over {args.steady_seconds:g} s",
                            flush=True,
                        )
                        steady = await measured_level(
                            branch, bot.pid, max(levels), 1, args.steady_seconds
                        )
            return BackendFigures(backend, raw, ballots, figures, len(fake.violations), steady)


async def _database_rates(
    branch: Branch, settings: object, url: str, args: argparse.Namespace
) -> tuple[Rate, BallotRates]:
    engine = create_engine(url)
    try:
        raw = await raw_insert_rate(engine, args.raw_inserts)
        services = build_services(settings, engine, ManualClock(NOW))  # type: ignore[arg-type]
        roles = branch.branch
        organizer = Actor(
            branch.guild_id,
            branch.organizer.id,
            "organizer",
            frozenset({roles.organizer_role.id, roles.member_role.id}),
        )
        ballots = await secret_ballot_rates(
            services, branch.guild_id, organizer, roles.member_role.id, args.ballots
        )
        return raw, ballots
    finally:
        await engine.dispose()


async def measure_memory(args: argparse.Namespace, env: dict[str, str]) -> MemoryFigures:
    async with throwaway_database(Backend.SQLITE) as url:
        with tempfile.TemporaryDirectory(prefix="caucus-bench-data-") as data_dir:
            async with FakeDiscord(validate_requests=args.validate) as fake:
                branches = [
                    populate(fake, args.guild_members, f"Branch {i}") for i in range(args.guilds)
                ]
                settings = bench_settings(branches, url, Path(data_dir))
                async with bot_process(fake, settings, NOW.isoformat(), env) as bot:
                    channels = len(branches[0].branch.guild.channel_ids)
                    return MemoryFigures(
                        args.guilds,
                        args.guild_members + 1,  # and the organizer
                        channels,
                        bot.rss_kb_before,
                        bot.rss_kb_ready,
                    )


def print_report(
    results: list[BackendFigures], memory: MemoryFigures, args: argparse.Namespace, took: float
) -> None:
    print()
    print("$ .venv/bin/python -m bench.bench_load " + " ".join(sys.argv[1:]))
    print(
        f"fake Discord request validation: {'on' if args.validate else 'off'}; "
        f"run took {took:.0f} s\n"
    )
    rows = []
    for result in results:
        for level in result.levels:
            for name, samples in (
                ("/vote show", level.show),
                ("open ballot", level.open_ballot),
                ("cast ballot", level.cast),
            ):
                summary = LatencySummary.of(samples)
                rows.append(
                    [
                        result.backend.value,
                        level.members,
                        name,
                        summary.samples,
                        summary.p50_ms,
                        summary.p99_ms,
                        summary.max_ms,
                        summary.missed,
                    ]
                )
    headers = [
        "backend",
        "members",
        "interaction",
        "n",
        "p50 ms",
        "p99 ms",
        "max ms",
        "missed 3 s",
    ]
    print("Interaction latency (INTERACTION_CREATE sent -> callback received), all at once")
    print(format_table(headers, rows))
    steady_rows = []
    for result in results:
        if result.steady is not None:
            for name, samples in (
                ("/vote show", result.steady.show),
                ("open ballot", result.steady.open_ballot),
                ("cast ballot", result.steady.cast),
            ):
                summary = LatencySummary.of(samples)
                steady_rows.append(
                    [
                        result.backend.value,
                        result.steady.members,
                        name,
                        summary.samples,
                        summary.p50_ms,
                        summary.p99_ms,
                        summary.max_ms,
                        summary.missed,
                    ]
                )
    print()
    print("CPU seconds during each level (2 processes; the machine's cores are shared)")
    cpu_rows = [
        [
            r.backend.value,
            f"{level.members}" + (" over time" if level is r.steady else ""),
            level.wall,
            level.bot_cpu,
            level.fake_cpu,
        ]
        for r in results
        for level in [*r.levels, *([r.steady] if r.steady else [])]
    ]
    print(format_table(["backend", "members", "wall s", "bot CPU s", "fake CPU s"], cpu_rows))
    if steady_rows:
        print()
        print(f"Same, members arriving at random over {args.steady_seconds:g} s per action")
        print(format_table(headers, steady_rows))
    print()
    rows = []
    for result in results:
        raw = result.raw.per_second
        sequential = result.ballots.sequential.per_second
        concurrent = result.ballots.concurrent.per_second
        wire = ", ".join(f"{lv.wire_ballots_per_second:,.0f}" for lv in result.levels)
        rows.append(
            [
                result.backend.value,
                raw,
                sequential,
                sequential / raw,
                concurrent,
                concurrent / raw,
                wire,
            ]
        )
    print(
        "Write rates (per second; service ballots are secret and sealed: one after another each"
        " has its own transaction, all at once they share transactions by group commit)"
    )
    headers = [
        "backend",
        "raw inserts",
        "ballots 1-by-1",
        "ratio",
        "ballots at once",
        "ratio",
        "wire ballots/s by level",
    ]
    print(format_table(headers, rows))
    print()
    print(
        f"Memory: {memory.guilds:,} guilds x ({memory.members_per_guild} members, "
        f"{memory.channels_per_guild} channels, 3 roles): bot RSS "
        f"{memory.rss_kb_before / 1024:,.1f} MiB before connecting -> "
        f"{memory.rss_kb_ready / 1024:,.1f} MiB ready = {memory.kb_per_guild:,.1f} KiB per guild"
    )
    failures = sum(len(level.failures) for r in results for level in r.levels)
    violations = sum(r.violations for r in results)
    print(f"Casts without a receipt: {failures}; requests the spec rejected: {violations}")
    missed = sum(
        LatencySummary.of(samples).missed
        for r in results
        for level in [*r.levels, *([r.steady] if r.steady else [])]
        for samples in (level.show, level.open_ballot, level.cast)
        if samples
    )
    print(f"Interactions answered after Discord's 3 s deadline: {missed} (goal 0)")
    for result in results:
        if result.backend is not Backend.SQLITE:
            continue
        goal = next((lv for lv in result.levels if lv.members == GOAL_MEMBERS), None)
        for label, level in (("all at once", goal), ("arriving over time", result.steady)):
            if level is None or level.members != GOAL_MEMBERS:
                continue
            p99 = LatencySummary.of(level.cast).p99_ms
            verdict = "met" if p99 < GOAL_P99_MS else "NOT met"
            print(
                f"Goal: cast p99 at {GOAL_MEMBERS:,} members on SQLite < {GOAL_P99_MS:.0f} ms "
                f"({label}): {p99:,.0f} ms, {verdict}"
            )


async def main(argv: list[str]) -> None:
    args = parse_args(argv)
    started = time.perf_counter()
    levels = [int(n) for n in args.members.split(",")]
    backends = (
        [Backend.SQLITE, Backend.POSTGRES] if args.backend == "both" else [Backend(args.backend)]
    )
    # A throwaway ballot master key for the run (unless one is set), shared by this process's
    # casting service and the bot process.
    os.environ.setdefault(MASTER_KEY_ENV, generate_master_key().hex())
    env = {MASTER_KEY_ENV: os.environ[MASTER_KEY_ENV]}
    results = []
    for backend in backends:
        print(f"measuring {backend} ...", flush=True)
        results.append(await measure_backend(backend, levels, args, env))
    print(f"measuring memory at {args.guilds:,} guilds ...", flush=True)
    memory = await measure_memory(args, env)
    print_report(results, memory, args, time.perf_counter() - started)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
