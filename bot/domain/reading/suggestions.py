"""Rules for discussion prompts that members suggest: 10 to 300 characters, no mentions."""

from __future__ import annotations

import re
from enum import Enum, StrEnum

from bot.domain.jobs import IllegalTransition
from bot.domain.reading.prompts import DiscussionPrompt, PromptSource

MIN_SUGGESTION_CHARS = 10
MAX_SUGGESTION_CHARS = 300
# User, nickname, role and channel mentions, and the two mass pings.
_MENTION = re.compile(r"<@[!&]?\d+>|<#\d+>|@everyone|@here", re.IGNORECASE)


class SuggestionProblem(Enum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    MENTION = "mention"


class SuggestionError(ValueError):
    def __init__(self, problem: SuggestionProblem, message: str) -> None:
        super().__init__(message)
        self.problem = problem


def validate_suggestion(text: str) -> DiscussionPrompt:
    """A member's suggested prompt, whitespace tidied, or a SuggestionError saying why not."""
    cleaned = " ".join(text.split())
    if _MENTION.search(cleaned):
        raise SuggestionError(
            SuggestionProblem.MENTION,
            "a suggested prompt cannot mention members, roles or channels",
        )
    if len(cleaned) < MIN_SUGGESTION_CHARS:
        raise SuggestionError(
            SuggestionProblem.TOO_SHORT,
            f"a suggested prompt needs at least {MIN_SUGGESTION_CHARS} characters",
        )
    if len(cleaned) > MAX_SUGGESTION_CHARS:
        raise SuggestionError(
            SuggestionProblem.TOO_LONG,
            f"a suggested prompt can have at most {MAX_SUGGESTION_CHARS} characters "
            f"(this one has {len(cleaned)})",
        )
    return DiscussionPrompt(cleaned, PromptSource.MEMBER)


class SuggestionState(StrEnum):
    """A suggested prompt waits for one organizer's decision, which is final."""

    PENDING = "pending"
    APPROVED = "approved"  # in the pool of prompts sessions draw from
    REJECTED = "rejected"


def ensure_suggestion_decision(current: SuggestionState, target: SuggestionState) -> None:
    if current is not SuggestionState.PENDING or target is SuggestionState.PENDING:
        raise IllegalTransition(f"a {current.value} suggestion cannot become {target.value}")
