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

    def next_id_on_shard(self, shard_id: int, shard_count: int) -> int:
        """The next snowflake of a guild that lives on this shard, ``(id >> 22) % count``.

        Skips ahead at most ``shard_count - 1`` milliseconds rather than waiting for them."""
        if not 0 <= shard_id < shard_count:
            raise ValueError(f"shard {shard_id} does not exist out of {shard_count}")
        candidate = self.next_id()
        stamp = candidate >> _INCREMENT_BITS
        ahead = (shard_id - stamp) % shard_count
        if ahead:
            candidate = (stamp + ahead) << _INCREMENT_BITS
            self._last = candidate
        return candidate
