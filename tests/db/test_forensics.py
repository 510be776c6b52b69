"""A forensic reader against secret votes and member votes (issue 10, findings 1 and 2).

The reader (tests/support/forensics.py) rebuilds every committed state of SQLite from the
database file and its WAL, or reads every tuple version in PostgreSQL's heap pages with
pageinspect, and tries every route from a member to a choice with the keys it holds.

* Control: with a copy of the vote key files taken while the votes were open, the same reader
  links every voter to their choice (so these tests can fail).
* While open, with the master key but without the vote key files: no link.
* After close, with the master key, whatever is left in the data directory and a copy of the
  database files taken just before the close (all their history): no link.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.voting.ballots import MotionBallot, MotionChoice
from bot.runtime import build_services
from bot.services.container import Services
from tests.services.factions.conftest import found
from tests.services.factions.conftest import member as faction_member
from tests.services.voting.helpers import START, member, motion, open_vote
from tests.support.database import POSTGRES_URL_ENV, database_url_for_tests, fresh_engine
from tests.support.forensics import (
    Evidence,
    all_page_versions,
    link_voters,
    postgres_evidence,
    sqlite_evidence,
    sqlite_files,
)
from tests.support.settings import make_settings

pytestmark = pytest.mark.database

CHOICES = {1: "yes", 2: "no", 3: "abstain", 4: "yes", 5: "no", 6: "yes"}
CHANGED = {1: "no"}  # voter 1 changes her ballot
FACTION = {11: "yes", 12: "no", 13: "yes"}  # member 14 does not vote: the vote stays open


@pytest.fixture
async def disk_engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    on_postgres = os.environ.get(POSTGRES_URL_ENV)
    url = database_url_for_tests() if on_postgres else f"sqlite+aiosqlite:///{tmp_path / 'c.db'}"
    async for engine in fresh_engine(url):
        yield engine


@dataclass
class Snapshot:
    evidence: Evidence
    raw: bytes  # every byte of the database files (SQLite), for plain searches
    key_files: list[bytes]


async def snapshot(engine: AsyncEngine, services: Services) -> Snapshot:
    key_files = [path.read_bytes() for path in services.voting.keys.vote_key_files()]
    if engine.dialect.name == "sqlite":
        database, wal = sqlite_files(Path(engine.url.database or ""))
        return Snapshot(sqlite_evidence(database, wal), database + wal, key_files)
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        evidence = await postgres_evidence(raw.driver_connection)
    return Snapshot(evidence, b"", key_files)


def merge(*found: Evidence) -> Evidence:
    merged = Evidence()
    for item in found:
        for name in vars(merged):
            getattr(merged, name).update(getattr(item, name))
    return merged


async def run_votes(services: Services, *, together: bool = False) -> tuple[int, int]:
    """The votes; ``together``: the first ballots arrive at once and are written in one
    batch (group commit), several voters and their rows in one transaction."""
    vote = await open_vote(services, motion(changeable=True), range(1, 7))
    casts = [
        services.voting.casting.cast(member(voter), vote.id, MotionBallot(MotionChoice(choice)))
        for voter, choice in CHOICES.items()
    ]
    if together:
        batches = services.voting.casting._commits.batches
        await asyncio.gather(*casts)
        assert services.voting.casting._commits.batches == batches + 1
    else:
        for cast in casts:
            await cast
    for voter, choice in CHANGED.items():
        await services.voting.casting.cast(
            member(voter), vote.id, MotionBallot(MotionChoice(choice))
        )
    await found(services, "Red", 11, 12, 13, 14)
    faction_vote = await services.factions.votes.call_dissolution(faction_member(11), "Red")
    for voter, choice in FACTION.items():
        await services.factions.votes.cast(
            faction_member(voter), faction_vote.id, yes=choice == "yes"
        )
    return vote.id, faction_vote.id


def truth(vote_id: int, faction_vote_id: int) -> dict[tuple[str, int, int], str]:
    final = {**CHOICES, **CHANGED}
    return {
        **{("vote", vote_id, m): c for m, c in final.items()},
        **{("faction", faction_vote_id, m): c for m, c in FACTION.items()},
    }


@pytest.fixture
def services(disk_engine: AsyncEngine, master_key: bytes) -> Services:
    from bot.clock import ManualClock

    return build_services(make_settings(), disk_engine, ManualClock(START))


@pytest.fixture
def master_key(monkeypatch: pytest.MonkeyPatch) -> bytes:
    from tests.services.voting.helpers import use_test_master_key

    return use_test_master_key(monkeypatch)


@pytest.mark.parametrize("together", [False, True], ids=["one-by-one", "batched"])
async def test_no_voter_is_linked_to_a_choice_from_disk_before_or_after_close(
    disk_engine: AsyncEngine,
    services: Services,
    master_key: bytes,
    monkeypatch: pytest.MonkeyPatch,
    together: bool,
) -> None:
    on_postgres = disk_engine.dialect.name == "postgresql"
    if on_postgres:  # read the dead tuples as they are before any VACUUM
        monkeypatch.setattr("bot.services.voting.keys.scrub_storage", _no_scrub)
    vote_id, faction_vote_id = await run_votes(services, together=together)
    expected = truth(vote_id, faction_vote_id)

    while_open = await snapshot(disk_engine, services)
    await services.voting.closing.close(services.settings.guilds[0].id, vote_id)
    await services.factions.votes.close(services.settings.guilds[0].id, faction_vote_id)
    after = await snapshot(disk_engine, services)

    # Control: the key files copied while open link every voter to their final choice.
    control = link_voters(while_open.evidence, [master_key], while_open.key_files)
    assert set(control) == set(expected)
    assert all(expected[who] in choices for who, choices in control.items())
    # While open, the master key without the vote key files links nobody.
    assert while_open.evidence.material() > 0
    assert link_voters(while_open.evidence, [master_key], []) == {}
    # After close: the history copied before the close, the files now, the master key and
    # whatever is left in the data directory link nobody.
    assert after.key_files == []
    everything = merge(while_open.evidence, after.evidence)
    assert everything.material() > 0
    assert link_voters(everything, [master_key], after.key_files) == {}
    # The member vote wrote its counts only once, in the deciding transaction.
    assert {
        (yes, no) for _, v, yes, no in after.evidence.faction_counts if v == faction_vote_id
    } <= {
        (0, 0),
        (2, 1),
    }


async def _no_scrub(engine: AsyncEngine) -> None:
    return None


async def test_sqlite_files_keep_no_ballot_material_after_close(
    disk_engine: AsyncEngine, services: Services
) -> None:
    if disk_engine.dialect.name != "sqlite":
        pytest.skip("SQLite's files; PostgreSQL's heap is checked by the VACUUM test")
    vote_id, faction_vote_id = await run_votes(services)
    while_open = await snapshot(disk_engine, services)
    sealed = [s for *_, s in while_open.evidence.ballots | while_open.evidence.faction_ballots]
    pointers = [p for *_, p in while_open.evidence.roll if p]
    assert sealed
    assert pointers
    assert all(item in while_open.raw for item in sealed + pointers)  # control: findable

    await services.voting.closing.close(services.settings.guilds[0].id, vote_id)
    await services.factions.votes.close(services.settings.guilds[0].id, faction_vote_id)

    path = Path(disk_engine.url.database or "")
    database, wal = sqlite_files(path)
    assert wal == b""  # wal_checkpoint(TRUNCATE)
    pages = b"".join(all_page_versions(database, wal))
    # secure_delete: no sealed ballot or pointer survives, not even in free pages.
    assert not any(item[:48] in pages for item in sealed + pointers)


async def test_postgres_vacuum_removes_the_dead_ballot_tuples_after_close(
    disk_engine: AsyncEngine, services: Services
) -> None:
    if disk_engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's heap pages")
    vote_id, faction_vote_id = await run_votes(services)
    while_open = await snapshot(disk_engine, services)
    assert while_open.evidence.ballots  # control: the reader sees the live tuples

    await services.voting.closing.close(services.settings.guilds[0].id, vote_id)
    await services.factions.votes.close(services.settings.guilds[0].id, faction_vote_id)
    after = await snapshot(disk_engine, services)

    assert after.evidence.ballots == set()
    assert after.evidence.faction_ballots == set()
    assert not any(pointer for *_, pointer in after.evidence.roll)


async def test_the_reader_links_member_votes_that_count_as_they_go(
    disk_engine: AsyncEngine, services: Services, master_key: bytes
) -> None:
    """Control for the counter route: a member vote called before sealed ballots (counters
    moved in the voter's transaction) is linked without any key, as the issue found."""
    await found(services, "Blue", 21, 22, 23, 24)
    vote = await services.factions.votes.call_dissolution(faction_member(21), "Blue")
    from bot.db.factions import update_vote

    async with services.core.sessions.begin() as session:
        await update_vote(session, vote.id, public_key=None)
    for voter, yes in ((21, True), (22, False)):
        await services.factions.votes.cast(faction_member(voter), vote.id, yes=yes)

    found_now = await snapshot(disk_engine, services)
    links = link_voters(found_now.evidence, [], [])
    assert links == {("faction", vote.id, 21): {"yes"}, ("faction", vote.id, 22): {"no"}}
