"""Every slash command is unique, described, and listed in the README's command table."""

from __future__ import annotations

import re
from pathlib import Path

from discord import app_commands

from tests.support.world import World

README = Path(__file__).resolve().parents[1] / "README.md"


def leaves(world: World) -> list[app_commands.Command]:  # type: ignore[type-arg]
    found: list[app_commands.Command] = []  # type: ignore[type-arg]
    stack = list(world.bot.tree.get_commands())
    while stack:
        command = stack.pop()
        if isinstance(command, app_commands.Group):
            stack.extend(command.commands)
        elif isinstance(command, app_commands.Command):
            found.append(command)
    return found


async def test_no_two_commands_share_a_name(world: World) -> None:
    names = [command.qualified_name for command in leaves(world)]
    assert len(names) == len(set(names))
    roots = [command.name for command in world.bot.tree.get_commands()]
    assert len(roots) == len(set(roots))


async def test_every_command_has_a_description(world: World) -> None:
    for command in leaves(world):
        assert command.description, command.qualified_name
        assert command.description != "…", command.qualified_name


async def test_readme_lists_every_command(world: World) -> None:
    # The table names each command alone in backticks, e.g. `/reading skip`.
    listed = set(re.findall(r"`/([a-z][a-z -]*[a-z])`", README.read_text()))
    missing = sorted(c.qualified_name for c in leaves(world) if c.qualified_name not in listed)
    assert missing == [], f"README.md's command table lacks: {missing}"
