"""Schulze: the classic 45-voter example, ties and errors."""

from __future__ import annotations

import json

import pytest

from bot.domain.counting import NoBallotsError, RankedBallot, TieResolution, count_schulze

NAMES = ("A", "B", "C", "D", "E")
FORTY_FIVE = [
    (5, "ACBED"),
    (5, "ADECB"),
    (8, "BEDAC"),
    (3, "CABED"),
    (7, "CAEBD"),
    (2, "CBADE"),
    (7, "DCEBA"),
    (8, "EBADC"),
]


def _ballots(spec: list[tuple[int, str]]) -> list[RankedBallot]:
    return [RankedBallot(tuple(NAMES.index(c) for c in order), w) for w, order in spec]


def test_forty_five_voters_elect_e_and_rank_e_a_c_b_d() -> None:
    result = count_schulze(NAMES, _ballots(FORTY_FIVE))
    assert result.winner == "E"
    assert result.ranking == (("E",), ("A",), ("C",), ("B",), ("D",))
    assert not result.lot_used


def test_forty_five_voters_pairwise_and_strongest_paths() -> None:
    result = count_schulze(NAMES, _ballots(FORTY_FIVE))
    assert result.pairwise[0] == (0, 20, 26, 30, 22)
    assert result.pairwise[4] == (23, 27, 21, 31, 0)
    assert result.strongest_paths[4] == (25, 28, 28, 31, 0)
    assert result.strongest_paths[0] == (0, 28, 28, 30, 24)


def test_unranked_candidates_count_as_below_ranked_ones() -> None:
    result = count_schulze(("A", "B", "C"), [RankedBallot((1,), 3), RankedBallot((0, 2), 2)])
    assert result.pairwise == ((0, 2, 2), (3, 0, 3), (0, 2, 0))
    assert result.winner == "B"


def test_perfect_tie_is_drawn_by_lot_and_reported() -> None:
    ballots = [RankedBallot((0, 1), 2), RankedBallot((1, 0), 2)]
    result = count_schulze(("A", "B"), ballots, seed=5)
    assert result.winners == ("A", "B")
    assert result.lot_used
    assert result.ties[0].resolution is TieResolution.LOT
    assert result.winner == count_schulze(("A", "B"), ballots, seed=5).winner


def test_withdrawn_candidate_takes_no_part() -> None:
    result = count_schulze(NAMES, _ballots(FORTY_FIVE), withdrawn=[4])
    assert "E" not in result.candidates
    assert result.winner == "A"


def test_no_ballots_is_refused() -> None:
    with pytest.raises(NoBallotsError):
        count_schulze(NAMES, [])


def test_result_serialises_to_json() -> None:
    data = json.loads(json.dumps(count_schulze(NAMES, _ballots(FORTY_FIVE)).to_dict()))
    assert data["ranking"] == [["E"], ["A"], ["C"], ["B"], ["D"]]
    assert data["first_preferences"]["E"] == 8
