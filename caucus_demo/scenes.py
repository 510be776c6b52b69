"""The scripted `caucus demo` session: SCENES, played in order, and the branch's config.

A feature adds its scenes (see caucus_demo/context.py for what a scene is) and any config section
it needs to DEMO_CONFIG. Later scenes may rely on the people and state earlier ones made.
"""

from __future__ import annotations

from typing import Any

from caucus_demo.caucus_scenes import about_caucus, asking_for_help, members_join, the_bot_arrives
from caucus_demo.context import DemoContext, DemoFailure, Scene, scene_title
from caucus_demo.faction_scenes import (
    a_faction_forms_mid_term,
    the_faction_endorses_a_candidate,
    the_faction_files_a_minority_report,
    the_faction_publishes_a_counter_proposal,
)
from caucus_demo.reading_extra_scenes import (
    a_post_missed_during_downtime,
    an_organizer_adds_a_document,
    blind_first_answers,
    members_suggest_prompts,
)
from caucus_demo.reading_scenes import (
    READING_CONFIG,
    a_session_is_posted,
    catching_up_on_the_corpus,
    members_respond,
    organizers_adjust_the_plan,
    reminders_by_dm,
    the_reading_plan,
)
from caucus_demo.summary_scenes import (
    SUMMARIES_CONFIG,
    a_debate_in_the_session_thread,
    a_speakers_stack,
    opting_out_of_summaries,
    summarizing_the_thread,
    the_session_closes_with_a_summary,
)
from caucus_demo.vote_scenes import (
    a_motion_decided_on_the_clock,
    an_election_opens,
    ranking_candidates,
    the_count_is_published,
)

__all__ = ["DEMO_CONFIG", "SCENES", "DemoContext", "DemoFailure", "Scene", "scene_title"]

# Guild config sections beyond channels and roles (as in a config file's [[guilds]] table).
DEMO_CONFIG: dict[str, Any] = {"reading": READING_CONFIG, "summaries": SUMMARIES_CONFIG}

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
    a_debate_in_the_session_thread,
    summarizing_the_thread,
    opting_out_of_summaries,
    a_speakers_stack,
    the_session_closes_with_a_summary,
    members_suggest_prompts,
    an_organizer_adds_a_document,
    blind_first_answers,
    a_post_missed_during_downtime,
    a_motion_decided_on_the_clock,
    an_election_opens,
    a_faction_forms_mid_term,
    the_faction_publishes_a_counter_proposal,
    the_faction_endorses_a_candidate,
    ranking_candidates,
    the_count_is_published,
    the_faction_files_a_minority_report,
)
