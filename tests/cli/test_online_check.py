"""`caucus check-config --online` runs the bot's self-check through a real gateway session
(here against the wire-level FakeDiscord)."""

from __future__ import annotations

import pytest

from bot.cli.online_check import OnlineCheckError, check_online, print_problems, run_online
from caucus_demo.fake_discord import ChannelType, FakeDiscord
from caucus_demo.fake_discord.client import FAKE_TOKEN
from caucus_demo.fake_discord.pytest_support import fake_discord_fixture
from tests.support.settings import make_settings

fake = fake_discord_fixture(name="fake")


def _settings(fake: FakeDiscord, *, reading_kind: ChannelType = ChannelType.TEXT, log: int = 0):  # type: ignore[no-untyped-def]
    guild = fake.add_guild("Branch")
    organizer = fake.add_role(guild.id, "Organizers")
    member = fake.add_role(guild.id, "Members")
    ids = {
        name: int(fake.add_channel(guild.id, name, kind)["id"])
        for name, kind in (
            ("reading", reading_kind),
            ("announcements", ChannelType.TEXT),
            ("votes", ChannelType.TEXT),
            ("log", ChannelType.TEXT),
        )
    }
    if log:
        ids["log"] = log
    return make_settings(
        guild_id=int(guild.id),
        channels=ids,
        roles={"organizer": int(organizer.id), "member": int(member.id)},
        reading={"documents": ["socialism-in-one-org"], "start": "2026-12-03"},
    )


async def test_a_matching_guild_passes(
    fake: FakeDiscord, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = _settings(fake)
    found = await check_online(settings, FAKE_TOKEN)
    assert print_problems(settings, found) == 0
    assert "channels, roles and permissions OK" in capsys.readouterr().out


async def test_a_missing_log_and_a_voice_reading_channel_fail_with_fixes(
    fake: FakeDiscord, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = _settings(fake, reading_kind=ChannelType.VOICE, log=123456789012345678)
    found = await check_online(settings, FAKE_TOKEN)
    assert print_problems(settings, found) == 1
    out = capsys.readouterr().out
    assert "2 problem(s)" in out
    assert "channels.log = 123456789012345678" in out
    assert "must be a forum or text channel" in out
    assert "fix: " in out


def test_no_token_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_online(make_settings(), environ={}) == 1
    assert capsys.readouterr().out.strip() == "--online needs the bot token in $DISCORD_TOKEN."


async def test_a_refused_token_is_a_clear_error(fake: FakeDiscord) -> None:
    settings = _settings(fake)
    fake.fail_next("GET", "/users/@me", status=401)  # what Discord answers a bad token
    with pytest.raises(OnlineCheckError, match=r"^Discord refused the token in \$DISCORD_TOKEN"):
        await check_online(settings, "not-the-token")
