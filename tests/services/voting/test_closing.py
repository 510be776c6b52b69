"""Closing: the count by each method, turnout and quorum, publication and forgetting."""

from __future__ import annotations

from fractions import Fraction

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.models.voting import SealedBallotRow, VoteRollRow, VoteRow
from bot.domain.counting import CountingMethod
from bot.domain.voting.ballots import (
    MotionBallot,
    MotionChoice,
    RankedBallot,
    SingleChoiceBallot,
    ballot_order,
    voter_seed,
)
from bot.domain.voting.errors import WrongMasterKeyError
from bot.domain.voting.kinds import VoteKind
from bot.domain.voting.lifecycle import VoteState
from bot.domain.voting.vote_keys import open_vote_secrets
from bot.errors import NotFound
from bot.runtime import build_services
from bot.services.container import Services
from bot.services.voting.keys import MASTER_KEY_ENV
from bot.services.voting.records import CreateRequest
from tests.services.voting.helpers import member, motion, open_vote

NAMES = ("Ada", "Bea", "Cy")


def ranked(method: CountingMethod) -> CreateRequest:
    return CreateRequest(title="Pick", kind=VoteKind.RANKED_SINGLE, options=NAMES, method=method)


async def cast_rankings(services: Services, vote_id: int, rankings: list[tuple[str, ...]]) -> None:
    for voter, ranking in enumerate(rankings, start=1):
        await services.voting.casting.cast(member(voter), vote_id, RankedBallot(ranking))


async def test_schulze_reports_the_winner_and_the_pairwise_table(services: Services) -> None:
    vote = await open_vote(services, ranked(CountingMethod.SCHULZE), range(1, 6))
    await cast_rankings(services, vote.id, [("1", "2"), ("1", "3"), ("2", "1"), ("3", "2"), ("1",)])

    closed = await services.voting.closing.close(vote.guild_id, vote.id)

    assert closed.outcome is not None
    assert closed.outcome.winners == ("Ada",)
    ada_bea = closed.outcome.pairwise[0]
    assert (ada_bea.first, ada_bea.second, ada_bea.first_over_second) == ("Ada", "Bea", 3)


async def test_irv_reports_its_rounds(services: Services) -> None:
    vote = await open_vote(services, ranked(CountingMethod.IRV), range(1, 6))
    await cast_rankings(services, vote.id, [("1",), ("1",), ("2", "1"), ("3", "2"), ("2",)])

    closed = await services.voting.closing.close(vote.guild_id, vote.id)

    assert closed.outcome is not None
    assert closed.outcome.stages[0].label == "First choices"
    assert closed.outcome.stages[1].label == "Cy out"
    assert closed.published is not None


async def test_a_quorum_missed_gives_no_decision(services: Services) -> None:
    request = CreateRequest(
        title="Venue", kind=VoteKind.POLL_SINGLE, options=("A", "B"), quorum=Fraction(1, 2)
    )
    vote = await open_vote(services, request, range(1, 11))
    await services.voting.casting.cast(member(1), vote.id, SingleChoiceBallot("1"))

    closed = await services.voting.closing.close(vote.guild_id, vote.id)

    assert closed.outcome is not None
    assert closed.outcome.headline == "No decision: the quorum was not met."
    assert closed.outcome.winners == ()
    assert closed.outcome.ballots_needed == 4


async def test_a_vote_without_ballots_closes_with_no_result(services: Services) -> None:
    vote = await open_vote(services, ranked(CountingMethod.SCHULZE), range(1, 4))

    closed = await services.voting.closing.close(vote.guild_id, vote.id)

    assert closed.outcome is not None
    assert closed.outcome.headline == "No ballots were cast: there is no result."


async def test_closing_forgets_pointers_ballots_and_the_wrapped_key(services: Services) -> None:
    vote = await open_vote(services, motion(changeable=True), range(1, 4))
    await services.voting.casting.cast(member(1), vote.id, MotionBallot(MotionChoice.YES))

    await services.voting.closing.close(vote.guild_id, vote.id)

    async with services.core.sessions() as session:
        assert list(await session.scalars(select(SealedBallotRow))) == []
        assert [r.seal_pointer for r in await session.scalars(select(VoteRollRow))] == [None] * 3
        row = await session.get(VoteRow, vote.id)
        assert row is not None
        assert row.wrapped_private_key is None
        assert row.published_text is not None


async def test_closing_twice_changes_nothing(services: Services) -> None:
    vote = await open_vote(services, motion(), range(1, 4))
    await services.voting.casting.cast(member(1), vote.id, MotionBallot(MotionChoice.NO))
    first = await services.voting.closing.close(vote.guild_id, vote.id)

    second = await services.voting.closing.close(vote.guild_id, vote.id)

    assert second.outcome == first.outcome
    assert second.published == first.published


async def test_counting_with_another_master_key_fails_loudly(
    services: Services, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    vote = await open_vote(services, motion(), range(1, 4))
    await services.voting.casting.cast(member(1), vote.id, MotionBallot(MotionChoice.YES))
    monkeypatch.setenv(MASTER_KEY_ENV, "11" * 32)
    restarted = build_services(services.settings, engine, services.clock)  # keys not cached

    with pytest.raises(WrongMasterKeyError):
        await restarted.voting.closing.close(vote.guild_id, vote.id)


async def test_a_changed_ballot_counts_once_as_its_latest_choice(services: Services) -> None:
    vote = await open_vote(services, motion(changeable=True), range(1, 4))
    old = await services.voting.casting.cast(member(1), vote.id, MotionBallot(MotionChoice.YES))
    new = await services.voting.casting.cast(member(1), vote.id, MotionBallot(MotionChoice.NO))

    closed = await services.voting.closing.close(vote.guild_id, vote.id)

    assert closed.outcome is not None
    assert closed.outcome.totals == (("Yes", 0), ("No", 1), ("Abstain", 0))
    assert new.tracker is not None
    assert old.tracker is not None
    check = await services.voting.closing.verify(vote.guild_id, new.tracker)
    assert check.counted_as == "no"
    with pytest.raises(NotFound):
        await services.voting.closing.verify(vote.guild_id, old.tracker)


async def test_closing_destroys_the_vote_key_file(services: Services) -> None:
    vote = await open_vote(services, motion(changeable=True), range(1, 4))
    await services.voting.casting.cast(member(1), vote.id, MotionBallot(MotionChoice.YES))
    key_file = services.voting.keys.path("vote", vote.guild_id, vote.id)
    assert key_file.exists()
    assert key_file.stat().st_mode & 0o777 == 0o600

    await services.voting.closing.close(vote.guild_id, vote.id)

    assert not key_file.exists()
    assert services.voting.keys.vote_key_files() == []


async def test_a_vote_whose_key_file_is_lost_is_cancelled_with_the_reason(
    services: Services, engine: AsyncEngine
) -> None:
    vote = await open_vote(services, motion(), range(1, 4))
    await services.voting.casting.cast(member(1), vote.id, MotionBallot(MotionChoice.YES))
    services.voting.keys.path("vote", vote.guild_id, vote.id).unlink()
    restarted = build_services(services.settings, engine, services.clock)

    closed = await restarted.voting.closing.close(vote.guild_id, vote.id)

    assert closed.state is VoteState.CANCELLED
    assert closed.cancel_reason is not None
    assert "ballot key was lost" in closed.cancel_reason


async def test_the_display_order_comes_from_the_key_file_and_dies_with_it(
    services: Services,
) -> None:
    options = ("Ana", "Ben", "Cat", "Dan", "Eve", "Fay", "Gus", "Hal")
    request = CreateRequest(title="Chair", kind=VoteKind.POLL_SINGLE, options=options)
    vote = await open_vote(services, request, range(1, 4))
    key_file = services.voting.keys.path("vote", vote.guild_id, vote.id)
    vote_secrets = open_vote_secrets(services.voting.keys.master_key(), key_file.read_bytes())

    form = await services.voting.casting.ballot_form(member(2), vote.id)

    expected = ballot_order(vote.spec.options, voter_seed(vote_secrets.order_secret, 2))
    assert list(form.options) == expected
    async with services.core.sessions() as session:
        row = await session.get(VoteRow, vote.id)
    assert row is not None
    assert row.order_salt is None  # nothing in the database keys the order
    await services.voting.closing.close(vote.guild_id, vote.id)
    assert not key_file.exists()
