"""The reading calendar as an iCalendar file (RFC 5545) members import into their calendars.

Times are written in UTC (`DTSTART:20261204T000000Z`), so no VTIMEZONE is needed and every
calendar shows each member their own local time. Each session keeps one UID for good; its
SEQUENCE rises whenever its date changes or a pause holds it (then it is STATUS:CANCELLED), so
re-importing the file updates the event instead of adding a second one. Lines end in CRLF and
are folded at 75 octets; text values are escaped (RFC 5545 3.1 and 3.3.11).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

PRODID = "-//Caucus//Reading calendar//EN"
FOLD_AT = 75


@dataclass(frozen=True, slots=True)
class CalendarSession:
    guild_id: int
    number: int
    starts_at: datetime | None  # None: held by a pause (published as cancelled)
    last_known_start: datetime | None  # a held session's former date, for its cancellation
    length: timedelta
    title: str
    description: str
    location: str
    sequence: int


def uid(guild_id: int, number: int) -> str:
    return f"reading-session-{number}-{guild_id}@caucus"


def escape_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into CRLF-joined pieces of at most 75 octets, never inside a
    UTF-8 character; continuation lines start with one space."""
    encoded = line.encode()
    if len(encoded) <= FOLD_AT:
        return line
    pieces: list[str] = []
    current = ""
    size = 0
    limit = FOLD_AT
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            pieces.append(current)
            current, size, limit = "", 0, FOLD_AT - 1
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def reading_calendar(name: str, sessions: Iterable[CalendarSession], now: datetime) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for session in sessions:
        start = session.starts_at or session.last_known_start
        if start is None:
            continue
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid(session.guild_id, session.number)}",
            f"DTSTAMP:{_utc(now)}",
            f"SEQUENCE:{session.sequence}",
            f"DTSTART:{_utc(start)}",
            f"DTEND:{_utc(start + session.length)}",
            f"SUMMARY:{escape_text(session.title)}",
            f"DESCRIPTION:{escape_text(session.description)}",
        ]
        if session.location:
            lines.append(f"LOCATION:{escape_text(session.location)}")
        lines.append("STATUS:CONFIRMED" if session.starts_at is not None else "STATUS:CANCELLED")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
