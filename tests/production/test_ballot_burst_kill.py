"""kill -9 the bot in the middle of a burst of 500 secret ballots: after a restart every
acknowledged ballot is stored, none twice, and the members who got no answer can still vote.

The bot runs in a process of its own (bench.load.bot_process) against the fake Discord here,
on a SQLite file in WAL mode; SIGKILL gives it no chance to flush or clean up.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import re
import signal
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bench.load.wire import Branch, bench_settings, bot_process, populate
from bot.db import migrate
from bot.db.engine import create_engine
from bot.domain.voting.secrecy import generate_master_key
from bot.services.voting.keys import MASTER_KEY_ENV
from caucus_demo.fake_discord import FakeDiscord, InteractionResult

pytestmark = pytest.mark.slow

MEMBERS = 500
KILL_AFTER = 120  # acknowledged casts before the process is killed
NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC).isoformat()


def stored(database: Path, vote_id: int) -> tuple[set[int], int]:
    """Who the roll says has voted, and how many sealed ballots exist."""
    with sqlite3.connect(database) as connection:
        voted = {
            row[0]
            for row in connection.execute(
                "SELECT member_id FROM vote_roll WHERE vote_id = ? AND has_voted", (vote_id,)
            )
        }
        [ballots] = connection.execute(
            "SELECT count(*) FROM vote_ballots WHERE vote_id = ?", (vote_id,)
        ).fetchone()
    return voted, ballots


def acknowledged(result: InteractionResult | BaseException) -> bool:
    return isinstance(result, InteractionResult) and "tracker" in result.text.lower()


async def test_kill_9_during_a_burst_of_500_ballots_loses_and_doubles_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MASTER_KEY_ENV, generate_master_key().hex())
    env = {MASTER_KEY_ENV: os.environ[MASTER_KEY_ENV]}
    database = tmp_path / "caucus.sqlite3"
    engine = create_engine(f"sqlite+aiosqlite:///{database}")
    await migrate.upgrade(engine)  # what `caucus run` does before it connects
    await engine.dispose()
    async with FakeDiscord(interaction_timeout=20.0) as fake:
        branch = populate(fake, MEMBERS)
        settings = bench_settings([branch], f"sqlite+aiosqlite:///{database}", tmp_path)
        yes = ""
        async with bot_process(fake, settings, NOW, env) as process:
            created = await fake.invoke_slash(
                branch.guild_id,
                branch.organizer.id,
                "vote create",
                {"title": "Burst motion", "kind": "motion", "days": 7.0, "changeable": False},
                channel_id=branch.branch.channel_id("general"),
            )
            found = re.search(r"Vote #(\d+)", created.text)
            assert found is not None, created.text
            vote_id = int(found[1])
            announcement = announcement_of(fake, branch, vote_id)
            ballots = await asyncio.gather(
                *(
                    fake.click(announcement["id"], f"caucus:vote:{vote_id}", m.id)
                    for m in branch.members
                )
            )
            yes = f"caucus:motion:{vote_id}:yes"
            casts = [
                asyncio.ensure_future(fake.click(int(b.message["id"]), yes, m.id))
                for m, b in zip(branch.members, ballots, strict=True)
            ]
            pending = set(casts)
            while pending and sum(acknowledged(c.result()) for c in casts if c.done()) < KILL_AFTER:
                _, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            os.kill(process.pid, signal.SIGKILL)
            results = await asyncio.gather(*casts, return_exceptions=True)

        got_receipt = {
            m.id for m, r in zip(branch.members, results, strict=True) if acknowledged(r)
        }
        voted, sealed = stored(database, vote_id)
        assert KILL_AFTER <= len(got_receipt) < MEMBERS, "the kill must land mid-burst"
        assert got_receipt <= voted, "an acknowledged ballot was lost"
        assert sealed == len(voted), "a voter has two ballots, or a ballot has no voter"

        # The restarted bot takes the rest: those never answered may vote now; those whose
        # ballot was stored without an answer are told so, never counted twice.
        async with bot_process(fake, settings, NOW, env):
            rest = [m for m in branch.members if m.id not in got_receipt]
            again = await asyncio.gather(
                *(fake.click(announcement["id"], f"caucus:vote:{vote_id}", m.id) for m in rest)
            )
            second = await asyncio.gather(
                *(
                    fake.click(int(b.message["id"]), yes, m.id)
                    for m, b in zip(rest, again, strict=True)
                    if b.message is not None and yes in str(b.components)
                ),
                return_exceptions=True,
            )
            assert all(not isinstance(r, BaseException) for r in second), second

        voted, sealed = stored(database, vote_id)
        assert len(voted) == MEMBERS
        assert sealed == MEMBERS


def announcement_of(fake: FakeDiscord, branch: Branch, vote_id: int) -> dict[str, Any]:
    """The message in #votes carrying the vote's Vote button."""
    button = f"caucus:vote:{vote_id}"
    votes = branch.branch.channel_id("votes")
    return next(
        m for m in reversed(fake.messages_in(votes)) if button in json.dumps(m["components"])
    )
