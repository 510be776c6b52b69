"""No DEBUG line of any library prints SQL parameters or ballot material (issue 10, finding
11). A whole secret vote (a changed ballot included) and a member vote run with every logger
at DEBUG, through the filter the bot installs in main; the capture is then searched for the
voters' ids, trackers, sealed ballots and pointers (as repr, hex and base64), and choices."""

from __future__ import annotations

import base64
import logging
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.logging_setup import DropPayloads
from tests.cogs.votes.helpers import close_after, create_vote, vote_on_motion
from tests.services.voting.helpers import use_test_master_key
from tests.support.database import POSTGRES_URL_ENV, database_url_for_tests, fresh_engine
from tests.support.world import running_world

pytestmark = pytest.mark.database

LIBRARIES = ("aiosqlite", "asyncpg", "sqlalchemy", "discord")


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.addFilter(DropPayloads())  # the filter the bot installs in main
        self.records: list[tuple[str, str]] = []
        self.unfiltered = 0
        self.raw: list[str] = []  # library lines before the filter (the control)

    def handle(self, record: logging.LogRecord) -> bool:
        self.unfiltered += 1
        if record.name.startswith(LIBRARIES):
            self.raw.append(record.getMessage())
        return super().handle(record)

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, f"{record.getMessage()} {record.exc_text or ''}"))


@pytest.fixture
def capture() -> Iterator[Capture]:
    handler = Capture()
    root = logging.getLogger()
    names = [*logging.root.manager.loggerDict, *LIBRARIES, "sqlalchemy.engine.Engine"]
    levels = {name: logging.getLogger(name).level for name in names}
    old_root = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    for name in levels:
        logging.getLogger(name).setLevel(logging.DEBUG)
    yield handler
    root.removeHandler(handler)
    root.setLevel(old_root)
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


@pytest.fixture
async def echo_engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    on_postgres = os.environ.get(POSTGRES_URL_ENV)
    url = database_url_for_tests() if on_postgres else f"sqlite+aiosqlite:///{tmp_path / 'l.db'}"
    async for engine in fresh_engine(url):
        engine.echo = "debug"  # SQLAlchemy at its loudest: statements and result rows
        yield engine


def encodings(value: bytes) -> list[str]:
    """How a byte string can show up in a log line."""
    head = value[:24]
    return [repr(head)[2:-1], head.hex(), base64.b64encode(value).decode()[:32]]


async def test_no_debug_line_prints_parameters_or_ballot_material(
    echo_engine: AsyncEngine, capture: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_test_master_key(monkeypatch)
    material: list[bytes] = []
    async with running_world(echo_engine) as world:
        voters = [world.member(f"voter{n}") for n in range(6)]
        await create_vote(
            world, world.organizer(), title="Strike", kind="motion", days=1.0, changeable=True
        )
        announcement = world.channels["votes"].last_message
        trackers = []
        for number, person in enumerate([*voters, voters[0]]):  # voter0 changes her ballot
            done = await vote_on_motion(person, announcement, ("Yes", "No", "Abstain")[number % 3])
            trackers.append(done.response.content.split("`")[1])
        async with echo_engine.connect() as connection:
            for query in (
                "SELECT sealed FROM vote_ballots",
                "SELECT seal_pointer FROM vote_roll WHERE seal_pointer IS NOT NULL",
                "SELECT public_key FROM votes",
            ):
                material += [bytes(r[0]) for r in await connection.execute(text(query))]
        await close_after(world, 1)

    assert capture.unfiltered > len(capture.records) > 0  # the capture saw the bot at work
    assert len(material) > len(voters)  # ballots, pointers and the public key (control)
    ids = [str(person.id) for person in voters]
    # Control: unfiltered, the libraries do print voter ids and ballot material.
    assert any(i in line for line in capture.raw for i in ids)
    needles = list(trackers[:1]) + [e for m in material for e in encodings(m)]
    for name, line in capture.records:
        assert not any(needle in line for needle in needles), (name, line[:200])
        if name.startswith(LIBRARIES):
            assert not any(i in line for i in ids), (name, line[:200])  # no parameters
            assert "functools.partial" not in line, (name, line[:200])
