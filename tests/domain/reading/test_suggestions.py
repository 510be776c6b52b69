from __future__ import annotations

import pytest

from bot.domain.reading import PromptSource, SuggestionError, SuggestionProblem, validate_suggestion


def test_valid_suggestion_is_tidied_and_marked_as_a_member_prompt() -> None:
    prompt = validate_suggestion("  What does   “cadre” mean\nhere?  ")
    assert prompt.text == "What does “cadre” mean here?"
    assert prompt.source is PromptSource.MEMBER


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Why?", SuggestionProblem.TOO_SHORT),
        ("x" * 301, SuggestionProblem.TOO_LONG),
        ("What would <@123456789> say about this?", SuggestionProblem.MENTION),
        ("What would <@!123456789> say about this?", SuggestionProblem.MENTION),
        ("Should <@&42> organise this part?", SuggestionProblem.MENTION),
        ("Discuss in <#987654321> instead please", SuggestionProblem.MENTION),
        ("@everyone what do you think of this?", SuggestionProblem.MENTION),
        ("Hey @here what do you think of this?", SuggestionProblem.MENTION),
    ],
)
def test_invalid_suggestions_are_refused_with_their_problem(
    text: str, problem: SuggestionProblem
) -> None:
    with pytest.raises(SuggestionError) as caught:
        validate_suggestion(text)
    assert caught.value.problem is problem


def test_length_limits_are_inclusive() -> None:
    assert validate_suggestion("x" * 10).text == "x" * 10
    assert validate_suggestion("x" * 300).text == "x" * 300
