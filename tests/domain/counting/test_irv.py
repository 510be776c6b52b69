"""Instant runoff: majorities, exclusions, the tie rules and the count sheet."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from bot.domain.counting import (
    NoBallotsError,
    RankedBallot,
    StageKind,
    TieResolution,
    count_irv,
)
from tests.domain.counting.strategies import ranked_profiles

B = RankedBallot


def test_first_preference_majority_wins_at_once() -> None:
    sheet = count_irv(("A", "B", "C"), [B((0,), 6), B((1,), 3), B((2,), 2)])
    assert sheet.elected == ("A",)
    assert len(sheet.stages) == 1


def test_lowest_is_excluded_until_a_majority_of_live_votes() -> None:
    ballots = [B((0,), 4), B((1, 0), 3), B((2, 1), 2)]
    sheet = count_irv(("A", "B", "C"), ballots)
    assert [stage.excluded for stage in sheet.stages] == [(), ("C",)]
    assert sheet.stages[1].totals == {"A": 4, "B": 5, "C": 0}
    assert sheet.elected == ("B",)
    assert sheet.quota is None


def test_exhausted_papers_leave_the_majority_count() -> None:
    ballots = [B((0,), 4), B((1,), 3), B((2,), 2)]
    sheet = count_irv(("A", "B", "C"), ballots)
    assert sheet.stages[1].non_transferable == 2
    assert sheet.elected == ("A",)


def test_tie_for_last_is_decided_by_looking_back() -> None:
    ballots = [B((0,), 5), B((1,), 3), B((2,), 2), B((3, 2), 1)]
    sheet = count_irv(("A", "B", "C", "D"), ballots)
    (tie,) = sheet.ties
    assert (tie.tied, tie.chosen, tie.resolution) == (("B", "C"), "C", TieResolution.LOOK_BACK)


def test_tie_at_every_stage_is_drawn_by_lot() -> None:
    sheet = count_irv(("A", "B", "C"), [B((0,), 2), B((1,), 2), B((2,), 3)], seed=1)
    assert sheet.lot_used
    assert sheet.stages[1].kind is StageKind.EXCLUSION


def test_no_ballots_is_refused() -> None:
    with pytest.raises(NoBallotsError):
        count_irv(("A", "B"), [B(())])


@settings(max_examples=80, deadline=None)
@given(ranked_profiles())
def test_votes_are_conserved_and_one_candidate_wins(
    profile: tuple[tuple[str, ...], list[RankedBallot]],
) -> None:
    names, ballots = profile
    sheet = count_irv(names, ballots)
    assert len(sheet.elected) == 1
    for stage in sheet.stages:
        assert sum(stage.totals.values()) + stage.non_transferable == sheet.valid_votes
