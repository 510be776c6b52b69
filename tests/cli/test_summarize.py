from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main

DATA = Path(__file__).parents[1] / "data" / "summaries" / "convosumm-email-val-head3.jsonl"


def _digests(capsys: pytest.CaptureFixture[str]) -> list[dict[str, str]]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_prints_one_digest_per_thread_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(DATA)]) == 0

    rows = _digests(capsys)

    assert [row["id"] for row in rows] == ["val-000", "val-001", "val-002"]
    assert all(0 < len(row["summary"].split()) <= 67 for row in rows)


def test_words_option_sets_the_budget(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(DATA), "--words", "12"]) == 0

    assert all(len(row["summary"].split()) <= 12 for row in _digests(capsys))


def test_digest_names_authors(capsys: pytest.CaptureFixture[str]) -> None:
    main(["summarize", str(DATA)])

    assert _digests(capsys)[0]["summary"].startswith("Blake Dournaee: ")


def test_bad_json_line_is_reported_with_its_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "threads.jsonl"
    good = json.dumps({"id": "a", "messages": [{"author": "Ana", "text": "We vote today."}]})
    source.write_text(f"{good}\n{{not json\n", encoding="utf-8")

    assert main(["summarize", str(source)]) == 2

    captured = capsys.readouterr()
    assert "line 2" in captured.err
    assert "Traceback" not in captured.err


def test_line_without_messages_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "threads.jsonl"
    source.write_text('{"id": "a", "messages": [{"author": 3}]}\n', encoding="utf-8")

    assert main(["summarize", str(source)]) == 2

    assert "line 1: message 1" in capsys.readouterr().err


def test_missing_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(tmp_path / "absent.jsonl")]) == 2

    assert "cannot read" in capsys.readouterr().err


def test_non_positive_word_budget_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["summarize", str(DATA), "--words", "0"])

    assert exit_info.value.code == 2
