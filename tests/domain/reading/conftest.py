from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.corpus import Corpus, load_corpus

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


@pytest.fixture(scope="session")
def seed_corpus() -> Corpus:
    return load_corpus(SEEDS)
