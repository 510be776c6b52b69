"""Checking an audit chain and naming every way it was tampered with.

Without an anchor, a chain can only prove its inside is intact: someone who cuts off
the newest entries, or rewrites history and recomputes every later hash, leaves a chain
that is consistent with itself. Publishing the head (seq and hash) somewhere the
organizers do not control, e.g. a pinned message or members' own notes, closes that gap:
pass it as ``anchor``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.domain.audit.entry import (
    FIRST_SEQ,
    GENESIS_HASH,
    AuditEncodingError,
    AuditEntry,
    compute_hash,
)


class ProblemKind(StrEnum):
    EDITED = "edited"  # the entry's hash does not match its contents
    UNREADABLE = "unreadable"  # the entry cannot even be encoded (naive time, bad details)
    MISSING = "missing"  # a gap in seq: entries deleted
    LINK_BROKEN = "link_broken"  # prev_hash does not match the entry before
    OUT_OF_ORDER = "out_of_order"  # seq decreases: entries reordered
    DUPLICATE = "duplicate"  # two entries claim the same seq
    TRUNCATED = "truncated"  # the chain ends before the published head
    ANCHOR_MISMATCH = "anchor_mismatch"  # the entry at the published head has another hash


@dataclass(frozen=True)
class ChainAnchor:
    """A head published outside the bot's control: the chain must reach it, unchanged."""

    seq: int
    hash: str

    @classmethod
    def of(cls, entry: AuditEntry) -> ChainAnchor:
        return cls(entry.seq, entry.hash)


@dataclass(frozen=True)
class ChainProblem:
    kind: ProblemKind
    seq: int | None
    position: int | None  # index in the sequence given to verify_chain
    message: str


@dataclass(frozen=True)
class VerificationReport:
    entries_checked: int
    problems: tuple[ChainProblem, ...]
    head: ChainAnchor | None

    @property
    def ok(self) -> bool:
        return not self.problems

    def kinds(self) -> frozenset[ProblemKind]:
        return frozenset(problem.kind for problem in self.problems)

    def lines(self) -> list[str]:
        if self.ok:
            return [f"The audit log is intact: {self.entries_checked} entries checked."]
        return [problem.message for problem in self.problems]


def _content_problems(entries: Sequence[AuditEntry]) -> list[ChainProblem]:
    problems = []
    for position, entry in enumerate(entries):
        try:
            expected = compute_hash(entry)
        except (AuditEncodingError, TypeError, ValueError) as error:
            problems.append(
                ChainProblem(
                    ProblemKind.UNREADABLE,
                    entry.seq,
                    position,
                    f"Entry {entry.seq} cannot be checked: {error}.",
                )
            )
            continue
        if expected != entry.hash:
            problems.append(
                ChainProblem(
                    ProblemKind.EDITED,
                    entry.seq,
                    position,
                    f"Entry {entry.seq} was edited: its hash does not match its contents.",
                )
            )
    return problems


def _order_problems(entries: Sequence[AuditEntry]) -> list[ChainProblem]:
    problems = []
    for position in range(1, len(entries)):
        before, entry = entries[position - 1], entries[position]
        if entry.seq == before.seq:
            problems.append(
                ChainProblem(
                    ProblemKind.DUPLICATE,
                    entry.seq,
                    position,
                    f"Entry {entry.seq} appears more than once.",
                )
            )
        elif entry.seq < before.seq:
            problems.append(
                ChainProblem(
                    ProblemKind.OUT_OF_ORDER,
                    entry.seq,
                    position,
                    f"Entries were reordered: entry {entry.seq} comes after entry {before.seq}.",
                )
            )
    return problems


def _missing(first: int, last: int) -> str:
    return f"entry {first}" if first == last else f"entries {first} to {last}"


def _link_problems(entries: Sequence[AuditEntry]) -> list[ChainProblem]:
    """Gaps and broken links, walking the entries in seq order."""
    ordered = sorted(enumerate(entries), key=lambda pair: pair[1].seq)
    problems = []
    expected_seq, expected_prev = FIRST_SEQ, GENESIS_HASH
    previous_seq: int | None = None
    for position, entry in ordered:
        if entry.seq == previous_seq:
            continue  # reported as a duplicate already
        if entry.seq > expected_seq:
            problems.append(
                ChainProblem(
                    ProblemKind.MISSING,
                    entry.seq,
                    position,
                    f"{_missing(expected_seq, entry.seq - 1).capitalize()} "
                    f"{'is' if entry.seq - 1 == expected_seq else 'are'} missing "
                    f"before entry {entry.seq}.",
                )
            )
        elif entry.prev_hash != expected_prev:
            problems.append(
                ChainProblem(
                    ProblemKind.LINK_BROKEN,
                    entry.seq,
                    position,
                    f"Entry {entry.seq} does not follow the entry before it (prev_hash "
                    "mismatch): an entry was changed, removed or inserted there.",
                )
            )
        expected_seq, expected_prev = entry.seq + 1, entry.hash
        previous_seq = entry.seq
    return problems


def _anchor_problems(entries: Sequence[AuditEntry], anchor: ChainAnchor) -> list[ChainProblem]:
    last_seq = max((entry.seq for entry in entries), default=FIRST_SEQ - 1)
    if last_seq < anchor.seq:
        return [
            ChainProblem(
                ProblemKind.TRUNCATED,
                anchor.seq,
                None,
                f"The log was cut short: it ends at entry {last_seq}, but entry {anchor.seq} "
                "was published.",
            )
        ]
    at_anchor = [
        (position, entry) for position, entry in enumerate(entries) if entry.seq == anchor.seq
    ]
    if at_anchor and all(entry.hash != anchor.hash for _, entry in at_anchor):
        position = at_anchor[0][0]
        return [
            ChainProblem(
                ProblemKind.ANCHOR_MISMATCH,
                anchor.seq,
                position,
                f"Entry {anchor.seq} differs from the published head: history was rewritten.",
            )
        ]
    return []


def verify_chain(
    entries: Sequence[AuditEntry], anchor: ChainAnchor | None = None
) -> VerificationReport:
    """Check a whole chain, in the order it was stored, against an optional published head."""
    problems = [
        *_content_problems(entries),
        *_order_problems(entries),
        *_link_problems(entries),
    ]
    if anchor is not None:
        problems.extend(_anchor_problems(entries, anchor))
    head = ChainAnchor.of(max(entries, key=lambda entry: entry.seq)) if entries else None
    return VerificationReport(len(entries), tuple(problems), head)
