"""`caucus corpus list|show`: inspect the reading corpus (seeds/ by default)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.cli.common import EXIT_USAGE
from bot.domain.corpus import Corpus, CorpusError, Document, Section, load_corpus
from bot.domain.corpus.model import DEFAULT_WORDS_PER_MINUTE, reading_minutes
from bot.resources import seeds_dir


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("corpus", help="list the reading corpus or show a document")
    commands = parser.add_subparsers(dest="corpus_command", required=True, metavar="ACTION")
    listing = commands.add_parser("list", help="one line per document")
    _add_directory_arguments(listing)
    listing.set_defaults(handler=handle_list)
    show = commands.add_parser("show", help="a document's sections, or one section's text")
    show.add_argument("document", metavar="DOC", help="document id (see `caucus corpus list`)")
    show.add_argument("--section", type=int, metavar="N", help="print section N (1-based)")
    _add_directory_arguments(show)
    show.set_defaults(handler=handle_show)


def _add_directory_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dir",
        type=Path,
        default=None,
        metavar="PATH",
        help="corpus directory with a catalog.toml (default: the seeds shipped with Caucus)",
    )
    parser.add_argument(
        "--extra", type=Path, default=None, metavar="PATH", help="an extra corpus directory"
    )


def _load(args: argparse.Namespace) -> Corpus | None:
    try:
        return load_corpus(args.dir or seeds_dir(), args.extra)
    except CorpusError as error:
        print(f"error: {error}", file=sys.stderr)
        return None


def handle_list(args: argparse.Namespace) -> int:
    corpus = _load(args)
    if corpus is None:
        return EXIT_USAGE
    rows = [
        (
            d.id,
            _clip(d.title, 48),
            _clip(d.author, 22),
            str(len(d.sections)),
            f"{d.word_count:,}",
            str(d.reading_minutes(DEFAULT_WORDS_PER_MINUTE)),
        )
        for d in corpus.documents
    ]
    header = ("id", "title", "author", "sections", "words", f"min@{DEFAULT_WORDS_PER_MINUTE}")
    _print_table(header, rows, right_aligned={3, 4, 5})
    return 0


def handle_show(args: argparse.Namespace) -> int:
    corpus = _load(args)
    if corpus is None:
        return EXIT_USAGE
    try:
        document = corpus.get(args.document)
    except CorpusError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    sections = _all_sections(document)
    if args.section is None:
        print(f"{document.title}\n{document.author}, {document.date}\n{document.source}\n")
        rows = [
            (str(n), _clip(s.title, 60), f"{s.word_count:,}", str(reading_minutes(s.word_count)))
            for n, s in enumerate(sections, start=1)
        ]
        _print_table(("#", "section", "words", "min"), rows, right_aligned={0, 2, 3})
        return 0
    if not 1 <= args.section <= len(sections):
        print(
            f"error: {document.id!r} has sections 1 to {len(sections)}, not {args.section}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    section = sections[args.section - 1]
    print(f"{section.title} ({section.word_count:,} words)\n")
    for paragraph in section.paragraphs:
        print(f"[{paragraph.index}] {paragraph.text}\n")
    return 0


def _all_sections(document: Document) -> list[Section]:
    comments = [document.comments] if document.comments is not None else []
    return [*document.sections, *comments]


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _print_table(
    header: tuple[str, ...], rows: Sequence[tuple[str, ...]], right_aligned: set[int]
) -> None:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(
            cell.rjust(widths[i]) if i in right_aligned else cell.ljust(widths[i])
            for i, cell in enumerate(cells)
        ).rstrip()

    print(line(header))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line(row))
