from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.factions import (
    Faction,
    FactionError,
    FilingProblem,
    MinorityReportRules,
    ReportSubject,
    ReportSubjectKind,
    can_delete_report,
    check_filing,
    file_minority_report,
)

ALICE, BOB, CAROL, DAVE = 101, 102, 103, 104
MEMBERS = frozenset({ALICE, BOB, CAROL, DAVE})
CLOSED = datetime(2026, 11, 10, 18, 0, tzinfo=UTC)
MOTION = ReportSubject(ReportSubjectKind.MOTION, 12, CLOSED)
TEXT = "We voted against because the reading plan leaves out every woman author."
RULES = MinorityReportRules()
MakeFaction = Callable[..., Faction]


def check(
    signers: list[int],
    at: datetime = CLOSED + timedelta(hours=1),
    text: str = TEXT,
    faction: Faction | None = None,
    rules: MinorityReportRules = RULES,
) -> set[FilingProblem]:
    result = check_filing(
        MOTION, signers=signers, text=text, at=at, rules=rules, eligible=MEMBERS, faction=faction
    )
    return set(result.reasons)


def test_three_members_may_file() -> None:
    assert check([ALICE, BOB, CAROL]) == set()


def test_two_members_are_too_few_by_default() -> None:
    assert check([ALICE, BOB]) == {FilingProblem.TOO_FEW_SIGNERS}


def test_repeated_signer_is_refused_and_counted_once() -> None:
    assert check([ALICE, BOB, BOB]) == {
        FilingProblem.DUPLICATE_SIGNERS,
        FilingProblem.TOO_FEW_SIGNERS,
    }


def test_non_members_do_not_count_as_signers() -> None:
    assert check([ALICE, BOB, 999]) == {
        FilingProblem.SIGNER_NOT_ELIGIBLE,
        FilingProblem.TOO_FEW_SIGNERS,
    }


def test_configured_member_count_applies() -> None:
    assert check([ALICE, BOB], rules=MinorityReportRules(member_cosigners_required=2)) == set()


def test_two_faction_members_may_file_in_its_name(make_faction: MakeFaction) -> None:
    assert check([ALICE, BOB], faction=make_faction(ALICE, [BOB])) == set()


def test_one_faction_member_alone_cannot_file_in_its_name(make_faction: MakeFaction) -> None:
    assert check([ALICE], faction=make_faction(ALICE, [BOB])) == {FilingProblem.TOO_FEW_SIGNERS}


def test_outsider_cannot_sign_in_a_factions_name(make_faction: MakeFaction) -> None:
    assert check([ALICE, DAVE], faction=make_faction(ALICE, [BOB])) == {
        FilingProblem.SIGNER_NOT_IN_FACTION,
        FilingProblem.TOO_FEW_SIGNERS,
    }


def test_filing_at_the_last_moment_of_the_window_is_allowed() -> None:
    assert check([ALICE, BOB, CAROL], at=CLOSED + timedelta(hours=72)) == set()


def test_filing_after_the_window_is_refused() -> None:
    late = CLOSED + timedelta(hours=72, seconds=1)
    assert check([ALICE, BOB, CAROL], at=late) == {FilingProblem.WINDOW_CLOSED}


def test_filing_before_the_close_is_refused() -> None:
    early = CLOSED - timedelta(minutes=1)
    assert check([ALICE, BOB, CAROL], at=early) == {FilingProblem.NOT_CLOSED_YET}


def test_report_under_fifty_characters_is_refused() -> None:
    assert check([ALICE, BOB, CAROL], text="x" * 49) == {FilingProblem.TOO_SHORT}


def test_report_of_fifty_characters_is_allowed() -> None:
    assert check([ALICE, BOB, CAROL], text="x" * 50) == set()


def test_report_over_ten_thousand_characters_is_refused() -> None:
    assert check([ALICE, BOB, CAROL], text="x" * 10_001) == {FilingProblem.TOO_LONG}


def test_every_problem_is_reported_at_once() -> None:
    late = CLOSED + timedelta(days=4)
    assert check([ALICE], at=late, text="short") == {
        FilingProblem.WINDOW_CLOSED,
        FilingProblem.TOO_FEW_SIGNERS,
        FilingProblem.TOO_SHORT,
    }


def test_filed_report_keeps_its_signers_and_faction(make_faction: MakeFaction) -> None:
    report = file_minority_report(
        MOTION,
        report_id=4,
        signers=[BOB, ALICE],
        text=f"  {TEXT}  ",
        at=CLOSED + timedelta(hours=2),
        rules=RULES,
        eligible=MEMBERS,
        faction=make_faction(ALICE, [BOB]),
    )
    assert (report.faction_id, report.signers, report.text) == (7, (BOB, ALICE), TEXT)


def test_refused_filing_raises_with_the_members_message() -> None:
    with pytest.raises(FactionError, match="needs 3 different members to sign; 1 did"):
        file_minority_report(
            MOTION,
            report_id=4,
            signers=[ALICE],
            text=TEXT,
            at=CLOSED,
            rules=RULES,
            eligible=MEMBERS,
        )


def test_organizers_cannot_delete_a_report() -> None:
    decision = can_delete_report(actor_is_organizer=True)
    assert not decision.allowed
    assert decision.message.startswith("Organizers cannot delete a minority report")


def test_nobody_else_can_delete_a_report_either() -> None:
    assert not can_delete_report(actor_is_organizer=False).allowed
