"""`caucus demo`: the real bot plays its scripted session against the fake and says how it went."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest

import bot.cli
import caucus_demo.session
from bot.cli import main
from caucus_demo.scenes import SCENES, DemoContext

ROOT = Path(__file__).resolve().parents[2]


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
    assert "⏱  clock moves to Wed 02 Dec 2026 19:00 EST; 1 scheduled job(s) ran" in out
    assert "Caucus posted in DM to ana" in out
    assert "Caucus opened thread “Session 1: " in out
    assert "Caucus scheduled event “Session 1: " in out


def readme_slash_commands() -> list[str]:
    """Every command in the README's table of slash commands ("vote create", "audit")."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^\| `/([a-z][a-z -]*?)`", text, re.MULTILINE)


def test_every_slash_command_in_the_readme_appears_in_the_demo(
    full_demo: tuple[int, str],
) -> None:
    _, out = full_demo
    commands = readme_slash_commands()
    assert len(commands) >= 54
    missing = [c for c in commands if not re.search(rf"» \S+ /{re.escape(c)}(\s|$)", out)]
    assert missing == []


def test_the_demo_shows_times_in_the_branch_zone_as_its_members_see_them(
    full_demo: tuple[int, str],
) -> None:
    _, out = full_demo
    assert "times as the branch's members in America/New_York see them" in out
    assert " UTC" not in out


def test_the_demo_shows_polls_ranked_methods_roll_call_and_a_changed_ballot(
    full_demo: tuple[int, str],
) -> None:
    _, out = full_demo
    for title in (
        "Polls: one choice or approve several, and a member changes her ballot",
        "Ranked votes: the same ballots counted by Schulze and by instant runoff",
        "A roll-call motion: ballots are public",
        "Only its members can dissolve a faction: they vote on it",
    ):
        assert title in out
    assert "Only ana's latest ballot counts" in out


def test_transcript_shows_the_reading_extras(full_demo: tuple[int, str]) -> None:
    _, out = full_demo
    assert "Thanks — suggestion #1 is waiting for an organizer." in out
    assert "Approved #1." in out
    assert "Session 3 · An Open Bulletin for Rivers…" in out
    assert "Saved. This group reads blind-first" in out
    assert "No visible responses to session 2 yet." in out
    assert "2 responses, revealed together" in out
    assert "Blind-first: nobody saw another's answer before writing their own." in out
    assert "Reading session 3 was due Thu 24 Dec 19:00 EST while Caucus was offline" in out


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

    monkeypatch.setattr(caucus_demo.session, "SCENES", (*SCENES[:2], bot_stays_silent))
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

    monkeypatch.setattr(caucus_demo.session, "SCENES", (a_bug_is_logged,))
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
        timeout=300,  # generous: CI machines are shared
        check=False,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "0 OpenAPI violations" in finished.stdout


def test_demo_is_a_plugin_of_the_demo_extra_not_part_of_the_runtime_cli() -> None:
    from importlib.metadata import entry_points

    declared = {point.value for point in entry_points(group=bot.cli.PLUGIN_GROUP)}
    assert "caucus_demo.cli" in declared
    assert "caucus_demo" not in (ROOT / "bot" / "cli" / "__init__.py").read_text()


def test_demo_without_the_demo_extra_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_find_spec = importlib.util.find_spec

    def without_jsonschema(name: str, *args: object) -> object:
        return None if name == "jsonschema" else real_find_spec(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(importlib.util, "find_spec", without_jsonschema)
    assert main(["demo", "--fast"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'caucus[demo]'" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "pause"), [([], 0.0), (["--pause", "0.2"], 0.2), (["--pause", "0.2", "--fast"], 0.0)]
)
def test_the_default_run_does_not_pause_between_scenes(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    pause: float,
) -> None:
    asked: list[float] = []

    async def no_scenes(console: object, *, pause: float = 0.0) -> caucus_demo.session.DemoOutcome:
        asked.append(pause)
        return caucus_demo.session.DemoOutcome()

    monkeypatch.setattr(caucus_demo.session, "play", no_scenes)
    assert main(["demo", *argv]) == 0
    assert asked == [pause]


@pytest.mark.parametrize("value", ["-1", "abc", "nan", "61"])
def test_a_bad_pause_is_one_clear_error(capsys: pytest.CaptureFixture[str], value: str) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["demo", "--pause", value])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "argument --pause" in err
    assert "Traceback" not in err
