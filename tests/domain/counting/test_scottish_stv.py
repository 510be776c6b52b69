"""Scottish STV: the rules one by one, and invariants over random profiles."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.counting import (
    InvalidBallotError,
    InvalidElectionError,
    NoBallotsError,
    RankedBallot,
    StageKind,
    TieResolution,
    UnknownCandidateError,
    count_scottish_stv,
)
from tests.domain.counting.strategies import ranked_profiles

B = RankedBallot


def test_quota_is_droop_rounded_down_plus_one() -> None:
    sheet = count_scottish_stv(["A", "B", "C"], [B((0,), 5), B((1,), 3), B((2,), 3)], 2)
    assert sheet.quota == 11 // 3 + 1


def test_surplus_transfer_value_is_truncated_to_five_places() -> None:
    ballots = [B((0, 1), 4), B((0, 2), 3), B((1,), 1), B((2,), 2)]
    sheet = count_scottish_stv(["A", "B", "C"], ballots, 2)
    surplus = sheet.stages[1]
    assert surplus.kind is StageKind.SURPLUS
    assert surplus.subject == "A"
    assert {t.transfer_value for t in surplus.transfers} == {Fraction("0.42857")}
    assert surplus.totals == {"A": 4, "B": Fraction("2.71428"), "C": Fraction("3.28571")}
    assert surplus.fraction_loss == Fraction("0.00001")


def test_last_continuing_candidates_fill_the_last_seats() -> None:
    ballots = [B((0, 1), 4), B((0, 2), 3), B((1,), 1), B((2,), 2)]
    sheet = count_scottish_stv(["A", "B", "C"], ballots, 2)
    assert sheet.elected == ("A", "C")
    assert sheet.stages[-1].excluded == ("B",)
    assert sheet.stages[-1].elected == ("C",)


def test_exclusion_moves_papers_at_the_value_they_arrived_with() -> None:
    ballots = [B((0, 1, 2), 7), B((2,), 3), B((3,), 3)]
    sheet = count_scottish_stv(["A", "B", "C", "D"], ballots, 2)
    exclusion = sheet.stages[2]
    assert exclusion.excluded == ("B",)
    assert [(t.target, t.papers, t.transfer_value) for t in exclusion.transfers] == [
        ("C", 7, Fraction("0.28571"))
    ]
    assert exclusion.totals["C"] == Fraction("4.99997")


def test_largest_surplus_is_transferred_first() -> None:
    ballots = [B((0, 2), 9), B((1, 3), 12), B((2,), 1), B((3,), 1), B((4,), 5)]
    sheet = count_scottish_stv(["A", "B", "C", "D", "E"], ballots, 3)
    assert [s.subject for s in sheet.stages[1:3]] == ["B", "A"]


def test_tied_lowest_is_decided_by_most_recent_unequal_stage() -> None:
    ballots = [B((0,), 6), B((1,), 4), B((2,), 3), B((3, 2), 1)]
    sheet = count_scottish_stv(["A", "B", "C", "D"], ballots, 1)
    (tie,) = sheet.ties
    assert tie.tied == ("B", "C")
    assert tie.chosen == "C"
    assert tie.resolution is TieResolution.LOOK_BACK
    assert tie.looked_back_to == 1
    assert not sheet.lot_used


def test_tie_equal_at_every_stage_is_decided_by_seeded_lot() -> None:
    ballots = [B((0,), 2), B((1,), 2), B((2,), 3)]
    sheets = [count_scottish_stv(["A", "B", "C"], ballots, 1, seed=seed) for seed in range(12)]
    assert all(sheet.lot_used for sheet in sheets)
    assert {sheet.stages[1].subject for sheet in sheets} == {"A", "B"}
    again = count_scottish_stv(["A", "B", "C"], ballots, 1, seed=3)
    assert again == sheets[3]


def test_as_many_candidates_as_seats_are_all_elected_at_once() -> None:
    sheet = count_scottish_stv(["A", "B"], [B((0,), 1), B((1,), 3)], 2)
    assert sheet.elected == ("B", "A")
    assert len(sheet.stages) == 1


def test_withdrawn_candidate_is_skipped_on_every_ballot() -> None:
    ballots = [B((0, 1), 5), B((1,), 2), B((2,), 4)]
    sheet = count_scottish_stv(["A", "B", "C"], ballots, 1, withdrawn=[0])
    assert sheet.stages[0].totals == {"B": 7, "C": 4}
    assert sheet.elected == ("B",)
    assert sheet.withdrawn == ("A",)


def test_empty_ballot_list_is_refused() -> None:
    with pytest.raises(NoBallotsError):
        count_scottish_stv(["A", "B"], [], 1)


def test_ballots_ranking_nobody_are_not_valid_votes() -> None:
    sheet = count_scottish_stv(["A", "B"], [B((), 3), B((0,), 2), B((1,), 1)], 1)
    assert sheet.valid_votes == 3
    assert sheet.empty_ballots == 3


def test_unknown_candidate_is_refused() -> None:
    with pytest.raises(UnknownCandidateError, match="ballot 2 ranks candidate 5"):
        count_scottish_stv(["A", "B"], [B((0,)), B((1, 5))], 1)


def test_repeated_preference_is_refused() -> None:
    with pytest.raises(InvalidBallotError, match="twice"):
        count_scottish_stv(["A", "B"], [B((0, 0))], 1)


def test_zero_seats_are_refused() -> None:
    with pytest.raises(InvalidElectionError, match="seats"):
        count_scottish_stv(["A", "B"], [B((0,))], 0)


@settings(max_examples=120, deadline=None)
@given(ranked_profiles(), st.integers(1, 4))
def test_votes_are_conserved_at_every_stage(
    profile: tuple[tuple[str, ...], list[RankedBallot]], seats: int
) -> None:
    names, ballots = profile
    sheet = count_scottish_stv(names, ballots, seats)
    for stage in sheet.stages:
        counted = sum(stage.totals.values()) + stage.non_transferable + stage.fraction_loss
        assert counted == sheet.valid_votes
        assert all(total >= 0 for total in stage.totals.values())


@settings(max_examples=120, deadline=None)
@given(ranked_profiles(), st.integers(1, 4))
def test_fills_every_seat_with_distinct_candidates(
    profile: tuple[tuple[str, ...], list[RankedBallot]], seats: int
) -> None:
    names, ballots = profile
    sheet = count_scottish_stv(names, ballots, seats)
    assert len(set(sheet.elected)) == len(sheet.elected) == min(seats, len(names))
    assert [name for stage in sheet.stages for name in stage.elected] == list(sheet.elected)
    json.dumps(sheet.to_dict())
