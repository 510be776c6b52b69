"""`caucus demo`: the real bot plays its scripted session against the fake and says how it went."""

from __future__ import annotations

import contextlib
import io
import logging
import subprocess
import sys
from pathlib import Path

import pytest

import bot.cli
import bot.demo.session
from bot.cli import main
from bot.demo.scenes import SCENES, DemoContext

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def only_the_demo_subcommand(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bot.cli, "SUBCOMMANDS", ("bot.cli.demo",))


def play_demo(capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["demo", "--fast"])
    return code, capsys.readouterr().out


@pytest.fixture(scope="module")
def full_demo() -> tuple[int, str]:
    """One full run shared by the tests that only read its transcript (about 1.5 s each)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["demo", "--fast"])
    return code, out.getvalue()


def test_demo_plays_every_scene_and_exits_zero(full_demo: tuple[int, str]) -> None:
    code, out = full_demo
    assert code == 0
    assert f"Summary: {len(SCENES)} scenes played" in out
    assert "0 OpenAPI violations, 0 errors logged" in out


def test_transcript_shows_who_did_what_and_what_the_bot_answered(
    full_demo: tuple[int, str],
) -> None:
    _, out = full_demo
    assert "» ana joins Riverside branch (Members)" in out
    assert "» ana /caucus help  in #general" in out
    assert "Caucus answers (only ana sees this)" in out
    assert "▌ Caucus commands" in out
    assert "▌   /caucus about: What Caucus is and what it stands for" in out


def test_transcript_shows_scheduled_work_threads_dms_and_events(
    full_demo: tuple[int, str],
) -> None:
    _, out = full_demo
    assert "⏱  clock moves to Thu 03 Dec 2026 00:00 UTC; 1 scheduled job(s) ran" in out
    assert "Caucus posted in DM to ana" in out
    assert "Caucus opened thread “Session 1: " in out
    assert "Caucus scheduled event “Session 1: " in out


def test_summary_counts_the_rest_requests_and_prints_the_time(
    full_demo: tuple[int, str],
) -> None:
    _, out = full_demo
    summary = next(line for line in out.splitlines() if line.startswith("Summary:"))
    requests = int(summary.split(" REST requests")[0].rsplit(" ", 1)[1])
    assert requests > 0
    assert summary.rstrip().endswith(" s")
    assert "finished in " in summary


def test_failing_scene_exits_one_naming_the_scene(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def bot_stays_silent(ctx: DemoContext) -> None:
        """A scene whose expectation fails"""
        ctx.expect(False, "the bot should have answered")

    monkeypatch.setattr(bot.demo.session, "SCENES", (*SCENES[:2], bot_stays_silent))
    code, out = play_demo(capsys)
    assert code == 1
    assert "FAILED in scene bot_stays_silent: DemoFailure: the bot should have answered" in out
    assert "Traceback" not in out
    assert "Summary: 2 scenes played" in out


def test_error_logged_during_the_session_exits_one(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def a_bug_is_logged(ctx: DemoContext) -> None:
        """The bot swallows a bug"""
        logging.getLogger("caucus.errors").error("unhandled error in caucus help")

    monkeypatch.setattr(bot.demo.session, "SCENES", (a_bug_is_logged,))
    code, out = play_demo(capsys)
    assert code == 1
    assert "error logged by the bot: caucus.errors: unhandled error in caucus help" in out


def test_demo_runs_as_a_command_without_a_token() -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(ROOT)}  # no DISCORD_TOKEN, no config
    finished = subprocess.run(
        [sys.executable, "-m", "bot", "demo", "--fast"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "0 OpenAPI violations" in finished.stdout
