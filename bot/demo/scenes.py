"""The scripted `caucus demo` session: SCENES, played in order, and the branch's config.

A feature adds its scenes (see bot/demo/context.py for what a scene is) and any config section
it needs to DEMO_CONFIG. Later scenes may rely on the people and state earlier ones made.
"""

from __future__ import annotations

from typing import Any

from bot.demo.caucus_scenes import about_caucus, asking_for_help, members_join, the_bot_arrives
from bot.demo.context import DemoContext, DemoFailure, Scene, scene_title
from bot.demo.reading_scenes import (
    READING_CONFIG,
    a_session_is_posted,
    catching_up_on_the_corpus,
    members_respond,
    organizers_adjust_the_plan,
    reminders_by_dm,
    the_reading_plan,
)

__all__ = ["DEMO_CONFIG", "SCENES", "DemoContext", "DemoFailure", "Scene", "scene_title"]

# Guild config sections beyond channels and roles (as in a config file's [[guilds]] table).
DEMO_CONFIG: dict[str, Any] = {"reading": READING_CONFIG}

SCENES: tuple[Scene, ...] = (
    the_bot_arrives,
    members_join,
    asking_for_help,
    about_caucus,
    the_reading_plan,
    catching_up_on_the_corpus,
    reminders_by_dm,
    a_session_is_posted,
    members_respond,
    organizers_adjust_the_plan,
)
