"""Reading program at scale: 1,000 guilds' plans and posts, and the scheduler rebuilt from
the database at start-up.

    python -m bench.bench_reading_startup [--guilds 1000]

Prints: time to sync every guild's plan into session rows + jobs, the number of jobs, the
start-up rebuild time (reading every pending job and arming an APScheduler timer for each),
the time to build every session post (excerpt chunks + prompts), and peak RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import resource
import tempfile
import time
from pathlib import Path

from bot.clock import ManualClock
from bot.config import Settings
from bot.db import jobs
from bot.runtime import build_services, open_database

DOCS = [
    "socialism-in-one-org",
    "critique-iso-strategy",
    "iso-stirrings-in-the-ashes",
    "followers-and-dissidents",
    "critique-trotskyist-orgs",
]
ZONES = ["America/New_York", "Europe/Berlin", "Asia/Kolkata", "America/Sao_Paulo", "UTC"]


def settings_for(guilds: int, data_dir: Path) -> Settings:
    return Settings.model_validate(
        {
            "bot": {"data_dir": str(data_dir)},
            "guilds": [
                {
                    "id": 10**17 + i,
                    "timezone": ZONES[i % len(ZONES)],
                    "channels": {"reading": 1, "announcements": 2, "votes": 3, "log": 4},
                    "roles": {"organizer": 5, "member": 6},
                    "reading": {
                        "documents": DOCS,
                        "start": "2027-01-07",
                        "weekday": ["monday", "thursday", "sunday"][i % 3],
                        "words_per_session": 900 + 100 * (i % 7),
                    },
                }
                for i in range(guilds)
            ],
        }
    )


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def run(guilds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = settings_for(guilds, Path(tmp))
        async with open_database(settings) as engine:
            services = build_services(
                settings, engine, ManualClock(dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
            )
            started = time.perf_counter()
            for guild in settings.guilds:
                await services.plans.sync(guild.id)
            sync_s = time.perf_counter() - started
            async with services.core.sessions() as session:
                counts = await jobs.count_by_state(session)

            started = time.perf_counter()
            await services.scheduler.start()
            rebuild_s = time.perf_counter() - started
            queued = services.scheduler.queue_size
            await services.scheduler.shutdown()

            started = time.perf_counter()
            posts = 0
            for guild in settings.guilds[:200]:
                for info in await services.plans.sessions(guild.id):
                    await services.posting.session_post(guild.id, info.number)
                    posts += 1
            post_s = time.perf_counter() - started

    print(f"guilds: {guilds}")
    print(f"plan sync into rows + jobs: {sync_s:.2f} s ({sync_s / guilds * 1000:.1f} ms a guild)")
    print(f"jobs in the database: {sum(counts.values())} ({counts})")
    print(f"start-up rebuild (read + arm every job): {rebuild_s:.2f} s, {queued} timers armed")
    print(
        f"session posts built (first 200 guilds): {posts} in {post_s:.2f} s "
        f"({post_s / posts * 1000:.1f} ms each)"
    )
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--guilds", type=int, default=1000)
    asyncio.run(run(parser.parse_args().guilds))


if __name__ == "__main__":
    main()
