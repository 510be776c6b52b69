"""Schedule adjustments as events, applied in order to the session start times.

Stored as a list (see `adjustment_to_dict` / `adjustment_from_dict`), they recompute the same
plan every time. Rules:
- SkipWeek(on): the session on local date `on` and every later one move one week later.
- Pause(on): every session on or after local date `on` is held (no date) until a Resume.
- Resume(on): held sessions restart on the first plan weekday on or after `on`, weekly, at the
  plan's local time.
- Reschedule(session, starts_at): one session moves; it must stay after the previous session
  and before the next, so the reading order never changes.
Whether an event lies in the past is checked when it is made (`plan.adjust`), not on replay.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum

from bot.domain.reading.errors import PlanError
from bot.domain.reading.spec import ONE_WEEK, PlanSpec


class AdjustmentKind(Enum):
    SKIP_WEEK = "skip_week"
    PAUSE = "pause"
    RESUME = "resume"
    RESCHEDULE = "reschedule"


@dataclass(frozen=True, slots=True)
class SkipWeek:
    on: date
    kind: AdjustmentKind = AdjustmentKind.SKIP_WEEK


@dataclass(frozen=True, slots=True)
class Pause:
    on: date
    kind: AdjustmentKind = AdjustmentKind.PAUSE


@dataclass(frozen=True, slots=True)
class Resume:
    on: date
    kind: AdjustmentKind = AdjustmentKind.RESUME


@dataclass(frozen=True, slots=True)
class Reschedule:
    session: int
    starts_at: datetime
    kind: AdjustmentKind = AdjustmentKind.RESCHEDULE

    def __post_init__(self) -> None:
        if self.starts_at.tzinfo is None:
            raise PlanError("a rescheduled time must be timezone-aware")
        object.__setattr__(self, "starts_at", self.starts_at.astimezone(UTC))


Adjustment = SkipWeek | Pause | Resume | Reschedule


def adjustment_to_dict(adjustment: Adjustment) -> dict[str, str | int]:
    if isinstance(adjustment, Reschedule):
        return {
            "kind": adjustment.kind.value,
            "session": adjustment.session,
            "starts_at": adjustment.starts_at.isoformat(),
        }
    return {"kind": adjustment.kind.value, "on": adjustment.on.isoformat()}


def adjustment_from_dict(data: dict[str, str | int]) -> Adjustment:
    try:
        kind = AdjustmentKind(data["kind"])
        if kind is AdjustmentKind.RESCHEDULE:
            return Reschedule(int(data["session"]), datetime.fromisoformat(str(data["starts_at"])))
        on = date.fromisoformat(str(data["on"]))
    except (KeyError, ValueError) as error:
        raise PlanError(f"unreadable schedule adjustment {data!r}: {error}") from None
    by_kind: dict[AdjustmentKind, type[SkipWeek | Pause | Resume]] = {
        AdjustmentKind.SKIP_WEEK: SkipWeek,
        AdjustmentKind.PAUSE: Pause,
        AdjustmentKind.RESUME: Resume,
    }
    return by_kind[kind](on)


@dataclass(slots=True)
class ScheduleState:
    """Start times by session (index = number - 1); None while a session is held by a pause."""

    spec: PlanSpec
    times: list[datetime | None]
    paused_on: date | None = None

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.spec.zone).date()

    def apply(self, adjustment: Adjustment) -> None:
        if isinstance(adjustment, SkipWeek):
            self._skip(adjustment.on)
        elif isinstance(adjustment, Pause):
            self._pause(adjustment.on)
        elif isinstance(adjustment, Resume):
            self._resume(adjustment.on)
        else:
            self._reschedule(adjustment.session, adjustment.starts_at)

    def _skip(self, on: date) -> None:
        first = next(
            (i for i, t in enumerate(self.times) if t is not None and self.local_date(t) == on),
            None,
        )
        if first is None:
            raise PlanError(f"there is no session on {on.isoformat()} to skip")
        for index in range(first, len(self.times)):
            moment = self.times[index]
            if moment is not None:
                self.times[index] = self._week_later(moment)

    def _week_later(self, moment: datetime) -> datetime:
        """Same wall-clock time one week later, whatever DST does in between."""
        local = moment.astimezone(self.spec.zone).replace(tzinfo=None) + ONE_WEEK
        return local.replace(tzinfo=self.spec.zone).astimezone(UTC)

    def _pause(self, on: date) -> None:
        if self.paused_on is not None:
            raise PlanError(f"the plan is already paused since {self.paused_on.isoformat()}")
        held = [i for i, t in enumerate(self.times) if t is not None and self.local_date(t) >= on]
        if not held:
            raise PlanError(f"no session is scheduled on or after {on.isoformat()} to pause")
        for index in held:
            self.times[index] = None
        self.paused_on = on

    def _resume(self, on: date) -> None:
        if self.paused_on is None:
            raise PlanError("the plan is not paused")
        if on < self.paused_on:
            raise PlanError(
                f"cannot resume on {on.isoformat()}, before the pause of "
                f"{self.paused_on.isoformat()}"
            )
        day = self.spec.slot_on_or_after(on)
        for index, moment in enumerate(self.times):
            if moment is None:
                self.times[index] = self.spec.starts_at(day)
                day += ONE_WEEK
        self.paused_on = None

    def _reschedule(self, number: int, starts_at: datetime) -> None:
        if not 1 <= number <= len(self.times):
            raise PlanError(f"there is no session {number} (the plan has {len(self.times)})")
        if self.times[number - 1] is None:
            raise PlanError(f"session {number} is paused; resume the plan first")
        before = [t for t in self.times[: number - 1] if t is not None]
        after = [t for t in self.times[number:] if t is not None]
        if before and starts_at <= before[-1]:
            raise PlanError(f"session {number} must stay after session {number - 1}")
        if after and starts_at >= after[0]:
            raise PlanError(f"session {number} must stay before session {number + 1}")
        self.times[number - 1] = starts_at
