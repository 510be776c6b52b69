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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="caucus", description=__doc__.splitlines()[0])
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in SUBCOMMANDS:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        result: int = args.handler(args)
    except BrokenPipeError:  # e.g. `caucus plan | head`: the reader left, nothing is wrong
        sys.stderr.close()
        return 0
    return result


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
