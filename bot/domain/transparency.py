"""The transparency digest: what members are owed knowing about their organisation each period.

Membership figures, every faction with its size, each vote with its turnout, documents
added and every action organizers took, counted from the audit log. Periods are
calendar months (or ISO weeks) in the guild's time zone, as half-open UTC intervals.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from fractions import Fraction
from zoneinfo import ZoneInfo

from bot.domain.audit import AuditEntry


class Cadence(StrEnum):
    MONTHLY = "monthly"
    WEEKLY = "weekly"


@dataclass(frozen=True)
class Period:
    """[start, end) in aware UTC."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.start.utcoffset() is None or self.end.utcoffset() is None:
            raise ValueError("period bounds must be timezone-aware")
        if self.end <= self.start:
            raise ValueError("a period must end after it starts")

    def contains(self, at: datetime) -> bool:
        return self.start <= at < self.end


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    """The first instant of ``day`` in ``zone``, in UTC.

    Where clocks jump forward at midnight, midnight itself does not exist; zoneinfo then
    applies the offset from before the jump, which lands exactly on the jump: the day's
    real first instant.
    """
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def month_period(year: int, month: int, zone: ZoneInfo) -> Period:
    following = date(year + month // 12, month % 12 + 1, 1)
    return Period(local_midnight(date(year, month, 1), zone), local_midnight(following, zone))


def previous_period(now: datetime, zone: ZoneInfo, cadence: Cadence = Cadence.MONTHLY) -> Period:
    """The last complete calendar month (or ISO week) before ``now``, in the guild's zone."""
    if now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    today = now.astimezone(zone).date()
    if cadence is Cadence.WEEKLY:
        this_monday = today - timedelta(days=today.weekday())
        last_monday = this_monday - timedelta(days=7)
        return Period(local_midnight(last_monday, zone), local_midnight(this_monday, zone))
    if today.month == 1:
        return month_period(today.year - 1, 12, zone)
    return month_period(today.year, today.month - 1, zone)


@dataclass(frozen=True)
class FactionFigure:
    name: str
    members: int


@dataclass(frozen=True)
class VoteHeld:
    title: str
    kind: str  # e.g. "motion", "election", "reading_plan"
    closed_at: datetime
    roll_size: int
    ballots_cast: int

    def __post_init__(self) -> None:
        if not 0 <= self.ballots_cast <= self.roll_size:
            raise ValueError(
                f"{self.title}: {self.ballots_cast} ballots from a roll of {self.roll_size}"
            )

    @property
    def turnout(self) -> Fraction:
        return Fraction(self.ballots_cast, self.roll_size) if self.roll_size else Fraction(0)


@dataclass(frozen=True)
class DocumentAdded:
    title: str
    added_at: datetime


@dataclass(frozen=True)
class FactionShare:
    name: str
    members: int
    share: Fraction  # of all members


@dataclass(frozen=True)
class TransparencyDigest:
    period: Period
    member_count: int
    factions: tuple[FactionShare, ...]  # largest first
    votes: tuple[VoteHeld, ...]  # in the order they closed
    overall_turnout: Fraction | None  # ballots cast over roll places, all votes together
    votes_by_kind: tuple[tuple[str, int], ...]
    documents_added: tuple[DocumentAdded, ...]
    organizer_actions: int
    organizer_actions_by_action: tuple[tuple[str, int], ...]  # most frequent first
    organizer_actions_by_actor: tuple[tuple[int | None, int], ...]  # most active first


def _ranked(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counter.items(), key=lambda item: (-item[1], item[0])))


def compute_digest(
    *,
    period: Period,
    member_count: int,
    factions: Iterable[FactionFigure],
    votes: Iterable[VoteHeld],
    documents: Iterable[DocumentAdded],
    organizer_actions: Iterable[AuditEntry],
    bot_ids: frozenset[int] = frozenset(),
) -> TransparencyDigest:
    """Figures for ``period``; votes, documents and actions outside it are left out.

    Organizer actions are people's: what the bot did itself (``bot_ids``, or no actor at all),
    e.g. adding a document the members voted for, is never counted as an organizer's.
    """
    if member_count < 0:
        raise ValueError("member_count cannot be negative")
    shares = tuple(
        FactionShare(
            f.name, f.members, Fraction(f.members, member_count) if member_count else Fraction(0)
        )
        for f in sorted(factions, key=lambda f: (-f.members, f.name.casefold()))
    )
    held = tuple(
        sorted((v for v in votes if period.contains(v.closed_at)), key=lambda v: v.closed_at)
    )
    roll_places = sum(vote.roll_size for vote in held)
    turnout = Fraction(sum(v.ballots_cast for v in held), roll_places) if roll_places else None
    added = tuple(
        sorted((d for d in documents if period.contains(d.added_at)), key=lambda d: d.added_at)
    )
    actions = [
        entry
        for entry in organizer_actions
        if period.contains(entry.at)
        and entry.actor_id is not None
        and entry.actor_id not in bot_ids
    ]
    by_actor = Counter(entry.actor_id for entry in actions)
    return TransparencyDigest(
        period=period,
        member_count=member_count,
        factions=shares,
        votes=held,
        overall_turnout=turnout,
        votes_by_kind=_ranked(Counter(vote.kind for vote in held)),
        documents_added=added,
        organizer_actions=len(actions),
        organizer_actions_by_action=_ranked(Counter(entry.action for entry in actions)),
        organizer_actions_by_actor=tuple(
            sorted(by_actor.items(), key=lambda item: (-item[1], item[0] or 0))
        ),
    )


def format_share(share: Fraction) -> str:
    """A percentage with one decimal, rounded half up (so 12.5% of 200 reads as 12.5%)."""
    tenths = share * 1000
    rounded = (tenths.numerator * 2 + tenths.denominator) // (tenths.denominator * 2)
    return f"{rounded // 10}.{rounded % 10}%"


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _and(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _counted(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


_VOTE_KINDS = {
    "motion": ("motion", None),
    "poll_single": ("poll", None),
    "poll_approval": ("approval poll", None),
    "ranked_single": ("ranked vote", None),
    "election": ("election", None),
    "reading_plan": ("reading-plan vote", None),
    "faction dissolution": ("faction vote on dissolving", "faction votes on dissolving"),
    "faction endorsement": ("faction vote on an endorsement", "faction votes on endorsements"),
    "faction reading proposal": (
        "member vote on a reading proposal",
        "member votes on reading proposals",
    ),
}


def _vote_kind(kind: str, count: int) -> str:
    """E.g. "1 motion", "2 approval polls": words, never the stored kind."""
    singular, plural = _VOTE_KINDS.get(kind, (kind.replace("_", " ") + " vote", None))
    return _counted(count, singular, plural)


def _times(count: int) -> str:
    return "once" if count == 1 else "twice" if count == 2 else f"{count} times"


_ACTIONS: dict[str, Callable[[int], str]] = {
    "vote.created": lambda n: f"created {_counted(n, 'vote')}",
    "vote.opened": lambda n: f"opened {_counted(n, 'vote')}",
    "vote.cancelled": lambda n: f"cancelled {_counted(n, 'vote')}",
    "document.added": lambda n: f"added {_counted(n, 'document')}",
    "document.removed": lambda n: f"removed {_counted(n, 'document')}",
    "reading_plan.changed": lambda n: f"changed the reading schedule {_times(n)}",
    "prompt.decided": lambda n: f"decided {_counted(n, 'prompt suggestion')}",
    "config.changed": lambda n: f"changed the configuration {_times(n)}",
    "faction.reading_proposal_decided": lambda n: f"decided {_counted(n, 'reading proposal')}",
    "organizer.appointed": lambda n: f"appointed {_counted(n, 'organizer')}",
    "organizer.removed": lambda n: f"removed {_counted(n, 'organizer')}",
    "member.sanctioned": lambda n: f"sanctioned members {_times(n)}",
    "message.removed": lambda n: f"removed {_counted(n, 'message')}",
}


def _action_phrase(action: str, count: int) -> str:
    """What organizers did, as a verb phrase: "created 2 votes"."""
    phrase = _ACTIONS.get(action)
    if phrase is not None:
        return phrase(count)
    words = action.replace(".", " ").replace("_", " ")
    return f"took the action “{words}” {_times(count)}"


def _default_actor_name(actor_id: int | None) -> str:
    return "the bot" if actor_id is None else f"<@{actor_id}>"


def render_digest(
    digest: TransparencyDigest,
    zone: ZoneInfo,
    actor_name: Callable[[int | None], str] = _default_actor_name,
) -> list[str]:
    """Plain text lines, dates in the guild's zone; the Discord layer turns them into an embed."""
    first_day = digest.period.start.astimezone(zone).date()
    last_day = (digest.period.end.astimezone(zone) - timedelta(microseconds=1)).date()
    lines = [
        f"Transparency digest, {_day(first_day)} to {_day(last_day)}",
        f"Members: {digest.member_count}",
        f"Factions: {len(digest.factions)}",
    ]
    lines += [
        f"- {f.name}: {f.members} members ({format_share(f.share)} of members)"
        for f in digest.factions
    ]
    kinds = _and([_vote_kind(kind, count) for kind, count in digest.votes_by_kind])
    lines.append(f"Votes held: {len(digest.votes)}" + (f": {kinds}." if kinds else ""))
    lines += [
        f"- {v.title} ({_vote_kind(v.kind, 1).removeprefix('1 ')}): {v.ballots_cast} of "
        f"{v.roll_size} voted, turnout {format_share(v.turnout)}"
        for v in digest.votes
    ]
    if digest.overall_turnout is not None:
        lines.append(f"Turnout across all votes: {format_share(digest.overall_turnout)}")
    lines.append(f"Documents added: {len(digest.documents_added)}")
    lines += [f"- {d.title}" for d in digest.documents_added]
    lines.append(f"Organizer actions: {digest.organizer_actions}")
    if digest.organizer_actions_by_action:
        done = [
            _action_phrase(action, count) for action, count in digest.organizer_actions_by_action
        ]
        lines.append(f"Organizers {_and(done)}.")
    if digest.organizer_actions_by_actor:
        lines.append(
            "By organizer: "
            + ", ".join(
                f"{actor_name(actor)} {count}" for actor, count in digest.organizer_actions_by_actor
            )
        )
    return lines


__all__ = [
    "Cadence",
    "DocumentAdded",
    "FactionFigure",
    "FactionShare",
    "Period",
    "TransparencyDigest",
    "VoteHeld",
    "compute_digest",
    "format_share",
    "local_midnight",
    "month_period",
    "previous_period",
    "render_digest",
]
