"""The README's permissions integer is exactly the permissions it names."""

from __future__ import annotations

import re
from pathlib import Path

import discord

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def test_invite_permissions_integer_matches_the_listed_permissions() -> None:
    wanted = discord.Permissions(
        view_channel=True,
        send_messages=True,
        send_messages_in_threads=True,
        create_public_threads=True,
        embed_links=True,
        attach_files=True,
        read_message_history=True,
        manage_threads=True,
        manage_events=True,
        create_events=True,
        manage_roles=True,
        manage_channels=True,
    )
    numbers = set(re.findall(r"permissions=(\d+)", README)) | set(
        re.findall(r"\*\*(\d{6,})\*\*", README)
    )
    assert numbers == {str(wanted.value)}


def test_readme_names_the_test_command_that_ci_runs() -> None:
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()
    assert "scripts/test" in README
    assert "bash scripts/test" in ci
