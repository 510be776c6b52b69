"""A pytest fixture factory other test packages can use (pytest is imported only when called).

    # tests/cogs/conftest.py
    from caucus_demo.fake_discord.pytest_support import fake_discord_fixture
    fake_discord = fake_discord_fixture()

The fixture yields a started FakeDiscord with discord.py pointed at it, and fails the test at
teardown if the bot made any request the OpenAPI spec rejects (unless strict=False).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

from caucus_demo.fake_discord.server import FakeDiscord


def fake_discord_fixture(
    *,
    strict: bool = True,
    validate_responses: bool = False,
    interaction_timeout: float = 5.0,
    name: str | None = None,
) -> Callable[..., Any]:
    import pytest_asyncio

    @pytest_asyncio.fixture(name=name)
    async def fake_discord() -> AsyncIterator[FakeDiscord]:
        fake = FakeDiscord(
            strict=strict,
            validate_responses=validate_responses,
            interaction_timeout=interaction_timeout,
        )
        async with fake:
            with fake.patch_client():
                yield fake
        if fake.strict:
            fake.assert_no_violations()

    return fake_discord
