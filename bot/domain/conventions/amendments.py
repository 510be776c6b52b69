"""Amendments to a line-numbered motion: what each changes, the order they are voted in, the
conflict rule, and the text that results.

The rule (also in README, "Conventions"):

1. Every amendment names lines of the motion *as moved* (the numbers members were shown):
   replace lines a-b, delete lines a-b, or insert new lines after line a (0: at the start).
2. Amendments are voted before the motion, one at a time, in order of their first line (ties:
   in the order they were proposed). An insertion after line a counts as starting at a + 1.
3. A carried amendment changes the text at once; the motion is finally voted as amended.
4. When an earlier *carried* amendment changed a line that a later amendment touches, the later
   amendment LAPSES: it is not voted, and is recorded as lapsed with the amendment that caused
   it. "Touches" means the two line ranges overlap, or an insertion falls strictly inside the
   other's range. Two insertions at the same place do not conflict: the later one goes after
   the earlier one's new lines. A lost or lapsed amendment changes nothing, so it never makes
   another lapse.
   An amendment without the co-signers the config asks for when the item's voting begins is
   not voted either (recorded as unsupported).
5. An amendment that does not lapse is applied to the amended text at its lines re-mapped
   through the earlier carried amendments (the lines before a change keep their numbers, the
   lines after it move by the number of lines it added or removed).

Internally a range is half-open over 0-based positions of the motion as moved:
[start, end) covers lines start+1..end; an insertion after line a is the empty range [a, a).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from bot.domain.conventions.errors import ConventionError

MAX_NEW_LINES = 200


class AmendmentKind(Enum):
    REPLACE = "replace"
    INSERT = "insert"
    DELETE = "delete"


class AmendmentResult(Enum):
    PENDING = "pending"
    VOTING = "voting"
    CARRIED = "carried"
    LOST = "lost"
    LAPSED = "lapsed"
    UNSUPPORTED = "unsupported"  # too few co-signers when voting began: never voted

    @property
    def is_final(self) -> bool:
        return self not in (AmendmentResult.PENDING, AmendmentResult.VOTING)


@dataclass(frozen=True)
class Change:
    """What an amendment does, in the motion's own line numbers."""

    kind: AmendmentKind
    start: int  # 0-based, inclusive
    end: int  # 0-based, exclusive; start == end for an insertion
    new_lines: tuple[str, ...]

    @property
    def first_line(self) -> int:
        """The 1-based line the amendment starts at (an insertion after a: a + 1)."""
        return self.start + 1

    @property
    def sort_key(self) -> tuple[int, int]:
        return (self.start, self.end)

    def describe(self) -> str:
        if self.kind is AmendmentKind.INSERT:
            where = "at the start" if self.start == 0 else f"after line {self.start}"
            return f"insert {_lines(len(self.new_lines))} {where}"
        span = (
            f"line {self.start + 1}"
            if self.end == self.start + 1
            else f"lines {self.start + 1}-{self.end}"
        )
        if self.kind is AmendmentKind.DELETE:
            return f"delete {span}"
        return f"replace {span} with {_lines(len(self.new_lines))}"


def _lines(count: int) -> str:
    return "1 line" if count == 1 else f"{count} lines"


def make_change(
    kind: AmendmentKind,
    first: int,
    last: int | None,
    new_lines: Sequence[str],
    motion_length: int,
) -> Change:
    """Validate a member's amendment against the motion as moved.

    replace/delete: lines `first`..`last` (last defaults to first); insert: after line `first`
    (0 = at the start)."""
    lines = tuple(new_lines)
    if len(lines) > MAX_NEW_LINES:
        raise ConventionError(f"An amendment may bring at most {MAX_NEW_LINES} new lines.")
    if kind is AmendmentKind.INSERT:
        if not 0 <= first <= motion_length:
            raise ConventionError(
                f"The motion has {motion_length} lines: insert after a line from 0 "
                f"(at the start) to {motion_length}."
            )
        if not lines:
            raise ConventionError("An insertion needs the new text.")
        return Change(kind, first, first, lines)
    last = first if last is None else last
    if not 1 <= first <= last <= motion_length:
        raise ConventionError(
            f"The motion has lines 1 to {motion_length}: name a range within them, first line "
            "first."
        )
    if kind is AmendmentKind.DELETE:
        if lines:
            raise ConventionError("A deletion brings no new text; use replace instead.")
        return Change(kind, first - 1, last, ())
    if not lines:
        raise ConventionError("A replacement needs the new text (or delete the lines instead).")
    return Change(kind, first - 1, last, lines)


def conflicts(earlier: Change, later: Change) -> bool:
    """Whether `later` touches a line that `earlier` changed (rule 4)."""
    a, b = earlier, later
    a_empty, b_empty = a.start == a.end, b.start == b.end
    if a_empty and b_empty:
        return False
    if a_empty:
        return b.start < a.start < b.end
    if b_empty:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def remap(position: int, carried: Iterable[Change], *, closing: bool = False) -> int:
    """A boundary position of the motion as moved, in the text amended by `carried` (rule 5).

    Lines inserted exactly at the position count as before it, except for the `closing`
    boundary of a non-empty range: that range ends before them and never swallows them."""
    shift = 0
    for change in carried:
        inserted_here = change.start == change.end == position
        if position > change.end or (position == change.end and not (closing and inserted_here)):
            shift += len(change.new_lines) - (change.end - change.start)
    return position + shift


def lapse_cause(change: Change, carried: Sequence[tuple[int, Change]]) -> int | None:
    """The number of the earliest carried amendment that makes `change` lapse, or None."""
    for number, earlier in carried:
        if conflicts(earlier, change):
            return number
    return None


def apply_carried(lines: Sequence[str], carried: Sequence[Change]) -> tuple[str, ...]:
    """The text after the carried amendments, taken in voting order, none conflicting with an
    earlier one (rule 5). Raises ValueError on a conflicting sequence: a bug, not a vote."""
    text = list(lines)
    done: list[Change] = []
    for change in carried:
        if any(conflicts(earlier, change) for earlier in done):
            raise ValueError("a lapsed amendment cannot be applied")
        start = remap(change.start, done)
        end = remap(change.end, done, closing=change.end > change.start)
        text[start:end] = change.new_lines
        done.append(change)
    return tuple(text)


def voting_order(changes: Iterable[tuple[int, Change]]) -> list[tuple[int, Change]]:
    """(number, change) pairs in the order they are voted (rule 2)."""
    return sorted(changes, key=lambda pair: (pair[1].sort_key, pair[0]))


def diff_lines(motion: Sequence[str], change: Change) -> list[str]:
    """A readable diff against the motion as moved: removed lines with their numbers and a
    "-", new lines with a "+", and for an insertion the line it follows as context."""
    width = len(str(max(len(motion), 1)))
    out: list[str] = []
    if change.kind is AmendmentKind.INSERT and change.start > 0:
        out.append(f"  {change.start:>{width}}  {motion[change.start - 1]}")
    for number in range(change.start, change.end):
        out.append(f"- {number + 1:>{width}}  {motion[number]}")
    out.extend(f"+ {'':>{width}}  {line}" for line in change.new_lines)
    return out
