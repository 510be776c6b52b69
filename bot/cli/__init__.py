"""The `caucus` command line: one argparse tree, one module per subcommand.

Each module in SUBCOMMANDS exposes ``register(subparsers)``; the parser it adds sets
``handler=<callable(args) -> int>`` as its default. Nothing here runs at import time.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

SUBCOMMANDS: tuple[str, ...] = (
    "bot.cli.run",
    "bot.cli.check_config",
    "bot.cli.db",
    "bot.cli.corpus",
    "bot.cli.plan",
    "bot.cli.export",
    "bot.cli.import_guild",
    "bot.cli.audit",
    "bot.cli.summarize",
    "bot.cli.tally",
    "bot.cli.demo",
)


# Subcommands that must start fast load only their own module (not the bot, discord or the
# database layer) when they are the command given.
LIGHT: dict[str, tuple[str, ...]] = {"summarize": ("bot.cli.summarize",)}


def build_parser(modules: Sequence[str] = SUBCOMMANDS) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="caucus", description=__doc__.splitlines()[0])
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in modules:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(LIGHT.get(words[0], SUBCOMMANDS) if words else SUBCOMMANDS).parse_args(
        words
    )
    try:
        result: int = args.handler(args)
    except BrokenPipeError:  # e.g. `caucus plan | head`: the reader left, nothing is wrong
        sys.stderr.close()
        return 0
    return result


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
