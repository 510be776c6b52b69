"""The real bot in its own OS process, pointed at a FakeDiscord on 127.0.0.1 (tests only).

    python -m tests.production.bot_process --port P --config caucus.toml \
        --shards 0 --shard-count 2 --lease-heartbeat 0.5 --lease-ttl 2

Runs exactly what `caucus run` runs (bot.runtime.serve); the only differences are the two
discord.py addresses, the fake's token, short lease timings and a short guild-ready wait.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from pathlib import Path

import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.config import load_settings
from bot.logging_setup import configure_logging
from bot.runtime import DatabaseUnavailable, serve
from bot.sharding import ShardPlan
from caucus_demo.fake_discord import FAKE_TOKEN


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bot_process")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--shards", default="0")
    parser.add_argument("--shard-count", type=int, default=1)
    parser.add_argument("--lease-heartbeat", type=float, default=0.5)
    parser.add_argument("--lease-ttl", type=float, default=2.0)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    settings = load_settings(args.config, os.environ)
    configure_logging(settings.bot.log_level, settings.bot.log_format)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # one line per timer otherwise
    Route.BASE = f"http://127.0.0.1:{args.port}/api/v10"
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"ws://127.0.0.1:{args.port}/")
    plan = ShardPlan.parse(args.shards, args.shard_count)
    try:
        asyncio.run(
            serve(
                settings,
                FAKE_TOKEN,
                plan=plan,
                lease_heartbeat_seconds=args.lease_heartbeat,
                lease_ttl_seconds=args.lease_ttl,
                guild_ready_timeout=0.05,
            )
        )
    except DatabaseUnavailable as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
