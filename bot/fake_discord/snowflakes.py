"""Snowflake ids as Discord makes them: milliseconds since the Discord epoch, then a counter."""

from __future__ import annotations

import itertools
import time

DISCORD_EPOCH_MS = 1_420_070_400_000
_INCREMENT_BITS = 22


class SnowflakeFactory:
    """Hands out strictly increasing snowflakes whose timestamps are the wall-clock time."""

    def __init__(self) -> None:
        self._counter = itertools.count()
        self._last = 0

    def next_id(self) -> int:
        stamp = int(time.time() * 1000) - DISCORD_EPOCH_MS
        candidate = (stamp << _INCREMENT_BITS) | (next(self._counter) & 0xFFF)
        # Never repeat or go backwards, even within one millisecond or if the clock steps back.
        self._last = max(candidate, self._last + 1)
        return self._last
