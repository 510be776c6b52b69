"""Counting what the bot downloads from SimCord's CDN (members' attachments)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def counted_downloads(world: Any) -> Iterator[list[str]]:
    """The URLs the bot fetched while the block ran."""
    cdn = world.env.backend.cdn
    original = cdn.get
    fetched: list[str] = []

    def get(url: str) -> bytes | None:
        fetched.append(url)
        return original(url)  # type: ignore[no-any-return]

    cdn.get = get
    try:
        yield fetched
    finally:
        cdn.get = original
