"""Reading a date and time an organizer typed in the server's time zone, without surprises.

- Out of range (year 9999, year 1, anything more than `MAX_AHEAD` away) is refused before any
  arithmetic could overflow.
- A wall time that does not exist (the hour skipped when clocks go forward) is refused, naming
  the jump; nothing is silently moved by an hour.
- A wall time that happens twice (the hour repeated when clocks go back) is refused with both
  readings shown and how to choose one: the same time with its UTC offset.
- A time with an explicit offset ("2026-11-01 01:30-04:00") is taken as written.
- A date alone is refused when more than a year away; the start of a day is its first
  instant, whatever the clocks do at midnight.

Every command that turns what a member typed into an instant goes through ``local_instant``
(``parse_local_time`` when the date and time come as one text).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

MAX_AHEAD = dt.timedelta(days=366)
MAX_BEHIND = dt.timedelta(days=366)
FORMAT_HINT = "use YYYY-MM-DD HH:MM, e.g. 2026-12-10 19:30"


class LocalTimeError(ValueError):
    """The typed time cannot be used; the message says why and what to type instead."""


@dataclass(frozen=True)
class Reading:
    """One instant a wall time can mean: in UTC, with the zone's offset and its name then."""

    at: dt.datetime
    offset: dt.timedelta
    zone_name: str

    @property
    def offset_text(self) -> str:
        return format_offset(self.offset)


def format_offset(offset: dt.timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"


def _parse(text: str) -> dt.datetime:
    cleaned = " ".join(text.strip().replace("T", " ").split())
    try:
        return dt.datetime.fromisoformat(cleaned)
    except ValueError:
        raise LocalTimeError(f"{text.strip()!r} is not a date and time; {FORMAT_HINT}.") from None


def readings(local: dt.datetime, zone: dt.tzinfo) -> list[Reading]:
    """Every instant whose wall time in ``zone`` is ``local`` (naive): none in a gap, two in
    an overlap, one otherwise."""
    found: dict[dt.datetime, Reading] = {}
    for fold in (0, 1):
        offset = local.replace(tzinfo=zone, fold=fold).utcoffset()
        assert offset is not None
        instant = (local - offset).replace(tzinfo=dt.UTC)
        back = instant.astimezone(zone)
        if back.replace(tzinfo=None) == local:
            found[instant] = Reading(instant, offset, back.tzname() or "")
    return sorted(found.values(), key=lambda r: r.at)


def _wall(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


OffsetHint = Callable[[dt.datetime, str], str]


def _typed_with_offset(local: dt.datetime, offset: str) -> str:
    return f"`{_wall(local)}{offset}`"


def parse_local_time(
    text: str, zone: dt.tzinfo, now: dt.datetime, zone_label: str | None = None
) -> dt.datetime:
    """The aware UTC instant meant by ``text`` (local to ``zone`` unless it carries an
    offset), or a LocalTimeError a member can act on. ``now`` is aware."""
    return local_instant(_parse(text), zone, now, zone_label, typed=text)


def local_instant(
    moment: dt.datetime,
    zone: dt.tzinfo,
    now: dt.datetime,
    zone_label: str | None = None,
    *,
    typed: str | None = None,
    offset_hint: OffsetHint = _typed_with_offset,
) -> dt.datetime:
    """The rule for every time a member types, once it is a datetime: a naive ``moment`` is a
    wall time in ``zone`` (refused in a gap; refused in an overlap with both readings shown,
    ``offset_hint`` saying how to type each), an aware one is taken as written; either is
    refused when out of range. ``typed`` is what the member typed, for the messages."""
    zone_label = zone_label or str(zone)
    text = typed if typed is not None else _wall(moment)
    local_now = now.astimezone(zone).replace(tzinfo=None)
    naive = moment.replace(tzinfo=None) if moment.tzinfo is None else moment
    # Compare before converting: datetime arithmetic near year 1 or 9999 overflows.
    reference = local_now if moment.tzinfo is None else now
    if naive.year > reference.year + 2 or naive.year < reference.year - 2:
        raise LocalTimeError(_range_message(text, naive.year > reference.year))
    if moment.tzinfo is not None:
        instant = moment.astimezone(dt.UTC)
    else:
        found = readings(moment, zone)
        if not found:
            raise LocalTimeError(_gap_message(moment, zone, zone_label))
        if len(found) > 1:
            raise LocalTimeError(_overlap_message(moment, found, zone_label, offset_hint))
        instant = found[0].at
    if instant > now + MAX_AHEAD or instant < now - MAX_BEHIND:
        raise LocalTimeError(_range_message(text, instant > now))
    return instant


def check_day(day: dt.date, today: dt.date, typed: str | None = None) -> dt.date:
    """A date a member typed, refused (before any arithmetic could overflow) when it is
    further than a year from ``today``."""
    text = typed if typed is not None else day.isoformat()
    if abs(day.year - today.year) > 2 or abs((day - today).days) > MAX_AHEAD.days:
        raise LocalTimeError(_range_message(text, day > today))
    return day


def start_of_day(day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    """The first instant of ``day`` in ``zone``, in UTC: its midnight, or when midnight falls
    in a gap (zones that change their clocks at midnight), the moment the clocks jump to; in
    an overlap, the first of the two midnights. Never overflows: the first and last days of
    the calendar are refused."""
    if day.year <= 1 or day.year >= 9999:
        raise LocalTimeError(_range_message(day.isoformat(), day.year >= 9999))
    midnight = dt.datetime.combine(day, dt.time())
    found = readings(midnight, zone)
    if found:
        return found[0].at
    # In a gap: read with the offset before the jump (fold=0), midnight is the jump itself.
    return midnight.replace(tzinfo=zone, fold=0).astimezone(dt.UTC)


def _range_message(text: str, ahead: bool) -> str:
    if ahead:
        return (
            f"{text.strip()!r} is too far ahead: a time can be at most "
            f"{MAX_AHEAD.days} days from now."
        )
    return f"{text.strip()!r} is too far in the past."


def _gap_message(local: dt.datetime, zone: dt.tzinfo, zone_label: str) -> str:
    before = local.replace(tzinfo=zone, fold=0).utcoffset()
    after = local.replace(tzinfo=zone, fold=1).utcoffset()
    assert before is not None
    assert after is not None
    jump = abs(before - after)
    hours = jump.total_seconds() / 3600
    amount = f"{hours:g} hour" + ("" if hours == 1 else "s")
    return (
        f"{_wall(local)} does not exist in {zone_label}: the clocks skip {amount} that night. "
        "Choose a time outside the change."
    )


def _overlap_message(
    local: dt.datetime, found: list[Reading], zone_label: str, offset_hint: OffsetHint
) -> str:
    first, second = found[0], found[1]
    return (
        f"{_wall(local)} happens twice in {zone_label} (the clocks go back that night): "
        f"first at UTC{first.offset_text} ({first.zone_name}), then at UTC{second.offset_text} "
        f"({second.zone_name}). Type the one you mean with its offset: "
        f"{offset_hint(local, first.offset_text)} or {offset_hint(local, second.offset_text)}."
    )
