"""Faction events are in the hash-chained log: `caucus audit verify` reports an edited faction
entry, and a truncated log against the head a digest published."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import delete, update

from bot.cli import main
from bot.config import Settings, load_settings
from bot.db.models import AuditRow
from bot.domain.audit import AuditAction
from bot.domain.transparency import previous_period
from bot.runtime import build_services, open_database
from bot.services.actors import Actor

ROOT = Path(__file__).resolve().parents[3]
GUILD = 111111111111111111
MEMBER_ROLE = 888888888888888888


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "caucus.toml"
    path.write_text(
        (ROOT / "config.example.toml")
        .read_text()
        .replace('data_dir = "data"', f'data_dir = "{tmp_path}"')
    )
    return path


def member(member_id: int) -> Actor:
    return Actor(GUILD, member_id, f"m{member_id}", frozenset({MEMBER_ROLE}))


async def faction_events(settings: Settings) -> str:
    """Found a faction, one member joins and leaves; returns the digest's audit head."""
    async with open_database(settings) as engine:
        services = build_services(settings, engine)
        membership = services.factions.membership
        founding = await membership.create(
            member(1), name="Red Caucus", description="", platform="", co_founders=[member(2)]
        )
        await membership.cofound(member(2), founding.faction.id)
        await membership.join(member(3), "Red Caucus")
        await membership.leave(member(3), "Red Caucus")
        zone = settings.guilds[0].zone
        period = previous_period(services.clock.now(), zone)
        report = await services.transparency.digest(GUILD, period, [1, 2, 3])
        assert report.head is not None
        return report.head.anchor


async def tamper(settings: Settings, statement: object) -> None:
    async with open_database(settings) as engine, engine.begin() as connection:
        await connection.execute(statement)  # type: ignore[arg-type]


def test_an_edited_faction_entry_is_reported(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = load_settings(config)
    asyncio.run(faction_events(settings))
    forged = update(AuditRow).where(AuditRow.action == AuditAction.FACTION_JOINED)
    asyncio.run(tamper(settings, forged.values(actor_id=4)))

    assert main(["audit", "verify", "--config", str(config)]) == 1
    assert "Entry 2 was edited" in capsys.readouterr().out


def test_a_deleted_faction_entry_is_caught_with_the_digests_anchor(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = load_settings(config)
    anchor = asyncio.run(faction_events(settings))
    assert main(["audit", "verify", "--config", str(config), "--anchor", anchor]) == 0
    last = delete(AuditRow).where(AuditRow.action == AuditAction.FACTION_LEFT)
    asyncio.run(tamper(settings, last))

    code = main(
        ["audit", "verify", "--config", str(config), "--guild", str(GUILD), "--anchor", anchor]
    )

    assert code == 1
