"""Every `/command` a member-facing message names exists in the real command tree, with its
subcommand. Messages are the string literals (f-string parts included) of cogs/, bot/services,
bot/domain and bot/ui; docstrings are for developers and are left out."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from discord import app_commands

from tests.support.world import World

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("cogs", "bot/services", "bot/domain", "bot/ui")
# "/vote verify", "`/audit check:`", "(/decisions vote:3)"; not paths (bot/ui), fractions
# (3/5), "yes / no", nor URLs.
MENTION = re.compile(
    r"(?:^|(?<=[\s`(\"'“]))/([a-z][a-z0-9_-]*)(?![a-z0-9_/.-])(?: ([a-z][a-z0-9_-]*)(:?))?"
)


def _docstrings(tree: ast.AST) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
        ):
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def message_literals() -> Iterator[tuple[str, int, str]]:
    for source in SOURCES:
        for path in sorted((ROOT / source).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            docstrings = _docstrings(tree)
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and id(node) not in docstrings
                ):
                    yield str(path.relative_to(ROOT)), node.lineno, node.value


def mentions() -> list[tuple[str, str, str | None, bool]]:
    """(where, command, next word, next word is an option) for every mention."""
    found = []
    for where, line, text in message_literals():
        for match in MENTION.finditer(text):
            found.append((f"{where}:{line}", match[1], match[2], bool(match[3])))
    return found


def test_the_scan_finds_the_mentions_it_is_meant_to_check() -> None:
    named = {(command, word) for _, command, word, _ in mentions()}
    assert ("vote", "verify") in named
    assert ("vote", "accept") in named
    assert ("audit", "check") in named


async def test_every_command_a_message_names_exists(world: World) -> None:
    roots = {command.name: command for command in world.bot.tree.get_commands()}
    wrong = []
    for where, name, word, is_option in mentions():
        command = roots.get(name)
        if command is None:
            wrong.append(f"{where}: /{name} does not exist")
        elif isinstance(command, app_commands.Group):
            subcommands = {sub.name for sub in command.commands}
            if word is None or is_option or word not in subcommands:
                shown = f"/{name} {word}" if word else f"/{name}"
                wrong.append(f"{where}: {shown} is not a command ({sorted(subcommands)})")
        elif is_option and word not in {p.name for p in command.parameters}:
            wrong.append(f"{where}: /{name} has no option {word}")
    assert wrong == []


async def test_no_description_is_cut_short(world: World) -> None:
    """discord.py cuts a description past Discord's 100 characters, ending it with "…"."""
    stack = list(world.bot.tree.get_commands())
    cut = []
    while stack:
        command = stack.pop()
        if isinstance(command, app_commands.Group):
            stack.extend(command.commands)
        texts = {command.qualified_name: command.description}
        if isinstance(command, app_commands.Command):
            texts |= {
                f"{command.qualified_name} {p.name}": p.description for p in command.parameters
            }
        # A bare "…" is discord.py's stand-in for no description at all, not a cut.
        cut += [n for n, text in texts.items() if text != "…" and text.endswith("…")]
    assert cut == []
