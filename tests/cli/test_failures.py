"""Every failure of the command line is one clear line and a non-zero exit, nothing is created
or written that the command was not asked to write, and an unknown guild is never 'nothing'."""

from __future__ import annotations

import asyncio
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete

from bot.cli import main
from bot.config import Settings, load_settings
from bot.db.models import AuditRow
from bot.runtime import build_services, open_database

ROOT = Path(__file__).resolve().parents[2]
GUILD = 1001
OTHER = 2002
UNREACHABLE = "postgresql+asyncpg://caucus:caucus@127.0.0.1:1/caucus"


def guild_toml(guild_id: int, base: int) -> str:
    return f"""
[[guilds]]
id = {guild_id}
name = "Branch {guild_id}"
timezone = "UTC"
[guilds.channels]
reading = {base + 1}
announcements = {base + 2}
votes = {base + 3}
log = {base + 4}
[guilds.roles]
organizer = {base + 5}
member = {base + 6}
"""


def write_config(directory: Path, *guilds: int, url: str = "") -> Path:
    path = directory / "caucus.toml"
    body = f'[bot]\ndata_dir = "{directory}"\n[database]\nurl = "{url}"\nconnect_retries = 0\n'
    body += "".join(guild_toml(g, 9000 + 100 * n) for n, g in enumerate(guilds))
    path.write_text(body)
    return path


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return write_config(tmp_path, GUILD)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


async def seed_audit(settings: Settings, guild_id: int, count: int) -> None:
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


async def delete_last_entry(settings: Settings, seq: int) -> None:
    async with open_database(settings) as engine, engine.begin() as connection:
        await connection.execute(delete(AuditRow).where(AuditRow.seq == seq))


# audit verify --anchor


def test_anchor_without_guild_catches_a_deleted_last_entry(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = load_settings(config)
    asyncio.run(seed_audit(settings, GUILD, 3))
    _, out, _ = run(capsys, "audit", "verify", "--config", str(config))
    head = out.split("head ")[1].split()[0]
    asyncio.run(delete_last_entry(settings, 3))

    # Exactly the form the monthly digest tells members to run.
    code, out, _ = run(capsys, "audit", "verify", "--config", str(config), "--anchor", head)
    assert code == 1
    assert "cut short" in out
    assert "intact" not in out


def test_anchor_without_guild_is_refused_when_the_config_has_several(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, GUILD, OTHER)
    asyncio.run(seed_audit(load_settings(config), GUILD, 1))
    code, out, err = run(
        capsys, "audit", "verify", "--config", str(config), "--anchor", "1:" + "a" * 64
    )
    assert code == 2
    assert out == ""
    assert "add --guild" in one_line(err)


@pytest.mark.parametrize("anchor", ["0:" + "a" * 64, "3:" + "z" * 64, "3:abc", "head"])
def test_an_anchor_that_checks_nothing_is_refused(
    config: Path, capsys: pytest.CaptureFixture[str], anchor: str
) -> None:
    asyncio.run(seed_audit(load_settings(config), GUILD, 3))
    code, out, err = run(capsys, "audit", "verify", "--config", str(config), "--anchor", anchor)
    assert code == 2
    assert "intact" not in out
    assert one_line(err).startswith("--anchor:")


def test_anchor_for_a_guild_whose_log_is_gone_is_tampering_not_intact(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "db", "upgrade", "--config", str(config))[0] == 0
    code, out, _ = run(
        capsys, "audit", "verify", "--config", str(config), "--anchor", "5:" + "a" * 64
    )
    assert code == 1
    assert "cut short" in out


# reading commands create nothing, and unknown guilds fail


def test_audit_verify_on_an_empty_data_dir_creates_no_database(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "audit", "verify", "--config", str(config))
    assert code == 1
    assert out == ""
    assert "no database at" in one_line(err)
    assert not (config.parent / "caucus.sqlite3").exists()


def test_db_current_on_an_empty_data_dir_creates_no_database(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "db", "current", "--config", str(config))
    assert code == 1
    assert "no database at" in one_line(err)
    assert not (config.parent / "caucus.sqlite3").exists()


def test_export_of_an_empty_data_dir_writes_nothing(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = config.parent / "out.jsonl"
    code, _, err = run(
        capsys, "export", "responses", "--config", str(config), "--output", str(output)
    )
    assert code == 1
    assert "no database at" in one_line(err)
    assert not output.exists()
    assert not (config.parent / "caucus.sqlite3").exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["audit", "verify", "--guild", "42"],
        ["export", "responses", "--guild", "42"],
        ["export", "guild", "--guild", "42", "--output", "OUT"],
    ],
)
def test_an_unknown_guild_fails_clearly(
    config: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    assert run(capsys, "db", "upgrade", "--config", str(config))[0] == 0
    output = config.parent / "out.json"
    argv = [str(output) if word == "OUT" else word for word in argv]
    code, out, err = run(capsys, *argv, "--config", str(config))
    assert code == 2
    assert out == ""
    assert f"guild 42 is not in the config (guilds there: {GUILD}" in one_line(err)
    assert not output.exists()


def test_a_database_behind_the_schema_is_not_migrated_by_a_read(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = "76d7f6e91b42"  # the first migration
    assert run(capsys, "db", "upgrade", "--revision", old, "--config", str(config))[0] == 0
    code, _, err = run(capsys, "audit", "verify", "--config", str(config))
    assert code == 1
    assert "run `caucus db upgrade` first" in one_line(err)
    _, out, _ = run(capsys, "db", "current", "--config", str(config))
    assert old in out


# PostgreSQL unreachable


@pytest.mark.parametrize(
    "argv", [["db", "upgrade"], ["db", "current"], ["audit", "verify"], ["export", "responses"]]
)
def test_an_unreachable_postgresql_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    config = write_config(tmp_path, GUILD, url=UNREACHABLE)
    code, out, err = run(capsys, *argv, "--config", str(config))
    assert code == 1
    assert out == ""
    line = one_line(err)
    assert "unreachable" in line
    assert "caucus:caucus" not in line  # the password stays hidden


def test_db_upgrade_to_an_unknown_revision_is_one_line(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "db", "upgrade", "--revision", "nosuch", "--config", str(config))
    assert code == 2
    assert "nosuch" in one_line(err)


# import


@pytest.fixture
def export(config: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """A real export of GUILD with three audit entries."""
    asyncio.run(seed_audit(load_settings(config), GUILD, 3))
    dump = config.parent / "guild.json"
    argv = ["export", "guild", "--guild", str(GUILD), "--output", str(dump)]
    assert run(capsys, *argv, "--config", str(config))[0] == 0
    data: dict[str, Any] = json.loads(dump.read_text())
    return data


@pytest.fixture
def target(tmp_path: Path) -> Path:
    """Another deployment with the same guild and no data yet."""
    directory = tmp_path / "target"
    directory.mkdir()
    return write_config(directory, GUILD, OTHER)


def audit_rows_in(config: Path) -> int:
    async def count() -> int:
        settings = load_settings(config)
        async with open_database(settings) as engine:
            return (await build_services(settings, engine).audit.verify(GUILD)).entries_checked

    return asyncio.run(count())


def import_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, target: Path, content: bytes
) -> tuple[int, str]:
    path = tmp_path / "import.json"
    path.write_bytes(content)
    code, out, err = run(capsys, "import", str(path), "--config", str(target))
    assert out == ""
    return code, one_line(err)


def mangled(export: dict[str, Any], change: str) -> dict[str, Any]:
    table = export["tables"]["audit_log"]
    if change == "extra column":
        table["columns"].append("colour")
        for row in table["rows"]:
            row.append("red")
    elif change == "short row":
        table["rows"][1] = table["rows"][1][:-2]
    elif change == "bad date":
        table["rows"][2][table["columns"].index("at")] = "yesterday"
    elif change == "guild not in the config":
        export["guild_id"] = 4242
    return export


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ("extra column", "column 'colour' does not exist"),
        ("short row", "table audit_log, row 2: expected"),
        ("bad date", "yesterday"),
        ("guild not in the config", "guild 4242 is not in the config"),
    ],
)
def test_a_broken_export_is_refused_in_one_line_and_writes_nothing(
    export: dict[str, Any],
    target: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    change: str,
    says: str,
) -> None:
    content = json.dumps(mangled(export, change)).encode()
    code, line = import_file(capsys, tmp_path, target, content)
    assert code == 2
    assert says in line
    assert audit_rows_in(target) == 0


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (bytes(range(256)) * 4, "cannot be read"),
        (b"[1, 2, 3]", "not a Caucus guild export"),
        (b'{"format": "caucus-guild-export"}', "no guild_id"),
    ],
    ids=["binary file", "JSON array", "no guild"],
)
def test_a_file_that_is_no_export_is_refused_in_one_line(
    target: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, says: str
) -> None:
    code, line = import_file(capsys, tmp_path, target, content)
    assert code == 2
    assert says in line


def test_a_good_export_still_imports(
    export: dict[str, Any], target: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "good.json"
    path.write_text(json.dumps(export))
    assert run(capsys, "import", str(path), "--config", str(target))[0] == 0
    assert audit_rows_in(target) == 3


# check-config


def test_check_config_refuses_an_unknown_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "caucus.toml"
    example = (ROOT / "config.example.toml").read_text()
    config.write_text(example.replace('"critique-iso-strategy"', '"critique-iso-strategyy"'))
    code, out, err = run(capsys, "check-config", str(config))
    assert code == 2
    assert out == ""
    assert "no document 'critique-iso-strategyy' in the corpus" in err


def test_check_config_warns_about_the_examples_placeholder_ids(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "check-config", str(ROOT / "config.example.toml"))
    assert code == 0
    assert "OK" in out
    assert "guilds[0].id = 111111111111111111 is still the example's placeholder" in err
    assert "guilds[0].roles.member = 888888888888888888" in err


def test_check_config_with_real_ids_has_no_warning(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "check-config", str(config))
    assert code == 0
    assert err == ""


# scripts/caucus


def test_scripts_caucus_reads_relative_paths_where_the_caller_stands(tmp_path: Path) -> None:
    (tmp_path / "ballots.blt").write_text('2 1\n1 1 0\n1 2 0\n1 1 2 0\n0\n"Ada"\n"Ben"\n"T"\n')
    done = subprocess.run(
        [str(ROOT / "scripts" / "caucus"), "tally", "ballots.blt"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "elected: Ada" in done.stdout
