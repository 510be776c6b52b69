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

    assert "Blake Dournaee" in _digests(capsys)[0]["summary"]


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


def _write(tmp_path: Path, *rows: object) -> Path:
    source = tmp_path / "threads.jsonl"
    source.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return source


DEBATE = {
    "id": "reading-order",
    "messages": [
        {"id": "1", "author": "Ana", "text": "We should start the series with Capital volume one."},
        {
            "id": "2",
            "author": "Ben",
            "text": "I disagree, Capital is far too long. The Manifesto first.",
            "reply_to": "1",
        },
        {"id": "3", "author": "Cleo", "text": "Agreed.", "reply_to": "1"},
        {"id": "4", "author": "Dev", "text": "Who is booking the room for Thursday?"},
        {"id": "5", "author": "Ana", "text": "Capital gives us the analysis we need."},
    ],
}


def test_structured_output_has_exactly_the_documented_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summarize", str(_write(tmp_path, DEBATE)), "--structured"]) == 0

    [row] = _digests(capsys)

    assert set(row) == {
        "id",
        "positions",
        "agreements",
        "disagreements",
        "open_questions",
        "participation",
    }
    assert row["id"] == "reading-order"
    for position in row["positions"]:
        assert set(position) == {"label", "holders", "quotes"}
        assert position["label"]
        assert all(set(quote) == {"author", "text"} for quote in position["quotes"])
    assert all(set(a) == {"point", "people"} for a in row["agreements"])
    assert all(set(d) == {"point", "for", "against"} for d in row["disagreements"])
    assert row["open_questions"] == [
        {"author": "Dev", "text": "Who is booking the room for Thursday?"}
    ]
    assert row["participation"] == {"Ana": 2, "Ben": 1, "Cleo": 1, "Dev": 1}


def test_reply_to_binds_an_agreement_to_the_message_it_answers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["summarize", str(_write(tmp_path, DEBATE)), "--structured"])

    [row] = _digests(capsys)

    holders = [set(position["holders"]) for position in row["positions"]]
    assert {"Ana", "Cleo"} in holders  # Cleo answered Ana, though Ben spoke last
    assert {"Ben"} in holders
    [dispute] = [d for d in row["disagreements"] if d["for"] == ["Ana", "Cleo"]]
    assert dispute["against"] == ["Ben"]


def test_the_plain_digest_of_a_debate_gives_its_positions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["summarize", str(_write(tmp_path, DEBATE))])

    [row] = _digests(capsys)

    assert row["summary"].startswith("Ana and Cleo: ")
    assert "; Ben: " in row["summary"]


def test_reply_to_an_unknown_message_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    thread = {
        "id": "t",
        "messages": [
            {"id": "1", "author": "Ana", "text": "First."},
            {"id": "2", "author": "Ben", "text": "Later.", "reply_to": "9"},
        ],
    }

    assert main(["summarize", str(_write(tmp_path, thread))]) == 2

    error = capsys.readouterr().err
    assert "line 1: message 2: \"reply_to\" '9' is not an earlier message" in error
    assert "Traceback" not in error


def test_duplicate_message_ids_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    thread = {
        "id": "t",
        "messages": [
            {"id": 1, "author": "Ana", "text": "First."},
            {"id": "1", "author": "Ben", "text": "Second."},
        ],
    }

    assert main(["summarize", str(_write(tmp_path, thread)), "--structured"]) == 2

    assert "used twice" in capsys.readouterr().err


def test_help_documents_the_input_and_structured_output(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["summarize", "--help"])

    text = capsys.readouterr().out
    assert '"reply_to"' in text
    assert '"open_questions"' in text
    assert "--structured" in text


def test_summarize_does_not_import_the_bot_discord_or_the_database(tmp_path: Path) -> None:
    import subprocess
    import sys

    source = _write(tmp_path, DEBATE)
    probe = (
        "import sys; from bot.cli import main; main(['summarize', sys.argv[1]]); "
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('discord', 'sqlalchemy', "
        "'apscheduler', 'aiohttp') or m in ('bot.app', 'bot.config', 'bot.services')]; "
        "print('HEAVY', heavy)"
    )

    done = subprocess.run(
        [sys.executable, "-c", probe, str(source)], capture_output=True, text=True, check=True
    )

    assert "HEAVY []" in done.stdout
