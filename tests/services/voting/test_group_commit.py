"""Group commit of casts, attacked: casts that arrive together share one transaction, and that
must weaken no promise. Each member still gets their own receipt, only once their ballot is
committed; a refused ballot in a batch refuses only itself; a database failure mid-batch
loses no acknowledged ballot and acknowledges no lost one; a member's repeats chain; the
rows of a batch are not stored in the order their voters were marked."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import cast_batches
from bot.db import voting as roll_repo
from bot.db.models.voting import SealedBallotRow, VoteRollRow, VoteRow
from bot.domain.voting.ballots import Ballot, MotionBallot, MotionChoice, SingleChoiceBallot
from bot.domain.voting.envelope import open_link_pointer
from bot.domain.voting.kinds import VoteKind
from bot.errors import Conflict, NotAllowed, NotFound, UserError
from bot.runtime import build_services
from bot.services.actors import Actor
from bot.services.container import Services
from bot.services.voting.records import CastReceipt, CreateRequest
from tests.services.voting.helpers import member, motion, open_vote, outsider
from tests.support.settings import GUILD_ID

YES = MotionBallot(MotionChoice.YES)
NO = MotionBallot(MotionChoice.NO)
ABSTAIN = MotionBallot(MotionChoice.ABSTAIN)


async def attempt(services: Services, actor: Actor, vote_id: int, ballot: Ballot) -> object:
    try:
        return await services.voting.casting.cast(actor, vote_id, ballot)
    except UserError as refusal:
        return refusal
    except Exception as error:  # a database failure reaches the member as an error
        return error


def batches(services: Services) -> int:
    return services.voting.casting._commits.batches


async def box_size(services: Services) -> int:
    async with services.core.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(SealedBallotRow)) or 0)


async def marked(services: Services, vote_id: int) -> set[int]:
    async with services.core.sessions() as session:
        rows = await session.scalars(
            select(VoteRollRow.member_id).where(
                VoteRollRow.vote_id == vote_id, VoteRollRow.has_voted.is_(True)
            )
        )
        return set(rows)


async def test_casts_arriving_together_share_transactions_and_each_gets_its_own_receipt(
    services: Services,
) -> None:
    vote = await open_vote(services, motion(changeable=False), range(1, 101))

    outcomes = await asyncio.gather(
        *(attempt(services, member(m), vote.id, YES) for m in range(1, 101))
    )

    assert all(isinstance(o, CastReceipt) for o in outcomes)
    trackers = {o.tracker for o in outcomes if isinstance(o, CastReceipt)}
    assert len(trackers) == 100  # a receipt of one's own each
    assert batches(services) < 10  # they really were written together
    closed = await services.voting.closing.close(vote.guild_id, vote.id)
    assert closed.outcome is not None
    assert closed.outcome.ballots == 100


async def test_a_refused_ballot_in_a_batch_refuses_only_itself(services: Services) -> None:
    poll = CreateRequest(
        title="Pick", kind=VoteKind.POLL_SINGLE, options=("Red", "Green"), changeable=False
    )
    vote = await open_vote(services, poll, range(1, 21))
    form = await services.voting.casting.ballot_form(member(1), vote.id)
    red = SingleChoiceBallot(next(o.id for o in form.options if o.label == "Red"))
    await services.voting.casting.cast(member(20), vote.id, red)
    elsewhere = Actor(GUILD_ID + 1, 19, "member-19 elsewhere", member(19).role_ids)
    started = batches(services)

    outcomes = await asyncio.gather(
        *(attempt(services, member(m), vote.id, red) for m in range(1, 10)),
        attempt(services, outsider(), vote.id, red),  # not on the roll
        attempt(services, member(10), vote.id, SingleChoiceBallot("no-such-option")),
        attempt(services, member(20), vote.id, red),  # already voted
        attempt(services, elsewhere, vote.id, red),  # a vote of another server
        *(attempt(services, member(m), vote.id, red) for m in range(11, 19)),
    )

    assert batches(services) - started == 1  # all in one transaction
    assert all(isinstance(o, CastReceipt) for o in outcomes[:9] + outcomes[13:])
    assert isinstance(outcomes[9], NotAllowed)
    assert isinstance(outcomes[10], UserError)
    assert isinstance(outcomes[11], Conflict)
    assert "already voted" in outcomes[11].message
    assert isinstance(outcomes[12], NotFound)
    assert await marked(services, vote.id) == {*range(1, 10), *range(11, 19), 20}
    closed = await services.voting.closing.close(vote.guild_id, vote.id)
    assert closed.outcome is not None
    assert closed.outcome.ballots == 18
    assert dict(closed.outcome.totals)["Red"] == 18


@pytest.mark.parametrize("changeable", [False, True])
async def test_concurrent_casts_by_one_member_chain_and_leave_one_ballot(
    services: Services, changeable: bool
) -> None:
    vote = await open_vote(services, motion(changeable=changeable), range(1, 31))
    repeats = [YES, NO, ABSTAIN, NO, YES, ABSTAIN, NO]

    outcomes = await asyncio.gather(
        *(attempt(services, member(1), vote.id, b) for b in repeats),
        *(attempt(services, member(m), vote.id, YES) for m in range(2, 31)),
    )

    mine = outcomes[: len(repeats)]
    closed = await services.voting.closing.close(vote.guild_id, vote.id)
    assert closed.outcome is not None
    assert closed.outcome.ballots == 30
    totals = dict(closed.outcome.totals)
    if changeable:  # each repeat replaced the one before; the last one counts
        assert all(isinstance(o, CastReceipt) for o in mine)
        assert [o.changed for o in mine if isinstance(o, CastReceipt)] == [False] + [True] * 6
        assert totals == {"Yes": 29, "No": 1, "Abstain": 0}
    else:  # the first one counts, every repeat is refused
        assert isinstance(mine[0], CastReceipt)
        assert all(isinstance(o, Conflict) for o in mine[1:])
        assert totals == {"Yes": 30, "No": 0, "Abstain": 0}


@contextmanager
def failing_statements(engine: AsyncEngine, fails: Any) -> Iterator[list[str]]:
    """Every statement for which ``fails(statement, parameters)`` is true raises a database
    error, as a server that drops the connection mid-transaction would."""
    seen: list[str] = []

    def before(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if fails(statement, parameters):
            seen.append(statement)
            raise OperationalError(statement, parameters, Exception("injected failure"))

    event.listen(engine.sync_engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", before)


async def test_a_failure_mid_batch_loses_no_acknowledged_ballot(
    services: Services, engine: AsyncEngine
) -> None:
    """The batch's insert fails after every roll entry was marked: the transaction rolls
    back, each cast is written again on its own, and all are acknowledged and counted."""
    vote = await open_vote(services, motion(changeable=True), range(1, 41))
    first_batch = [True]

    def batch_insert(statement: str, parameters: Any) -> bool:
        if statement.startswith("INSERT INTO vote_ballots") and first_batch[0]:
            first_batch[0] = False
            return True
        return False

    with failing_statements(engine, batch_insert) as failed:
        outcomes = await asyncio.gather(
            *(attempt(services, member(m), vote.id, YES) for m in range(1, 41))
        )

    assert failed  # the failure really happened mid-batch
    assert all(isinstance(o, CastReceipt) for o in outcomes)
    assert await box_size(services) == 40
    assert await marked(services, vote.id) == set(range(1, 41))
    closed = await services.voting.closing.close(vote.guild_id, vote.id)
    assert closed.outcome is not None
    assert closed.outcome.ballots == 40


async def test_a_cast_that_keeps_failing_is_not_acknowledged_and_the_rest_are(
    services: Services, engine: AsyncEngine
) -> None:
    """One member's roll update always fails (a poisoned row): that member gets an error,
    nothing of theirs is stored, every other member of the batch is acknowledged and
    counted."""
    vote = await open_vote(services, motion(changeable=False), range(1, 31))
    poisoned = 17

    def poisoned_roll_update(statement: str, parameters: Any) -> bool:
        if not statement.startswith("UPDATE vote_roll"):
            return False
        rows = parameters if isinstance(parameters, list) else [parameters]  # one, or a batch
        return any(poisoned in tuple(r.values() if isinstance(r, dict) else r) for r in rows)

    with failing_statements(engine, poisoned_roll_update):
        outcomes = await asyncio.gather(
            *(attempt(services, member(m), vote.id, NO) for m in range(1, 31))
        )

    receipts = [o for o in outcomes if isinstance(o, CastReceipt)]
    assert len(receipts) == 29
    assert isinstance(outcomes[poisoned - 1], OperationalError)
    assert await marked(services, vote.id) == set(range(1, 31)) - {poisoned}
    assert await box_size(services) == 29
    closed = await services.voting.closing.close(vote.guild_id, vote.id)
    assert closed.outcome is not None
    assert closed.outcome.ballots == 29  # every receipt is in the count, nothing else


async def test_a_failed_commit_acknowledges_nobody_until_it_is_written_again(
    services: Services, engine: AsyncEngine
) -> None:
    """The commit itself fails once: no receipt was sent before it, and the retries that
    follow are what the receipts acknowledge."""
    vote = await open_vote(services, motion(changeable=False), range(1, 26))
    commits: list[int] = []
    receipts_at_failure: list[int] = []
    outcomes: list[object] = []

    def commit(conn: Any) -> None:
        commits.append(1)
        if len(commits) == 1:
            receipts_at_failure.append(sum(isinstance(o, CastReceipt) for o in outcomes))
            raise OperationalError("COMMIT", {}, Exception("injected commit failure"))

    async def cast(m: int) -> None:
        outcomes.append(await attempt(services, member(m), vote.id, YES))

    event.listen(engine.sync_engine, "commit", commit)
    try:
        await asyncio.gather(*(cast(m) for m in range(1, 26)))
    finally:
        event.remove(engine.sync_engine, "commit", commit)

    assert receipts_at_failure == [0]
    assert all(isinstance(o, CastReceipt) for o in outcomes)
    closed = await services.voting.closing.close(vote.guild_id, vote.id)
    assert closed.outcome is not None
    assert closed.outcome.ballots == 25


async def test_a_member_who_gives_up_before_the_batch_is_written_casts_nothing(
    services: Services,
) -> None:
    vote = await open_vote(services, motion(changeable=False), range(1, 11))
    casts = [
        asyncio.create_task(services.voting.casting.cast(member(m), vote.id, YES))
        for m in range(1, 11)
    ]
    await asyncio.sleep(0)  # every cast is queued, none written yet
    casts[4].cancel()

    outcomes = await asyncio.gather(*casts, return_exceptions=True)

    assert isinstance(outcomes[4], asyncio.CancelledError)
    assert await marked(services, vote.id) == set(range(1, 11)) - {5}
    assert await box_size(services) == 9


async def test_a_batch_racing_the_close_is_counted_or_refused_whole(
    services: Services, engine: AsyncEngine
) -> None:
    """Batches of casts in flight while another process closes the vote: every receipt is
    in the count, every other cast was refused as closed."""
    voters = range(1, 201)
    vote = await open_vote(services, motion(changeable=True), voters)
    closer = build_services(services.settings, engine, services.clock)
    early = [asyncio.create_task(attempt(services, member(m), vote.id, YES)) for m in voters[:80]]
    await asyncio.wait(early, return_when=asyncio.FIRST_COMPLETED)
    closing = asyncio.create_task(closer.voting.closing.close(vote.guild_id, vote.id))
    late = [asyncio.create_task(attempt(services, member(m), vote.id, NO)) for m in voters[80:]]

    closed = await closing
    outcomes = await asyncio.gather(*early, *late)

    receipts = [o for o in outcomes if isinstance(o, CastReceipt)]
    refusals = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(receipts) + len(refusals) == len(voters)
    assert receipts
    assert refusals
    assert {r.message for r in refusals} == {
        f"Vote #{vote.id} has closed; it takes no more ballots."
    }
    assert batches(services) < len(receipts)  # batches, not one by one
    assert closed.outcome is not None
    assert closed.outcome.ballots == len(receipts)
    assert closed.ballots_cast == len(receipts)


async def test_the_rows_of_a_batch_are_not_stored_in_the_order_of_its_voters(
    services: Services, engine: AsyncEngine
) -> None:
    """SQLite's rowid and PostgreSQL's ctid give the order in which rows were inserted; in a
    batch, that order must not follow the order of the voters (the order they arrived in,
    which others may know). 16 ballots: a shuffle keeps the arrival order by chance once in
    16! runs."""
    voters = range(1, 17)
    vote = await open_vote(services, motion(changeable=True), voters)
    started = batches(services)
    await asyncio.gather(*(services.voting.casting.cast(member(m), vote.id, YES) for m in voters))
    assert batches(services) - started == 1

    physical = "rowid" if engine.dialect.name == "sqlite" else "ctid"
    async with services.core.sessions() as session:
        order = list(
            await session.scalars(text(f"SELECT row_key FROM vote_ballots ORDER BY {physical}"))
        )
        rows = await session.execute(
            select(VoteRollRow.member_id, VoteRollRow.seal_pointer).where(
                VoteRollRow.vote_id == vote.id
            )
        )
        pointers = dict(rows.tuples().all())
        public_key = await session.scalar(select(VoteRow.public_key).where(VoteRow.id == vote.id))
    keys = services.voting.keys.secrets("vote", vote.guild_id, vote.id, bytes(public_key or b""))
    row_of = {m: open_link_pointer(keys, bytes(p)) for m, p in pointers.items()}
    voter_order = [next(m for m, key in row_of.items() if key == row) for row in order]
    assert sorted(voter_order) == list(voters)  # the control: every row found its voter
    assert voter_order != list(voters)


async def test_a_roll_entry_changed_under_a_batch_refuses_that_cast_alone(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process marks a member between the batch's read of the roll and its write
    (here: the read is made stale): the batch's compare-and-set fails, the batch rolls back,
    and written one by one, that member is refused and everyone else is counted."""
    vote = await open_vote(services, motion(changeable=False), range(1, 21))
    await services.voting.casting.cast(member(7), vote.id, NO)
    real = cast_batches.roll_entries

    async def stale(*args: Any, **kwargs: Any) -> dict[int, roll_repo.RollEntry]:
        entries = await real(*args, **kwargs)
        if 7 in entries:
            entries[7] = dataclasses.replace(entries[7], has_voted=False, seal_pointer=None)
        return entries

    monkeypatch.setattr(cast_batches, "roll_entries", stale)
    started = batches(services)
    outcomes = await asyncio.gather(
        *(attempt(services, member(m), vote.id, YES) for m in range(1, 21))
    )

    dialect = services.core.sessions.kw["bind"].dialect
    if dialect.supports_sane_multi_rowcount:  # SQLite: the batch, then one by one
        assert batches(services) - started > 1
    assert isinstance(outcomes[6], Conflict)
    assert "already voted" in outcomes[6].message
    assert all(isinstance(o, CastReceipt) for i, o in enumerate(outcomes) if i != 6)
    closed = await services.voting.closing.close(vote.guild_id, vote.id)
    assert closed.outcome is not None
    assert closed.outcome.ballots == 20
    assert dict(closed.outcome.totals) == {"Yes": 19, "No": 1, "Abstain": 0}
