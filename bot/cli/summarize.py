"""`caucus summarize FILE.jsonl [--words N]`: a plain-text digest for each thread in a file.

Each input line is ``{"id": ..., "messages": [{"author": ..., "text": ...}, ...]}`` (the shape of
the benchmark data); each output line is ``{"id": ..., "summary": "..."}``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bot.cli.common import EXIT_USAGE
from bot.domain.summaries import ThreadMessage, summarize_thread

DEFAULT_WORDS = 67


class InputError(ValueError):
    """A line of the input file that is not a thread."""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "summarize", help="print a plain-text digest of each thread in a JSONL file"
    )
    parser.add_argument("file", type=Path, metavar="FILE.jsonl", help="one thread per line")
    parser.add_argument(
        "--words",
        type=_positive_int,
        default=DEFAULT_WORDS,
        metavar="N",
        help=f"longest digest, in words (default: {DEFAULT_WORDS})",
    )
    parser.set_defaults(handler=handle_summarize)


def handle_summarize(args: argparse.Namespace) -> int:
    path: Path = args.file
    try:
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                thread_id, messages = parse_thread(line, number)
                summary = summarize_thread(messages).to_plain_text(args.words)
                print(json.dumps({"id": thread_id, "summary": summary}, ensure_ascii=False))
    except InputError as error:
        print(f"error: {path}: {error}", file=sys.stderr)
        return EXIT_USAGE
    except (OSError, UnicodeDecodeError) as error:
        print(f"error: cannot read {path}: {error}", file=sys.stderr)
        return EXIT_USAGE
    return 0


def parse_thread(line: str, number: int) -> tuple[Any, list[ThreadMessage]]:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(f"line {number}: not valid JSON ({error.msg})") from None
    if not isinstance(row, dict) or not isinstance(row.get("messages"), list):
        raise InputError(f'line {number}: expected an object with a "messages" list')
    messages: list[ThreadMessage] = []
    for position, item in enumerate(row["messages"]):
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("author"), str)
            or not isinstance(item.get("text"), str)
        ):
            raise InputError(
                f'line {number}: message {position + 1} needs string "author" and "text"'
            )
        messages.append(
            ThreadMessage(
                id=str(position),
                author_id=item["author"],
                author_name=item["author"],
                text=item["text"],
            )
        )
    return row.get("id"), messages


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number
