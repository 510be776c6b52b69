"""`caucus run --shards ... --shard-count ...`: which shards a process runs."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

import discord
import pytest

from bot.cli import main
from bot.cli.run import shard_plan
from bot.sharding import ShardPlan


def args(shards: str | None = None, count: int | None = None) -> argparse.Namespace:
    return argparse.Namespace(shards=shards, shard_count=count)


def test_no_flags_run_every_guild_in_one_unsharded_process() -> None:
    assert shard_plan(args()) == ShardPlan.everything()


def test_a_range_of_shards_out_of_a_count() -> None:
    assert shard_plan(args("0-3", 8)) == ShardPlan(8, (0, 1, 2, 3))


def test_a_list_of_shards() -> None:
    assert shard_plan(args("2,5", 8)) == ShardPlan(8, (2, 5))


def test_a_count_alone_runs_all_its_shards_here() -> None:
    assert shard_plan(args(count=4)) == ShardPlan(4, (0, 1, 2, 3))


def test_shards_without_a_count_are_refused() -> None:
    with pytest.raises(ValueError, match="--shard-count"):
        shard_plan(args("0-3"))


def test_unreachable_discord_is_a_clear_error_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "caucus.toml"
    example = Path(__file__).resolve().parents[2] / "config.example.toml"
    config.write_text(example.read_text().replace('data_dir = "data"', f'data_dir = "{tmp_path}"'))
    monkeypatch.setenv("DISCORD_TOKEN", "not-a-real-token")
    monkeypatch.setattr(discord.http.Route, "BASE", "http://127.0.0.1:9/api/v10")  # closed port
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        assert main(["run", "--config", str(config)]) == 1
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    err = capsys.readouterr().err
    assert "cannot reach Discord" in err
    assert "Traceback" not in err
