"""The bot side of the load benchmark, in a process of its own.

    python -m bench.load.bot_process SPEC.json

The fake Discord runs in the benchmark's process and the bot in this one, so the fake's work
(building events, parsing callbacks, checking them against the spec) does not share the bot's
core: on Discord, those servers are not the bot's either. SPEC.json holds the settings, the
database URL and the fake's URLs. This process prints one JSON line when it is connected and
its on_ready work is done (with its VmRSS before and after connecting), then runs until
SIGTERM. With $CAUCUS_BENCH_PROFILE set to a path, it runs under cProfile and writes its
statistics to PATH.PID on exit (read them with `python -m pstats PATH`).
"""

from __future__ import annotations

import asyncio
import contextlib
import cProfile
import datetime as dt
import json
import logging
import os
import signal
import sys
from pathlib import Path
from typing import Any

from bot.app import EXTENSIONS, CaucusBot
from bot.clock import ManualClock
from bot.config import Settings
from bot.db.engine import create_engine
from bot.runtime import build_services

TOKEN = "bench-bot-token"
PROFILE_ENV = "CAUCUS_BENCH_PROFILE"
GUILD_READY_TIMEOUT = 0.05


def vm_rss_kb() -> int:
    """Resident set size of this process, from /proc (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def _point_at_fake(base_url: str, gateway_url: str) -> None:
    import yarl
    from discord.gateway import DiscordWebSocket
    from discord.http import Route

    Route.BASE = base_url
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


async def _handlers_finished(event: str) -> None:
    handlers = [t for t in asyncio.all_tasks() if t.get_name() == f"discord.py: {event}"]
    await asyncio.gather(*handlers)


def _report(**figures: Any) -> None:
    print(json.dumps(figures), flush=True)


async def serve(spec: dict[str, Any]) -> None:
    settings = Settings.model_validate(spec["settings"])
    engine = create_engine(spec["database_url"])
    # The clock never moves: votes stay open for the whole run.
    clock = ManualClock(dt.datetime.fromisoformat(spec["now"]))
    services = build_services(settings, engine, clock)
    bot = CaucusBot(
        services,
        extensions=EXTENSIONS,
        start_scheduler=False,
        guild_ready_timeout=GUILD_READY_TIMEOUT,
    )
    _point_at_fake(spec["base_url"], spec["gateway_url"])
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    rss_before = vm_rss_kb()
    runner = asyncio.create_task(bot.start(TOKEN), name="bench-bot")
    try:
        await asyncio.wait_for(bot.wait_until_ready(), timeout=spec.get("ready_within", 120))
        await _handlers_finished("on_ready")
        await services.scheduler.start(use_timers=False)
        _report(ready=True, rss_kb_before=rss_before, rss_kb_ready=vm_rss_kb())
        await stop.wait()
    finally:
        await services.scheduler.shutdown()
        await bot.close()
        with contextlib.suppress(asyncio.CancelledError):
            await runner
        await engine.dispose()


def main() -> None:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    spec = json.loads(Path(sys.argv[1]).read_text())
    profile_path = os.environ.get(PROFILE_ENV)
    if not profile_path:
        asyncio.run(serve(spec))
        return
    with cProfile.Profile() as profile:
        asyncio.run(serve(spec))
    profile.dump_stats(f"{profile_path}.{os.getpid()}")


if __name__ == "__main__":
    main()
