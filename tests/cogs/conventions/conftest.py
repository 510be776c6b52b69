"""Every convention test gets a throwaway ballot master key (never the data directory's)."""

from __future__ import annotations

import pytest

from tests.services.voting.helpers import use_test_master_key


@pytest.fixture(autouse=True)
def master_key(monkeypatch: pytest.MonkeyPatch) -> bytes:
    return use_test_master_key(monkeypatch)
