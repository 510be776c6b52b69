from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.domain.corpus import Corpus, CorpusError, load_corpus
from bot.domain.corpus.loader import corpus_ids

from .conftest import SEEDS

EXTRA_CATALOG = """
[[documents]]
id = "{doc_id}"
file = "extra.md"
title = "An extra text"
author = "Someone"
date = "2024"
source = "dropped in"
"""


def _extra_dir(tmp_path: Path, doc_id: str = "extra-text") -> Path:
    (tmp_path / "extra.md").write_text(
        "# One\n\nA paragraph of the extra text.\n", encoding="utf-8"
    )
    (tmp_path / "catalog.toml").write_text(EXTRA_CATALOG.format(doc_id=doc_id), encoding="utf-8")
    return tmp_path


def test_seeds_load_in_catalog_order(seed_corpus: Corpus) -> None:
    assert seed_corpus.ids[0] == "socialism-in-one-org"
    assert len(seed_corpus.documents) == 5


def test_document_dropped_into_extra_directory_is_picked_up(tmp_path: Path) -> None:
    corpus = load_corpus(SEEDS, _extra_dir(tmp_path))
    assert corpus.ids[-1] == "extra-text"
    assert corpus.get("extra-text").sections[0].title == "One"


def test_extra_document_cannot_reuse_a_seed_id(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="already a seed id"):
        load_corpus(SEEDS, _extra_dir(tmp_path, "socialism-in-one-org"))


def test_directory_without_catalog_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match=r"no catalog\.toml"):
        load_corpus(tmp_path)


def test_unknown_document_names_the_known_ones(seed_corpus: Corpus) -> None:
    with pytest.raises(CorpusError, match=r"unknown document 'nope' .*socialism-in-one-org"):
        seed_corpus.get("nope")


def test_seed_file_missing_from_a_copied_directory_is_named(tmp_path: Path) -> None:
    shutil.copy(SEEDS / "catalog.toml", tmp_path / "catalog.toml")
    with pytest.raises(CorpusError, match=r"file '000_0478fe31a1e3d084\.txt' not found"):
        load_corpus(tmp_path)


def test_the_ids_alone_are_those_of_the_loaded_corpus(tmp_path: Path) -> None:
    # `caucus check-config` reads only the seeds' catalog; it must know the same documents.
    assert corpus_ids(SEEDS) == load_corpus(SEEDS).ids
    extra = _extra_dir(tmp_path)
    assert corpus_ids(SEEDS, extra) == load_corpus(SEEDS, extra).ids


def test_the_ids_alone_still_parse_and_check_the_extra_documents(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="already a seed id"):
        corpus_ids(SEEDS, _extra_dir(tmp_path, "socialism-in-one-org"))
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "catalog.toml").write_text(EXTRA_CATALOG.format(doc_id="x"), encoding="utf-8")
    (broken / "extra.md").write_bytes(b"\xff\xfe not text")
    with pytest.raises(CorpusError) as from_ids:
        corpus_ids(SEEDS, broken)
    with pytest.raises(CorpusError) as from_load:
        load_corpus(SEEDS, broken)
    assert str(from_ids.value) == str(from_load.value)
