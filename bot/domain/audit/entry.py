"""Append-only audit entries, each sealed by a SHA-256 hash over its contents and its predecessor.

Canonical encoding (what anyone can recompute): a JSON object of every field except
``hash``, with sorted keys, no whitespace, UTF-8, ``at`` as ISO 8601 in UTC with
microseconds (``2026-11-03T10:00:00.000000+00:00``), and the Discord ids ``guild_id``
and ``actor_id`` as decimal strings (JavaScript numbers cannot hold a snowflake exactly).
The first entry has seq 1 and ``prev_hash`` of 64 zeros.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

GENESIS_HASH = "0" * 64
FIRST_SEQ = 1
# Marks an entry made with organizer powers; the transparency digest counts these.
AS_ORGANIZER_KEY = "as_organizer"


class AuditAction(StrEnum):
    """Actions the bot records. Entries store the plain string, so old logs stay readable."""

    FACTION_CREATED = "faction.created"
    FACTION_JOINED = "faction.joined"
    FACTION_LEFT = "faction.left"
    FACTION_PLATFORM_UPDATED = "faction.platform_updated"
    FACTION_DISSOLVED = "faction.dissolved"
    FACTION_DOCUMENT_SUBMITTED = "faction.document_submitted"
    ENDORSEMENT_DECIDED = "endorsement.decided"
    MINORITY_REPORT_FILED = "minority_report.filed"
    VOTE_OPENED = "vote.opened"
    VOTE_CLOSED = "vote.closed"
    VOTE_CANCELLED = "vote.cancelled"
    READING_PLAN_CHANGED = "reading_plan.changed"
    DOCUMENT_ADDED = "document.added"
    DOCUMENT_REMOVED = "document.removed"
    CONFIG_CHANGED = "config.changed"
    ORGANIZER_APPOINTED = "organizer.appointed"
    ORGANIZER_REMOVED = "organizer.removed"
    MEMBER_SANCTIONED = "member.sanctioned"
    MESSAGE_REMOVED = "message.removed"
    HEAD_PUBLISHED = "audit.head_published"


class AuditEncodingError(ValueError):
    """The entry cannot be encoded canonically (naive time, non-JSON details, ...)."""


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: datetime
    guild_id: int
    actor_id: int | None  # None for the bot's own scheduled actions
    action: str
    details: dict[str, Any]
    prev_hash: str
    hash: str


def _check_json(value: object, path: str) -> None:
    """Refuse anything JSON would not round-trip exactly."""
    if value is None or isinstance(value, str | bool | int):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise AuditEncodingError(f"details{path} is {value}, which JSON cannot hold")
        return
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _check_json(item, f"{path}[{index}]")
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise AuditEncodingError(f"details{path} has a key that is not a string: {key!r}")
            _check_json(item, f"{path}.{key}")
        return
    raise AuditEncodingError(f"details{path} is a {type(value).__name__}, not a JSON value")


def _iso_utc(at: datetime) -> str:
    if at.tzinfo is None or at.utcoffset() is None:
        raise AuditEncodingError("audit times must be timezone-aware")
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def canonical_bytes(
    *,
    seq: int,
    at: datetime,
    guild_id: int,
    actor_id: int | None,
    action: str,
    details: Mapping[str, Any],
    prev_hash: str,
) -> bytes:
    """The exact bytes hashed for an entry (every field but ``hash``)."""
    _check_json(details, "")
    payload = {
        "seq": seq,
        "at": _iso_utc(at),
        "guild_id": str(guild_id),
        "actor_id": None if actor_id is None else str(actor_id),
        "action": str(action),
        "details": details,
        "prev_hash": prev_hash,
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def compute_hash(entry: AuditEntry) -> str:
    """The hash the entry should carry, recomputed from its other fields."""
    encoded = canonical_bytes(
        seq=entry.seq,
        at=entry.at,
        guild_id=entry.guild_id,
        actor_id=entry.actor_id,
        action=entry.action,
        details=entry.details,
        prev_hash=entry.prev_hash,
    )
    return hashlib.sha256(encoded).hexdigest()


def append(
    prev: AuditEntry | None,
    *,
    at: datetime,
    guild_id: int,
    actor_id: int | None,
    action: AuditAction | str,
    details: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """The entry that follows ``prev`` (or starts the chain when ``prev`` is None)."""
    if prev is not None and prev.guild_id != guild_id:
        raise ValueError("each guild has its own audit chain")
    seq = FIRST_SEQ if prev is None else prev.seq + 1
    prev_hash = GENESIS_HASH if prev is None else prev.hash
    encoded = canonical_bytes(
        seq=seq,
        at=at,
        guild_id=guild_id,
        actor_id=actor_id,
        action=str(action),
        details=details or {},
        prev_hash=prev_hash,
    )
    # Keep a private JSON copy: the caller's dict may change later, tuples become lists,
    # so the stored entry equals what a reader loads back from the database.
    own_details: dict[str, Any] = json.loads(encoded)["details"]
    return AuditEntry(
        seq=seq,
        at=at.astimezone(UTC),
        guild_id=guild_id,
        actor_id=actor_id,
        action=str(action),
        details=own_details,
        prev_hash=prev_hash,
        hash=hashlib.sha256(encoded).hexdigest(),
    )


def is_organizer_action(entry: AuditEntry) -> bool:
    return entry.details.get(AS_ORGANIZER_KEY) is True
