"""A secret vote of 50 members, then everything an attacker with the database could read.

Storage traces (SQLite's rowid and WAL frames, PostgreSQL's xmin and ctid) still pair each
ballot row with its voter's roll entry: row order is cast order, and we do not pretend
otherwise. What the test proves is that the pairing leads nowhere: every ballot row is
ciphertext of one size, no plaintext choice or tracker exists in the files, the tables or
the logs (captured at DEBUG for every logger), opening a ballot needs the master key that is
not in the database, and the published file is shuffled.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import voting as repo
from bot.domain.voting.envelope import LAYERED_BALLOT_SIZE, open_layered_ballots
from bot.domain.voting.errors import WrongMasterKeyError
from bot.domain.voting.publish import parse_published
from bot.domain.voting.secrecy import generate_master_key
from bot.domain.voting.vote_keys import open_vote_secrets
from bot.logging_setup import DropPayloads
from tests.cogs.votes.helpers import close_after, create_vote, vote_on_motion
from tests.services.voting.helpers import use_test_master_key
from tests.support.database import POSTGRES_URL_ENV, database_url_for_tests, fresh_engine
from tests.support.world import World, running_world

VOTERS = 50
NEAR = 256  # bytes either side of a published ballot that must hold no voter id
CHOICES = ("Yes", "No", "Abstain")
PLAINTEXT_MARKERS = (b'"choice"', b'"ballot"', b'"tracker"', b'"yes"', b'"abstain"')

# Runs in CI's PostgreSQL pass too: xmin, ctid and row order are what it inspects there.
pytestmark = pytest.mark.database


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.addFilter(DropPayloads())  # the filter the bot installs in main
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.name} {record.getMessage()} {record.exc_text or ''}")


@pytest.fixture
def debug_logs() -> Any:
    capture = Capture()
    root = logging.getLogger()
    levels = {name: logging.getLogger(name).level for name in logging.root.manager.loggerDict}
    old_root = root.level
    root.addHandler(capture)
    root.setLevel(logging.DEBUG)
    for name in levels:
        logging.getLogger(name).setLevel(logging.DEBUG)
    yield capture
    root.removeHandler(capture)
    root.setLevel(old_root)
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


@pytest.fixture
async def secrecy_engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    on_postgres = os.environ.get(POSTGRES_URL_ENV)
    url = (
        database_url_for_tests() if on_postgres else f"sqlite+aiosqlite:///{tmp_path / 'caucus.db'}"
    )
    async for engine in fresh_engine(url):
        yield engine


def sqlite_bytes(engine: AsyncEngine) -> bytes:
    path = Path(engine.url.database or "")
    wal = path.with_name(path.name + "-wal")
    assert wal.exists()  # the write-ahead log holds recent pages: read it too
    return path.read_bytes() + wal.read_bytes()


async def postgres_dump(engine: AsyncEngine) -> tuple[bytes, list[Any], list[Any]]:
    async with engine.connect() as connection:
        ballots = (
            await connection.execute(
                text("SELECT xmin::text, ctid::text, row_key, sealed FROM vote_ballots")
            )
        ).all()
        roll = (
            await connection.execute(
                text(
                    "SELECT xmin::text, ctid::text, member_id, has_voted, seal_pointer "
                    "FROM vote_roll"
                )
            )
        ).all()
        votes = (await connection.execute(text("SELECT * FROM votes"))).all()
    # Plain tuples: a Row's repr shortens long values.
    dump = repr([[tuple(row) for row in rows] for rows in (ballots, roll, votes)]).encode()
    return dump + b"".join(bytes(row.sealed) for row in ballots), ballots, roll


async def dump_database(engine: AsyncEngine, ballots_expected: int) -> bytes:
    if engine.dialect.name == "postgresql":
        dump, ballots, roll = await postgres_dump(engine)
        assert len(ballots) == ballots_expected
        # The transaction ids do pair ballots with roll entries ...
        assert {b.xmin for b in ballots} <= {r.xmin for r in roll}
        # ... but each ballot row is ciphertext of one fixed size.
        assert all(len(bytes(b.sealed)) == LAYERED_BALLOT_SIZE for b in ballots)
        return dump
    return sqlite_bytes(engine)


def voter_encodings(ids: list[int]) -> list[bytes]:
    return [str(i).encode() for i in ids] + [i.to_bytes(8, "big") for i in ids]


async def cast_everyone(world: World, voters: list[Any]) -> list[str]:
    announcement = world.channels["votes"].last_message
    trackers = []
    for number, person in enumerate(voters):
        done = await vote_on_motion(person, announcement, CHOICES[number % 3])
        trackers.append(done.response.content.split("`")[1])
    return trackers


async def test_a_secret_vote_leaves_no_link_from_voter_to_choice(
    secrecy_engine: AsyncEngine, debug_logs: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    master_key = use_test_master_key(monkeypatch)
    async with running_world(secrecy_engine) as world:
        voters = [world.member(f"voter{n:02d}") for n in range(VOTERS)]
        await create_vote(world, world.organizer(), title="Strike", kind="motion", days=1.0)
        trackers = await cast_everyone(world, voters)

        during = await dump_database(secrecy_engine, VOTERS)
        async with world.services.core.sessions() as session:
            stored = await repo.get_vote(session, 1)
            rows = await repo.sealed_ballots(session, 1)
        assert stored is not None
        assert stored.wrapped_private_key is None  # the database never holds the vote's key
        key_file = world.services.voting.keys.path("vote", world.guild.id, 1)
        key_bytes = key_file.read_bytes()
        vote_secrets = open_vote_secrets(master_key, key_bytes)

        logged_while_open = len(debug_logs.lines)
        await close_after(world, 1)
        after = await dump_database(secrecy_engine, 0)
        info = await world.services.voting.votes.get(world.guild.id, 1)

    ids = [person.id for person in voters]
    # 1. While the vote runs, no plaintext choice and no tracker exists anywhere.
    for marker in PLAINTEXT_MARKERS:
        assert marker not in during
    for tracker in trackers:
        assert tracker.encode() not in during
        assert tracker.replace("-", "").encode() not in during
    # 2. Every stored ballot is ciphertext of one size; the voters' ids are on the roll only.
    assert len(rows) == VOTERS
    assert {len(sealed) for _, sealed in rows} == {LAYERED_BALLOT_SIZE}
    assert not any(code in sealed for _, sealed in rows for code in voter_encodings(ids))
    # 3. Opening a ballot needs the vote's key file; neither it nor the master key is in the
    #    database, and the master key alone does not open the key file of another key.
    for secret in (master_key, vote_secrets.private_key, vote_secrets.link_secret or b"-"):
        assert secret not in during
        assert secret.hex().encode() not in during
    with pytest.raises(WrongMasterKeyError):
        open_vote_secrets(generate_master_key(), key_bytes)
    assert len(open_layered_ballots(vote_secrets, rows)) == VOTERS
    # 4. After close the pointers, sealed ballots and wrapped key are gone from the live data.
    async with secrecy_engine.connect() as connection:
        left = await connection.scalar(text("SELECT count(*) FROM vote_ballots"))
        pointers = await connection.scalar(
            text("SELECT count(*) FROM vote_roll WHERE seal_pointer IS NOT NULL")
        )
        wrapped = await connection.scalar(text("SELECT wrapped_private_key FROM votes"))
    assert (left, pointers, wrapped) == (0, 0, None)
    assert not key_file.exists()  # crypto-shredded: see tests/db/test_forensics.py
    # The published file now sits in the vote row: choices under trackers, no voter near.
    codes = voter_encodings(ids)
    for tracker in trackers:
        at = after.find(tracker.encode())
        assert at >= 0
        window = after[max(0, at - NEAR) : at + NEAR]
        assert not any(code in window for code in codes)
    # 5. The published file is a shuffle of the ballots, not their cast order.
    assert info.published is not None
    published = [p.tracker for p in parse_published(info.spec, info.published.text)]
    assert sorted(published) == sorted(trackers)
    assert published != trackers
    # 6. The logs (DEBUG, every logger) hold no tracker while the vote runs, and no line
    #    ever names a voter together with a choice or a tracker. (After close the published
    #    file, trackers and choices without voters, may be logged: it is public.)
    while_open = "\n".join(debug_logs.lines[:logged_while_open])
    assert while_open  # the capture did see the bot at work
    for tracker in trackers:
        assert tracker not in while_open
    for line in debug_logs.lines:
        if any(str(i) in line for i in ids):
            assert '"choice"' not in line
            assert "caucus:motion:" not in line
            assert not any(tracker in line for tracker in trackers)
