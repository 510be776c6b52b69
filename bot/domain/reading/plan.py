"""A dated reading plan: portions of the documents in order, one per weekly session, with the
organizer's adjustments replayed on top. Everything here is a pure function of its inputs."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from bot.domain.corpus.model import Document
from bot.domain.reading.adjustments import (
    Adjustment,
    Pause,
    Reschedule,
    Resume,
    ScheduleState,
    SkipWeek,
)
from bot.domain.reading.errors import PlanError
from bot.domain.reading.portions import Portion, split_document
from bot.domain.reading.spec import ONE_WEEK, PlanSpec


@dataclass(frozen=True, slots=True)
class Session:
    number: int
    starts_at: datetime  # aware, UTC
    portion: Portion


@dataclass(frozen=True, slots=True)
class HeldSession:
    """A session waiting for the plan to resume: it has no date yet."""

    number: int
    portion: Portion


@dataclass(frozen=True, slots=True)
class ReadingPlan:
    spec: PlanSpec
    sessions: tuple[Session, ...]
    held: tuple[HeldSession, ...] = ()
    adjustments: tuple[Adjustment, ...] = ()

    @property
    def portions(self) -> tuple[Portion, ...]:
        return tuple(s.portion for s in self.sessions) + tuple(h.portion for h in self.held)

    def session(self, number: int) -> Session:
        for session in self.sessions:
            if session.number == number:
                return session
        raise PlanError(f"session {number} is not scheduled")

    def previous_portion(self, number: int) -> Portion | None:
        """The portion read in the session before `number` (None for the first)."""
        portions = self.portions
        return portions[number - 2] if 2 <= number <= len(portions) else None

    def adjust(self, adjustment: Adjustment, now: datetime) -> ReadingPlan:
        """This plan with one more adjustment, refusing changes to the past (`now` is aware)."""
        _refuse_past(self, adjustment, now)
        return _schedule(self.spec, self.portions, (*self.adjustments, adjustment))


def plan_portions(spec: PlanSpec, documents: Mapping[str, Document]) -> tuple[Portion, ...]:
    portions: list[Portion] = []
    for doc_id in spec.document_ids:
        if doc_id not in documents:
            raise PlanError(f"unknown document {doc_id!r}")
        portions.extend(split_document(documents[doc_id], spec.target_words))
    return tuple(portions)


def build_plan(
    spec: PlanSpec,
    documents: Mapping[str, Document] | Iterable[Document],
    adjustments: Iterable[Adjustment] = (),
) -> ReadingPlan:
    """The plan for `spec`: sessions weekly from the first plan weekday on or after the start
    date, then `adjustments` applied in order."""
    by_id = (
        documents
        if isinstance(documents, Mapping)
        else {document.id: document for document in documents}
    )
    return _schedule(spec, plan_portions(spec, by_id), tuple(adjustments))


def _schedule(
    spec: PlanSpec, portions: tuple[Portion, ...], adjustments: tuple[Adjustment, ...]
) -> ReadingPlan:
    first_day = spec.slot_on_or_after(spec.start_date)
    times: list[datetime | None] = [
        spec.starts_at(first_day + ONE_WEEK * i) for i in range(len(portions))
    ]
    state = ScheduleState(spec, times)
    for position, adjustment in enumerate(adjustments, start=1):
        try:
            state.apply(adjustment)
        except PlanError as error:
            raise PlanError(f"adjustment {position} ({adjustment.kind.value}): {error}") from None
    sessions = tuple(
        Session(i + 1, t, portion)
        for i, (t, portion) in enumerate(zip(state.times, portions, strict=True))
        if t is not None
    )
    held = tuple(
        HeldSession(i + 1, portion)
        for i, (t, portion) in enumerate(zip(state.times, portions, strict=True))
        if t is None
    )
    return ReadingPlan(spec, sessions, held, adjustments)


def _refuse_past(plan: ReadingPlan, adjustment: Adjustment, now: datetime) -> None:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    today = now.astimezone(plan.spec.zone).date()
    if isinstance(adjustment, Reschedule):
        if adjustment.starts_at <= now:
            raise PlanError("cannot reschedule a session into the past")
        started = next((s for s in plan.sessions if s.number == adjustment.session), None)
        if started is not None and started.starts_at <= now:
            raise PlanError(f"session {adjustment.session} has already taken place")
    elif isinstance(adjustment, SkipWeek):
        skipped = [
            s
            for s in plan.sessions
            if s.starts_at.astimezone(plan.spec.zone).date() == adjustment.on
        ]
        if skipped and skipped[0].starts_at <= now:
            raise PlanError(f"the session of {adjustment.on.isoformat()} has already begun")
    elif isinstance(adjustment, Pause | Resume) and adjustment.on < today:
        raise PlanError(f"{adjustment.on.isoformat()} is in the past")


def plan_to_json_lines(plan: ReadingPlan) -> str:
    """One JSON object per session, in session order; `starts_at` in ISO 8601 with the plan's
    local UTC offset (null for sessions held by a pause)."""
    zone = plan.spec.zone
    rows: list[tuple[int, str | None, Portion]] = [
        (s.number, s.starts_at.astimezone(zone).isoformat(), s.portion) for s in plan.sessions
    ]
    rows.extend((h.number, None, h.portion) for h in plan.held)
    lines = [
        json.dumps(
            {
                "number": number,
                "starts_at": starts_at,
                "document": portion.document_id,
                "words": portion.words,
                "text": portion.text,
            },
            ensure_ascii=False,
        )
        for number, starts_at, portion in sorted(rows, key=lambda row: row[0])
    ]
    return "".join(line + "\n" for line in lines)
