from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.reading.portions import split_document

from .helpers import make_document, portion_sizes


def test_short_tail_merges_when_the_merge_stays_within_bounds() -> None:
    document = make_document("d", [100, 100, 20])
    assert portion_sizes(split_document(document, 100)) == [100, 120]


def test_short_tail_stays_a_short_final_session_when_merging_would_overflow() -> None:
    document = make_document("d", [100, 100, 30])
    assert portion_sizes(split_document(document, 100)) == [100, 100, 30]


def test_paragraph_longer_than_the_upper_bound_is_a_portion_of_its_own() -> None:
    document = make_document("d", [40, 400, 90])
    assert portion_sizes(split_document(document, 100)) == [40, 400, 90]


def test_cuts_fall_on_section_boundaries_when_bounds_allow() -> None:
    # [60, 60] | [60, 60] (cut at the boundary) beats [60] [60, 60] [60] (short, mid-section).
    document = make_document("d", [60, 60], [60, 60])
    portions = split_document(document, 100)
    assert portion_sizes(portions) == [120, 120]
    assert [p.section_titles for p in portions] == [("Section 1",), ("Section 2",)]


def test_section_boundary_is_preferred_over_a_closer_length() -> None:
    # Section 1 ends after 90 words; continuing to 100 would cut section 2 mid-way.
    document = make_document("d", [50, 40], [10, 50, 40])
    portions = split_document(document, 100)
    assert portions[0].last_paragraph == 1


def test_document_shorter_than_the_lower_bound_is_one_portion() -> None:
    document = make_document("d", [10, 20])
    assert portion_sizes(split_document(document, 100)) == [30]


def test_portion_reports_paragraph_range_and_text() -> None:
    document = make_document("d", [30, 30], [30])
    (portion,) = split_document(document, 90)
    assert (portion.first_paragraph, portion.last_paragraph, portion.words) == (0, 2, 90)
    assert portion.text.count("\n\n") == 2


@given(
    sections=st.lists(
        st.lists(st.integers(1, 400), min_size=1, max_size=8), min_size=1, max_size=6
    ),
    target=st.integers(50, 500),
)
def test_portions_cover_every_paragraph_once_and_respect_the_upper_bound(
    sections: list[list[int]], target: int
) -> None:
    document = make_document("d", *sections)
    portions = split_document(document, target)
    indexes = [p.index for portion in portions for p in portion.paragraphs]
    assert indexes == list(range(len(document.paragraphs)))
    for portion in portions:
        assert len(portion.paragraphs) == 1 or portion.words <= 1.25 * target


@given(
    sections=st.lists(st.lists(st.integers(1, 60), min_size=1, max_size=8), min_size=1, max_size=6)
)
def test_small_paragraphs_give_portions_within_bounds_except_a_final_one(
    sections: list[list[int]],
) -> None:
    # With paragraphs at most 60 words and a 200-word target, a cutting within +-25% exists
    # for everything but the end of the document.
    document = make_document("d", *sections)
    portions = split_document(document, 200)
    for portion in portions[:-1]:
        assert 150 <= portion.words <= 250


def test_same_input_gives_the_same_portions() -> None:
    document = make_document("d", [70, 20, 55], [90, 10, 10, 80], [33])
    assert split_document(document, 120) == split_document(document, 120)
