"""The start-up key check: never a silent new master key, never a vote stuck open for ever."""

from __future__ import annotations

import os

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import ManualClock
from bot.db import voting as repo
from bot.domain.voting.ballots import MotionBallot, MotionChoice, new_order_salt
from bot.domain.voting.envelope import cast_secret_ballot
from bot.domain.voting.lifecycle import VoteState
from bot.domain.voting.secrecy import VoteKeys
from bot.runtime import build_services
from bot.services.container import Services
from bot.services.voting.key_check import (
    ABANDON_ENV,
    BallotKeysUnavailable,
    check_ballot_keys,
)
from bot.services.voting.keys import MASTER_KEY_ENV
from tests.services.voting.helpers import member, motion, open_vote


def restart(services: Services, engine: AsyncEngine) -> Services:
    """A new process on the same database and data directory (nothing cached)."""
    return build_services(services.settings, engine, services.clock)


async def test_no_secret_vote_needs_no_master_key_and_none_is_made(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(MASTER_KEY_ENV)

    await check_ballot_keys(services.voting, {})

    assert not services.voting.keys.key_file.exists()


async def test_an_open_secret_vote_without_the_master_key_stops_the_start(
    services: Services, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    vote = await open_vote(services, motion(), range(1, 4))
    monkeypatch.delenv(MASTER_KEY_ENV)
    again = restart(services, engine)

    with pytest.raises(BallotKeysUnavailable, match=f"vote #{vote.id}.*Restore the key file"):
        await check_ballot_keys(again.voting, {})
    assert not again.voting.keys.key_file.exists()  # never a silent new master key
    with pytest.raises(BallotKeysUnavailable):  # and the next start refuses again
        await check_ballot_keys(again.voting, {})


async def test_a_different_master_key_stops_the_start(
    services: Services, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    await open_vote(services, motion(), range(1, 4))
    monkeypatch.setenv(MASTER_KEY_ENV, "22" * 32)

    with pytest.raises(BallotKeysUnavailable, match="not the one used"):
        await check_ballot_keys(restart(services, engine).voting, os.environ)


async def test_a_lost_vote_key_file_stops_the_start_then_cancels_on_request(
    services: Services, engine: AsyncEngine
) -> None:
    vote = await open_vote(services, motion(), range(1, 4))
    await services.voting.casting.cast(member(1), vote.id, MotionBallot(MotionChoice.YES))
    services.voting.keys.path("vote", vote.guild_id, vote.id).unlink()
    again = restart(services, engine)

    with pytest.raises(BallotKeysUnavailable, match=f"is missing.*{ABANDON_ENV}=1"):
        await check_ballot_keys(again.voting, {})
    await check_ballot_keys(again.voting, {ABANDON_ENV: "1"})

    info = await again.voting.votes.get(vote.guild_id, vote.id)
    assert info.state is VoteState.CANCELLED
    assert info.cancel_reason is not None
    assert "ballot key was lost" in info.cancel_reason
    await check_ballot_keys(again.voting, {})  # nothing depends on the lost key any more


async def test_a_vote_from_before_key_files_is_moved_to_a_key_file_and_still_counts(
    services: Services, engine: AsyncEngine, master_key: bytes
) -> None:
    vote = await open_vote(services, motion(secret=False), range(1, 4))
    # Make it what an older Caucus stored: a wrapped key and a clear salt, one-layer ballots.
    old = VoteKeys.generate(master_key)
    async with services.core.sessions.begin() as session:
        await repo.update_vote(
            session,
            vote.id,
            secret=True,
            public_key=old.public_key,
            wrapped_private_key=old.wrapped_private_key,
            order_salt=new_order_salt(),
        )
        for voter, choice in ((1, MotionChoice.YES), (2, MotionChoice.NO)):
            cast = cast_secret_ballot(old.public_key, MotionBallot(choice))
            await repo.mark_sealed_vote(
                session, vote.id, voter, expected_pointer=None, new_pointer=None, first_only=True
            )
            await repo.insert_sealed_ballot(session, vote.id, cast.row_key, cast.sealed_ballot)
    again = restart(services, engine)

    await check_ballot_keys(again.voting, {})
    await again.voting.casting.cast(member(3), vote.id, MotionBallot(MotionChoice.YES))
    closed = await again.voting.closing.close(vote.guild_id, vote.id)

    assert closed.outcome is not None
    assert closed.outcome.totals == (("Yes", 2), ("No", 1), ("Abstain", 0))
    async with again.core.sessions() as session:
        stored = await repo.get_vote(session, vote.id)
    assert stored is not None
    assert (stored.wrapped_private_key, stored.order_salt) == (None, None)
    assert again.voting.keys.vote_key_files() == []


async def test_a_key_file_no_vote_needs_is_destroyed_at_start(
    services: Services, engine: AsyncEngine, clock: ManualClock
) -> None:
    vote = await open_vote(services, motion(), range(1, 4))
    key_file = services.voting.keys.path("vote", vote.guild_id, vote.id)
    leftover = key_file.with_name("vote-1-999.key")
    leftover.write_bytes(key_file.read_bytes())
    os.utime(leftover, (0, 0))  # old: not a vote being created right now

    await check_ballot_keys(restart(services, engine).voting, {})

    assert key_file.exists()
    assert not leftover.exists()
