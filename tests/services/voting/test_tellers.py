"""Tellers at the service level: 3 tellers, k = 2, on the test database (SQLite and PostgreSQL).

Attacks: fewer than k releases together with the database, the master key and every file in
the data directory open no ballot; a wrong release is refused naming its teller; a release
before the close is refused; a restart between releases loses none; a teller who left the
server still releases (someone else uploads their signed file); any two of the three suffice.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import ManualClock
from bot.db.models.tellers import VoteDealingRow, VoteTellerRow
from bot.db.models.voting import SealedBallotRow, VoteRow
from bot.domain.voting.ballots import MotionBallot, MotionChoice
from bot.domain.voting.envelope import strip_outer_layers
from bot.domain.voting.errors import SecrecyError
from bot.domain.voting.lifecycle import VoteState
from bot.domain.voting.secrecy import BallotOpener
from bot.domain.voting.teller_file import PublishedDealing
from bot.domain.voting.tellers import (
    GROUP_ORDER,
    Release,
    TellerError,
    TellerSecretKey,
    combine,
    generate_teller_keys,
    lagrange_at_zero,
    make_release,
    vote_key_from_scalar,
)
from bot.domain.voting.vote_keys import FORMAT_TELLERS, open_vote_secrets
from bot.errors import Conflict, NotAllowed, UserError
from bot.runtime import build_services
from bot.services.container import Services
from bot.services.voting.teller_records import ReleaseRefused
from tests.services.voting.helpers import member, motion, organizer
from tests.support.settings import GUILD_ID, make_settings

pytestmark = pytest.mark.database

TELLERS = {501: "Ana", 502: "Ben", 503: "Chen"}
CHOICES = {1: "yes", 2: "no", 3: "yes", 4: "yes", 5: "abstain"}
TELLER_CONFIG = {"count": 3, "threshold": 2, "release_deadline_hours": 48}


@pytest.fixture
def services(engine: AsyncEngine, clock: ManualClock) -> Services:
    return build_services(make_settings(tellers=TELLER_CONFIG), engine, clock)


def restart(services: Services, engine: AsyncEngine, clock: ManualClock) -> Services:
    """A new process on the same database and data directory: nothing held in memory."""
    return build_services(services.settings, engine, clock)


async def register_tellers(services: Services) -> dict[int, TellerSecretKey]:
    keys = {}
    for member_id in TELLERS:
        secret = generate_teller_keys()
        fingerprint = await services.voting.tellers.register(
            member(member_id), secret.public().encode()
        )
        assert fingerprint == secret.public().fingerprint
        keys[member_id] = secret
    return keys


async def teller_vote(
    services: Services, clock: ManualClock
) -> tuple[int, dict[int, TellerSecretKey]]:
    """A secret motion with three tellers, opened to voters 1-5, every voter cast, closed."""
    keys = await register_tellers(services)
    created = await services.voting.votes.create(organizer(), motion(changeable=True))
    for member_id, name in TELLERS.items():
        await services.voting.tellers.name(organizer(), created.id, member_id, name)
    await services.voting.votes.open(GUILD_ID, created.id, list(CHOICES))
    for voter, choice in CHOICES.items():
        await services.voting.casting.cast(
            member(voter), created.id, MotionBallot(MotionChoice(choice))
        )
    # voter 2 changes her mind: the superseded ballot must not count
    await services.voting.casting.cast(member(2), created.id, MotionBallot(MotionChoice("yes")))
    clock.set(created.closes_at + dt.timedelta(minutes=1))
    waiting = await services.voting.closing.close(GUILD_ID, created.id)
    assert waiting.state is VoteState.OPEN  # counted only once k tellers released
    return created.id, keys


async def published(services: Services, vote_id: int) -> PublishedDealing:
    status = await services.voting.tellers.status(GUILD_ID, vote_id)
    assert status.dealing_json is not None
    return PublishedDealing.from_json(json.loads(status.dealing_json))


def release_text(dealing: PublishedDealing, teller: int, key: TellerSecretKey) -> str:
    return make_release(dealing.context, dealing.dealing, teller, key).encode()


def number_of(member_id: int) -> int:
    return list(TELLERS).index(member_id) + 1


@pytest.mark.parametrize("pair", list(itertools.combinations(TELLERS, 2)))
async def test_any_two_of_three_tellers_count_the_vote(
    services: Services, clock: ManualClock, pair: tuple[int, int]
) -> None:
    vote_id, keys = await teller_vote(services, clock)
    dealing = await published(services, vote_id)

    first, second = pair
    status = await services.voting.tellers.release(
        member(first), vote_id, release_text(dealing, number_of(first), keys[first])
    )
    assert status.released_names() == [TELLERS[first]]
    assert not status.complete
    assert (await services.voting.closing.close(GUILD_ID, vote_id)).state is VoteState.OPEN

    status = await services.voting.tellers.release(
        member(second), vote_id, release_text(dealing, number_of(second), keys[second])
    )
    assert status.complete
    closed = await services.voting.closing.close(GUILD_ID, vote_id)

    assert closed.state is VoteState.CLOSED
    assert closed.outcome is not None
    assert closed.outcome.ballots == 5
    assert dict(closed.outcome.totals)["Yes"] == 4
    assert closed.outcome.passed is True
    # Everything that could open or link a ballot is gone.
    async with services.core.sessions() as session:
        assert list(await session.scalars(select(SealedBallotRow))) == []
        releases = await session.scalars(select(VoteTellerRow.release))
        assert all(r is None for r in releases)
    assert services.voting.keys.vote_key_files() == []


async def test_fewer_than_k_releases_with_database_master_key_and_data_dir_open_nothing(
    services: Services, clock: ManualClock, master_key: bytes
) -> None:
    """The operator alone, plus one teller: every key they hold, every file they have."""
    vote_id, keys = await teller_vote(services, clock)
    dealing = await published(services, vote_id)
    await services.voting.tellers.release(member(501), vote_id, release_text(dealing, 1, keys[501]))
    async with services.core.sessions() as session:
        rows = [(r.row_key, r.sealed) for r in await session.scalars(select(SealedBallotRow))]
        stored_releases = [
            Release.decode(text)
            for text in await session.scalars(select(VoteTellerRow.release))
            if text is not None
        ]
        vote_row = await session.get(VoteRow, vote_id)
        assert vote_row is not None
        assert vote_row.wrapped_private_key is None
        dealing_row = await session.get(VoteDealingRow, vote_id)
        assert dealing_row is not None
    files = [p.read_bytes() for p in services.settings.bot.data_dir.rglob("*") if p.is_file()]
    key_files = [open_vote_secrets(master_key, f) for f in files if f.startswith(b"CVK")]
    assert len(rows) == 6
    assert len(stored_releases) == 1
    assert len(key_files) == 1
    [vote_secrets] = key_files
    assert vote_secrets.format == FORMAT_TELLERS
    assert vote_secrets.private_key == b""

    # Control: the operator does strip the outer layers (this attack could reach the inner).
    inner = strip_outer_layers(vote_secrets, rows)
    assert len(inner) == 5

    # Every key the operator can make: the master key, the link-derived keys, the one share
    # (as a key, and as the only point of a "polynomial"), every file's bytes.
    candidates = [
        master_key,
        vote_secrets.outer_key,
        vote_secrets.pointer_key,
        vote_secrets.order_secret,
    ]
    candidates += [f[:32] for f in files if len(f) >= 32]
    share = stored_releases[0].share
    scalars = [share, lagrange_at_zero([(stored_releases[0].teller, share)])]
    keys_to_try = [PrivateKey(c) for c in candidates if len(c) == 32]
    keys_to_try += [vote_key_from_scalar(s) for s in scalars]
    for key in keys_to_try:
        opener = BallotOpener(key)
        for sealed in inner:
            with pytest.raises((SecrecyError, CryptoError)):
                opener.open_ballot(sealed)
    with pytest.raises(TellerError):
        combine(dealing.dealing, stored_releases)

    # And the service itself refuses to count.
    still = await services.voting.closing.close(GUILD_ID, vote_id)
    assert still.state is VoteState.OPEN
    assert still.outcome is None


async def test_a_wrong_release_is_refused_naming_its_teller(
    services: Services, clock: ManualClock
) -> None:
    vote_id, keys = await teller_vote(services, clock)
    dealing = await published(services, vote_id)
    good = make_release(dealing.context, dealing.dealing, 2, keys[502])

    tampered = Release(good.teller, (good.share + 1) % GROUP_ORDER, good.signature).encode()
    with pytest.raises(ReleaseRefused, match="Ben"):
        await services.voting.tellers.release(member(502), vote_id, tampered)
    other_vote = make_release("caucus-vote:another", dealing.dealing, 2, keys[502]).encode()
    with pytest.raises(ReleaseRefused, match=r"Ben.*another vote"):
        await services.voting.tellers.release(member(502), vote_id, other_vote)
    # Ana's key signing Ben's number: not Ben's signature.
    forged = make_release(dealing.context, dealing.dealing, 1, keys[501])
    as_ben = Release(2, forged.share, forged.signature).encode()
    with pytest.raises(ReleaseRefused, match="Ben"):
        await services.voting.tellers.release(member(501), vote_id, as_ben)
    with pytest.raises(UserError, match="not a release"):
        await services.voting.tellers.release(member(502), vote_id, "hello")

    status = await services.voting.tellers.status(GUILD_ID, vote_id)
    assert status.released == 0  # nothing wrong was stored


async def test_a_restart_between_releases_keeps_the_first(
    services: Services, clock: ManualClock, engine: AsyncEngine
) -> None:
    vote_id, keys = await teller_vote(services, clock)
    dealing = await published(services, vote_id)
    await services.voting.tellers.release(member(503), vote_id, release_text(dealing, 3, keys[503]))

    again = restart(services, engine, clock)
    status = await again.voting.tellers.status(GUILD_ID, vote_id)
    assert status.released_names() == ["Chen"]
    await again.voting.tellers.release(member(501), vote_id, release_text(dealing, 1, keys[501]))
    closed = await again.voting.closing.close(GUILD_ID, vote_id)
    assert closed.state is VoteState.CLOSED
    assert closed.outcome is not None


async def test_a_teller_who_left_the_server_releases_through_someone_else(
    services: Services, clock: ManualClock
) -> None:
    vote_id, keys = await teller_vote(services, clock)
    dealing = await published(services, vote_id)
    # Ana and Ben have left; they sent their signed files to voter 4, who uploads both.
    await services.voting.tellers.release(member(4), vote_id, release_text(dealing, 1, keys[501]))
    status = await services.voting.tellers.release(
        member(4), vote_id, release_text(dealing, 2, keys[502])
    )
    assert status.released_names() == ["Ana", "Ben"]
    assert status.complete
    closed = await services.voting.closing.close(GUILD_ID, vote_id)
    assert closed.state is VoteState.CLOSED


async def test_a_release_before_the_close_is_refused(services: Services) -> None:
    keys = await register_tellers(services)
    created = await services.voting.votes.create(organizer(), motion())
    for member_id, name in TELLERS.items():
        await services.voting.tellers.name(organizer(), created.id, member_id, name)
    await services.voting.votes.open(GUILD_ID, created.id, list(CHOICES))
    dealing = await published(services, created.id)
    with pytest.raises(Conflict, match="after the close"):
        await services.voting.tellers.release(
            member(501), created.id, release_text(dealing, 1, keys[501])
        )


async def test_a_vote_does_not_open_without_its_tellers(services: Services) -> None:
    keys = await register_tellers(services)
    created = await services.voting.votes.create(organizer(), motion())
    await services.voting.tellers.name(organizer(), created.id, 501, "Ana")
    with pytest.raises(Conflict, match="needs 3 tellers"):
        await services.voting.votes.open(GUILD_ID, created.id, list(CHOICES))
    assert (await services.voting.votes.get(GUILD_ID, created.id)).state is VoteState.DRAFT
    assert keys  # registered, but only one named


async def test_only_registered_members_are_named_and_only_by_organizers(
    services: Services,
) -> None:
    await register_tellers(services)
    created = await services.voting.votes.create(organizer(), motion())
    with pytest.raises(Conflict, match="no teller key registered"):
        await services.voting.tellers.name(organizer(), created.id, 777, "Dee")
    with pytest.raises(NotAllowed):
        await services.voting.tellers.name(member(1), created.id, 501, "Ana")
    await services.voting.tellers.name(organizer(), created.id, 501, "Ana")
    with pytest.raises(Conflict, match="already a teller"):
        await services.voting.tellers.name(organizer(), created.id, 501, "Ana")
    with pytest.raises(UserError, match="not a teller public key"):
        await services.voting.tellers.register(member(1), "caucus-teller-public-1:abc")


async def test_the_key_file_of_a_teller_vote_holds_no_opening_key(
    services: Services, master_key: bytes
) -> None:
    await register_tellers(services)
    created = await services.voting.votes.create(organizer(), motion())
    for member_id, name in TELLERS.items():
        await services.voting.tellers.name(organizer(), created.id, member_id, name)
    opened = await services.voting.votes.open(GUILD_ID, created.id, list(CHOICES))
    [path] = services.voting.keys.vote_key_files()
    vote_secrets = open_vote_secrets(master_key, path.read_bytes())
    assert vote_secrets.private_key == b""
    assert vote_secrets.format == FORMAT_TELLERS
    dealing = await published(services, created.id)
    assert vote_secrets.public_key == dealing.dealing.public_key
    assert [t.name for t in dealing.tellers] == list(TELLERS.values())
    assert opened.state is VoteState.OPEN


async def test_a_cancelled_teller_vote_forgets_its_releases_and_keys(
    services: Services, clock: ManualClock
) -> None:
    """The fallback past the deadline: cancelled on record, nothing counted, nothing kept."""
    vote_id, keys = await teller_vote(services, clock)
    dealing = await published(services, vote_id)
    await services.voting.tellers.release(member(502), vote_id, release_text(dealing, 2, keys[502]))

    cancelled = await services.voting.votes.cancel(organizer(), vote_id, "tellers did not release")

    assert cancelled.state is VoteState.CANCELLED
    assert cancelled.outcome is None
    async with services.core.sessions() as session:
        assert all(r is None for r in await session.scalars(select(VoteTellerRow.release)))
        assert list(await session.scalars(select(SealedBallotRow))) == []
    assert services.voting.keys.vote_key_files() == []
    with pytest.raises(Conflict):
        await services.voting.tellers.release(
            member(501), vote_id, release_text(dealing, 1, keys[501])
        )
