"""`caucus plan`: print a guild's reading plan offline, from the config and the corpus.

Organizer adjustments made in Discord live in the database; this command shows the plan the
config alone produces (what a new deployment would run).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.cli.common import EXIT_USAGE, add_config_argument, load_or_report
from bot.domain.corpus import CorpusError, load_corpus
from bot.domain.reading import PlanError, build_plan, plan_to_json_lines
from bot.errors import UserError
from bot.resources import seeds_dir
from bot.services.reading.plan_view import spec_for

PREVIEW_WORDS = 12


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("plan", help="print the reading plan a config produces")
    add_config_argument(parser)
    parser.add_argument("--guild", type=int, help="guild id (default: the first in the config)")
    parser.add_argument("--json", action="store_true", help="one JSON object per session and line")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    settings = load_or_report(args)
    if settings is None:
        return EXIT_USAGE
    guild = settings.guild(args.guild) if args.guild else settings.guilds[0]
    if guild is None:
        print(f"guild {args.guild} is not in the config", file=sys.stderr)
        return EXIT_USAGE
    try:
        corpus = load_corpus(seeds_dir(), settings.bot.documents_dir)
        plan = build_plan(spec_for(guild, guild.reading.documents), corpus.documents)
    except (CorpusError, PlanError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except UserError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        sys.stdout.write(plan_to_json_lines(plan))
        return 0
    zone = guild.zone
    print(f"Reading plan for guild {guild.id} ({guild.timezone}), {len(plan.sessions)} sessions")
    for session in plan.sessions:
        local = session.starts_at.astimezone(zone)
        words = session.portion.text.split()
        preview = " ".join(words[:PREVIEW_WORDS]) + (" …" if len(words) > PREVIEW_WORDS else "")
        print(
            f"{session.number:>3}  {local:%a %Y-%m-%d %H:%M %Z}  {session.portion.document_id:<28}"
            f" {session.portion.words:>5} words  {preview}"
        )
    for held in plan.held:
        print(f"{held.number:>3}  (held by a pause)  {held.portion.document_id}")
    return 0
