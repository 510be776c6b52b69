"""Repository for votes, the voter roll, the sealed ballot box and nominations.

Returns frozen dataclasses and domain values, never rows. Nothing here writes a voter id and
a choice of a secret vote side by side: the roll takes only has-voted and a sealed pointer,
the ballot box only ciphertext under a random key. A batch of casts written at once (the
group commit) uses cast_batches.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.ballot_box import insert_sealed, sealed_rows
from bot.db.models.voting import SealedBallotRow, VoteRollRow, VoteRow
from bot.domain.counting import CountingMethod
from bot.domain.voting.kinds import EligibleRole, VoteKind, VoteOption, VoteSpec
from bot.domain.voting.lifecycle import VoteState


@dataclass(frozen=True)
class StoredVote:
    id: int
    guild_id: int
    spec: VoteSpec
    state: VoteState
    created_by: int
    created_at: dt.datetime
    opens_at: dt.datetime
    closes_at: dt.datetime
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    order_salt: bytes | None  # votes created before per-vote key files only
    public_key: bytes | None
    wrapped_private_key: bytes | None
    roll_size: int | None
    channel_id: int | None
    message_id: int | None
    result_message_id: int | None
    result: Mapping[str, Any] | None
    published_extension: str | None
    published_text: str | None
    cancel_reason: str | None


@dataclass(frozen=True)
class RollEntry:
    member_id: int
    has_voted: bool
    seal_pointer: bytes | None
    open_ballot: Mapping[str, Any] | None


def _fraction(text: str | None) -> Fraction | None:
    return None if text is None else Fraction(text)


def _spec(row: VoteRow) -> VoteSpec:
    return VoteSpec(
        title=row.title,
        kind=VoteKind(row.kind),
        options=tuple(VoteOption(o["id"], o["label"]) for o in row.options),
        method=CountingMethod(row.method) if row.method else None,
        seats=row.seats,
        threshold=_fraction(row.threshold),
        quorum=_fraction(row.quorum),
        secret=row.secret,
        changeable=row.changeable,
        opens_at=row.opens_at,
        closes_at=row.closes_at,
        max_approvals=row.max_approvals,
        eligible_roles=tuple(
            EligibleRole(int(r["id"]), r["name"]) for r in (row.eligible_roles or ())
        ),
    )


def roles_json(roles: Iterable[EligibleRole]) -> list[dict[str, str]]:
    """Role ids as strings: JSON numbers cannot hold a Discord id exactly everywhere."""
    return [{"id": str(role.id), "name": role.name} for role in roles]


def _stored(row: VoteRow) -> StoredVote:
    return StoredVote(
        id=row.id,
        guild_id=row.guild_id,
        spec=_spec(row),
        state=VoteState(row.state),
        created_by=row.created_by,
        created_at=row.created_at,
        opens_at=row.opens_at,
        closes_at=row.closes_at,
        opened_at=row.opened_at,
        closed_at=row.closed_at,
        order_salt=row.order_salt,
        public_key=row.public_key,
        wrapped_private_key=row.wrapped_private_key,
        roll_size=row.roll_size,
        channel_id=row.channel_id,
        message_id=row.message_id,
        result_message_id=row.result_message_id,
        result=dict(row.result) if row.result is not None else None,
        published_extension=row.published_extension,
        published_text=row.published_text,
        cancel_reason=row.cancel_reason,
    )


def _options_json(options: Iterable[VoteOption]) -> list[dict[str, str]]:
    return [{"id": o.id, "label": o.label} for o in options]


async def insert_vote(
    session: AsyncSession,
    *,
    guild_id: int,
    spec: VoteSpec,
    state: VoteState,
    created_by: int,
    created_at: dt.datetime,
    public_key: bytes | None,
) -> int:
    if spec.opens_at is None or spec.closes_at is None:
        raise ValueError("a stored vote has opening and closing times")
    row = VoteRow(
        guild_id=guild_id,
        title=spec.title,
        kind=spec.kind.value,
        method=spec.method.value if spec.method else None,
        options=_options_json(spec.options),
        seats=spec.seats,
        threshold=str(spec.threshold) if spec.threshold is not None else None,
        quorum=str(spec.quorum) if spec.quorum is not None else None,
        max_approvals=spec.max_approvals,
        eligible_roles=roles_json(spec.eligible_roles),
        secret=spec.secret,
        changeable=spec.changeable,
        state=state.value,
        created_by=created_by,
        created_at=created_at,
        opens_at=spec.opens_at,
        closes_at=spec.closes_at,
        order_salt=None,  # the display order comes from the vote's key file now
        public_key=public_key,
    )
    session.add(row)
    await session.flush()
    return row.id


async def get_vote(
    session: AsyncSession, vote_id: int, *, for_update: bool = False, for_share: bool = False
) -> StoredVote | None:
    query = select(VoteRow).where(VoteRow.id == vote_id)
    if for_update:
        query = query.with_for_update()
    elif for_share:  # PostgreSQL: many casts at once, none while the close holds the row
        query = query.with_for_update(read=True)
    row = await session.scalar(query.execution_options(populate_existing=True))
    return _stored(row) if row else None


async def vote_state(session: AsyncSession, vote_id: int) -> VoteState | None:
    """The vote's state as committed now (a cast re-reads it after its first write)."""
    state = await session.scalar(select(VoteRow.state).where(VoteRow.id == vote_id))
    return VoteState(state) if state is not None else None


# Advisory lock namespaces (PostgreSQL): casts share a vote's lock, its close takes it alone.
VOTE_LOCKS = 1_000_010
FACTION_VOTE_LOCKS = 1_000_011


async def share_vote_lock(session: AsyncSession, vote_id: int, namespace: int = VOTE_LOCKS) -> None:
    """A cast's share of the vote's lock, held to its commit (PostgreSQL; SQLite serialises
    writers and the cast re-reads the state after its first write). An advisory lock, not a
    row lock: PostgreSQL queues a waiting exclusive request ahead of later sharers, so a
    stream of casts cannot starve the close."""
    if _is_postgres(session):
        await session.execute(
            text("SELECT pg_advisory_xact_lock_shared(:n, :v)"), {"n": namespace, "v": vote_id}
        )


async def hold_vote_lock(session: AsyncSession, vote_id: int, namespace: int) -> None:
    if _is_postgres(session):
        await session.execute(
            text("SELECT pg_advisory_xact_lock(:n, :v)"), {"n": namespace, "v": vote_id}
        )


def _is_postgres(session: AsyncSession) -> bool:
    return session.bind is not None and session.bind.dialect.name == "postgresql"


async def hold_for_close(session: AsyncSession, vote_id: int) -> None:
    """Take the vote's write lock before the close reads anything: on SQLite this begins the
    write transaction (no cast can commit until the close does), on PostgreSQL it waits for
    the casts in flight and holds off new ones. So a ballot either commits before the close
    reads the box, or sees the vote closed."""
    await hold_vote_lock(session, vote_id, VOTE_LOCKS)
    await session.execute(
        update(VoteRow).where(VoteRow.id == vote_id).values(state=VoteRow.state),
        execution_options={"synchronize_session": False},
    )


async def list_votes(
    session: AsyncSession, guild_id: int, *, states: Sequence[VoteState] = (), limit: int = 25
) -> list[StoredVote]:
    query = select(VoteRow).where(VoteRow.guild_id == guild_id)
    if states:
        query = query.where(VoteRow.state.in_([s.value for s in states]))
    rows = await session.scalars(query.order_by(VoteRow.id.desc()).limit(limit))
    return [_stored(row) for row in rows]


async def update_vote(session: AsyncSession, vote_id: int, **values: Any) -> None:
    """Set columns of one vote; a VoteState value is stored by its name."""
    cleaned = {k: (v.value if isinstance(v, VoteState) else v) for k, v in values.items()}
    await session.execute(update(VoteRow).where(VoteRow.id == vote_id).values(**cleaned))


async def set_options(session: AsyncSession, vote_id: int, options: Iterable[VoteOption]) -> None:
    await update_vote(session, vote_id, options=_options_json(options))


# -- the roll ------------------------------------------------------------------------------


async def freeze_roll(session: AsyncSession, vote_id: int, member_ids: Iterable[int]) -> int:
    rows = [VoteRollRow(vote_id=vote_id, member_id=m, has_voted=False) for m in set(member_ids)]
    session.add_all(rows)
    await session.flush()
    return len(rows)


def _entry(row: VoteRollRow) -> RollEntry:
    ballot = dict(row.open_ballot) if row.open_ballot is not None else None
    return RollEntry(row.member_id, row.has_voted, row.seal_pointer, ballot)


async def roll_entry(
    session: AsyncSession, vote_id: int, member_id: int, *, for_update: bool = False
) -> RollEntry | None:
    # Columns, not the entity: this runs on every ballot, and rows need no identity map here.
    query = select(
        VoteRollRow.member_id,
        VoteRollRow.has_voted,
        VoteRollRow.seal_pointer,
        VoteRollRow.open_ballot,
    ).where(VoteRollRow.vote_id == vote_id, VoteRollRow.member_id == member_id)
    if for_update:  # PostgreSQL locks the entry; SQLite serialises writers anyway
        query = query.with_for_update()
    row = (await session.execute(query)).one_or_none()
    if row is None:
        return None
    member, has_voted, pointer, ballot = row
    return RollEntry(member, has_voted, pointer, dict(ballot) if ballot is not None else None)


async def roll(session: AsyncSession, vote_id: int) -> list[RollEntry]:
    rows = await session.scalars(
        select(VoteRollRow).where(VoteRollRow.vote_id == vote_id).order_by(VoteRollRow.member_id)
    )
    return [_entry(row) for row in rows]


async def count_voted(session: AsyncSession, vote_id: int) -> int:
    found = await session.scalar(
        select(func.count())
        .select_from(VoteRollRow)
        .where(VoteRollRow.vote_id == vote_id, VoteRollRow.has_voted.is_(True))
    )
    return int(found or 0)


async def mark_sealed_vote(
    session: AsyncSession,
    vote_id: int,
    member_id: int,
    *,
    expected_pointer: bytes | None,
    new_pointer: bytes | None,
    first_only: bool,
) -> bool:
    """Compare-and-set the member's roll entry: it must still hold `expected_pointer` (or,
    for a first ballot, not be marked yet). False means another submission got there first."""
    query = update(VoteRollRow).where(
        VoteRollRow.vote_id == vote_id, VoteRollRow.member_id == member_id
    )
    if first_only or expected_pointer is None:
        query = query.where(VoteRollRow.has_voted.is_(False))
    else:
        query = query.where(VoteRollRow.seal_pointer == expected_pointer)
    # A Core statement on the session's connection: no roll rows are loaded here, so the
    # ORM's bulk-update bookkeeping would be pure cost on every ballot.
    connection = await session.connection()
    result = await connection.execute(query.values(has_voted=True, seal_pointer=new_pointer))
    return bool(result.rowcount)


async def record_open_ballot(
    session: AsyncSession,
    vote_id: int,
    member_id: int,
    ballot: Mapping[str, Any],
    *,
    first_only: bool,
) -> bool:
    query = update(VoteRollRow).where(
        VoteRollRow.vote_id == vote_id, VoteRollRow.member_id == member_id
    )
    if first_only:
        query = query.where(VoteRollRow.has_voted.is_(False))
    result = await session.execute(query.values(has_voted=True, open_ballot=dict(ballot)))
    return bool(result.rowcount)  # type: ignore[attr-defined]


# -- the sealed ballot box ---------------------------------------------------------------


async def insert_sealed_ballot(
    session: AsyncSession, vote_id: int, row_key: str, sealed: bytes
) -> None:
    await insert_sealed(session, SealedBallotRow, vote_id, row_key, sealed)


async def sealed_ballots(session: AsyncSession, vote_id: int) -> list[tuple[str, bytes]]:
    return await sealed_rows(session, SealedBallotRow, vote_id)


async def forget_secrets(session: AsyncSession, vote_id: int) -> None:
    """After the result is stored: null every roll pointer, delete the sealed ballots (and,
    on votes from before key files, the wrapped key and order salt). The published file is the
    record from now on. This only tidies the live tables: older copies of these rows survive
    in the WAL or dead tuples until scrubbed, and what makes them unreadable is destroying
    the vote's key file (docs/secret-ballots.md)."""
    await session.execute(
        update(VoteRollRow).where(VoteRollRow.vote_id == vote_id).values(seal_pointer=None)
    )
    await session.execute(delete(SealedBallotRow).where(SealedBallotRow.vote_id == vote_id))
    await update_vote(session, vote_id, wrapped_private_key=None, order_salt=None)


@dataclass(frozen=True)
class KeyedVote:
    """A secret vote that still needs its key file (not closed or cancelled yet)."""

    id: int
    guild_id: int
    state: VoteState
    public_key: bytes
    wrapped_private_key: bytes | None


async def votes_needing_keys(session: AsyncSession) -> list[KeyedVote]:
    done = (VoteState.CLOSED.value, VoteState.CANCELLED.value)
    rows = await session.execute(
        select(
            VoteRow.id,
            VoteRow.guild_id,
            VoteRow.state,
            VoteRow.public_key,
            VoteRow.wrapped_private_key,
        )
        .where(VoteRow.secret.is_(True), VoteRow.public_key.is_not(None))
        .where(VoteRow.state.not_in(done))
        .order_by(VoteRow.id)
    )
    return [
        KeyedVote(i, g, VoteState(state), bytes(public or b""), bytes(wrapped) if wrapped else None)
        for i, g, state, public, wrapped in rows.tuples()
    ]
