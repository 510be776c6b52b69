from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.reading import (
    Pause,
    PlanError,
    PlanSpec,
    ReadingPlan,
    Reschedule,
    Resume,
    SkipWeek,
    adjustment_from_dict,
    adjustment_to_dict,
    build_plan,
)

from .helpers import make_document

NEW_YORK = ZoneInfo("America/New_York")
DOCS = [make_document("a", [100] * 6)]
SPEC = PlanSpec(("a",), 3, time(19), "America/New_York", date(2026, 3, 5), words_per_session=100)
BEFORE_START = datetime(2026, 3, 1, tzinfo=UTC)


def _local_dates(plan: ReadingPlan) -> list[date]:
    return [s.starts_at.astimezone(NEW_YORK).date() for s in plan.sessions]


def test_skip_week_moves_that_session_and_the_rest_one_week_later() -> None:
    plan = build_plan(SPEC, DOCS).adjust(SkipWeek(date(2026, 3, 12)), BEFORE_START)
    assert _local_dates(plan) == [
        date(2026, 3, 5),
        date(2026, 3, 19),
        date(2026, 3, 26),
        date(2026, 4, 2),
        date(2026, 4, 9),
        date(2026, 4, 16),
    ]
    assert {s.starts_at.astimezone(NEW_YORK).hour for s in plan.sessions} == {19}


def test_skipping_a_date_without_session_is_an_error() -> None:
    with pytest.raises(PlanError, match="no session on 2026-03-13"):
        build_plan(SPEC, DOCS).adjust(SkipWeek(date(2026, 3, 13)), BEFORE_START)


def test_pause_holds_sessions_from_the_date_and_resume_restarts_them() -> None:
    plan = build_plan(SPEC, DOCS).adjust(Pause(date(2026, 3, 15)), BEFORE_START)
    assert [s.number for s in plan.sessions] == [1, 2]
    assert [h.number for h in plan.held] == [3, 4, 5, 6]
    resumed = plan.adjust(Resume(date(2026, 4, 20)), BEFORE_START)  # a Monday
    assert _local_dates(resumed)[2:] == [
        date(2026, 4, 23),
        date(2026, 4, 30),
        date(2026, 5, 7),
        date(2026, 5, 14),
    ]
    assert resumed.held == ()


def test_resume_without_pause_is_an_error() -> None:
    with pytest.raises(PlanError, match="not paused"):
        build_plan(SPEC, DOCS).adjust(Resume(date(2026, 4, 1)), BEFORE_START)


def test_second_pause_is_an_error() -> None:
    plan = build_plan(SPEC, DOCS).adjust(Pause(date(2026, 3, 15)), BEFORE_START)
    with pytest.raises(PlanError, match="already paused"):
        plan.adjust(Pause(date(2026, 3, 20)), BEFORE_START)


def test_reschedule_moves_one_session_only() -> None:
    new_time = datetime(2026, 3, 13, 18, 30, tzinfo=NEW_YORK)
    base = build_plan(SPEC, DOCS)
    plan = base.adjust(Reschedule(2, new_time), BEFORE_START)
    assert plan.sessions[1].starts_at == new_time.astimezone(UTC)
    assert [s.starts_at for i, s in enumerate(plan.sessions) if i != 1] == [
        s.starts_at for i, s in enumerate(base.sessions) if i != 1
    ]


def test_reschedule_into_the_past_is_refused() -> None:
    now = datetime(2026, 3, 10, tzinfo=UTC)
    with pytest.raises(PlanError, match="into the past"):
        build_plan(SPEC, DOCS).adjust(Reschedule(3, now - timedelta(hours=1)), now)


def test_reschedule_of_a_session_already_held_is_refused() -> None:
    now = datetime(2026, 3, 10, tzinfo=UTC)
    with pytest.raises(PlanError, match="session 1 has already taken place"):
        build_plan(SPEC, DOCS).adjust(Reschedule(1, now + timedelta(days=1)), now)


def test_reschedule_past_the_next_session_is_refused() -> None:
    late = datetime(2026, 3, 20, 19, tzinfo=NEW_YORK)
    with pytest.raises(PlanError, match="must stay before session 3"):
        build_plan(SPEC, DOCS).adjust(Reschedule(2, late), BEFORE_START)


def test_pause_in_the_past_is_refused() -> None:
    with pytest.raises(PlanError, match="in the past"):
        build_plan(SPEC, DOCS).adjust(Pause(date(2026, 3, 1)), datetime(2026, 3, 10, tzinfo=UTC))


def test_stored_adjustments_replay_to_the_same_plan() -> None:
    plan = (
        build_plan(SPEC, DOCS)
        .adjust(SkipWeek(date(2026, 3, 12)), BEFORE_START)
        .adjust(Reschedule(1, datetime(2026, 3, 6, 20, tzinfo=NEW_YORK)), BEFORE_START)
        .adjust(Pause(date(2026, 4, 1)), BEFORE_START)
        .adjust(Resume(date(2026, 5, 1)), BEFORE_START)
    )
    stored = [adjustment_to_dict(a) for a in plan.adjustments]
    replayed = build_plan(SPEC, DOCS, [adjustment_from_dict(d) for d in stored])
    assert replayed == plan


def test_unreadable_stored_adjustment_is_a_plan_error() -> None:
    with pytest.raises(PlanError, match="unreadable schedule adjustment"):
        adjustment_from_dict({"kind": "teleport", "on": "2026-01-01"})


def test_replay_error_names_the_failing_adjustment() -> None:
    with pytest.raises(PlanError, match=r"adjustment 1 \(resume\): the plan is not paused"):
        build_plan(SPEC, DOCS, [Resume(date(2026, 4, 1))])
