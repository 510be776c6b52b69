"""Fair-discussion rules: the order of a progressive speakers' stack, and the pile-on guard.

Pure Python: the services keep the state, these functions decide.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

# -- progressive stack --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StackEntry:
    """A member waiting for the floor; ``joined_at`` keeps first-come order within a group."""

    member_id: int
    display_name: str
    joined_at: dt.datetime


def stack_order(
    waiting: Iterable[StackEntry], spoken: Collection[int], *, new_speakers_first: bool
) -> tuple[StackEntry, ...]:
    """Who speaks next, first to last.

    With ``new_speakers_first``, members who have not spoken yet (in the session or in this
    stack) go before those who have; otherwise, and within each group, first come first served.
    """

    def key(entry: StackEntry) -> tuple[bool, dt.datetime, int]:
        has_spoken = new_speakers_first and entry.member_id in spoken
        return (has_spoken, entry.joined_at, entry.member_id)

    return tuple(sorted(waiting, key=key))


# -- pile-on guard ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PileOnRule:
    """More than ``max_replies`` replies to one member within ``window`` is a pile-on."""

    max_replies: int
    window: dt.timedelta


@dataclass(frozen=True, slots=True)
class Reply:
    """A message replying to another member's message."""

    at: dt.datetime
    author_id: int
    target_id: int


def piled_on(replies: Sequence[Reply], now: dt.datetime, rule: PileOnRule) -> int | None:
    """The member who received more than the allowed replies in the window ending ``now``.

    Replying to oneself is not piling on. When several members qualify, the one with the most
    replies (then the lowest id, so the answer is stable) is named.
    """
    since = now - rule.window
    counts: dict[int, int] = {}
    for reply in replies:
        if reply.author_id == reply.target_id or not since < reply.at <= now:
            continue
        counts[reply.target_id] = counts.get(reply.target_id, 0) + 1
    over = [target for target, count in counts.items() if count > rule.max_replies]
    if not over:
        return None
    return min(over, key=lambda target: (-counts[target], target))


@dataclass(slots=True)
class PileOnWatch:
    """The replies of one thread, remembered for one window, and when we last reminded.

    ``observe`` answers whether the norms reminder is due now: a pile-on is under way and no
    reminder was posted within the last window (so a reminder goes out at most once per window).
    """

    recent: deque[Reply] = field(default_factory=deque)
    last_reminder: dt.datetime | None = None

    def observe(self, reply: Reply, rule: PileOnRule) -> int | None:
        """Record a reply; the member piled on if a reminder is due now, else None."""
        self.recent.append(reply)
        while self.recent and self.recent[0].at <= reply.at - rule.window:
            self.recent.popleft()
        if self.last_reminder is not None and reply.at - self.last_reminder < rule.window:
            return None
        target = piled_on(self.recent, reply.at, rule)
        if target is not None:
            self.last_reminder = reply.at
        return target
