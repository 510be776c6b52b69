"""Helpers shared by subcommands: finding and loading the config with human errors."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pydantic is imported only by the commands that read a config
    from bot.config import ConfigError, Settings

DEFAULT_CONFIG = Path("caucus.toml")
EXIT_USAGE = 2


def add_config_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help="config file (default: $CAUCUS_CONFIG, else ./caucus.toml)",
    )


def config_path(args: argparse.Namespace) -> Path:
    if getattr(args, "config", None):
        return Path(args.config)
    if env := os.environ.get("CAUCUS_CONFIG"):
        return Path(env)
    return DEFAULT_CONFIG


def print_config_error(error: ConfigError) -> None:
    print(f"{error.source}: the config has {len(error.problems)} problem(s):", file=sys.stderr)
    for problem in error.problems:
        print(f"  {problem}", file=sys.stderr)


def load_or_report(args: argparse.Namespace) -> Settings | None:
    from bot.config import ConfigError, load_settings

    try:
        return load_settings(config_path(args), os.environ)
    except ConfigError as error:
        print_config_error(error)
        return None
