"""What a config edit changed, in plain words: settings key by key, and the sessions of the plan
that moved, were added or were removed (read by organizers in the log channel and /audit)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True)
class PlannedSlot:
    """One not-yet-posted session as planned: when, and what it reads (in words members use)."""

    number: int
    starts_at: datetime | None  # None while held by a pause
    document_id: str
    first_paragraph: int
    last_paragraph: int
    reading: str  # "Title — Section / Section"


def flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested settings as dotted keys: {"reading": {"time": "19:00"}} -> {"reading.time": ...}."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


def _shown(value: Any) -> str:
    if value is None:
        return "(not set)"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _value(key: str, value: Any) -> str:
    """A value as Discord shows it to members: channels and roles as mentions (they render as
    names in messages and embed descriptions); addresses withheld (they may carry a login)."""
    if value is None:
        return "(not set)"
    if key.startswith("channels.") and isinstance(value, int):
        return f"<#{value}>"
    if key.startswith("roles.") and isinstance(value, int):
        return f"<@&{value}>"
    if key.endswith("_url"):
        return "(an address, not shown)"
    return _shown(value)


def settings_diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """One line per changed key, in key order: "reading.words_per_session: 1200 → 900"."""
    old, new = flatten(before), flatten(after)
    lines = []
    for key in sorted(old.keys() | new.keys()):
        if key not in new:
            lines.append(f"{key}: removed (was {_value(key, old[key])})")
        elif key not in old:
            lines.append(f"{key}: added ({_value(key, new[key])})")
        elif old[key] != new[key]:
            lines.append(f"{key}: {_value(key, old[key])} → {_value(key, new[key])}")
    return lines


def local_day(moment: datetime | None, zone: ZoneInfo) -> str:
    if moment is None:
        return "held by the pause"
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M}"


def plan_changes(
    before: Sequence[PlannedSlot], after: Sequence[PlannedSlot], zone: ZoneInfo
) -> list[str]:
    """Sessions whose reading or date changed, were added or removed, by session number."""
    old = {slot.number: slot for slot in before}
    new = {slot.number: slot for slot in after}
    lines = []
    for number in sorted(old.keys() | new.keys()):
        was, now = old.get(number), new.get(number)
        if was is None and now is not None:
            lines.append(
                f"Session {number} added ({local_day(now.starts_at, zone)}): reads {now.reading}."
            )
        elif now is None and was is not None:
            lines.append(
                f"Session {number} removed ({local_day(was.starts_at, zone)}); "
                f"it was to read {was.reading}."
            )
        elif was is not None and now is not None:
            same_text = (was.document_id, was.first_paragraph, was.last_paragraph) == (
                now.document_id,
                now.first_paragraph,
                now.last_paragraph,
            )
            if not same_text:
                lines.append(
                    f"Session {number} ({local_day(now.starts_at, zone)}) now reads "
                    f"{now.reading} (was {was.reading})."
                )
            if was.starts_at != now.starts_at:
                lines.append(
                    f"Session {number} moved from {local_day(was.starts_at, zone)} "
                    f"to {local_day(now.starts_at, zone)}."
                )
    return lines
