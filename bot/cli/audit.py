"""`caucus audit verify`: check every guild's hash-chained audit log for edits and deletions."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from bot.cli.common import EXIT_USAGE, add_config_argument, load_or_report
from bot.config import Settings
from bot.domain.audit import ChainAnchor, VerificationReport
from bot.runtime import build_services, open_database

EXIT_TAMPERED = 1


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("audit", help="verify the audit log")
    parser.add_argument("action", choices=("verify",))
    parser.add_argument("--guild", type=int, help="only this guild")
    parser.add_argument(
        "--anchor",
        metavar="SEQ:HASH",
        help="a published head (from a digest); detects a cut-off or rewritten log",
    )
    add_config_argument(parser)
    parser.set_defaults(handler=handle)


def parse_anchor(text: str | None) -> ChainAnchor | None:
    if not text:
        return None
    seq, _, digest = text.partition(":")
    if not seq.isdigit() or len(digest) != 64:
        raise ValueError("an anchor looks like 42:<64 hex characters>")
    return ChainAnchor(int(seq), digest.lower())


def handle(args: argparse.Namespace) -> int:
    settings = load_or_report(args)
    if settings is None:
        return EXIT_USAGE
    try:
        anchor = parse_anchor(args.anchor)
    except ValueError as exc:
        print(f"--anchor: {exc}", file=sys.stderr)
        return EXIT_USAGE
    reports = asyncio.run(_verify(settings, args.guild, anchor))
    intact = True
    for guild_id, report in reports.items():
        head = f"head {report.head.seq}:{report.head.hash}" if report.head else "empty"
        print(f"guild {guild_id}: {report.entries_checked} entries, {head}")
        for line in report.lines():
            print(f"  {line}")
        intact = intact and report.ok
    if not reports:
        print("no audit entries yet")
    return 0 if intact else EXIT_TAMPERED


async def _verify(
    settings: Settings, guild_id: int | None, anchor: ChainAnchor | None
) -> dict[int, VerificationReport]:
    async with open_database(settings) as engine:
        audit = build_services(settings, engine).audit
        guild_ids = [guild_id] if guild_id else sorted(await audit.guilds_with_entries())
        return {gid: await audit.verify(gid, anchor if guild_id else None) for gid in guild_ids}
