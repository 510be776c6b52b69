"""The FakeDiscord object itself: endpoints, patching and the strict teardown check."""

from __future__ import annotations

import aiohttp
import pytest
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from caucus_demo.fake_discord import FakeDiscord, Violation, ViolationKind


async def test_patch_client_points_discord_py_at_the_fake_and_restores() -> None:
    before = (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
    async with FakeDiscord() as fake:
        with fake.patch_client():
            assert f"http://127.0.0.1:{fake.port}/api/v10" == Route.BASE
            assert yarl.URL(f"ws://127.0.0.1:{fake.port}/") == DiscordWebSocket.DEFAULT_GATEWAY
    assert before == (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)


async def test_json_answers_carry_exactly_application_json() -> None:
    # discord.py parses a body only for this exact header value.
    async with (
        FakeDiscord() as fake,
        aiohttp.ClientSession() as session,
        session.get(f"{fake.base_url}/users/@me") as response,
    ):
        assert response.headers["Content-Type"] == "application/json"
        assert (await response.json())["id"] == str(fake.state.bot_user.id)


def test_leftover_violation_fails_with_its_message() -> None:
    fake = FakeDiscord()
    fake.record_violation(
        Violation(ViolationKind.INVALID_REQUEST_BODY, "POST", "/channels/1/messages", "bad")
    )
    with pytest.raises(AssertionError, match=r"invalid request body: POST /channels/1/messages"):
        fake.assert_no_violations()
