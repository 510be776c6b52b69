"""Which Discord shards a process runs: ``--shards 0-3 --shard-count 8`` or ``--shards 2,5``."""

from __future__ import annotations

from dataclasses import dataclass

MAX_SHARD_COUNT = 10_000


def shard_of(guild_id: int, shard_count: int) -> int:
    """Discord's rule: a guild lives on shard ``(guild_id >> 22) % shard_count``."""
    return (guild_id >> 22) % shard_count


def parse_shard_ids(text: str) -> tuple[int, ...]:
    """``"0-3"`` -> (0, 1, 2, 3); ``"2,5"`` -> (2, 5); ``"0-1,6"`` -> (0, 1, 6).

    Raises ValueError with a message fit for the command line.
    """
    ids: set[int] = set()
    for part in (p.strip() for p in text.split(",")):
        if not part:
            raise ValueError(f"empty item in shard list {text!r}")
        first, dash, last = part.partition("-")
        try:
            low = int(first)
            high = int(last) if dash else low
        except ValueError:
            raise ValueError(f"{part!r} is not a shard number or a range like 0-3") from None
        if low < 0 or high < low:
            raise ValueError(f"{part!r} is not a valid range (give low-high, from 0)")
        ids.update(range(low, high + 1))
    return tuple(sorted(ids))


@dataclass(frozen=True)
class ShardPlan:
    """The shards this process connects to the gateway with, out of ``count``."""

    count: int
    ids: tuple[int, ...]

    def __post_init__(self) -> None:
        if not 1 <= self.count <= MAX_SHARD_COUNT:
            raise ValueError(f"shard count must be between 1 and {MAX_SHARD_COUNT}")
        if not self.ids:
            raise ValueError("a process must run at least one shard")
        outside = [i for i in self.ids if i >= self.count]
        if outside:
            raise ValueError(f"shards {outside} do not exist with a shard count of {self.count}")

    @classmethod
    def everything(cls) -> ShardPlan:
        """One process, all guilds: no sharding on the gateway (shard 0 of 1)."""
        return cls(1, (0,))

    @classmethod
    def parse(cls, shards: str, count: int) -> ShardPlan:
        return cls(count, parse_shard_ids(shards))

    @property
    def is_sharded(self) -> bool:
        return self.count > 1

    def runs(self, guild_id: int) -> bool:
        return shard_of(guild_id, self.count) in self.ids

    def describe(self) -> str:
        return f"shards {list(self.ids)} of {self.count}"
