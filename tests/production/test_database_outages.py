"""The database goes away: at start-up `caucus run` retries with backoff, then exits with a
clear message; at run time members get a clear reply, the outage is logged once, the bot keeps
running, and scheduled work happens once the database is back."""

from __future__ import annotations

import datetime as dt
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.db.availability import outages
from bot.ui.errors import UNAVAILABLE_REPLY
from caucus_demo.fake_discord import FakeDiscord
from caucus_demo.reading_scenes import FIRST_SESSION_UTC, READING_CONFIG
from caucus_demo.stage import Stage, branch_settings, build_branch, running_stage
from tests.production.outage import Outage, database_with_outages
from tests.production.support import ROOT, duplicate_posts, session_complete, write_config
from tests.wire.support import START

RUN_TIMEOUT = 60


@pytest.fixture(autouse=True)
def fresh_outage_log() -> Iterator[None]:
    outages.reset()
    yield
    outages.reset()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # nothing listens once the probe is closed


def caucus_run(config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "run", "--config", str(config)],
        cwd=ROOT,
        env={"DISCORD_TOKEN": "not-used-the-database-comes-first", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )


def unreachable_config(tmp_path: Path, url: str) -> Path:
    fake = FakeDiscord()  # never started: only its ids are used for the config
    return write_config(
        tmp_path / "caucus.toml", url, [(build_branch(fake), None)], connect_retries=2, backoff=0.05
    )


def test_unreachable_postgresql_at_start_up_is_retried_then_exits_non_zero(
    tmp_path: Path,
) -> None:
    port = closed_port()
    url = f"postgresql+asyncpg://caucus:secret-password@127.0.0.1:{port}/caucus"

    result = caucus_run(unreachable_config(tmp_path, url))

    assert result.returncode == 1
    assert result.stderr.count("not reachable") == 2  # two retries, each logged once
    assert "retry 2 of 2" in result.stderr
    assert f"127.0.0.1:{port}/caucus unreachable after 3 attempt(s)" in result.stderr
    assert "ConnectionRefusedError" in result.stderr
    assert "secret-password" not in result.stderr
    assert "Traceback" not in result.stderr


def test_unusable_sqlite_path_at_start_up_is_retried_then_exits_non_zero(
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the database directory should be")
    url = f"sqlite+aiosqlite:///{blocker / 'caucus.sqlite3'}"

    result = caucus_run(unreachable_config(tmp_path, url))

    assert result.returncode == 1
    assert "retry 2 of 2" in result.stderr
    assert f"{blocker}/caucus.sqlite3 unreachable after 3 attempt(s)" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture
async def outage_stage(tmp_path: Path) -> AsyncIterator[tuple[Stage, Outage]]:
    async with (
        FakeDiscord(validate_responses=True) as fake,
        database_with_outages(tmp_path) as outage,
    ):
        branch = build_branch(fake)
        url = outage.engine.url.render_as_string(hide_password=False)
        settings = branch_settings(branch, database_url=url, reading=dict(READING_CONFIG))
        async with running_stage(fake, branch, settings, outage.engine, ManualClock(START)) as s:
            yield s, outage
        fake.assert_no_violations()


async def test_runtime_outage_gets_a_clear_reply_is_logged_once_and_work_resumes(
    outage_stage: tuple[Stage, Outage],
) -> None:
    stage, outage = outage_stage
    ana = stage.join("ana")

    await outage.begin()
    replies = [await stage.slash(ana, "reading schedule") for _ in range(3)]
    ran = await stage.advance(FIRST_SESSION_UTC - stage.clock.now())  # the post falls due
    logged = stage.errors.describe()
    await outage.end()

    assert [(r.content, r.ephemeral) for r in replies] == [(UNAVAILABLE_REPLY, True)] * 3
    assert ran == 0
    assert len(logged) == 1
    assert logged[0].startswith("caucus.database: database unavailable (interaction)")
    assert not stage.bot.is_closed()

    back = await stage.slash(ana, "reading schedule")
    assert back.content != UNAVAILABLE_REPLY
    await stage.advance(dt.timedelta(seconds=1))  # the next sweep
    assert session_complete(stage.fake, stage.branch)
    assert duplicate_posts(stage.fake, stage.branch) == []
    stage.errors.clear()
