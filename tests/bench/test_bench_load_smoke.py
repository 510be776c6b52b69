"""bench_load end to end at toy size, so the benchmark cannot rot (no timing is asserted)."""

from __future__ import annotations

import pytest

from bench import bench_load
from bot.domain.voting.secrecy import generate_master_key
from bot.services.voting.keys import MASTER_KEY_ENV

TINY = [
    "--backend",
    "sqlite",
    "--members",
    "5",
    "--samples",
    "5",
    "--raw-inserts",
    "5",
    "--ballots",
    "5",
    "--guilds",
    "2",
    "--guild-members",
    "2",
    "--steady-seconds",
    "0.5",
    "--validate",  # every request the bot makes is checked against Discord's spec
]


async def test_a_tiny_run_prints_every_figure_and_every_cast_got_a_receipt(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(MASTER_KEY_ENV, generate_master_key().hex())

    await bench_load.main(TINY)

    out = capsys.readouterr().out
    for interaction in ("/vote show", "open ballot", "cast ballot"):
        assert any(
            line.startswith("sqlite") and interaction in line and " 10 " in line
            for line in out.splitlines()
        ), out
    assert "Casts without a receipt: 0; requests the spec rejected: 0" in out
    assert "missed 3 s" in out
    assert "Interactions answered after Discord's 3 s deadline: 0 (goal 0)" in out
    assert "2 guilds x (3 members, 5 channels, 3 roles)" in out
    assert "KiB per guild" in out
    assert "members arriving at random over 0.5 s" in out
