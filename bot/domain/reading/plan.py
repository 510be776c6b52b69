"""A dated reading plan: portions of the documents in order, one per weekly session, with the
organizer's adjustments replayed on top. Everything here is a pure function of its inputs."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from bot.domain.corpus.model import Document, Paragraph
from bot.domain.reading.adjustments import (
    Adjustment,
    Pause,
    Reschedule,
    Resume,
    ScheduleState,
    SkipWeek,
)
from bot.domain.reading.errors import PlanError
from bot.domain.reading.portions import Portion, split_paragraphs
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
class Anchor:
    """A session whose reading is fixed for good (posted, or missed and owed): its number and
    the run of paragraphs it reads, by document id and paragraph index. Config changes re-plan
    around anchors and never move, repeat or drop the paragraphs they hold."""

    number: int
    document_id: str
    first_paragraph: int
    last_paragraph: int


@dataclass(frozen=True, slots=True)
class ReadingPlan:
    spec: PlanSpec
    sessions: tuple[Session, ...]
    held: tuple[HeldSession, ...] = ()
    adjustments: tuple[Adjustment, ...] = ()

    @property
    def portions(self) -> tuple[Portion, ...]:
        """Portions in session-number order, dated or held."""
        return tuple(portion for _, portion in self._numbered())

    def _numbered(self) -> list[tuple[int, Portion]]:
        rows = [(s.number, s.portion) for s in self.sessions]
        rows += [(h.number, h.portion) for h in self.held]
        return sorted(rows, key=lambda row: row[0])

    def session(self, number: int) -> Session:
        for session in self.sessions:
            if session.number == number:
                return session
        raise PlanError(f"session {number} is not scheduled")

    def previous_portion(self, number: int) -> Portion | None:
        """The portion read in the session before `number` (None for the first)."""
        earlier = [portion for n, portion in self._numbered() if n < number]
        return earlier[-1] if earlier else None

    def adjust(
        self, adjustment: Adjustment, now: datetime, owed: Iterable[int] = ()
    ) -> ReadingPlan:
        """This plan with one more adjustment, refusing changes to the past (`now` is aware).
        Sessions in `owed` were missed: they may still be rescheduled into the future."""
        numbered = dict(self._numbered())
        if isinstance(adjustment, Reschedule) and adjustment.session not in numbered:
            raise PlanError(
                f"there is no session {adjustment.session} (the plan has {len(numbered)})"
            )
        _refuse_past(self, adjustment, now, frozenset(owed))
        return _schedule(self.spec, numbered, (*self.adjustments, adjustment), strict=True)


def plan_portions(spec: PlanSpec, documents: Mapping[str, Document]) -> tuple[Portion, ...]:
    return tuple(remaining_portions(spec, documents, ()))


def anchored_portion(anchor: Anchor, documents: Mapping[str, Document]) -> Portion | None:
    """The portion an anchor holds; None if its document is gone from the corpus."""
    document = documents.get(anchor.document_id)
    if document is None:
        return None
    paragraphs = tuple(
        p for p in document.paragraphs if anchor.first_paragraph <= p.index <= anchor.last_paragraph
    )
    if not paragraphs:
        return None
    titles = tuple(dict.fromkeys(document.section_of(p.index).title for p in paragraphs))
    return Portion(document.id, titles, paragraphs)


def remaining_portions(
    spec: PlanSpec, documents: Mapping[str, Document], anchors: Iterable[Anchor]
) -> list[Portion]:
    """Portions of every paragraph of the plan's documents that no anchor holds, in the plan's
    document order; each unbroken run of unread paragraphs is cut on its own."""
    covered: set[tuple[str, int]] = {
        (a.document_id, index)
        for a in anchors
        for index in range(a.first_paragraph, a.last_paragraph + 1)
    }
    portions: list[Portion] = []
    for doc_id in spec.document_ids:
        if doc_id not in documents:
            raise PlanError(f"unknown document {doc_id!r}")
        document = documents[doc_id]
        run: list[Paragraph] = []
        for paragraph in document.paragraphs:
            if (doc_id, paragraph.index) in covered:
                portions.extend(split_paragraphs(document, tuple(run), spec.target_words))
                run = []
            else:
                run.append(paragraph)
        portions.extend(split_paragraphs(document, tuple(run), spec.target_words))
    return portions


def build_plan(
    spec: PlanSpec,
    documents: Mapping[str, Document] | Iterable[Document],
    adjustments: Iterable[Adjustment] = (),
    anchors: Iterable[Anchor] = (),
) -> ReadingPlan:
    """The plan for `spec`: sessions weekly from the first plan weekday on or after the start
    date, then `adjustments` applied in order.

    `anchors` are sessions already posted (or missed and owed): they keep their numbers and
    paragraphs. Every other paragraph of the plan's documents is cut afresh with the current
    session length and takes the free session numbers in order, so a config change re-plans
    only what has not been posted, and no paragraph is skipped or read twice.
    """
    by_id = (
        documents
        if isinstance(documents, Mapping)
        else {document.id: document for document in documents}
    )
    fixed = sorted(anchors, key=lambda a: a.number)
    numbered: dict[int, Portion] = {}
    for anchor in fixed:
        portion = anchored_portion(anchor, by_id)
        if portion is not None:
            numbered[anchor.number] = portion
    taken = {a.number for a in fixed}
    number = 0
    for portion in remaining_portions(spec, by_id, fixed):
        number += 1
        while number in taken:
            number += 1
        numbered[number] = portion
    return _schedule(spec, numbered, tuple(adjustments), strict=not fixed)


def _schedule(
    spec: PlanSpec,
    portions: Mapping[int, Portion],
    adjustments: tuple[Adjustment, ...],
    *,
    strict: bool = True,
) -> ReadingPlan:
    """Date every numbered portion. Session numbers are weekly slots; a number without a
    portion (an anchor whose document left the corpus) keeps its slot empty.

    `strict` False (a plan re-cut around anchors after a config change) ignores a stored
    reschedule of a session number the shorter plan no longer has, instead of refusing to
    build the plan at all."""
    slots = max(portions, default=0)
    first_day = spec.slot_on_or_after(spec.start_date)
    times: list[datetime | None] = [spec.starts_at(first_day + ONE_WEEK * i) for i in range(slots)]
    state = ScheduleState(spec, times)
    for position, adjustment in enumerate(adjustments, start=1):
        if not strict and isinstance(adjustment, Reschedule) and adjustment.session > slots:
            continue
        try:
            state.apply(adjustment)
        except PlanError as error:
            raise PlanError(f"adjustment {position} ({adjustment.kind.value}): {error}") from None
    sessions = tuple(
        Session(number, moment, portions[number])
        for number, moment in enumerate(state.times, start=1)
        if moment is not None and number in portions
    )
    held = tuple(
        HeldSession(number, portions[number])
        for number, moment in enumerate(state.times, start=1)
        if moment is None and number in portions
    )
    return ReadingPlan(spec, sessions, held, adjustments)


def _refuse_past(
    plan: ReadingPlan, adjustment: Adjustment, now: datetime, owed: frozenset[int]
) -> None:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    today = now.astimezone(plan.spec.zone).date()
    if isinstance(adjustment, Reschedule):
        if adjustment.starts_at <= now:
            raise PlanError("cannot reschedule a session into the past")
        started = next((s for s in plan.sessions if s.number == adjustment.session), None)
        if started is not None and started.starts_at <= now and adjustment.session not in owed:
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
