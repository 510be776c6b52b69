"""Casting ballots: checks, then one transaction that marks the roll and stores the ballot.

Secret votes (docs/secret-ballots.md): the ballot is sealed to the vote's public key with a
fresh tracker inside, and stored under a random row key with no voter and no time; the roll
entry gets only has-voted (plus, for a changeable vote, a sealed pointer to the new row).
The roll update and the ballot insert share one transaction, so the database's own traces
(PostgreSQL's xmin and ctid, SQLite's rowid and WAL frames) still pair them, and rows land
in cast order whatever key we choose: we cannot hide *which* row a voter wrote. What we hide
is *what* it says: every row is ciphertext of one fixed size to a key the database holds only
wrapped by the master key, which lives outside it. Random keys only stop the primary key
itself from numbering ballots in cast order.

Nothing here logs a voter id, a ballot or a tracker.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import voting as repo
from bot.db.write_lock import write_lock
from bot.domain.voting.ballots import Ballot, RankedBallot, ballot_order, voter_seed
from bot.domain.voting.envelope import cast_secret_ballot
from bot.domain.voting.errors import VotingError
from bot.domain.voting.kinds import VoteOption
from bot.domain.voting.lifecycle import BallotRefusal, VoteState, ballot_refusal
from bot.domain.voting.ranked_text import parse_ranked_text
from bot.errors import Conflict, NotAllowed, NotFound, UserError
from bot.services.actors import Actor
from bot.services.core import Core
from bot.services.voting.records import BallotForm, CastReceipt

_REFUSAL_ERRORS: dict[BallotRefusal, type[UserError]] = {
    BallotRefusal.NOT_OPEN: Conflict,
    BallotRefusal.PAST_CLOSING_TIME: Conflict,
    BallotRefusal.NOT_ON_ROLL: NotAllowed,
    BallotRefusal.ALREADY_VOTED: Conflict,
}
RACE_MESSAGE = "Your ballot changed while this one was being cast; open the ballot again."


def _state_message(stored: repo.StoredVote) -> str:
    if stored.state is VoteState.CANCELLED:
        return f"Vote #{stored.id} was cancelled; it takes no ballots."
    if stored.state is VoteState.CLOSED:
        return f"Vote #{stored.id} has closed; it takes no more ballots."
    return BallotRefusal.NOT_OPEN.value


@dataclass
class _MemberLock:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0


class CastingService:
    def __init__(self, core: Core) -> None:
        self.core = core
        # One submission at a time per member in this process, so a member's repeats chain
        # instead of failing. Across processes the compare-and-set on the roll entry (and
        # PostgreSQL's row lock) keeps a member to one live ballot.
        self._member_locks: dict[tuple[int, int], _MemberLock] = {}

    @contextlib.asynccontextmanager
    async def _turn(self, vote_id: int, member_id: int) -> AsyncIterator[None]:
        """The member's turn, then (SQLite only) the database's single writer slot: different
        members' ballots are written side by side on PostgreSQL, in asyncio order on SQLite."""
        key = (vote_id, member_id)
        member = self._member_locks.setdefault(key, _MemberLock())
        member.users += 1
        try:
            async with member.lock:
                writer = write_lock(self.core.sessions.kw["bind"])
                async with writer if writer is not None else contextlib.nullcontext():
                    yield
        finally:
            member.users -= 1
            if not member.users:
                del self._member_locks[key]

    def _check(self, actor: Actor, entry: repo.RollEntry | None, stored: repo.StoredVote) -> None:
        refusal = ballot_refusal(
            stored.spec,
            stored.state,
            frozenset({actor.member_id}) if entry is not None else frozenset(),
            actor.member_id,
            has_voted=entry.has_voted if entry is not None else False,
            now=self.core.clock.now(),
        )
        if refusal is BallotRefusal.NOT_OPEN:
            raise Conflict(_state_message(stored))
        if refusal is not None:
            raise _REFUSAL_ERRORS[refusal](refusal.value)

    async def _load(self, session: AsyncSession, actor: Actor, vote_id: int) -> repo.StoredVote:
        stored = await repo.get_vote(session, vote_id)
        if stored is None or stored.guild_id != actor.guild_id:
            raise NotFound(f"There is no vote #{vote_id} in this server.")
        return stored

    async def ballot_form(self, actor: Actor, vote_id: int) -> BallotForm:
        """The ballot this member may fill in now, options in their own order."""
        async with self.core.sessions() as session:
            stored = await self._load(session, actor, vote_id)
            entry = await repo.roll_entry(session, vote_id, actor.member_id)
        self._check(actor, entry, stored)
        spec = stored.spec
        shown = ballot_order(spec.options, voter_seed(stored.order_salt, actor.member_id))
        return BallotForm(
            vote_id=vote_id,
            title=spec.title,
            kind=spec.kind,
            options=tuple(shown),
            max_approvals=spec.max_approvals,
            secret=spec.secret,
            changeable=spec.changeable,
            has_voted=bool(entry and entry.has_voted),
            closes_at=stored.closes_at,
        )

    async def cast_ranked_text(self, actor: Actor, vote_id: int, text: str) -> CastReceipt:
        """A ranking typed as numbers from the voter's own list ("3 1 2") or as names."""
        form = await self.ballot_form(actor, vote_id)
        if not form.kind.is_ranked:
            raise UserError("This vote is not ranked.")
        try:
            ballot = parse_ranked_text(text, form.options)
        except VotingError as error:
            raise UserError(error.message) from None
        return await self.cast(actor, vote_id, ballot)

    async def cast_ranked_positions(
        self, actor: Actor, vote_id: int, positions: Sequence[int]
    ) -> CastReceipt:
        """A ranking given as 1-based positions in the voter's own list (the select flow)."""
        form = await self.ballot_form(actor, vote_id)
        chosen = ranking_from_positions(form.options, positions)
        return await self.cast(actor, vote_id, RankedBallot(tuple(o.id for o in chosen)))

    async def cast(self, actor: Actor, vote_id: int, ballot: Ballot) -> CastReceipt:
        async with self._turn(vote_id, actor.member_id), self.core.sessions.begin() as session:
            stored = await self._load(session, actor, vote_id)
            entry = await repo.roll_entry(session, vote_id, actor.member_id, for_update=True)
            self._check(actor, entry, stored)
            assert entry is not None  # _check refuses members not on the roll
            spec = stored.spec
            try:
                ballot.validate(spec)
            except VotingError as error:
                raise UserError(error.message) from None
            first_only = not spec.changeable
            tracker = None
            if spec.secret:
                if stored.public_key is None:
                    raise Conflict("This secret vote has no key any more; it takes no ballots.")
                previous = entry.seal_pointer if entry.has_voted else None
                cast = cast_secret_ballot(stored.public_key, ballot, previous)
                stored_ok = await repo.mark_sealed_vote(
                    session,
                    vote_id,
                    actor.member_id,
                    expected_pointer=previous,
                    new_pointer=cast.roll_pointer if spec.changeable else None,
                    first_only=first_only,
                )
                if not stored_ok:
                    raise Conflict(
                        BallotRefusal.ALREADY_VOTED.value if first_only else RACE_MESSAGE
                    )
                # A random row key, no voter, no time: see the module docstring.
                await repo.insert_sealed_ballot(session, vote_id, cast.row_key, cast.sealed_ballot)
                tracker = cast.tracker
            else:
                stored_ok = await repo.record_open_ballot(
                    session, vote_id, actor.member_id, ballot.to_json(), first_only=first_only
                )
                if not stored_ok:
                    raise Conflict(BallotRefusal.ALREADY_VOTED.value)
        return CastReceipt(
            vote_id=vote_id,
            title=spec.title,
            tracker=tracker,
            changed=entry.has_voted,
            changeable=spec.changeable,
            closes_at=stored.closes_at,
        )


def ranking_from_positions(
    shown: Sequence[VoteOption], positions: Sequence[int]
) -> list[VoteOption]:
    chosen: list[VoteOption] = []
    for position in positions:
        if not 1 <= position <= len(shown):
            raise UserError(f"There is no number {position} on your ballot.")
        option = shown[position - 1]
        if option in chosen:
            raise UserError(f"You ranked {option.label} twice.")
        chosen.append(option)
    if not chosen:
        raise UserError("Rank at least one choice.")
    return chosen
