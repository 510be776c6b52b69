"""Plans re-cut around anchors (posted sessions): config edits never skip or repeat."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.reading import Anchor, PlanSpec, build_plan
from bot.domain.reading.changes import PlannedSlot, plan_changes, settings_diff

from .helpers import make_document

DOCS = {
    "a": make_document("a", [100] * 4),
    "b": make_document("b", [100] * 6),
    "c": make_document("c", [100] * 2),
}


def _spec(docs: tuple[str, ...], words: int = 100) -> PlanSpec:
    return PlanSpec(docs, 3, time(19, 0), "America/New_York", date(2026, 12, 3), words)


def _anchors(plan_sessions: object, upto: int) -> list[Anchor]:
    return [
        Anchor(s.number, s.portion.document_id, s.portion.first_paragraph, s.portion.last_paragraph)
        for s in plan_sessions  # type: ignore[attr-defined]
        if s.number <= upto
    ]


def _read(plan: object) -> list[tuple[str, int]]:
    return [
        (p.document_id, paragraph.index)
        for p in plan.portions  # type: ignore[attr-defined]
        for paragraph in p.paragraphs
    ]


def test_removing_a_read_document_keeps_the_next_one_whole() -> None:
    first = build_plan(_spec(("a", "b")), DOCS)
    posted = _anchors(first.sessions, 5)  # a (4 sessions) and the first paragraph of b
    after = build_plan(_spec(("b",)), DOCS, anchors=posted)
    assert _read(after) == _read(first)
    assert [s.number for s in after.sessions] == list(range(1, 11))


def test_a_new_session_length_recuts_only_what_is_unread() -> None:
    first = build_plan(_spec(("a", "b")), DOCS)
    posted = _anchors(first.sessions, 5)
    after = build_plan(_spec(("a", "b"), words=200), DOCS, anchors=posted)
    assert _read(after) == _read(first)
    assert [s.portion.words for s in after.sessions[5:]] == [200, 200, 100]
    assert after.sessions[5].portion.first_paragraph == 1


def test_reordering_reads_unread_documents_in_the_new_order_and_nothing_twice() -> None:
    first = build_plan(_spec(("a", "b", "c")), DOCS)
    posted = _anchors(first.sessions, 2)
    after = build_plan(_spec(("c", "b", "a")), DOCS, anchors=posted)
    read = _read(after)
    assert len(read) == len(set(read)) == 12
    assert read[:2] == [("a", 0), ("a", 1)]
    assert read[2:4] == [("c", 0), ("c", 1)]


def test_dates_of_unposted_sessions_stay_weekly_after_the_anchors() -> None:
    first = build_plan(_spec(("a", "b")), DOCS)
    after = build_plan(_spec(("b",)), DOCS, anchors=_anchors(first.sessions, 4))
    assert [s.starts_at for s in after.sessions] == [s.starts_at for s in first.sessions]


def test_settings_diff_is_one_readable_line_per_key() -> None:
    before = {"reading": {"words_per_session": 1200, "documents": ["a", "b"]}, "name": "X"}
    after = {"reading": {"words_per_session": 900, "documents": ["b"]}, "name": "X"}
    assert settings_diff(before, after) == [
        "reading.documents: [a, b] → [b]",
        "reading.words_per_session: 1200 → 900",
    ]
    assert settings_diff(after, after) == []


def test_plan_changes_name_sessions_by_reading_and_local_date() -> None:
    zone = ZoneInfo("America/New_York")
    at = datetime(2026, 12, 18, 0, 0, tzinfo=ZoneInfo("UTC"))
    before = [
        PlannedSlot(3, at, "a", 0, 1, "“A” — One"),
        PlannedSlot(4, at, "a", 2, 3, "“A” — Two"),
    ]
    after = [PlannedSlot(3, at, "b", 0, 1, "“B” — One")]
    assert plan_changes(before, after, zone) == [
        "Session 3 (Thu 17 Dec 2026, 19:00) now reads “B” — One (was “A” — One).",
        "Session 4 removed (Thu 17 Dec 2026, 19:00); it was to read “A” — Two.",
    ]


def test_settings_diff_shows_channels_and_roles_as_mentions_and_hides_addresses() -> None:
    before = {"channels": {"log": 5}, "roles": {"member": 7}, "summaries": {"llm_base_url": "a"}}
    after = {"channels": {"log": 6}, "roles": {"member": 8}, "summaries": {"llm_base_url": "b"}}
    assert settings_diff(before, after) == [
        "channels.log: <#5> → <#6>",
        "roles.member: <@&7> → <@&8>",
        "summaries.llm_base_url: (an address, not shown) → (an address, not shown)",
    ]


# -- property: any run of posting and config edits reads every paragraph once, in order --------

POOL = {
    name: make_document(name, *[[count] * paragraphs for count, paragraphs in shape])
    for name, shape in {
        "d1": [(120, 3), (60, 4)],
        "d2": [(300, 2)],
        "d3": [(80, 5), (200, 1), (40, 3)],
        "d4": [(150, 4)],
        "d5": [(90, 6)],
    }.items()
}


@given(
    initial=st.integers(min_value=1, max_value=3),
    steps=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=4),  # sessions posted before the edit
            st.sampled_from(["length", "add", "remove_read"]),
            st.sampled_from([60, 100, 150, 250, 400]),
        ),
        max_size=6,
    ),
)
@settings(max_examples=150, deadline=None)
def test_posting_between_any_edits_reads_each_paragraph_once_in_order(
    initial: int, steps: list[tuple[int, str, int]]
) -> None:
    docs = [f"d{i}" for i in range(1, initial + 1)]
    unused = [d for d in POOL if d not in docs]
    words = 100
    anchors: list[Anchor] = []
    order = list(docs)  # the order documents were first in the plan

    def post(count: int) -> None:
        plan = build_plan(_spec(tuple(docs), words), POOL, anchors=anchors)
        held = {a.number for a in anchors}
        for session in [s for s in plan.sessions if s.number not in held][:count]:
            portion = session.portion
            anchors.append(
                Anchor(
                    session.number,
                    portion.document_id,
                    portion.first_paragraph,
                    portion.last_paragraph,
                )
            )

    for posted, edit, length in steps:
        post(posted)
        read = {
            (a.document_id, i)
            for a in anchors
            for i in range(a.first_paragraph, a.last_paragraph + 1)
        }
        if edit == "length":
            words = length
        elif edit == "add" and unused:
            docs.append(unused.pop(0))
            order.append(docs[-1])
        elif edit == "remove_read":
            finished = [d for d in docs if all((d, p.index) in read for p in POOL[d].paragraphs)]
            if finished and len(docs) > 1:
                docs.remove(finished[0])
    post(10_000)
    got = [
        (a.document_id, i)
        for a in sorted(anchors, key=lambda a: a.number)
        for i in range(a.first_paragraph, a.last_paragraph + 1)
    ]
    expected = [(d, p.index) for d in order for p in POOL[d].paragraphs]
    assert got == expected
