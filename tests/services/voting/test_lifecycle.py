"""Creating votes: who may, defaults from config, the jobs they schedule, elections."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import ManualClock
from bot.db import jobs as job_repo
from bot.domain.audit import AuditAction
from bot.domain.counting import CountingMethod
from bot.domain.voting.ballots import RankedBallot
from bot.domain.voting.kinds import VoteKind
from bot.domain.voting.lifecycle import VoteState
from bot.errors import Conflict, NotAllowed, UserError
from bot.services.container import Services
from bot.services.voting.records import CreateRequest
from bot.services.voting.specs import parse_share, split_options
from tests.services.voting.helpers import (
    START,
    make_services,
    member,
    motion,
    open_vote,
    organizer,
)
from tests.support.settings import GUILD_ID


async def test_a_member_may_not_create_a_vote_by_default(services: Services) -> None:
    with pytest.raises(NotAllowed, match="Only organizers"):
        await services.voting.votes.create(member(5), motion())


async def test_members_may_create_votes_when_config_says_so(
    engine: AsyncEngine, clock: ManualClock
) -> None:
    services = make_services(engine, clock, members_can_create=True)

    created = await services.voting.votes.create(member(5), motion())

    assert created.state is VoteState.DRAFT


async def test_defaults_come_from_the_voting_config(
    engine: AsyncEngine, clock: ManualClock
) -> None:
    services = make_services(
        engine,
        clock,
        secret_by_default=False,
        changeable_by_default=False,
        ranked_method="irv",
        default_duration_days=3,
    )
    request = CreateRequest(title="Book", kind=VoteKind.RANKED_SINGLE, options=("A", "B"))

    created = await services.voting.votes.create(organizer(), request)

    assert (created.spec.secret, created.spec.changeable) == (False, False)
    assert created.spec.method is CountingMethod.IRV
    assert created.closes_at - created.opens_at == dt.timedelta(days=3)


async def test_creating_schedules_open_close_and_reminder_jobs(services: Services) -> None:
    created = await services.voting.votes.create(organizer(), motion(duration=dt.timedelta(days=2)))

    async with services.core.sessions() as session:
        jobs = {j.id: j.due_at for j in await job_repo.pending(session)}
    assert jobs == {
        f"vote.open:{created.id}": START,
        f"vote.close:{created.id}": START + dt.timedelta(days=2),
        f"vote.remind:{created.id}": START + dt.timedelta(days=1),
    }


async def test_creating_is_audited(services: Services) -> None:
    created = await services.voting.votes.create(organizer(), motion())
    await services.voting.votes.open(GUILD_ID, created.id, [1, 2])

    actions = [e.action for e in await services.audit.recent(GUILD_ID)]
    assert actions[-2:] == ["vote.created", AuditAction.VOTE_OPENED]


async def test_opening_twice_keeps_the_first_roll(services: Services) -> None:
    vote = await open_vote(services, motion(), [1, 2, 3])

    again = await services.voting.votes.open(GUILD_ID, vote.id, [1, 2, 3, 4, 5])

    assert again.roll_size == 3


async def test_an_election_starts_with_nominations_and_a_period(services: Services) -> None:
    request = CreateRequest(title="Committee", kind=VoteKind.ELECTION, seats=2)

    created = await services.voting.votes.create(organizer(), request)

    assert created.state is VoteState.NOMINATING
    assert created.opens_at == START + dt.timedelta(days=7)
    assert created.spec.method is CountingMethod.SCOTTISH_STV


async def test_an_election_is_counted_from_accepted_nominations(services: Services) -> None:
    created = await services.voting.votes.create(
        organizer(), CreateRequest(title="Committee", kind=VoteKind.ELECTION, seats=1)
    )
    nominations = services.voting.nominations
    await nominations.nominate(member(1), created.id, member(1), "Minutes")
    await nominations.nominate(member(1), created.id, member(2))
    await nominations.accept(member(2), created.id, "Dues")
    await nominations.nominate(member(3), created.id, member(3), "Me")
    await nominations.withdraw(member(3), created.id)

    vote = await services.voting.votes.open(GUILD_ID, created.id, range(1, 6))
    for voter in range(1, 6):
        await services.voting.casting.cast(member(voter), vote.id, RankedBallot(("2", "1")))
    closed = await services.voting.closing.close(GUILD_ID, vote.id)

    assert [o.id for o in vote.spec.options] == ["1", "2"]
    assert closed.outcome is not None
    assert closed.outcome.winners == ("member-2",)
    assert closed.published is not None
    assert closed.published.extension == "blt"


async def test_someone_else_cannot_accept_a_nomination(services: Services) -> None:
    created = await services.voting.votes.create(
        organizer(), CreateRequest(title="Committee", kind=VoteKind.ELECTION)
    )
    await services.voting.nominations.nominate(member(1), created.id, member(2))

    with pytest.raises(Conflict, match="no nomination waiting"):
        await services.voting.nominations.accept(member(3), created.id, "Me instead")


def test_shares_are_read_as_words_fractions_and_percentages() -> None:
    assert parse_share("two-thirds", "threshold") == parse_share("2/3", "threshold")
    assert parse_share("60%", "quorum") == parse_share("0.6", "quorum")
    with pytest.raises(UserError, match="more than 0"):
        parse_share("150%", "quorum")


def test_options_split_on_lines_commas_and_semicolons() -> None:
    assert split_options("A, B\nC;D\n\n") == ("A", "B", "C", "D")
