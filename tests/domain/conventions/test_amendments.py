"""Amendment rules: validation, order, the conflict rule, applying carried ones (with property
tests that try to lose or duplicate lines), and the diff members read."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.conventions.amendments import (
    AmendmentKind,
    Change,
    apply_carried,
    conflicts,
    diff_lines,
    lapse_cause,
    make_change,
    remap,
    voting_order,
)
from bot.domain.conventions.errors import ConventionError

MOTION = tuple(f"line {n}" for n in range(1, 11))


def replace(first: int, last: int, *new: str) -> Change:
    return make_change(AmendmentKind.REPLACE, first, last, new, len(MOTION))


def insert(after: int, *new: str) -> Change:
    return make_change(AmendmentKind.INSERT, after, None, new, len(MOTION))


def delete(first: int, last: int) -> Change:
    return make_change(AmendmentKind.DELETE, first, last, (), len(MOTION))


def test_a_replacement_swaps_its_lines() -> None:
    assert apply_carried(MOTION, [replace(2, 3, "new")])[:3] == ("line 1", "new", "line 4")


def test_an_insertion_after_line_zero_goes_first() -> None:
    assert apply_carried(MOTION, [insert(0, "preamble")])[:2] == ("preamble", "line 1")


def test_a_later_amendment_is_remapped_past_an_earlier_carried_one() -> None:
    # Line 5 moves down by one when lines 2-3 become three lines.
    text = apply_carried(MOTION, [replace(2, 3, "a", "b", "c"), replace(5, 5, "five")])
    assert text[5] == "five"
    assert text.count("line 4") == 1
    assert "line 5" not in text


@pytest.mark.parametrize(
    ("earlier", "later", "lapses"),
    [
        (replace(2, 4, "x"), replace(4, 6, "y"), True),  # overlap on line 4
        (replace(2, 4, "x"), delete(5, 6), False),  # adjacent, no shared line
        (replace(2, 4, "x"), insert(3, "y"), True),  # insertion inside the changed range
        (replace(2, 4, "x"), insert(4, "y"), False),  # insertion right after it
        (replace(2, 4, "x"), insert(1, "y"), False),  # insertion right before it
        (insert(3, "x"), insert(3, "y"), False),  # same place: the later goes after
        (insert(3, "x"), replace(3, 4, "y"), True),  # the insertion falls inside line 3-4
        (delete(1, 10), insert(0, "y"), False),  # at the edge, not inside
    ],
)
def test_the_conflict_rule(earlier: Change, later: Change, lapses: bool) -> None:
    assert conflicts(earlier, later) is lapses
    assert (lapse_cause(later, [(1, earlier)]) == 1) is lapses


def test_two_insertions_at_one_place_keep_their_voting_order() -> None:
    text = apply_carried(MOTION, [insert(3, "first"), insert(3, "second")])
    assert text[2:6] == ("line 3", "first", "second", "line 4")


def test_a_replacement_ending_where_an_insertion_was_made_does_not_swallow_it() -> None:
    text = apply_carried(MOTION, [insert(3, "kept"), replace(2, 3, "two-three")])
    assert text[:4] == ("line 1", "two-three", "kept", "line 4")


def test_applying_a_lapsed_amendment_is_refused() -> None:
    with pytest.raises(ValueError, match="lapsed"):
        apply_carried(MOTION, [replace(2, 4, "x"), replace(3, 3, "y")])


def test_voting_order_is_by_first_line_then_proposal() -> None:
    pairs = [
        (1, replace(5, 5, "a")),
        (2, insert(0, "b")),
        (3, replace(5, 6, "c")),
        (4, delete(1, 2)),
    ]
    assert [n for n, _ in voting_order(pairs)] == [2, 4, 1, 3]


@pytest.mark.parametrize(
    ("kind", "first", "last", "new", "words"),
    [
        (AmendmentKind.REPLACE, 0, 1, ("x",), "lines 1 to 10"),
        (AmendmentKind.REPLACE, 4, 2, ("x",), "first line first"),
        (AmendmentKind.REPLACE, 9, 11, ("x",), "lines 1 to 10"),
        (AmendmentKind.REPLACE, 2, 2, (), "needs the new text"),
        (AmendmentKind.DELETE, 2, 2, ("x",), "brings no new text"),
        (AmendmentKind.INSERT, 11, None, ("x",), "from 0"),
        (AmendmentKind.INSERT, 2, None, (), "needs the new text"),
    ],
)
def test_bad_amendments_are_refused_with_words(
    kind: AmendmentKind, first: int, last: int | None, new: tuple[str, ...], words: str
) -> None:
    with pytest.raises(ConventionError, match=words):
        make_change(kind, first, last, new, len(MOTION))


def test_the_diff_shows_removed_lines_with_numbers_and_new_lines_with_plus() -> None:
    assert diff_lines(MOTION, replace(9, 10, "end")) == [
        "-  9  line 9",
        "- 10  line 10",
        "+     end",
    ]
    assert diff_lines(MOTION, insert(1, "new")) == ["   1  line 1", "+     new"]


def test_descriptions_name_the_lines() -> None:
    assert replace(2, 3, "x").describe() == "replace lines 2-3 with 1 line"
    assert delete(4, 4).describe() == "delete line 4"
    assert insert(0, "a", "b").describe() == "insert 2 lines at the start"


# -- properties ---------------------------------------------------------------------------


@st.composite
def motions_and_changes(draw: st.DrawFn) -> tuple[tuple[str, ...], list[tuple[int, Change]]]:
    length = draw(st.integers(min_value=1, max_value=12))
    motion = tuple(f"orig{n}" for n in range(length))
    changes: list[tuple[int, Change]] = []
    for number in range(draw(st.integers(min_value=0, max_value=6))):
        kind = draw(st.sampled_from(list(AmendmentKind)))
        new = tuple(f"new{number}.{k}" for k in range(draw(st.integers(1, 3))))
        if kind is AmendmentKind.INSERT:
            change = make_change(kind, draw(st.integers(0, length)), None, new, length)
        else:
            first = draw(st.integers(1, length))
            last = draw(st.integers(first, length))
            body = () if kind is AmendmentKind.DELETE else new
            change = make_change(kind, first, last, body, length)
        changes.append((number, change))
    return motion, changes


def carry_what_does_not_lapse(
    changes: list[tuple[int, Change]], carried_mask: list[bool]
) -> tuple[list[Change], list[tuple[int, Change]]]:
    """Walk the voting order as the convention does: lapse, else carry or lose by the mask."""
    carried: list[tuple[int, Change]] = []
    lapsed: list[tuple[int, Change]] = []
    for number, change in voting_order(changes):
        if lapse_cause(change, carried) is not None:
            lapsed.append((number, change))
        elif carried_mask[number]:
            carried.append((number, change))
    return [c for _, c in carried], lapsed


@settings(max_examples=300, deadline=None)
@given(motions_and_changes(), st.lists(st.booleans(), min_size=6, max_size=6))
def test_untouched_lines_survive_once_and_in_order(
    case: tuple[tuple[str, ...], list[tuple[int, Change]]], mask: list[bool]
) -> None:
    motion, changes = case
    carried, _ = carry_what_does_not_lapse(changes, mask)
    text = apply_carried(motion, carried)
    touched = {i for c in carried for i in range(c.start, c.end)}
    untouched = [line for i, line in enumerate(motion) if i not in touched]
    survivors = [line for line in text if line.startswith("orig")]
    assert survivors == untouched  # none lost, none duplicated, order kept
    new_lines = [line for c in carried for line in c.new_lines]
    assert sorted(line for line in text if line.startswith("new")) == sorted(new_lines)
    assert len(text) == len(motion) + sum(len(c.new_lines) - (c.end - c.start) for c in carried)


@settings(max_examples=300, deadline=None)
@given(motions_and_changes(), st.lists(st.booleans(), min_size=6, max_size=6))
def test_remapping_puts_each_untouched_line_where_it_ends_up(
    case: tuple[tuple[str, ...], list[tuple[int, Change]]], mask: list[bool]
) -> None:
    motion, changes = case
    carried, _ = carry_what_does_not_lapse(changes, mask)
    text = apply_carried(motion, carried)
    touched = {i for c in carried for i in range(c.start, c.end)}
    for i, line in enumerate(motion):
        if i not in touched:
            single = Change(AmendmentKind.REPLACE, i, i + 1, ("x",))
            assert text[remap(single.start, carried)] == line
            assert remap(single.end, carried, closing=True) == remap(single.start, carried) + 1


@settings(max_examples=300, deadline=None)
@given(motions_and_changes(), st.lists(st.booleans(), min_size=6, max_size=6))
def test_a_lapsed_amendment_changes_nothing(
    case: tuple[tuple[str, ...], list[tuple[int, Change]]], mask: list[bool]
) -> None:
    motion, changes = case
    carried, lapsed = carry_what_does_not_lapse(changes, mask)
    text = apply_carried(motion, carried)
    # Taking every lapsed amendment off the agenda, or flipping how its (never held) vote
    # would have gone, gives the very same text.
    gone = {n for n, _ in lapsed}
    kept = [(n, c) for n, c in changes if n not in gone]
    assert apply_carried(motion, carry_what_does_not_lapse(kept, mask)[0]) == text
    flipped = [not carry if n in gone else carry for n, carry in enumerate(mask)]
    assert apply_carried(motion, carry_what_does_not_lapse(changes, flipped)[0]) == text
    for _, change in lapsed:
        assert any(conflicts(c, change) for c in carried)
