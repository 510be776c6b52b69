"""What an organizer chooses: documents in order, a weekly slot in a time zone, a session length."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.corpus.model import DEFAULT_WORDS_PER_MINUTE
from bot.domain.reading.errors import PlanError

MIN_WORDS_PER_SESSION = 50
MAX_WORDS_PER_SESSION = 50_000
MIN_WPM = 50
MAX_WPM = 1_000
ONE_WEEK = timedelta(days=7)


def zone_named(name: str) -> ZoneInfo:
    """An IANA time zone, or a PlanError naming the bad value."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise PlanError(
            f"unknown time zone {name!r} (use an IANA name like 'Europe/Berlin')"
        ) from None


@dataclass(frozen=True, slots=True)
class PlanSpec:
    """`weekday` is 0 for Monday ... 6 for Sunday; `local_time` is wall-clock time in `timezone`.
    Give exactly one of `words_per_session` and `minutes_per_session`."""

    document_ids: tuple[str, ...]
    weekday: int
    local_time: time
    timezone: str
    start_date: date
    words_per_session: int | None = None
    minutes_per_session: int | None = None
    words_per_minute: int = DEFAULT_WORDS_PER_MINUTE

    def __post_init__(self) -> None:
        if not self.document_ids:
            raise PlanError("a plan needs at least one document")
        if len(set(self.document_ids)) != len(self.document_ids):
            raise PlanError("a document appears twice in the plan")
        if not 0 <= self.weekday <= 6:
            raise PlanError(f"weekday must be 0 (Monday) to 6 (Sunday), not {self.weekday}")
        if self.local_time.tzinfo is not None:
            raise PlanError("local_time must be a wall-clock time without a time zone")
        zone_named(self.timezone)
        if (self.words_per_session is None) == (self.minutes_per_session is None):
            raise PlanError("give either words_per_session or minutes_per_session")
        if not MIN_WPM <= self.words_per_minute <= MAX_WPM:
            raise PlanError(f"reading speed must be {MIN_WPM} to {MAX_WPM} words per minute")
        if not MIN_WORDS_PER_SESSION <= self.target_words <= MAX_WORDS_PER_SESSION:
            raise PlanError(
                f"a session must be {MIN_WORDS_PER_SESSION:,} to {MAX_WORDS_PER_SESSION:,} "
                f"words long (this one is {self.target_words:,})"
            )

    @property
    def target_words(self) -> int:
        if self.words_per_session is not None:
            return self.words_per_session
        assert self.minutes_per_session is not None
        return self.minutes_per_session * self.words_per_minute

    @property
    def zone(self) -> ZoneInfo:
        return zone_named(self.timezone)

    def slot_on_or_after(self, day: date) -> date:
        """The first plan weekday on or after `day`."""
        return day + timedelta(days=(self.weekday - day.weekday()) % 7)

    def starts_at(self, day: date) -> datetime:
        """The session start on local `day` as an aware UTC datetime. A wall-clock time that a
        DST change skips (02:30 on a spring-forward night) lands one hour later."""
        local = datetime.combine(day, self.local_time, tzinfo=self.zone)
        return local.astimezone(UTC)
