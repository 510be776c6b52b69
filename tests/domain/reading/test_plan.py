from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.domain.reading import PlanError, PlanSpec, build_plan, plan_to_json_lines

from .helpers import make_document

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
# Ten 100-word portions.
DOCS = [make_document("a", [100] * 5), make_document("b", [100] * 5)]


def _spec(**changes: object) -> PlanSpec:
    values: dict[str, object] = {
        "document_ids": ("a", "b"),
        "weekday": 3,  # Thursday
        "local_time": time(19, 0),
        "timezone": "America/New_York",
        "start_date": date(2026, 2, 26),
        "words_per_session": 100,
    }
    values.update(changes)
    return PlanSpec(**values)  # type: ignore[arg-type]


def test_sessions_are_weekly_from_the_first_weekday_on_or_after_start() -> None:
    plan = build_plan(_spec(start_date=date(2026, 2, 23)), DOCS)  # a Monday
    local = [s.starts_at.astimezone(NEW_YORK) for s in plan.sessions]
    assert local[0] == datetime(2026, 2, 26, 19, 0, tzinfo=NEW_YORK)
    assert [d.date().toordinal() - local[0].date().toordinal() for d in local[:3]] == [0, 7, 14]


def test_starts_are_aware_utc() -> None:
    plan = build_plan(_spec(), DOCS)
    assert all(s.starts_at.tzinfo is UTC for s in plan.sessions)


def test_new_york_session_stays_at_19_local_across_march_dst() -> None:
    plan = build_plan(_spec(), DOCS)
    local_hours = {s.starts_at.astimezone(NEW_YORK).hour for s in plan.sessions}
    utc_hours = [s.starts_at.hour for s in plan.sessions[:3]]
    assert local_hours == {19}
    assert utc_hours == [0, 0, 23]  # 2026-03-08 DST starts: EST (-5) to EDT (-4)


def test_new_york_session_stays_at_19_local_across_november_dst() -> None:
    plan = build_plan(_spec(start_date=date(2026, 10, 22)), DOCS)
    assert {s.starts_at.astimezone(NEW_YORK).hour for s in plan.sessions} == {19}
    assert [s.starts_at.hour for s in plan.sessions[:3]] == [23, 23, 0]  # back to EST 1 Nov


@pytest.mark.parametrize("start", [date(2026, 3, 16), date(2026, 10, 19)])
def test_berlin_session_stays_at_19_local_across_dst(start: date) -> None:
    plan = build_plan(_spec(timezone="Europe/Berlin", start_date=start, weekday=0), DOCS)
    assert {s.starts_at.astimezone(BERLIN).time() for s in plan.sessions} == {time(19, 0)}
    assert len({s.starts_at.hour for s in plan.sessions[:4]}) == 2


def test_minutes_per_session_uses_the_reading_speed() -> None:
    spec = _spec(words_per_session=None, minutes_per_session=2, words_per_minute=100)
    assert spec.target_words == 200
    assert len(build_plan(spec, DOCS).sessions) == 6  # 200, 200, 100 per 500-word document


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"timezone": "Mars/Olympus"}, "unknown time zone 'Mars/Olympus'"),
        ({"weekday": 7}, "weekday must be 0"),
        ({"minutes_per_session": 10}, "either words_per_session or minutes_per_session"),
        ({"words_per_session": 10}, "must be 50 to 50,000 words"),
        ({"document_ids": ()}, "at least one document"),
        ({"document_ids": ("a", "a")}, "appears twice"),
    ],
)
def test_bad_specs_are_refused(changes: dict[str, object], message: str) -> None:
    with pytest.raises(PlanError, match=message):
        _spec(**changes)


def test_unknown_document_is_refused() -> None:
    with pytest.raises(PlanError, match="unknown document 'c'"):
        build_plan(_spec(document_ids=("a", "c")), DOCS)


def test_portions_never_span_two_documents() -> None:
    docs = [make_document("a", [100, 100, 30]), make_document("b", [30, 80])]
    plan = build_plan(_spec(), docs)
    assert [(s.portion.document_id, s.portion.words) for s in plan.sessions] == [
        ("a", 100),
        ("a", 100),
        ("a", 30),
        ("b", 110),
    ]


def test_json_lines_carry_local_offset_and_session_fields() -> None:
    plan = build_plan(_spec(start_date=date(2026, 3, 12)), DOCS)
    rows = [json.loads(line) for line in plan_to_json_lines(plan).splitlines()]
    assert len(rows) == 10
    assert rows[0]["starts_at"] == "2026-03-12T19:00:00-04:00"
    assert set(rows[0]) == {"number", "starts_at", "document", "words", "text"}
    assert (rows[0]["number"], rows[0]["document"], rows[0]["words"]) == (1, "a", 100)
    assert rows[-1]["document"] == "b"


def test_build_is_deterministic() -> None:
    assert plan_to_json_lines(build_plan(_spec(), DOCS)) == plan_to_json_lines(
        build_plan(_spec(), DOCS)
    )
