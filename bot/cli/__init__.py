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
    "bot.cli.teller",
)
# Subcommands that other installed packages add (e.g. `caucus demo`, declared by the demo
# package of the `demo` extra): entry points in this group name a module with register().
PLUGIN_GROUP = "caucus.commands"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="caucus", description=__doc__.splitlines()[0])
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in (*SUBCOMMANDS, *plugin_modules()):
        importlib.import_module(name).register(subparsers)
    return parser


def plugin_modules() -> tuple[str, ...]:
    """Modules of the subcommands that installed plugins declare, in a stable order."""
    from importlib.metadata import entry_points

    found = {point.value for point in entry_points(group=PLUGIN_GROUP)}
    return tuple(sorted(name for name in found if name not in SUBCOMMANDS))


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
