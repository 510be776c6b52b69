from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main


def test_list_shows_every_seed_with_words_and_minutes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["corpus", "list"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split() == ["id", "title", "author", "sections", "words", "min@230"]
    assert len(lines) == 2 + 5
    stirrings = next(line for line in lines if line.startswith("iso-stirrings-in-the-ashes"))
    assert stirrings.split()[-3:] == ["2", "875", "4"]


def test_show_lists_sections_with_word_counts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["corpus", "show", "critique-iso-strategy"]) == 0
    out = capsys.readouterr().out
    assert "Alternative Paradigms and Strategies" in out
    assert "Reader comments" in out


def test_show_section_prints_its_paragraphs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["corpus", "show", "followers-and-dissidents", "--section", "4"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("What kind of cadre? (500 words)")
    assert "[34] " in out


def test_unknown_document_exits_2_with_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["corpus", "show", "no-such-doc"]) == 2
    assert "unknown document 'no-such-doc'" in capsys.readouterr().err


def test_section_out_of_range_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["corpus", "show", "critique-iso-strategy", "--section", "9"]) == 2
    assert "has sections 1 to 4, not 9" in capsys.readouterr().err


def test_broken_corpus_directory_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "catalog.toml").write_text("[[documents]]\nid = 1\n", encoding="utf-8")
    assert main(["corpus", "list", "--dir", str(tmp_path)]) == 2
    assert "error:" in capsys.readouterr().err
