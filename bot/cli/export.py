"""`caucus export responses|guild|convention`: members' responses as JSON lines or CSV;
everything a guild has (documents, plans, responses, votes with their anonymised ballots,
factions, audit log) as one JSON file that `caucus import` restores exactly; or a convention's
minutes as Markdown with the ballot files of its votes, written into a directory."""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli.common import (
    EXIT_USAGE,
    CommandError,
    add_config_argument,
    existing_database,
    guild_or_fail,
    load_or_report,
)
from bot.config import Settings
from bot.db import migrate
from bot.db.transfer import count_rows, export_guild
from bot.runtime import build_services
from bot.services.conventions.minutes import Minutes
from bot.services.reading.responses import Response

HELP = "export responses, all of a guild's data, or a convention's minutes"
FIELDS = (
    "guild_id",
    "session",
    "author_id",
    "author_name",
    "source",
    "prompt",
    "content",
    "message_id",
    "created_at",
    "edited_at",
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("export", help=HELP)
    parser.add_argument("what", choices=("responses", "guild", "convention"))
    parser.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    parser.add_argument("--guild", type=int, help="only this guild")
    parser.add_argument(
        "--output",
        help="file to write (default: standard output); for a convention, a directory",
    )
    parser.add_argument("--convention", type=int, help="the convention's number")
    add_config_argument(parser)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    settings = load_or_report(args)
    if settings is None:
        return EXIT_USAGE
    if args.guild is not None:
        guild_or_fail(settings, args.guild)
    if args.what == "guild":
        return export_guild_file(settings, args.guild, args.output)
    if args.what == "convention":
        return export_convention(settings, args.guild, args.convention, args.output)
    responses = asyncio.run(_load(settings, args.guild))
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            write(responses, args.format, out)
        print(f"wrote {len(responses)} responses to {args.output}", file=sys.stderr)
    else:
        write(responses, args.format, sys.stdout)
    return 0


async def _load(settings: Settings, guild_id: int | None) -> list[Response]:
    async with existing_database(settings) as engine:
        return await build_services(settings, engine).responses.export(guild_id)


def _row(r: Response) -> dict[str, Any]:
    return {
        "guild_id": r.guild_id,
        "session": r.session_number,
        "author_id": r.author_id,
        "author_name": r.author_name,
        "source": r.source,
        "prompt": r.prompt,
        "content": r.content,
        "message_id": r.message_id,
        "created_at": r.created_at.isoformat(),
        "edited_at": r.edited_at.isoformat() if r.edited_at else None,
    }


def write(responses: list[Response], fmt: str, out: TextIO) -> None:
    rows = [_row(r) for r in responses]
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    writer = csv.DictWriter(out, fieldnames=FIELDS)
    writer.writeheader()
    writer.writerows(rows)


def export_guild_file(settings: Settings, guild_id: int | None, output: str | None) -> int:
    if guild_id is None or output is None:
        print("export guild needs --guild ID and --output FILE", file=sys.stderr)
        return EXIT_USAGE
    data = asyncio.run(_export_guild(settings, guild_id))
    with open(output, "w", encoding="utf-8") as out:
        json.dump(data, out, ensure_ascii=False, sort_keys=True)
    print(f"wrote {count_rows(data)} rows of guild {guild_id} to {output}", file=sys.stderr)
    if data["withheld"]["note"]:
        open_votes = [f"#{v}" for v in data["withheld"]["votes"]]
        open_votes += [f"F{v}" for v in data["withheld"]["member_votes"]]
        print(
            f"not exported: the sealed ballots of {', '.join(open_votes)}. "
            + data["withheld"]["note"],
            file=sys.stderr,
        )
    return 0


async def _export_guild(settings: Settings, guild_id: int) -> dict[str, Any]:
    async with existing_database(settings) as engine:
        revision = await migrate.current_revision(engine)
        async with engine.connect() as connection:
            session = AsyncSession(bind=connection)
            return await export_guild(session, guild_id, revision)


def export_convention(
    settings: Settings, guild_id: int | None, convention_id: int | None, output: str | None
) -> int:
    """Write the minutes and the ballot files into `output` (a directory, created if needed);
    nothing is written unless the convention exists."""
    if guild_id is None or convention_id is None or output is None:
        print(
            "export convention needs --guild ID --convention N --output DIRECTORY",
            file=sys.stderr,
        )
        return EXIT_USAGE
    minutes = asyncio.run(_convention_minutes(settings, guild_id, convention_id))
    directory = Path(output)
    if directory.exists() and not directory.is_dir():
        raise CommandError(f"{output} exists and is not a directory", EXIT_USAGE)
    directory.mkdir(parents=True, exist_ok=True)
    files = {minutes.name: minutes.markdown, **minutes.tally_files}
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    print(
        f"wrote the minutes of convention {convention_id} and "
        f"{len(minutes.tally_files)} ballot file(s) to {directory}",
        file=sys.stderr,
    )
    return 0


async def _convention_minutes(settings: Settings, guild_id: int, convention_id: int) -> Minutes:
    from bot.errors import UserError

    async with existing_database(settings) as engine:
        services = build_services(settings, engine)
        try:
            return await services.conventions.minutes(guild_id, convention_id)
        except UserError as error:
            raise CommandError(error.message, EXIT_USAGE) from None
