"""The reading session life cycle: every move the table allows, and none it does not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.jobs import IllegalTransition
from bot.domain.reading.states import (
    INITIAL,
    SessionState,
    ensure_session_move,
    session_may_move,
    session_states_leading_to,
)
from bot.domain.reading.suggestions import SuggestionState, ensure_suggestion_decision

states = st.sampled_from(list(SessionState))


def reachable_from(start: SessionState) -> set[SessionState]:
    seen, todo = {start}, [start]
    while todo:
        current = todo.pop()
        for target in SessionState:
            if session_may_move(current, target) and target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def test_stored_values_are_the_strings_existing_databases_hold() -> None:
    # No migration: rows written before the enum existed must still read back.
    assert {state.value for state in SessionState} == {
        "scheduled",
        "posted",
        "missed",
        "held",
        "removed",
    }


def test_every_state_is_reachable_from_a_new_session() -> None:
    assert reachable_from(INITIAL) == set(SessionState)


def test_every_unposted_session_can_still_be_posted() -> None:
    # No dead end: whatever a pause or a config edit did, the session can come back and post.
    for state in SessionState:
        assert SessionState.POSTED in reachable_from(state)


@given(states)
def test_a_posted_session_never_moves_again(target: SessionState) -> None:
    assert not session_may_move(SessionState.POSTED, target)
    with pytest.raises(IllegalTransition):
        ensure_session_move(SessionState.POSTED, target)


@given(states)
def test_only_a_scheduled_session_is_posted_or_missed(current: SessionState) -> None:
    for target in (SessionState.POSTED, SessionState.MISSED):
        assert session_may_move(current, target) is (current is SessionState.SCHEDULED)


@given(states)
def test_an_owed_session_only_goes_back_to_the_schedule(target: SessionState) -> None:
    assert session_may_move(SessionState.MISSED, target) is (target is SessionState.SCHEDULED)


@given(states, states)
def test_ensure_refuses_exactly_what_the_table_forbids(
    current: SessionState, target: SessionState
) -> None:
    if session_may_move(current, target):
        ensure_session_move(current, target)
    else:
        with pytest.raises(IllegalTransition, match=f"{current.value}.*{target.value}"):
            ensure_session_move(current, target)


@given(states)
def test_states_leading_to_agree_with_the_table(target: SessionState) -> None:
    assert session_states_leading_to(target) == {
        state for state in SessionState if session_may_move(state, target)
    }


@given(st.lists(states, max_size=30))
def test_a_walk_of_requested_moves_posts_at_most_once(requests: list[SessionState]) -> None:
    current, posts = INITIAL, 0
    for target in requests:
        try:
            ensure_session_move(current, target)
        except IllegalTransition:
            continue
        posts += target is SessionState.POSTED
        current = target
    assert posts <= 1
    if posts:
        assert current is SessionState.POSTED


def test_dated_and_pending_states() -> None:
    assert {s for s in SessionState if not s.is_dated} == {SessionState.HELD, SessionState.REMOVED}
    assert {s for s in SessionState if s.is_pending} == {
        SessionState.SCHEDULED,
        SessionState.HELD,
    }


@given(st.sampled_from(list(SuggestionState)), st.sampled_from(list(SuggestionState)))
def test_a_suggestion_is_decided_once_and_for_good(
    current: SuggestionState, target: SuggestionState
) -> None:
    allowed = current is SuggestionState.PENDING and target is not SuggestionState.PENDING
    if allowed:
        ensure_suggestion_decision(current, target)
    else:
        with pytest.raises(IllegalTransition):
            ensure_suggestion_decision(current, target)
