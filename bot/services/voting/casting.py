"""Casting ballots: checks, then a transaction that marks the roll and stores the ballot.

Secret votes (docs/secret-ballots.md): the ballot is sealed to the vote's public key with a
fresh tracker inside, wrapped in an outer layer under the vote's link secret, and stored under
a random row key with no voter and no time; the roll entry gets only has-voted (plus, for a
changeable vote, a pointer to the new row encrypted under the link secret). The roll update
and the ballot insert share one transaction, so the database's own traces (PostgreSQL's xmin
and ctid, SQLite's rowid and WAL frames) still pair a transaction's voters with its rows: we
cannot hide *which* rows a voter's transaction wrote. What we hide is *what* they say: the
keys that open a row live only in the vote's key file outside the database, destroyed at close.

Group commit (bot.services.voting.group_commit): casts to one vote that arrive while a batch
is being written share the next transaction. A batch marks its voters' roll entries first,
then inserts their sealed rows in a shuffled order, so inside a batch neither the rows' order
nor their transaction pairs one voter with one row. Each member's receipt is returned only
after the commit; a cast refused in a batch (not on the roll, already voted, a bad choice)
is refused before it writes anything, so the others go on.

The clean cut at close: a batch takes a share of the vote's lock (PostgreSQL) and, once it
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

from bot.db import cast_batches
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
from bot.services.voting.group_commit import GroupCommit
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


@dataclass(frozen=True)
class _Cast:
    actor: Actor
    ballot: Ballot


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
        # Group commit of casts, per vote (bot.services.voting.group_commit).
        self._commits: GroupCommit[int, _Cast, CastReceipt] = GroupCommit(self._write_casts)

    @contextlib.asynccontextmanager
    async def _member_turn(self, vote_id: int, member_id: int) -> AsyncIterator[None]:
        """One submission at a time per member in this process: a member's repeats chain
        (each waits for the previous one's commit) and never share a batch."""
        key = (vote_id, member_id)
        member = self._member_locks.setdefault(key, _MemberLock())
        member.users += 1
        try:
            async with member.lock:
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
        """Store the member's ballot; returns once it is committed (group commit: casts that
        arrive while another batch is being written share the next transaction)."""
        async with self._member_turn(vote_id, actor.member_id):
            return await self._commits.submit(vote_id, _Cast(actor, ballot))

    async def _write_casts(
        self, vote_id: int, casts: Sequence[_Cast]
    ) -> list[CastReceipt | UserError]:
        """One transaction for a batch of casts to one vote. A cast refused here (not on the
        roll, already voted, a bad choice) has written nothing when it is refused, so the
        others go on in the same transaction. Raises (and commits nothing) when the vote is
        missing or closed, or on any database error (group_commit then writes the batch one
        by one)."""
        writer = write_lock(self.core.sessions.kw["bind"])
        async with (
            writer if writer is not None else contextlib.nullcontext(),
            self.core.sessions.begin() as session,
        ):
            await repo.share_vote_lock(session, vote_id)
            stored = await repo.get_vote(session, vote_id)
            if stored is None:
                raise NotFound(f"There is no vote #{vote_id} in this server.")
            entries = await cast_batches.roll_entries(
                session, vote_id, [c.actor.member_id for c in casts], for_update=True
            )
            outcomes: list[CastReceipt | UserError] = []
            sealed: list[tuple[str, bytes]] = []
            # SQLite: the batch's roll entries in one statement, whose summed row count says
            # whether every compare-and-set held (PostgreSQL's driver cannot tell: row by row).
            marks: list[cast_batches.RollMark] | None = (
                [] if len(casts) > 1 and cast_batches.counts_batched_rows(session) else None
            )
            for cast in casts:
                try:
                    receipt, row = await self._mark(
                        session, stored, entries.get(cast.actor.member_id), cast, marks
                    )
                except UserError as refusal:
                    outcomes.append(refusal)
                    continue
                outcomes.append(receipt)
                if row is not None:
                    sealed.append(row)
            if marks and not await cast_batches.mark_sealed_votes(session, vote_id, marks):
                # An entry changed since it was read (another process): roll back, and
                # group_commit writes each cast alone, where the loser is told why.
                raise RuntimeError("a roll entry changed under a batch of casts")
            # Every roll entry first, then the sealed rows in a shuffled order: nothing in
            # the order of the writes pairs a voter with a row (docs/secret-ballots.md).
            await cast_batches.insert_sealed_ballots(session, vote_id, sealed)
            if any(isinstance(o, CastReceipt) for o in outcomes):
                # The clean cut: this transaction has written, so it holds the write lock,
                # and the state read now is the one it commits against.
                state = await repo.vote_state(session, vote_id)
                if state is not VoteState.OPEN:
                    raise Conflict(_state_message(replace(stored, state=state or stored.state)))
        return outcomes

    async def _mark(
        self,
        session: DbSession,
        stored: repo.StoredVote,
        entry: repo.RollEntry | None,
        cast: _Cast,
        marks: list[cast_batches.RollMark] | None = None,
    ) -> tuple[CastReceipt, tuple[str, bytes] | None]:
        """Checks one cast, then marks its roll entry (the roll's compare-and-set is its only
        write; a refusal comes before it), or, given ``marks``, leaves the mark there for the
        batch to write. Returns the receipt and, for a secret vote, the sealed row still to be
        inserted with the batch's."""
        actor, ballot = cast.actor, cast.ballot
        if stored.guild_id != actor.guild_id:
            raise NotFound(f"There is no vote #{stored.id} in this server.")
        self._check(actor, entry, stored)
        assert entry is not None  # _check refuses members not on the roll
        spec = stored.spec
        try:
            ballot.validate(spec)
        except VotingError as error:
            raise UserError(error.message) from None
        first_only = not spec.changeable
        tracker = None
        row = None
        if spec.secret:
            vote_secrets = self._secrets(stored)
            assert stored.public_key is not None  # _secrets checked it
            previous = entry.seal_pointer if entry.has_voted else None
            if vote_secrets.link_secret is None:  # a vote from before layered ballots
                sealed = cast_secret_ballot(stored.public_key, ballot, previous)
            else:
                sealed = cast_layered_ballot(vote_secrets, stored.public_key, ballot, previous)
            mark = cast_batches.RollMark(
                actor.member_id,
                expected_pointer=previous,
                new_pointer=sealed.roll_pointer if spec.changeable else None,
                first_only=first_only,
            )
            if marks is not None:
                marks.append(mark)
            elif not await repo.mark_sealed_vote(
                session,
                stored.id,
                mark.member_id,
                expected_pointer=mark.expected_pointer,
                new_pointer=mark.new_pointer,
                first_only=mark.first_only,
            ):
                raise Conflict(BallotRefusal.ALREADY_VOTED.value if first_only else RACE_MESSAGE)
            # A random row key, no voter, no time: see the module docstring.
            row = (sealed.row_key, sealed.sealed_ballot)
            tracker = sealed.tracker
        else:
            stored_ok = await repo.record_open_ballot(
                session, stored.id, actor.member_id, ballot.to_json(), first_only=first_only
            )
            if not stored_ok:
                raise Conflict(BallotRefusal.ALREADY_VOTED.value)
        receipt = CastReceipt(
            vote_id=stored.id,
            title=spec.title,
            tracker=tracker,
            changed=entry.has_voted,
            changeable=spec.changeable,
            closes_at=stored.closes_at,
        )
        return receipt, row


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
