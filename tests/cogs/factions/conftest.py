"""Faction tests may run elections and motions: give them a throwaway ballot master key."""

from __future__ import annotations

import pytest

from tests.services.voting.helpers import use_test_master_key


@pytest.fixture(autouse=True)
def master_key(monkeypatch: pytest.MonkeyPatch) -> bytes:
    return use_test_master_key(monkeypatch)
