"""The scripted `caucus demo` session: SCENES, played in order, and the branch's config.

A feature adds its scenes (see caucus_demo/context.py for what a scene is) and any config section
it needs to DEMO_CONFIG. Later scenes may rely on the people and state earlier ones made.
"""

from __future__ import annotations

from typing import Any

from caucus_demo.caucus_scenes import about_caucus, asking_for_help, members_join, the_bot_arrives
from caucus_demo.context import DemoContext, DemoFailure, Scene, scene_title
from caucus_demo.convention_scenes import a_convention_with_amendments
from caucus_demo.faction_scenes import (
    a_faction_forms_mid_term,
    the_faction_endorses_a_candidate,
    the_faction_files_a_minority_report,
    the_faction_publishes_a_counter_proposal,
)
from caucus_demo.more_vote_scenes import (
    a_roll_call_vote,
    keeping_track_of_votes,
    polls_and_a_changed_ballot,
    ranked_votes_by_two_methods,
)
from caucus_demo.reading_extra_scenes import (
    a_post_missed_during_downtime,
    an_organizer_adds_a_document,
    blind_first_answers,
    members_suggest_prompts,
    the_missed_session_is_posted_late,
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
from caucus_demo.teller_scenes import tellers_open_the_ballots
from caucus_demo.upkeep_scenes import (
    a_faction_keeps_its_record,
    a_nominee_declines_and_a_candidate_withdraws,
    a_suggestion_turned_down,
    an_organizer_checks_the_bot,
    the_faction_votes_to_dissolve,
    the_plan_bends_around_a_break,
    the_record_anyone_can_check,
    the_stack_between_speakers,
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
    an_organizer_checks_the_bot,
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
    the_missed_session_is_posted_late,
    the_plan_bends_around_a_break,
    a_motion_decided_on_the_clock,
    an_election_opens,
    a_faction_forms_mid_term,
    the_faction_publishes_a_counter_proposal,
    the_faction_endorses_a_candidate,
    ranking_candidates,
    the_count_is_published,
    the_faction_files_a_minority_report,
    polls_and_a_changed_ballot,
    ranked_votes_by_two_methods,
    a_roll_call_vote,
    keeping_track_of_votes,
    the_record_anyone_can_check,
    a_nominee_declines_and_a_candidate_withdraws,
    the_stack_between_speakers,
    a_faction_keeps_its_record,
    the_faction_votes_to_dissolve,
    a_suggestion_turned_down,
    tellers_open_the_ballots,
    a_convention_with_amendments,
)
