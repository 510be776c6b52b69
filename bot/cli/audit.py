"""`caucus audit verify`: check every guild's hash-chained audit log for edits and deletions."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from bot.cli.common import (
    EXIT_USAGE,
    CommandError,
    add_config_argument,
    existing_database,
    guild_or_fail,
    load_or_report,
)
from bot.config import Settings
from bot.domain.audit import FIRST_SEQ, ChainAnchor, VerificationReport
from bot.runtime import build_services

EXIT_TAMPERED = 1
HEX = frozenset("0123456789abcdef")


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
    if not seq.isdigit() or len(digest) != 64 or not all(c in HEX for c in digest.lower()):
        raise ValueError("an anchor looks like 42:<64 hex characters>")
    if int(seq) < FIRST_SEQ:  # no entry has it: the anchor would check nothing
        raise ValueError(f"entries are numbered from {FIRST_SEQ}, so {seq} is no published head")
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
    guild_id = args.guild
    if guild_id is not None:
        guild_or_fail(settings, guild_id)
    elif anchor is not None:
        # An anchor is one guild's published head: check it against that guild's log, never
        # skip it. Without --guild that guild must be the only one the config names.
        if len(settings.guilds) != 1:
            raise CommandError(
                f"--anchor is one guild's published head and the config names "
                f"{len(settings.guilds)} guilds: add --guild ID",
                EXIT_USAGE,
            )
        guild_id = settings.guilds[0].id
    reports = asyncio.run(_verify(settings, guild_id, anchor))
    intact = True
    for gid, report in reports.items():
        head = f"head {report.head.seq}:{report.head.hash}" if report.head else "empty"
        print(f"guild {gid}: {report.entries_checked} entries, {head}")
        for line in report.lines():
            print(f"  {line}")
        intact = intact and report.ok
    if not reports:
        print("no audit entries yet")
    return 0 if intact else EXIT_TAMPERED


async def _verify(
    settings: Settings, guild_id: int | None, anchor: ChainAnchor | None
) -> dict[int, VerificationReport]:
    async with existing_database(settings) as engine:
        audit = build_services(settings, engine).audit
        if guild_id is not None:  # named (or the anchor's): reported even with no entries
            return {guild_id: await audit.verify(guild_id, anchor)}
        return {gid: await audit.verify(gid) for gid in sorted(await audit.guilds_with_entries())}
