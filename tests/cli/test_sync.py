"""`caucus sync` pushes the commands even when unchanged, and records them so the next start
does not sync again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.app import EXTENSIONS, CaucusBot
from bot.cli import main
from bot.cli.sync import push_commands
from bot.clock import ManualClock
from bot.runtime import build_services, open_database
from caucus_demo.fake_discord import FakeDiscord
from caucus_demo.fake_discord.client import FAKE_TOKEN, running_client
from caucus_demo.fake_discord.pytest_support import fake_discord_fixture
from caucus_demo.stage import GUILD_READY_TIMEOUT, branch_settings, build_branch

ROOT = Path(__file__).resolve().parents[2]
SYNC = "bulk_set_guild_application_commands"

wire_fake = fake_discord_fixture(validate_responses=True, name="wire_fake")


async def test_sync_forces_a_sync_and_the_next_start_skips_it(
    wire_fake: FakeDiscord, tmp_path: Path
) -> None:
    branch = build_branch(wire_fake)
    settings = branch_settings(branch, database_url=f"sqlite+aiosqlite:///{tmp_path}/c.sqlite3")
    with wire_fake.patch_client():
        assert await push_commands(settings, FAKE_TOKEN) == 1
        assert await push_commands(settings, FAKE_TOKEN) == 1  # unchanged, pushed all the same
    assert len(wire_fake.requests_to(SYNC)) == 2
    assert wire_fake.commands(branch.guild.id)

    async with open_database(settings) as engine:
        services = build_services(settings, engine, ManualClock(dt.datetime.now(dt.UTC)))
        bot = CaucusBot(
            services,
            extensions=EXTENSIONS,
            start_scheduler=False,
            guild_ready_timeout=GUILD_READY_TIMEOUT,
        )
        async with running_client(wire_fake, bot):
            pass
    assert len(wire_fake.requests_to(SYNC)) == 2


def test_sync_without_a_token_says_so_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    assert main(["sync", "--config", str(ROOT / "config.example.toml")]) == 2
    err = capsys.readouterr().err
    assert err.strip().splitlines() == ["caucus sync: DISCORD_TOKEN is not set (see README)"]
