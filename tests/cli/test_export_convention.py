"""`caucus export convention`: the minutes and ballot files of a convention, read from the
database the bot uses, identical to what `/convention minutes` posts; bad input is one line."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.cli.common import existing_database
from bot.clock import ManualClock
from bot.config import load_settings
from bot.domain.conventions.agenda import ItemKind
from bot.domain.conventions.amendments import AmendmentKind
from bot.runtime import build_services
from bot.services.actors import Actor
from bot.services.conventions.records import Step
from tests.services.conventions.helpers import MOTION_TEXT, DirectDesk, vote
from tests.services.voting.helpers import START, use_test_master_key

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "config.example.toml"
GUILD = 111111111111111111
ORGANIZER_ROLE = 777777777777777777
MEMBER_ROLE = 888888888888888888


def _config(tmp_path: Path) -> Path:
    config = tmp_path / "caucus.toml"
    config.write_text(EXAMPLE.read_text().replace('data_dir = "data"', f'data_dir = "{tmp_path}"'))
    return config


async def _hold_convention(config: Path) -> str:
    """A convention with one amendment carried and the motion carried; its minutes."""
    settings = load_settings(config, {})
    chair = Actor(GUILD, 1, "Chair", frozenset({ORGANIZER_ROLE}))
    async with existing_database(settings) as engine:
        clock = ManualClock(START)
        services = build_services(settings, engine, clock)
        conv = services.conventions
        created = await conv.create(chair, "Congress", START, START.replace(hour=20))
        cid = created.convention.id
        await conv.add_item(chair, cid, ItemKind.MOTION, "Strategy", MOTION_TEXT)
        voters = [Actor(GUILD, i, f"member-{i}", frozenset({MEMBER_ROLE})) for i in (11, 12, 13)]
        for voter in voters:
            await conv.check_in(voter, cid)
        await conv.propose(voters[0], cid, 1, AmendmentKind.DELETE, 2, 2, "")
        await conv.cosign(voters[1], cid, 1, 1)
        desk = DirectDesk(services)

        async def chair_next(*args: Any) -> Step:
            clock.advance(dt.timedelta(minutes=2))  # each vote stays open at least a minute
            return await services.convention_chair.next(*args)

        await chair_next(chair, cid, 3, desk)
        step = await chair_next(chair, cid, 3, desk)
        amendment_vote = step.convention.items[0].amendment(1).vote_id  # type: ignore[union-attr]
        assert amendment_vote is not None
        await vote(services, amendment_vote, voters, "yes")
        step = await chair_next(chair, cid, 3, desk)
        motion_vote = step.convention.items[0].item.vote_id
        assert motion_vote is not None
        await vote(services, motion_vote, voters[:2], "yes")
        await chair_next(chair, cid, 3, desk)
        return (await conv.minutes(GUILD, cid)).markdown


def test_export_convention_writes_the_minutes_and_ballot_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    use_test_master_key(monkeypatch)
    config = _config(tmp_path)
    assert main(["db", "upgrade", "--config", str(config)]) == 0
    markdown = asyncio.run(_hold_convention(config))
    out = tmp_path / "minutes"

    argv = ["export", "convention", "--guild", str(GUILD), "--convention", "1"]
    assert main([*argv, "--output", str(out), "--config", str(config)]) == 0

    assert "and 2 ballot file(s)" in capsys.readouterr().err
    written = (out / "convention-1-minutes.md").read_text()
    assert written == markdown
    assert "#### Amendment 1: delete line 2 — carried" in written
    assert "- Votes: Yes 3, No 0, Abstain 0" in written
    assert sorted(p.name for p in out.iterdir()) == [
        "convention-1-minutes.md",
        "vote-1-ballots.csv",
        "vote-2-ballots.csv",
    ]
    assert (out / "vote-1-ballots.csv").read_text().startswith("tracker")


def test_export_of_an_unknown_convention_is_one_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path)
    assert main(["db", "upgrade", "--config", str(config)]) == 0
    capsys.readouterr()
    out = tmp_path / "minutes"
    argv = ["export", "convention", "--guild", str(GUILD), "--convention", "7"]

    assert main([*argv, "--output", str(out), "--config", str(config)]) == 2

    err = capsys.readouterr().err
    assert err.strip() == "caucus export: There is no convention #7 in this server."
    assert not out.exists()


def test_export_convention_without_its_arguments_exits_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["export", "convention", "--config", str(EXAMPLE)]) == 2
    assert "needs --guild ID --convention N --output DIRECTORY" in capsys.readouterr().err
