"""`caucus summarize FILE.jsonl [--words N] [--structured]`: offline summaries of threads.

This module loads only the summarizer (no discord, no database, no bot): `caucus summarize`
starts in a fraction of a second.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.domain.summaries import ThreadMessage

DEFAULT_WORDS = 67
EXIT_USAGE = 2  # the same code bot.cli.common uses for usage errors (not imported: start-up time)

DESCRIPTION = """\
Summarise each thread of a JSONL file offline (no network, no model download).

Input: one thread per line,
  {"id": ANY, "messages": [{"id": ID, "author": NAME, "text": TEXT, "reply_to": ID}, ...]}
in thread order. "author" and "text" are required strings; "id" (a string or number, unique in
the thread) and "reply_to" (the id of the earlier message it answers, like a Discord reply) are
optional. Quotes ("> ..."), @names and "Ana, ..." also link a message to what it answers.

Output: one JSON line per thread, in input order: {"id", "summary"} with a plain-text digest of
at most --words words, or with --structured:
  {"id", "positions": [{"label", "holders": [author, ...], "quotes": [{"author", "text"}]}],
   "agreements": [{"point", "people": [author, ...]}],
   "disagreements": [{"point", "for": [author, ...], "against": [author, ...]}],
   "open_questions": [{"author", "text"}], "participation": {author: messages}}
Each person holds at most one position (their final stance); opponents never share one.
"""


class InputError(ValueError):
    """A line of the input file that is not a thread."""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "summarize",
        help="offline summaries of the threads in a JSONL file (digest or --structured)",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", type=Path, metavar="FILE.jsonl", help="one thread per line")
    parser.add_argument(
        "--words",
        type=_positive_int,
        default=DEFAULT_WORDS,
        metavar="N",
        help=f"longest digest, in words (default: {DEFAULT_WORDS})",
    )
    parser.add_argument(
        "--structured",
        action="store_true",
        help="print positions, agreements, disagreements, open questions and participation",
    )
    parser.set_defaults(handler=handle_summarize)


def handle_summarize(args: argparse.Namespace) -> int:
    from bot.domain.summaries import summarize_thread

    path: Path = args.file
    try:
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                thread_id, messages = parse_thread(line, number)
                summary = summarize_thread(messages)
                row: dict[str, object]
                if args.structured:
                    row = summary.structured(thread_id)
                else:
                    row = {"id": thread_id, "summary": summary.to_plain_text(args.words)}
                print(json.dumps(row, ensure_ascii=False))
    except InputError as error:
        print(f"error: {path}: {error}", file=sys.stderr)
        return EXIT_USAGE
    except (OSError, UnicodeDecodeError) as error:
        print(f"error: cannot read {path}: {error}", file=sys.stderr)
        return EXIT_USAGE
    return 0


def parse_thread(line: str, number: int) -> tuple[Any, list[ThreadMessage]]:
    from bot.domain.summaries import ThreadMessage

    try:
        row = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(f"line {number}: not valid JSON ({error.msg})") from None
    if not isinstance(row, dict) or not isinstance(row.get("messages"), list):
        raise InputError(f'line {number}: expected an object with a "messages" list')
    messages: list[ThreadMessage] = []
    seen: set[str] = set()
    for position, item in enumerate(row["messages"]):
        where = f"line {number}: message {position + 1}"
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("author"), str)
            or not isinstance(item.get("text"), str)
        ):
            raise InputError(f'{where} needs string "author" and "text"')
        message_id = _identifier(item.get("id", f"#{position}"), f'{where}: "id"')
        if message_id in seen:
            raise InputError(f'{where}: "id" {message_id!r} is used twice in this thread')
        seen.add(message_id)
        reply_to = item.get("reply_to")
        if reply_to is not None:
            reply_to = _identifier(reply_to, f'{where}: "reply_to"')
            if reply_to not in seen:
                raise InputError(f'{where}: "reply_to" {reply_to!r} is not an earlier message')
        messages.append(
            ThreadMessage(
                id=message_id,
                author_id=item["author"],
                author_name=item["author"],
                text=item["text"],
                reply_to_id=reply_to,
            )
        )
    return row.get("id"), messages


def _identifier(value: object, what: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InputError(f"{what} must be a string or a whole number")
    return str(value)


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number
