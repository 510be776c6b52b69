"""Shard plans from the command line, and Discord's guild-to-shard rule."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.sharding import ShardPlan, parse_shard_ids, shard_of


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("0-3", (0, 1, 2, 3)),
        ("2,5", (2, 5)),
        ("0-1, 6", (0, 1, 6)),
        ("4", (4,)),
        ("3,1-2", (1, 2, 3)),
    ],
)
def test_shard_lists_and_ranges_parse(text: str, ids: tuple[int, ...]) -> None:
    assert parse_shard_ids(text) == ids


@pytest.mark.parametrize("text", ["", "a", "3-1", "-1", "1,,2", "0-x"])
def test_malformed_shard_lists_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"shard|range"):
        parse_shard_ids(text)


def test_a_plan_refuses_shards_beyond_the_count() -> None:
    with pytest.raises(ValueError, match=r"do not exist"):
        ShardPlan.parse("6-9", 8)


def test_without_flags_one_unsharded_process_runs_every_guild() -> None:
    plan = ShardPlan.everything()
    assert not plan.is_sharded
    assert plan.runs(1573871588485365760)


@given(st.integers(min_value=0, max_value=2**63 - 1), st.integers(min_value=1, max_value=64))
def test_every_guild_lives_on_exactly_one_shard(guild_id: int, count: int) -> None:
    owners = [s for s in range(count) if ShardPlan(count, (s,)).runs(guild_id)]
    assert owners == [shard_of(guild_id, count)]
