"""Running an unmodified discord.py client against a FakeDiscord."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import discord

    from caucus_demo.fake_discord.server import FakeDiscord

ClientT = TypeVar("ClientT", bound="discord.Client")
FAKE_TOKEN = "fake-bot-token"


@contextlib.asynccontextmanager
async def running_client(
    fake: FakeDiscord, client: ClientT, *, within: float = 10.0
) -> AsyncIterator[ClientT]:
    """Starts `client` against `fake`, waits for on_ready, and closes it on exit.

    Build the client with a small `guild_ready_timeout` (0.05 s): discord.py otherwise waits
    two seconds after the last GUILD_CREATE before it is ready.
    """
    with fake.patch_client():
        runner = asyncio.create_task(client.start(FAKE_TOKEN), name="fake-discord-client")
        ready = asyncio.create_task(client.wait_until_ready())
        try:
            done, _ = await asyncio.wait(
                {runner, ready}, timeout=within, return_when=asyncio.FIRST_COMPLETED
            )
            if runner in done:
                runner.result()  # re-raises why the client stopped
                raise RuntimeError("the client stopped before it was ready")
            if ready not in done:
                raise TimeoutError(f"the client was not ready within {within} s")
            yield client
        finally:
            ready.cancel()
            await client.close()
            with contextlib.suppress(asyncio.CancelledError):
                await runner
