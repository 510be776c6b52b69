"""Numbered text, paging under Discord's limits, the agenda's states and the quorum."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.conventions.agenda import (
    ConventionState,
    ItemState,
    Quorum,
    ensure_convention_move,
    ensure_item_move,
    next_item,
)
from bot.domain.conventions.errors import ConventionError
from bot.domain.conventions.text import (
    EMBED_DESCRIPTION_LIMIT,
    LINE_WIDTH,
    MESSAGE_LIMIT,
    numbered,
    pages,
    split_lines,
)


def test_split_lines_keeps_inner_blank_lines_and_drops_outer_ones() -> None:
    assert split_lines("\n\nA\r\n\nB  \n\n") == ("A", "", "B")


def test_a_long_paragraph_is_wrapped_into_numbered_lines_losing_no_word() -> None:
    paragraph = " ".join(f"word{n}" for n in range(200))
    lines = split_lines(f"Title\n{paragraph}\n\nEnd")
    assert lines[0] == "Title"
    assert all(len(line) <= LINE_WIDTH for line in lines)
    assert " ".join(lines[1:-2]) == paragraph
    assert lines[-2:] == ("", "End")


def test_too_many_lines_are_refused_with_words() -> None:
    with pytest.raises(ConventionError, match="at most 2000 numbered lines"):
        split_lines("x\n" * 2001)


def test_numbers_are_right_aligned() -> None:
    assert numbered(["a"] * 10)[0] == " 1  a"
    assert numbered(["a"] * 10)[9] == "10  a"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet="ab ", max_size=300), max_size=80),
    st.sampled_from([MESSAGE_LIMIT, EMBED_DESCRIPTION_LIMIT, 120]),
    st.integers(min_value=0, max_value=20),
)
def test_pages_respect_the_limit_and_lose_nothing(
    lines: list[str], limit: int, overhead: int
) -> None:
    result = pages(lines, limit, overhead=overhead)
    assert all(len(page) <= limit - overhead for page in result)
    if all(len(line) <= limit - overhead for line in lines):
        # No line is split: the pages are exactly the lines, grouped.
        assert [line for page in result for line in page.split("\n")] == (lines or [])
    assert "".join(p.replace("\n", "") for p in result) == "".join(lines)


def test_a_line_longer_than_a_page_is_cut_only_then() -> None:
    result = pages(["x" * 250, "short"], 100)
    assert result == ["x" * 100, "x" * 100, "x" * 50 + "\nshort"]


def test_item_states_move_forward_only() -> None:
    ensure_item_move(ItemState.PENDING, ItemState.OPEN)
    with pytest.raises(ConventionError, match="done cannot become open"):
        ensure_item_move(ItemState.DONE, ItemState.OPEN)
    with pytest.raises(ConventionError):
        ensure_convention_move(ConventionState.CLOSED, ConventionState.IN_SESSION)


def test_next_item_is_the_first_pending() -> None:
    assert next_item([ItemState.DONE, ItemState.SKIPPED, ItemState.PENDING]) == 2
    assert next_item([ItemState.DONE]) is None


def test_quorum_by_share_and_count() -> None:
    quorum = Quorum(share=Fraction(1, 2), count=3)
    assert quorum.needed(4) == 3  # the count is larger
    assert quorum.needed(10) == 5
    assert quorum.met(5, 10)
    assert not quorum.met(4, 10)
    with pytest.raises(ConventionError):
        Quorum(share=Fraction(3, 2))
