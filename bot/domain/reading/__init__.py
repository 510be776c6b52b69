"""Reading plans: portions of documents on a weekly schedule, excerpts and discussion prompts."""

from bot.domain.reading.adjustments import (
    Adjustment,
    AdjustmentKind,
    Pause,
    Reschedule,
    Resume,
    SkipWeek,
    adjustment_from_dict,
    adjustment_to_dict,
)
from bot.domain.reading.errors import PlanError
from bot.domain.reading.excerpts import EmbedChunk, ExcerptMessage, split_excerpt
from bot.domain.reading.plan import (
    Anchor,
    HeldSession,
    ReadingPlan,
    Session,
    build_plan,
    plan_to_json_lines,
)
from bot.domain.reading.portions import Portion, split_document, split_paragraphs
from bot.domain.reading.prompts import (
    DiscussionPrompt,
    PromptSource,
    corpus_stats,
    session_prompts,
)
from bot.domain.reading.spec import PlanSpec
from bot.domain.reading.suggestions import SuggestionError, SuggestionProblem, validate_suggestion

__all__ = [
    "Adjustment",
    "AdjustmentKind",
    "Anchor",
    "DiscussionPrompt",
    "EmbedChunk",
    "ExcerptMessage",
    "HeldSession",
    "Pause",
    "PlanError",
    "PlanSpec",
    "Portion",
    "PromptSource",
    "ReadingPlan",
    "Reschedule",
    "Resume",
    "Session",
    "SkipWeek",
    "SuggestionError",
    "SuggestionProblem",
    "adjustment_from_dict",
    "adjustment_to_dict",
    "build_plan",
    "corpus_stats",
    "plan_to_json_lines",
    "session_prompts",
    "split_document",
    "split_excerpt",
    "split_paragraphs",
    "validate_suggestion",
]
