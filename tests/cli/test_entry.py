"""The command line's entry point: only the chosen subcommand's module is imported (commands
that don't run the bot start fast), and an unforeseen failure is one line, not a traceback."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import COMMANDS, build_parser, main

HEAVY = ("discord", "sqlalchemy", "alembic", "aiohttp", "matplotlib", "bot.runtime", "bot.app")
ROOT = Path(__file__).resolve().parents[2]


def modules_after(argv: list[str], cwd: Path) -> set[str]:
    """Runs `caucus ARGV` in a fresh interpreter and returns the modules it imported."""
    script = (
        "import json, sys\n"
        "from bot.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('MODULES=' + json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=cwd, capture_output=True, text=True, check=False
    )
    line = next(x for x in done.stderr.splitlines() if x.startswith("MODULES="))
    return set(json.loads(line.removeprefix("MODULES=")))


def heavy_in(modules: set[str]) -> set[str]:
    return {m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY}


def test_help_imports_no_subcommand_and_nothing_heavy(tmp_path: Path) -> None:
    modules = modules_after(["--help"], tmp_path)
    assert heavy_in(modules) == set()
    assert not {module for module, _ in COMMANDS.values()} & modules
    assert "pydantic" not in modules


def test_tally_imports_only_the_counting_code(tmp_path: Path) -> None:
    blt = tmp_path / "small.blt"
    blt.write_text('3 1\n4 1 0\n3 2 1 0\n2 3 2 0\n0\n"Ada"\n"Ben"\n"Cai"\n"Small"\n')
    modules = modules_after(["tally", str(blt)], tmp_path)
    assert heavy_in(modules) == set()
    assert "pydantic" not in modules
    assert "bot.cli.tally" in modules
    assert "bot.cli.run" not in modules


def test_check_config_imports_neither_discord_nor_the_database(tmp_path: Path) -> None:
    modules = modules_after(["check-config", str(ROOT / "config.example.toml")], tmp_path)
    assert heavy_in(modules) == set()


def test_every_listed_command_has_the_help_its_module_registers() -> None:
    for name, (_, listed_help) in COMMANDS.items():
        subparsers = next(
            action
            for action in build_parser([name])._actions
            if isinstance(action, argparse._SubParsersAction)
        )
        registered = {choice.dest: choice.help for choice in subparsers._choices_actions}
        assert registered[name] == listed_help, name


def test_an_unforeseen_failure_is_one_line_and_exit_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def broken(args: argparse.Namespace) -> int:
        raise RuntimeError("the disk caught fire\nsecond line")

    import bot.cli.check_config

    monkeypatch.setattr(bot.cli.check_config, "handle", broken)
    monkeypatch.delenv(bot.cli.TRACEBACK_ENV, raising=False)
    assert main(["check-config", str(tmp_path / "x.toml")]) == 1
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [
        "caucus check-config: unexpected RuntimeError: the disk caught fire "
        f"(set {bot.cli.TRACEBACK_ENV}=1 for the traceback)"
    ]
