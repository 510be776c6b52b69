"""Keeping interactions within Discord's three seconds when the bot is busy.

Discord shows a member "This interaction failed" when the first answer comes later than three
seconds after it created the interaction. A handler that answers only after its database work
misses that deadline when a thousand members press Vote in the same second and their work
queues. So a known-slow handler asks `should_defer` first: when the interaction has already
waited (by its snowflake's clock) or many interactions are in flight, it is deferred at once
(a cheap acknowledgement) and answered by a followup or an edit when its work is done. A quiet
bot answers directly, as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import weakref
from collections.abc import AsyncIterator, Iterator
from typing import Any

import discord

DISCORD_DEADLINE = dt.timedelta(seconds=3)
WAITED_TOO_LONG = dt.timedelta(seconds=0.5)  # deferred first past this age
BUSY = 8  # interactions in flight at once: more and slow handlers defer first
# An age beyond this is a clock that disagrees (a simulation, a skewed host), not a wait.
PLAUSIBLE_AGE = dt.timedelta(minutes=1)

# Slow handlers doing their work at once; more wait (acknowledged, since BUSY < WORK_SLOTS:
# a handler that finds no free slot was deferred first).
WORK_SLOTS = 16

_in_flight: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()
_slots: weakref.WeakKeyDictionary[Any, asyncio.Semaphore] = weakref.WeakKeyDictionary()


@contextlib.contextmanager
def in_flight(interaction: discord.Interaction) -> Iterator[None]:
    """Count this interaction as being handled while the block runs."""
    client = interaction.client
    _in_flight[client] = _in_flight.get(client, 0) + 1
    try:
        yield
    finally:
        _in_flight[client] -= 1


def busy(interaction: discord.Interaction) -> int:
    return _in_flight.get(interaction.client, 0)


def age(interaction: discord.Interaction, now: dt.datetime | None = None) -> dt.timedelta | None:
    """How long ago Discord created the interaction, or None when the clocks disagree."""
    waited = (now or discord.utils.utcnow()) - interaction.created_at
    if waited < dt.timedelta(0) or waited > PLAUSIBLE_AGE:
        return None
    return waited


def _work_slots(interaction: discord.Interaction) -> asyncio.Semaphore:
    client = interaction.client
    slots = _slots.get(client)
    if slots is None:
        slots = _slots[client] = asyncio.Semaphore(WORK_SLOTS)
    return slots


@contextlib.asynccontextmanager
async def acknowledged_first(
    interaction: discord.Interaction, *, thinking: bool
) -> AsyncIterator[None]:
    """Run a slow handler's work: deferred first when the bot is busy or the interaction has
    waited, then in one of a few work slots. The slots keep a burst from putting a thousand
    handlers' database work on the loop at once, where every later interaction's cheap
    acknowledgement would queue behind it; the work waits instead, already acknowledged."""
    if should_defer(interaction):
        await interaction.response.defer(ephemeral=True, thinking=thinking)
    async with _work_slots(interaction):
        yield


def should_defer(interaction: discord.Interaction, now: dt.datetime | None = None) -> bool:
    if interaction.response.is_done():
        return False
    waited = age(interaction, now)
    return (waited is not None and waited > WAITED_TOO_LONG) or busy(interaction) > BUSY


async def send(interaction: discord.Interaction, content: str | None, **options: Any) -> None:
    """A new (usually ephemeral) message as the answer, deferred or not (content None: an
    embed alone)."""
    if content is not None:
        options["content"] = content
    if interaction.response.is_done():
        await interaction.followup.send(**options)
    else:
        await interaction.response.send_message(**options)


async def edit(interaction: discord.Interaction, **changes: Any) -> None:
    """Replace the message the component sits on, deferred or not."""
    if interaction.response.is_done():
        await interaction.edit_original_response(**changes)
    else:
        await interaction.response.edit_message(**changes)
