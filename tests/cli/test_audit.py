"""`caucus audit verify` finds an audit row edited or deleted directly in the database."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import delete, update

from bot.cli import main
from bot.config import Settings, load_settings
from bot.db.models import AuditRow
from bot.runtime import build_services, open_database

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "caucus.toml"
    path.write_text(
        (ROOT / "config.example.toml")
        .read_text()
        .replace('data_dir = "data"', f'data_dir = "{tmp_path}"')
    )
    return path


async def _seed(settings: Settings, guild_id: int, count: int) -> None:
    async with open_database(settings) as engine:
        audit = build_services(settings, engine).audit
        for n in range(count):
            async with audit.transaction(guild_id) as session:
                await audit.record(
                    session,
                    guild_id=guild_id,
                    actor_id=7,
                    action="config.changed",
                    details={"n": n},
                    as_organizer=True,
                )


async def _tamper(settings: Settings, statement: object) -> None:
    async with open_database(settings) as engine, engine.begin() as connection:
        await connection.execute(statement)  # type: ignore[arg-type]


def test_intact_log_verifies(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    asyncio.run(_seed(load_settings(config), 111111111111111111, 3))
    assert main(["audit", "verify", "--config", str(config)]) == 0
    assert "intact: 3 entries checked" in capsys.readouterr().out


def test_an_edited_row_is_reported(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = load_settings(config)
    asyncio.run(_seed(settings, 111111111111111111, 4))
    asyncio.run(
        _tamper(settings, update(AuditRow).where(AuditRow.seq == 2).values(details={"n": 99}))
    )

    assert main(["audit", "verify", "--config", str(config)]) == 1
    out = capsys.readouterr().out
    assert "2" in out
    assert "edited" in out.lower() or "does not match" in out.lower()


def test_a_deleted_row_is_reported(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = load_settings(config)
    asyncio.run(_seed(settings, 111111111111111111, 4))
    asyncio.run(_tamper(settings, delete(AuditRow).where(AuditRow.seq == 3)))

    assert main(["audit", "verify", "--config", str(config)]) == 1
    assert "missing" in capsys.readouterr().out.lower()


def test_a_cut_off_log_is_caught_with_a_published_anchor(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = load_settings(config)
    asyncio.run(_seed(settings, 111111111111111111, 3))
    main(["audit", "verify", "--config", str(config)])
    head = capsys.readouterr().out.split("head ")[1].split()[0]
    asyncio.run(_tamper(settings, delete(AuditRow).where(AuditRow.seq == 3)))

    code = main(
        [
            "audit",
            "verify",
            "--config",
            str(config),
            "--guild",
            "111111111111111111",
            "--anchor",
            head,
        ]
    )
    assert code == 1


def test_a_malformed_anchor_exits_2(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "verify", "--config", str(config), "--anchor", "nope"]) == 2
    assert "--anchor" in capsys.readouterr().err
