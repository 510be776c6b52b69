"""Plays the demo: a fake Discord on 127.0.0.1, a temporary SQLite database, the real bot, SCENES.

Nothing here needs a Discord token or the network: the fake accepts any token.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from rich.console import Console

from bot.clock import ManualClock
from bot.runtime import open_database
from caucus_demo.fake_discord import FakeDiscord
from caucus_demo.scenes import DEMO_CONFIG, SCENES, DemoContext, Scene, scene_title
from caucus_demo.stage import BRANCH_TIMEZONE, branch_settings, build_branch, running_stage
from caucus_demo.transcript import Observer, Transcript, local_time

# A Tuesday afternoon; scenes move the clock from here.
DEMO_START = dt.datetime(2026, 12, 1, 15, 0, tzinfo=dt.UTC)


@dataclass
class DemoOutcome:
    scenes_played: int = 0
    requests: int = 0
    violations: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failure: BaseException | None = None
    failed_scene: str | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None and not self.violations and not self.errors


async def play(
    console: Console, *, pause: float = 0.0, scenes: tuple[Scene, ...] | None = None
) -> DemoOutcome:
    """Runs the scenes (default: SCENES) in order; stops at the first that fails.

    A failing scene is reported in the outcome, not raised.
    """
    scenes = SCENES if scenes is None else scenes
    outcome = DemoOutcome()
    with tempfile.TemporaryDirectory(prefix="caucus-demo-") as directory:
        database_url = f"sqlite+aiosqlite:///{Path(directory) / 'demo.sqlite3'}"
        async with FakeDiscord() as fake:
            branch = build_branch(fake)
            settings = branch_settings(branch, database_url=database_url, **DEMO_CONFIG)
            # The ballot master key file (secret votes) goes there too, never into ./data.
            settings = settings.model_copy(
                update={"bot": settings.bot.model_copy(update={"data_dir": Path(directory)})}
            )
            console.print(
                f"Caucus demo: the real bot against a fake Discord on 127.0.0.1:{fake.port}, "
                "database in a temporary directory, clock starting "
                f"{local_time(DEMO_START, ZoneInfo(BRANCH_TIMEZONE), year=True)} "
                f"(times as the branch's members in {BRANCH_TIMEZONE} see them)"
            )
            async with (
                open_database(settings) as engine,
                running_stage(fake, branch, settings, engine, ManualClock(DEMO_START)) as stage,
            ):
                transcript = Transcript(console, Observer(fake, zone=ZoneInfo(BRANCH_TIMEZONE)))
                context = DemoContext(stage, transcript)
                for number, scene in enumerate(scenes, start=1):
                    transcript.scene(number, scene_title(scene))
                    try:
                        await scene(context)
                        # What the bot still does after its last answer belongs to this scene.
                        await stage.quiet()
                        transcript.show_changes()
                    except Exception as error:
                        outcome.failure, outcome.failed_scene = error, scene.__name__
                        break
                    outcome.scenes_played += 1
                    if pause:
                        await asyncio.sleep(pause)
                outcome.errors = stage.errors.describe()
            outcome.requests = len(fake.requests)
            outcome.violations = [str(v) for v in fake.violations]
    return outcome


def summary_line(outcome: DemoOutcome, elapsed: float) -> str:
    return (
        f"{outcome.scenes_played} scenes played, {outcome.requests} REST requests, "
        f"{len(outcome.violations)} OpenAPI violations, {len(outcome.errors)} errors logged; "
        f"finished in {elapsed:.2f} s"
    )
