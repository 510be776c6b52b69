"""Minority reports: the losing side's written account, attached to a closed motion or election.

A report is filed either in a faction's name, co-signed by enough of its members, or by
a group of members co-signing it themselves. It must be filed within a window after the
close, and once filed nobody can delete it: organizers least of all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.factions.errors import FactionError
from bot.domain.factions.model import Eligibility, Faction, require_aware
from bot.domain.factions.rules import MinorityReportRules


class ReportSubjectKind(StrEnum):
    MOTION = "motion"
    ELECTION = "election"


@dataclass(frozen=True)
class ReportSubject:
    """The closed motion or election a report answers."""

    kind: ReportSubjectKind
    id: int
    closed_at: datetime


class FilingProblem(StrEnum):
    NOT_CLOSED_YET = "not_closed_yet"
    WINDOW_CLOSED = "window_closed"
    DUPLICATE_SIGNERS = "duplicate_signers"
    TOO_FEW_SIGNERS = "too_few_signers"
    SIGNER_NOT_IN_FACTION = "signer_not_in_faction"
    SIGNER_NOT_ELIGIBLE = "signer_not_eligible"
    FACTION_DISSOLVED = "faction_dissolved"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"


@dataclass(frozen=True)
class FilingCheck:
    """Every reason a filing is refused, each with the sentence a member reads."""

    problems: tuple[tuple[FilingProblem, str], ...]

    @property
    def allowed(self) -> bool:
        return not self.problems

    @property
    def reasons(self) -> frozenset[FilingProblem]:
        return frozenset(problem for problem, _ in self.problems)

    def message(self) -> str:
        return " ".join(text for _, text in self.problems)


@dataclass(frozen=True)
class MinorityReport:
    id: int
    subject: ReportSubject
    faction_id: int | None
    signers: tuple[int, ...]
    text: str
    filed_at: datetime


@dataclass(frozen=True)
class DeletionDecision:
    allowed: bool
    message: str


def filing_deadline(subject: ReportSubject, rules: MinorityReportRules) -> datetime:
    return subject.closed_at + rules.window


def _window_problems(
    subject: ReportSubject, at: datetime, rules: MinorityReportRules
) -> list[tuple[FilingProblem, str]]:
    if at < subject.closed_at:
        return [(FilingProblem.NOT_CLOSED_YET, f"The {subject.kind} has not closed yet.")]
    if at > filing_deadline(subject, rules):
        hours = rules.window.total_seconds() / 3600
        return [
            (
                FilingProblem.WINDOW_CLOSED,
                f"Minority reports must be filed within {hours:g} hours of the close.",
            )
        ]
    return []


def _signer_problems(
    signers: Sequence[int],
    faction: Faction | None,
    eligible: Eligibility,
    rules: MinorityReportRules,
) -> list[tuple[FilingProblem, str]]:
    problems: list[tuple[FilingProblem, str]] = []
    distinct = set(signers)
    if len(distinct) != len(signers):
        problems.append((FilingProblem.DUPLICATE_SIGNERS, "Each signer can sign only once."))
    if faction is not None:
        needed = rules.faction_cosigners_required
        if not faction.is_active:
            problems.append(
                (FilingProblem.FACTION_DISSOLVED, f"The faction {faction.name} was dissolved.")
            )
        outsiders = sorted(signer for signer in distinct if signer not in faction.members)
        if outsiders:
            listed = ", ".join(f"<@{signer}>" for signer in outsiders)
            problems.append(
                (
                    FilingProblem.SIGNER_NOT_IN_FACTION,
                    f"Only members of {faction.name} can sign in its name; not: {listed}.",
                )
            )
        counted = len(distinct) - len(outsiders)
        who = f"members of {faction.name}"
    else:
        needed = rules.member_cosigners_required
        ineligible = sorted(signer for signer in distinct if signer not in eligible)
        if ineligible:
            listed = ", ".join(f"<@{signer}>" for signer in ineligible)
            problems.append(
                (FilingProblem.SIGNER_NOT_ELIGIBLE, f"These signers are not members: {listed}.")
            )
        counted = len(distinct) - len(ineligible)
        who = "members"
    if counted < needed:
        problems.append(
            (
                FilingProblem.TOO_FEW_SIGNERS,
                f"A minority report needs {needed} different {who} to sign; {counted} did.",
            )
        )
    return problems


def _text_problems(text: str, rules: MinorityReportRules) -> list[tuple[FilingProblem, str]]:
    length = len(text.strip())
    if length < rules.min_chars:
        return [
            (
                FilingProblem.TOO_SHORT,
                f"A minority report needs at least {rules.min_chars} characters; "
                f"this one has {length}.",
            )
        ]
    if length > rules.max_chars:
        return [
            (
                FilingProblem.TOO_LONG,
                f"A minority report can be at most {rules.max_chars:,} characters; "
                f"this one has {length:,}.",
            )
        ]
    return []


def check_filing(
    subject: ReportSubject,
    *,
    signers: Sequence[int],
    text: str,
    at: datetime,
    rules: MinorityReportRules,
    eligible: Eligibility,
    faction: Faction | None = None,
) -> FilingCheck:
    """Whether a report may be filed now; with ``faction`` it is filed in that faction's name.

    ``eligible`` is consulted only for reports filed by members on their own behalf.
    """
    require_aware(at)
    problems = [
        *_window_problems(subject, at, rules),
        *_signer_problems(signers, faction, eligible, rules),
        *_text_problems(text, rules),
    ]
    return FilingCheck(tuple(problems))


def file_minority_report(
    subject: ReportSubject,
    *,
    report_id: int,
    signers: Sequence[int],
    text: str,
    at: datetime,
    rules: MinorityReportRules,
    eligible: Eligibility,
    faction: Faction | None = None,
) -> MinorityReport:
    check = check_filing(
        subject, signers=signers, text=text, at=at, rules=rules, eligible=eligible, faction=faction
    )
    if not check.allowed:
        raise FactionError(check.message())
    faction_id = faction.id if faction is not None else None
    return MinorityReport(report_id, subject, faction_id, tuple(signers), text.strip(), at)


def can_delete_report(actor_is_organizer: bool) -> DeletionDecision:
    """Nobody deletes a filed minority report; the refusal names organizers explicitly."""
    if actor_is_organizer:
        return DeletionDecision(
            allowed=False,
            message=(
                "Organizers cannot delete a minority report: it is the record of those who "
                "disagreed, and it stays beside the result."
            ),
        )
    return DeletionDecision(
        allowed=False, message="A filed minority report stays on the record; nobody can delete it."
    )
