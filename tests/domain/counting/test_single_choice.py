"""Plurality and approval counts."""

from __future__ import annotations

import json

import pytest

from bot.domain.counting import (
    InvalidBallotError,
    NoBallotsError,
    UnknownCandidateError,
    count_approval,
    count_plurality,
)

NAMES = ("A", "B", "C")


def test_plurality_elects_the_most_chosen() -> None:
    result = count_plurality(NAMES, [0, 1, 1, 2, 1])
    assert result.totals == {"A": 1, "B": 3, "C": 1}
    assert result.elected == ("B",)
    assert not result.lot_used


def test_plurality_tie_for_the_seat_is_drawn_by_seeded_lot() -> None:
    results = [count_plurality(NAMES, [0, 1, 2, 0, 1], seed=seed) for seed in range(10)]
    assert all(result.lot_used for result in results)
    assert {result.elected for result in results} == {("A",), ("B",)}
    assert results[4] == count_plurality(NAMES, [0, 1, 2, 0, 1], seed=4)


def test_approval_elects_the_most_approved_for_each_seat() -> None:
    result = count_approval(NAMES, [{0, 1}, {1}, {1, 2}, {2}], seats=2)
    assert result.totals == {"A": 1, "B": 3, "C": 2}
    assert result.elected == ("B", "C")


def test_approval_tie_below_a_clear_leader_draws_only_the_remaining_seat() -> None:
    result = count_approval(NAMES, [{0, 1, 2}, {0}], seats=2)
    assert result.elected[0] == "A"
    assert result.elected[1] in {"B", "C"}
    assert [tie.tied for tie in result.ties] == [("B", "C")]


def test_empty_approval_ballot_counts_as_a_ballot() -> None:
    assert count_approval(NAMES, [set(), {0}]).ballots == 2


def test_unknown_choice_is_refused() -> None:
    with pytest.raises(UnknownCandidateError, match="ballot 2"):
        count_plurality(NAMES, [0, 3])


def test_repeated_approval_is_refused() -> None:
    with pytest.raises(InvalidBallotError):
        count_approval(NAMES, [[0, 0]])


def test_no_ballots_is_refused() -> None:
    with pytest.raises(NoBallotsError):
        count_approval(NAMES, [])


def test_result_serialises_to_json() -> None:
    data = json.loads(json.dumps(count_plurality(NAMES, [0, 1, 1]).to_dict()))
    assert data["totals"] == {"A": 1, "B": 2, "C": 0}
    assert data["lot_used"] is False
