"""Casting ballots: checks, then one transaction that marks the roll and stores the ballot.

Secret votes (docs/secret-ballots.md): the ballot is sealed to the vote's public key with a
fresh tracker inside, wrapped in an outer layer under the vote's link secret, and stored under
a random row key with no voter and no time; the roll entry gets only has-voted (plus, for a
changeable vote, a pointer to the new row encrypted under the link secret). The roll update
and the ballot insert share one transaction, so the database's own traces (PostgreSQL's xmin
and ctid, SQLite's rowid and WAL frames) still pair them: we cannot hide *which* row a voter
wrote. What we hide is *what* it says: the keys that open a row live only in the vote's key
file outside the database, destroyed at close.

The clean cut at close: a cast takes a share of the vote's lock (PostgreSQL) and, once it
holds the write lock (SQLite: after its first write), re-reads the vote's state. The close
takes the vote's write lock before reading the box. So a ballot either commits before the
close reads it, or is refused as closed; none is acknowledged and then dropped.

Nothing here logs a voter id, a ballot or a tracker.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field, replace

from bot.db import voting as repo
from bot.db.session import DbSession
from bot.db.write_lock import write_lock
from bot.domain.voting.ballots import Ballot, RankedBallot, ballot_order, voter_seed
from bot.domain.voting.envelope import cast_layered_ballot, cast_secret_ballot
from bot.domain.voting.errors import SecrecyError, VotingError
from bot.domain.voting.kinds import VoteOption
from bot.domain.voting.lifecycle import BallotRefusal, VoteState, ballot_refusal
from bot.domain.voting.ranked_text import parse_ranked_text
from bot.domain.voting.vote_keys import VoteSecrets
from bot.errors import Conflict, NotAllowed, NotFound, UserError
from bot.services.actors import Actor
from bot.services.core import Core
from bot.services.voting.keys import BallotKeyring
from bot.services.voting.records import BallotForm, CastReceipt

_REFUSAL_ERRORS: dict[BallotRefusal, type[UserError]] = {
    BallotRefusal.NOT_OPEN: Conflict,
    BallotRefusal.PAST_CLOSING_TIME: Conflict,
    BallotRefusal.NOT_ON_ROLL: NotAllowed,
    BallotRefusal.ALREADY_VOTED: Conflict,
}
RACE_MESSAGE = "Your ballot changed while this one was being cast; open the ballot again."
KEY_MISSING_MESSAGE = (
    "This secret vote's ballot key is missing on the bot's side, so it cannot take ballots "
    "right now. Please tell an organizer."
)


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
    def __init__(self, core: Core, keys: BallotKeyring) -> None:
        self.core = core
        self.keys = keys
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

    async def _load(
        self, session: DbSession, actor: Actor, vote_id: int, *, for_share: bool = False
    ) -> repo.StoredVote:
        if for_share:
            await repo.share_vote_lock(session, vote_id)
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
        shown = ballot_order(spec.options, voter_seed(self._order_secret(stored), actor.member_id))
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

    def _secrets(self, stored: repo.StoredVote) -> VoteSecrets:
        if stored.public_key is None:
            raise Conflict("This secret vote has no key any more; it takes no ballots.")
        try:
            return self.keys.secrets("vote", stored.guild_id, stored.id, stored.public_key)
        except SecrecyError:
            raise Conflict(KEY_MISSING_MESSAGE) from None

    def _order_secret(self, stored: repo.StoredVote) -> bytes:
        """What keys each voter's display order: the vote's destroyable order secret (secret
        votes), the old clear salt (secret votes from before key files), or the vote's number
        (roll-call votes, whose ballots are public anyway)."""
        if stored.spec.secret:
            if stored.order_salt is not None:
                return stored.order_salt
            vote_secrets = self._secrets(stored)
            if vote_secrets.link_secret is not None:
                return vote_secrets.order_secret
        return f"caucus-public-order-{stored.id}".encode()

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
            stored = await self._load(session, actor, vote_id, for_share=True)
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
                vote_secrets = self._secrets(stored)
                assert stored.public_key is not None  # _secrets checked it
                previous = entry.seal_pointer if entry.has_voted else None
                if vote_secrets.link_secret is None:  # a vote from before layered ballots
                    cast = cast_secret_ballot(stored.public_key, ballot, previous)
                else:
                    cast = cast_layered_ballot(vote_secrets, stored.public_key, ballot, previous)
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
            # The clean cut: this transaction now holds the write lock, so the state read
            # here is the one it commits against (see the module docstring).
            state = await repo.vote_state(session, vote_id)
            if state is not VoteState.OPEN:
                raise Conflict(_state_message(replace(stored, state=state or stored.state)))
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
