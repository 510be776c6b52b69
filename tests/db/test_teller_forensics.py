"""The operator alone cannot decrypt any ballot of a teller vote, at any time (issue 14).

The operator holds the database (every committed state of SQLite rebuilt from its WAL, or
every tuple version in PostgreSQL's heap pages, dead ones included), the master key and every
file in the data directory. Snapshots are taken while the vote is open, after the close with
one teller's release stored (k = 2), and after the count. With everything from all three,
the reader strips the outer layers (control: the material is reachable) and tries every key
it has or can make on every inner ballot: none opens, and the forensic reader of issue 10
links no voter to a choice. Control: the same inner ballots do open with a second release.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import ManualClock
from bot.domain.voting.ballots import MotionBallot, MotionChoice
from bot.domain.voting.envelope import BallotEnvelope, strip_outer_layers
from bot.domain.voting.errors import SecrecyError
from bot.domain.voting.lifecycle import VoteState
from bot.domain.voting.secrecy import BallotOpener
from bot.domain.voting.teller_file import PublishedDealing
from bot.domain.voting.tellers import (
    Release,
    TellerError,
    combine,
    generate_teller_keys,
    lagrange_at_zero,
    make_release,
    vote_key_from_scalar,
)
from bot.domain.voting.vote_keys import VoteSecrets
from bot.runtime import build_services
from bot.services.container import Services
from tests.services.voting.helpers import START, member, motion, organizer, use_test_master_key
from tests.support.database import POSTGRES_URL_ENV, database_url_for_tests, fresh_engine
from tests.support.forensics import (
    Evidence,
    _text,
    committed_states,
    keys_on_disk,
    link_voters,
    postgres_evidence,
    postgres_tuples,
    query_state,
    sqlite_evidence,
    sqlite_files,
)
from tests.support.settings import GUILD_ID, make_settings

pytestmark = pytest.mark.database

CHOICES = {1: "yes", 2: "no", 3: "abstain", 4: "yes"}
TELLERS = {501: "Ana", 502: "Ben", 503: "Chen"}


@pytest.fixture
async def disk_engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    on_postgres = os.environ.get(POSTGRES_URL_ENV)
    url = database_url_for_tests() if on_postgres else f"sqlite+aiosqlite:///{tmp_path / 'c.db'}"
    async for engine in fresh_engine(url):
        yield engine


async def _no_scrub(engine: AsyncEngine) -> None:
    return None


async def operator_view(
    engine: AsyncEngine, services: Services
) -> tuple[Evidence, set[str], list[bytes]]:
    """Every ballot row version, every release ever stored, every file in the data dir."""
    files = [p.read_bytes() for p in services.settings.bot.data_dir.rglob("*") if p.is_file()]
    releases: set[str] = set()
    if engine.dialect.name == "sqlite":
        database, wal = sqlite_files(Path(engine.url.database or ""))
        for image in committed_states(database, wal):
            for (text,) in query_state(image, "SELECT release FROM vote_tellers"):
                if text:
                    releases.add(text)
        return sqlite_evidence(database, wal), releases, files
    async with engine.connect() as connection:
        raw = (await connection.get_raw_connection()).driver_connection
        evidence = await postgres_evidence(raw)
        names = [
            r["attname"]
            for r in await raw.fetch(
                "SELECT attname FROM pg_attribute WHERE attrelid = 'vote_tellers'::regclass "
                "AND attnum > 0 ORDER BY attnum"
            )
        ]
        for _xmin, attrs in await postgres_tuples(raw, "vote_tellers"):
            text = _text(dict(zip(names, attrs, strict=False))["release"])
            if text:
                releases.add(text)
    return evidence, releases, files


def opens(key: PrivateKey, sealed: bytes) -> bool:
    try:
        BallotEnvelope.decode(BallotOpener(key).open_ballot(sealed))
    except (SecrecyError, CryptoError, ValueError):
        return False
    return True


async def test_the_operator_alone_opens_no_ballot_of_a_teller_vote_at_any_time(
    disk_engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    master_key = use_test_master_key(monkeypatch)
    if disk_engine.dialect.name == "postgresql":  # read the dead tuples before any VACUUM
        monkeypatch.setattr("bot.services.voting.keys.scrub_storage", _no_scrub)
    clock = ManualClock(START)
    settings = make_settings(tellers={"count": 3, "threshold": 2})
    services = build_services(settings, disk_engine, clock)
    keys = {}
    for member_id in TELLERS:
        keys[member_id] = generate_teller_keys()
        await services.voting.tellers.register(member(member_id), keys[member_id].public().encode())
    created = await services.voting.votes.create(organizer(), motion(changeable=True))
    for member_id, name in TELLERS.items():
        await services.voting.tellers.name(organizer(), created.id, member_id, name)
    await services.voting.votes.open(GUILD_ID, created.id, list(CHOICES))
    for voter, choice in CHOICES.items():
        await services.voting.casting.cast(
            member(voter), created.id, MotionBallot(MotionChoice(choice))
        )
    await services.voting.casting.cast(member(1), created.id, MotionBallot(MotionChoice("no")))
    while_open = await operator_view(disk_engine, services)

    clock.set(created.closes_at + dt.timedelta(minutes=1))
    await services.voting.closing.close(GUILD_ID, created.id)
    status = await services.voting.tellers.status(GUILD_ID, created.id)
    assert status.dealing_json is not None
    dealing = PublishedDealing.from_json(json.loads(status.dealing_json))
    first = make_release(dealing.context, dealing.dealing, 1, keys[501])
    await services.voting.tellers.release(member(501), created.id, first.encode())
    waiting = await operator_view(disk_engine, services)

    second = make_release(dealing.context, dealing.dealing, 3, keys[503])
    await services.voting.tellers.release(member(503), created.id, second.encode())
    closed = await services.voting.closing.close(GUILD_ID, created.id)
    assert closed.state is VoteState.CLOSED
    after = await operator_view(disk_engine, services)

    # Until the count the operator holds at most the one release (k - 1).
    assert {Release.decode(t).teller for t in while_open[1] | waiting[1]} == {1}
    files = while_open[2] + waiting[2] + after[2]
    vote_keys: list[VoteSecrets] = keys_on_disk([master_key], files)
    assert vote_keys
    assert all(v.private_key == b"" for v in vote_keys)
    rows = {
        (row_key, sealed)
        for found in (while_open[0], waiting[0], after[0])
        for _tx, _vote, row_key, sealed in found.ballots
    }
    inner = {s for v in vote_keys for s in strip_outer_layers(v, sorted(rows))}
    assert len(inner) >= 4  # control: the operator reaches every inner ballot

    stolen = [Release.decode(t) for t in while_open[1] | waiting[1]]
    candidates = [PrivateKey(master_key)]
    candidates += [PrivateKey(f[i : i + 32]) for f in files for i in range(0, len(f) - 31, 16)]
    candidates += [PrivateKey(v.outer_key) for v in vote_keys]
    candidates += [PrivateKey(v.pointer_key) for v in vote_keys]
    candidates += [vote_key_from_scalar(r.share) for r in stolen]
    candidates += [vote_key_from_scalar(lagrange_at_zero([(r.teller, r.share)])) for r in stolen]
    assert not any(opens(key, sealed) for key in candidates for sealed in inner)
    with pytest.raises(TellerError):
        combine(dealing.dealing, stolen)
    everything = Evidence()
    for found in (while_open[0], waiting[0], after[0]):
        for name in vars(everything):
            getattr(everything, name).update(getattr(found, name))
    assert link_voters(everything, [master_key], files) == {}

    # Control: with a second teller's release the same inner ballots open.
    key = combine(dealing.dealing, [first, second])
    assert all(opens(key, sealed) for sealed in inner)
