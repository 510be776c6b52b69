"""`caucus demo`: the real bot plays its scripted session against the fake and says how it went."""

from __future__ import annotations

import contextlib
import io
import logging
import re
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
def demo_directory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The working directory of the shared run, to show it leaves nothing behind."""
    return tmp_path_factory.mktemp("demo-cwd")


@pytest.fixture(scope="module")
def full_demo(demo_directory: Path) -> tuple[int, str]:
    """One full run shared by the tests that only read its transcript (about 4 s each)."""
    out = io.StringIO()
    with contextlib.chdir(demo_directory), contextlib.redirect_stdout(out):
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


def test_transcript_shows_the_reading_extras(full_demo: tuple[int, str]) -> None:
    _, out = full_demo
    assert "Thanks — suggestion #1 is waiting for an organizer." in out
    assert "Approved #1." in out
    assert "Session 3 · An Open Bulletin for Rivers…" in out
    assert "Saved. This group reads blind-first" in out
    assert "No visible responses to session 2 yet." in out
    assert "2 responses, revealed together" in out
    assert "Blind-first: nobody saw another's answer before writing their own." in out
    assert "Reading session 3 was due Fri 25 Dec 00:00 UTC while Caucus was offline" in out


def test_transcript_shows_summaries_and_the_speakers_stack(full_demo: tuple[int, str]) -> None:
    _, out = full_demo
    assert "» dan replies to ben: “That's wrong, the culture came from the top.”" in out
    assert "A reminder of our discussion norms" in out
    assert re.search(r"▌ 1\. \d+ people: ", out)
    assert "↗ (jump link)" in out
    assert "Done: summaries will not quote or count your messages" in out
    assert "▌ Session 1: the discussion in summary" in out
    assert "▌ 1. fay (new voice)" in out
    assert "fay has the floor." in out


def test_transcript_shows_a_motion_from_ballot_to_result(full_demo: tuple[int, str]) -> None:
    _, out = full_demo
    assert "is created and open. Who may vote: members with the" in out
    assert "» ben clicks [Vote]" in out
    assert "You have already voted, and ballots in this vote cannot be changed." in out
    assert "Reminder: the vote Give $200 to the bus drivers' strike fund closes" in out
    assert "▌ The motion is carried." in out
    assert "▌   Turnout: 5 of 7 on the roll (71.4%)" in out
    assert "▌   Threshold: at least 2/3 of yes + no: met" in out
    assert "📎 vote-1-ballots.csv" in out


def test_transcript_shows_an_stv_election_and_a_verified_ballot(
    full_demo: tuple[int, str],
) -> None:
    _, out = full_demo
    assert "You accepted your nomination in election #2." in out
    assert "Caucus opened thread “Q&A: ben (vote #2)” in #votes" in out
    assert "▌   Who may vote: Members with the Members role — 7 people." in out
    assert "» ana chooses ana" in out
    assert "» ben submits the form (ranking: ben, ana)" in out
    assert "▌ Elected: ana, ben" in out
    assert re.search(r"▌     2\. ana's surplus +3\.00 +2\.75 +1\.25", out)
    assert "📎 count.png" in out
    assert "📎 vote-2-ballots.blt" in out
    assert "was counted as: 1. ana, 2. ben" in out


def test_demo_leaves_nothing_in_the_working_directory(
    full_demo: tuple[int, str], demo_directory: Path
) -> None:
    code, _ = full_demo
    assert code == 0
    assert list(demo_directory.iterdir()) == []  # e.g. no data/ballot-master.key


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
