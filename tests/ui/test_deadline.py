"""Slow handlers are acknowledged first when the interaction has waited or the bot is busy,
and still answer correctly (a followup, or an edit of the original) afterwards."""

from __future__ import annotations

import asyncio
import datetime as dt
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

import discord
import pytest

from bot.ui import deadline
from bot.ui.deadline import BUSY, WORK_SLOTS, acknowledged_first, in_flight, should_defer
from tests.cogs.votes.helpers import create_vote
from tests.support.world import World, reply_text

NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)


class Client:
    pass


@dataclass
class Response:
    done: bool = False
    deferrals: list[bool] = field(default_factory=list)

    def is_done(self) -> bool:
        return self.done

    async def defer(self, *, ephemeral: bool, thinking: bool) -> None:
        self.deferrals.append(thinking)
        self.done = True


@dataclass
class Interaction:
    """Just what bot.ui.deadline reads of a discord.Interaction."""

    created_at: dt.datetime
    client: Any = field(default_factory=Client)
    response: Response = field(default_factory=Response)


def made(seconds_ago: float, client: Any = None) -> Any:
    interaction = Interaction(NOW - dt.timedelta(seconds=seconds_ago))
    if client is not None:
        interaction.client = client
    return interaction


def test_a_fresh_interaction_on_a_quiet_bot_is_answered_directly() -> None:
    assert not should_defer(made(0.05), NOW)


def test_an_interaction_that_has_waited_is_deferred_first() -> None:
    assert should_defer(made(0.8), NOW)


def test_a_clock_that_disagrees_is_not_taken_for_a_wait() -> None:
    assert not should_defer(made(86_400), NOW)
    assert not should_defer(made(-5), NOW)


def test_a_busy_bot_defers_even_fresh_interactions() -> None:
    client = Client()
    with ExitStack() as stack:
        for _ in range(BUSY + 1):
            stack.enter_context(in_flight(made(0, client)))
        assert should_defer(made(0.01, client), NOW)
    assert not should_defer(made(0.01, client), NOW)


def test_an_answered_interaction_is_never_deferred() -> None:
    interaction = made(2.0)
    interaction.response.done = True
    assert not should_defer(interaction, NOW)


async def test_a_busy_bot_defers_the_ballot_and_the_cast_and_both_still_arrive(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    decisions: list[bool] = []

    def recorded(interaction: Any, now: dt.datetime | None = None) -> bool:
        decisions.append(should_defer(interaction, now))
        return decisions[-1]

    monkeypatch.setattr(deadline, "should_defer", recorded)
    ann = world.member("ann")
    await create_vote(world, world.organizer(), title="Picket", kind="motion")
    with ExitStack() as stack:
        for _ in range(BUSY + 1):  # other members' interactions in flight
            stack.enter_context(in_flight(made(0, world.bot)))
        ballot = await ann.click(world.channels["votes"].last_message, label="Vote")
        # A private "thinking" acknowledgement first, then the ballot in it.
        assert "Choose one" in reply_text(ballot)
        ballot_message = ballot.followups[-1] if ballot.followups else ballot.response
        cast = await ann.click(ballot_message, label="Yes")

    assert decisions == [True, True]
    assert cast.deferred  # acknowledged without a visible message, then edited in place
    assert "Your private tracker: `" in reply_text(cast)


async def test_a_quiet_bot_answers_a_cast_directly(world: World) -> None:
    ann = world.member("ann")
    await create_vote(world, world.organizer(), title="Picket", kind="motion")
    ballot = await ann.click(world.channels["votes"].last_message, label="Vote")
    cast = await ann.click(ballot.response, label="Yes")

    assert not ballot.deferred
    assert not cast.deferred
    assert "Your private tracker: `" in cast.response.content


async def test_a_handler_that_finds_every_work_slot_taken_was_acknowledged_first() -> None:
    """A burst: WORK_SLOTS handlers are doing their database work; the next one is deferred
    at once (its acknowledgement does not wait for a slot) and does its work when one frees."""
    client = Client()
    release = asyncio.Event()
    working: list[int] = []

    async def handler(number: int, interaction: Any) -> None:
        with in_flight(interaction):
            async with acknowledged_first(interaction, thinking=True):
                working.append(number)
                await release.wait()

    early = [made(0.01, client) for _ in range(WORK_SLOTS)]
    tasks = [asyncio.create_task(handler(n, i)) for n, i in enumerate(early)]
    await asyncio.sleep(0)
    late = made(0.01, client)
    waiting = asyncio.create_task(handler(WORK_SLOTS, late))
    await asyncio.sleep(0.01)

    assert len(working) == WORK_SLOTS  # every slot taken
    assert late.response.deferrals == [True]  # acknowledged while it waits for a slot
    assert WORK_SLOTS not in working
    release.set()
    await asyncio.gather(*tasks, waiting)
    assert working[-1] == WORK_SLOTS
    assert [i.response.deferrals for i in early[:BUSY]] == [[]] * BUSY  # a quiet start


async def test_vote_show_is_acknowledged_first_on_a_busy_bot_and_still_answers(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    deferrals: list[bool] = []
    original = discord.InteractionResponse.defer

    async def defer(self: discord.InteractionResponse[Any], **options: Any) -> Any:
        deferrals.append(options.get("thinking", False))
        return await original(self, **options)

    ann = world.member("ann")
    await create_vote(world, world.organizer(), title="Picket", kind="motion")
    monkeypatch.setattr(discord.InteractionResponse, "defer", defer)
    with ExitStack() as stack:
        for _ in range(BUSY + 1):
            stack.enter_context(in_flight(made(0, world.bot)))
        shown = await ann.slash(world.channels["general"], "vote show", vote=1)
    quiet = await ann.slash(world.channels["general"], "vote show", vote=1)

    assert deferrals == [True]  # the busy one only: "thinking…", then the answer in it
    for result in (shown, quiet):  # the status embed, in the acknowledgement or directly
        assert result.response.ephemeral
        assert "Picket" in (result.response.embeds[0].title or "")
