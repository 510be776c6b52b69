"""`caucus plan` prints the config's plan offline; `caucus export responses` writes JSONL/CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.cli.export import write
from bot.services.reading.responses import Response

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "config.example.toml")


def test_plan_json_lines_carry_local_offsets_and_full_text(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["plan", "--config", EXAMPLE, "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [row["number"] for row in rows] == list(range(1, len(rows) + 1))
    assert rows[0]["starts_at"] == "2026-12-03T19:00:00-05:00"
    assert set(rows[0]) == {"number", "starts_at", "document", "words", "text"}
    assert rows[0]["words"] == len(rows[0]["text"].split())


def test_plan_table_shows_local_dates_and_first_words(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "--config", EXAMPLE]) == 0
    out = capsys.readouterr().out
    assert "Thu 2026-12-03 19:00 EST" in out
    assert "The following are very preliminary notes" in out


def test_plan_for_an_unknown_guild_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "--config", EXAMPLE, "--guild", "42"]) == 2
    assert "not in the config" in capsys.readouterr().err


def _response(content: str) -> Response:
    at = dt.datetime(2026, 12, 4, tzinfo=dt.UTC)
    return Response(1, 5, 1, 7, "ana", "modal", None, content, None, None, None, False, at, None)


def test_export_writes_csv_with_hostile_text_intact() -> None:
    out = io.StringIO()
    write([_response('He said "no",\nthen left.')], "csv", out)
    [row] = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["content"] == 'He said "no",\nthen left.'
    assert row["guild_id"] == "5"


def test_export_responses_from_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "caucus.toml"
    config.write_text(
        Path(EXAMPLE).read_text().replace('data_dir = "data"', f'data_dir = "{tmp_path}"')
    )
    assert main(["db", "upgrade", "--config", str(config)]) == 0
    capsys.readouterr()
    assert main(["export", "responses", "--config", str(config)]) == 0
    assert capsys.readouterr().out == ""


def test_export_guild_and_import_it_elsewhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, target = tmp_path / "a", tmp_path / "b"
    configs = []
    for directory in (source, target):
        directory.mkdir()
        config = directory / "caucus.toml"
        config.write_text(
            Path(EXAMPLE).read_text().replace('data_dir = "data"', f'data_dir = "{directory}"')
        )
        configs.append(str(config))
    dump = str(tmp_path / "guild.json")
    guild = "111111111111111111"
    assert main(["db", "upgrade", "--config", configs[0]]) == 0

    assert (
        main(["export", "guild", "--guild", guild, "--output", dump, "--config", configs[0]]) == 0
    )
    assert main(["import", dump, "--config", configs[1]]) == 0
    assert main(["import", dump, "--config", configs[1]]) == 0  # nothing to clash: empty guild
    assert "imported 0 rows" in capsys.readouterr().err


def test_import_of_a_broken_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    assert main(["import", str(broken), "--config", EXAMPLE]) == 2
    assert "cannot be read" in capsys.readouterr().err
