"""The `caucus` command line: one argparse tree, one module per subcommand.

Each module in COMMANDS exposes ``register(subparsers)``; the parser it adds sets
``handler=<callable(args) -> int>`` as its default. Only the chosen subcommand's module is
imported (``caucus --help`` imports none of them), so commands that don't run the bot start
fast. Nothing here runs at import time.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

# name -> (module, the one-line help `caucus --help` shows; the module registers the same text)
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("bot.cli.run", "start the bot (token from $DISCORD_TOKEN)"),
    "check-config": ("bot.cli.check_config", "validate a config file"),
    "db": ("bot.cli.db", "database migrations"),
    "sync": ("bot.cli.sync", "push the slash commands to every configured guild now"),
    "corpus": ("bot.cli.corpus", "list the reading corpus or show a document"),
    "plan": ("bot.cli.plan", "print the reading plan a config produces"),
    "export": (
        "bot.cli.export",
        "export responses, all of a guild's data, or a convention's minutes",
    ),
    "import": ("bot.cli.import_guild", "restore a guild from `caucus export guild`"),
    "audit": ("bot.cli.audit", "verify the audit log"),
    "summarize": (
        "bot.cli.summarize",
        "offline summaries of the threads in a JSONL file (digest or --structured)",
    ),
    "tally": ("bot.cli.tally", "count ballot files (BLT, or CSV)"),
    "teller": ("bot.cli.teller", "a teller's key pair and share release, offline"),
    "tellers": ("bot.cli.tellers", "check tellers' releases against a vote's dealing file"),
}
# Subcommands that other installed packages add (`caucus demo` comes with the demo package
# package of the `demo` extra): each entry point of this group names a module with HELP and
# register(), imported for --help only if it is that light.
PLUGIN_GROUP = "caucus.commands"
TRACEBACK_ENV = "CAUCUS_TRACEBACK"


def chosen_command(argv: Sequence[str]) -> str | None:
    """The subcommand named on the command line (the first word that is not an option)."""
    return next((word for word in argv if not word.startswith("-")), None)


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser, with the full arguments of the chosen subcommand only (the others are listed
    by name and help, without importing their modules)."""
    parser = argparse.ArgumentParser(prog="caucus", description=__doc__.splitlines()[0])
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    chosen = chosen_command(argv)
    # A built-in command needs no plugin: reading the installed packages' entry points costs a
    # tenth of the 0.3 s start-up budget (bench/bench_cli_startup.py).
    plugins = {} if chosen in COMMANDS else plugin_commands()
    for name, (module, help_text) in {**COMMANDS, **plugins}.items():
        if name == chosen:
            importlib.import_module(module).register(subparsers)
        else:
            subparsers.add_parser(name, help=help_text)
    return parser


def plugin_commands() -> dict[str, tuple[str, str]]:
    """The subcommands installed plugins declare: name -> (module, help)."""
    from importlib.metadata import entry_points

    found = {}
    for point in entry_points(group=PLUGIN_GROUP):
        if point.name not in COMMANDS:
            help_text = getattr(importlib.import_module(point.value), "HELP", "")
            found[point.name] = (point.value, str(help_text))
    return dict(sorted(found.items()))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(argv).parse_args(argv)
    try:
        result: int = args.handler(args)
    except BrokenPipeError:  # e.g. `caucus plan | head`: the reader left, nothing is wrong
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        from bot.cli.common import CommandError

        if not isinstance(error, CommandError):
            return _unforeseen(args.command, error)
        print(f"caucus {args.command}: {error.message}", file=sys.stderr)
        return error.exit_code
    return result


def _unforeseen(command: str, error: Exception) -> int:
    """A bug or an unforeseen failure: one line naming it, not a traceback."""
    if os.environ.get(TRACEBACK_ENV):
        raise error
    reason = str(error).strip().splitlines()
    print(
        f"caucus {command}: unexpected {type(error).__name__}"
        f"{': ' + reason[0] if reason else ''} (set {TRACEBACK_ENV}=1 for the traceback)",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
