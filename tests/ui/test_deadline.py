"""Slow handlers are acknowledged first when the interaction has waited or the bot is busy,
and still answer correctly (a followup, or an edit of the original) afterwards."""

from __future__ import annotations

import datetime as dt
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

import pytest

from bot.ui import errors
from bot.ui.deadline import BUSY, in_flight, should_defer
from tests.cogs.votes.helpers import create_vote
from tests.support.world import World, reply_text

NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)


class Client:
    pass


@dataclass
class Response:
    done: bool = False

    def is_done(self) -> bool:
        return self.done


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

    monkeypatch.setattr(errors, "should_defer", recorded)
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
