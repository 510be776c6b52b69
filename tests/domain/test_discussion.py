from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.discussion import (
    PileOnRule,
    PileOnWatch,
    Reply,
    StackEntry,
    piled_on,
    stack_order,
)

T0 = dt.datetime(2026, 12, 4, 0, 0, tzinfo=dt.UTC)
RULE = PileOnRule(max_replies=3, window=dt.timedelta(minutes=10))


def entry(member_id: int, minute: int) -> StackEntry:
    return StackEntry(member_id, f"m{member_id}", T0 + dt.timedelta(minutes=minute))


def reply(minute: float, author: int, target: int = 1) -> Reply:
    return Reply(T0 + dt.timedelta(minutes=minute), author, target)


def test_new_speakers_go_before_members_who_have_spoken() -> None:
    waiting = [entry(1, 0), entry(2, 1), entry(3, 2), entry(4, 3)]

    order = stack_order(waiting, spoken={1, 3}, new_speakers_first=True)

    assert [e.member_id for e in order] == [2, 4, 1, 3]


def test_without_progressive_order_the_stack_is_first_come_first_served() -> None:
    waiting = [entry(3, 2), entry(1, 0), entry(2, 1)]

    order = stack_order(waiting, spoken={1}, new_speakers_first=False)

    assert [e.member_id for e in order] == [1, 2, 3]


@given(
    st.lists(st.integers(0, 50), unique=True, max_size=12),
    st.sets(st.integers(0, 50)),
)
def test_stack_order_is_a_permutation_with_every_new_speaker_first(
    members: list[int], spoken: set[int]
) -> None:
    waiting = [entry(member, minute) for minute, member in enumerate(reversed(members))]

    order = stack_order(waiting, spoken, new_speakers_first=True)

    assert sorted(e.member_id for e in order) == sorted(members)
    flags = [e.member_id in spoken for e in order]
    assert flags == sorted(flags)


def test_more_replies_than_allowed_within_the_window_is_a_pile_on() -> None:
    replies = [reply(m, author) for m, author in ((0, 2), (1, 3), (2, 4), (3, 5))]

    assert piled_on(replies, T0 + dt.timedelta(minutes=3), RULE) == 1


def test_exactly_the_allowed_number_of_replies_is_not_a_pile_on() -> None:
    replies = [reply(m, author) for m, author in ((0, 2), (1, 3), (2, 4))]

    assert piled_on(replies, T0 + dt.timedelta(minutes=2), RULE) is None


def test_replies_older_than_the_window_do_not_count() -> None:
    replies = [reply(0, 2), reply(1, 3), reply(11, 4), reply(12, 5)]

    assert piled_on(replies, T0 + dt.timedelta(minutes=12), RULE) is None


def test_replies_to_oneself_do_not_count() -> None:
    replies = [reply(m, 1) for m in range(6)]

    assert piled_on(replies, T0 + dt.timedelta(minutes=5), RULE) is None


def test_the_member_with_most_replies_is_named() -> None:
    replies = [reply(m / 10, 10 + m, target=1) for m in range(4)]
    replies += [reply(1 + m / 10, 20 + m, target=2) for m in range(5)]

    assert piled_on(replies, T0 + dt.timedelta(minutes=2), RULE) == 2


def test_watch_reminds_once_per_window() -> None:
    watch = PileOnWatch()
    results = [watch.observe(reply(m, 100 + m), RULE) for m in range(8)]

    assert results == [None, None, None, 1, None, None, None, None]


def test_watch_reminds_again_after_the_window_has_passed() -> None:
    watch = PileOnWatch()
    for m in range(4):
        watch.observe(reply(m, 100 + m), RULE)

    later = [watch.observe(reply(20 + m, 200 + m), RULE) for m in range(4)]

    assert later == [None, None, None, 1]


def test_watch_forgets_replies_outside_the_window() -> None:
    watch = PileOnWatch()
    for m in range(3):
        watch.observe(reply(m, 100 + m), RULE)

    assert watch.observe(reply(30, 200), RULE) is None
    assert len(watch.recent) == 1
