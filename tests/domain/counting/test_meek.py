"""Meek STV: hand-checked small counts and invariants over random profiles."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.counting import (
    InvalidElectionError,
    RankedBallot,
    StageKind,
    count_meek_stv,
)
from tests.domain.counting.strategies import ranked_profiles

B = RankedBallot
CLOSE = 1e-6

# A B C x10, B E x3, C x5, D x2, E x4; three seats; 24 votes. Worked by hand:
# stage 1: A 10 >= quota 6 -> elected.
# stage 2: A keeps 0.6, passing 4 to B: B 7 -> elected.
# stage 3: A keeps 0.6 and B keeps 6/7 (B holds 4 + 3), so C gets 4/7 (C 5 4/7) and E 3/7
#          (E 4 3/7); no election.
# stage 4: D excluded, 2 votes exhaust, quota (24 - 2) / 4 = 5.5: C 5 4/7 -> elected.
WORKED = [B((0, 1, 2), 10), B((1, 4), 3), B((2,), 5), B((3,), 2), B((4,), 4)]
NAMES = ("A", "B", "C", "D", "E")


def test_worked_example_elects_in_the_hand_checked_order() -> None:
    sheet = count_meek_stv(NAMES, WORKED, 3)
    assert [stage.elected for stage in sheet.stages] == [("A",), ("B",), (), ("C",)]
    assert [stage.kind for stage in sheet.stages] == [
        StageKind.FIRST_PREFERENCES,
        StageKind.SURPLUS,
        StageKind.SURPLUS,
        StageKind.EXCLUSION,
    ]
    assert sheet.stages[3].excluded == ("D",)


def test_keep_values_converge_to_the_hand_checked_fixed_point() -> None:
    stage = count_meek_stv(NAMES, WORKED, 3).stages[2]
    assert stage.keep_values is not None
    assert float(stage.keep_values["A"]) == pytest.approx(0.6, abs=CLOSE)
    assert float(stage.keep_values["B"]) == pytest.approx(6 / 7, abs=CLOSE)
    assert float(stage.totals["C"]) == pytest.approx(5 + 4 / 7, abs=CLOSE)
    assert float(stage.totals["E"]) == pytest.approx(4 + 3 / 7, abs=CLOSE)
    assert float(stage.quota or 0) == pytest.approx(6, abs=CLOSE)


def test_quota_falls_when_votes_exhaust() -> None:
    stage = count_meek_stv(NAMES, WORKED, 3).stages[3]
    assert float(stage.non_transferable) == pytest.approx(2, abs=CLOSE)
    assert float(stage.quota or 0) == pytest.approx(5.5, abs=CLOSE)


def test_surplus_passes_through_an_elected_candidate() -> None:
    # Meek, unlike Scottish STV, lets A's surplus flow on through elected B to C.
    sheet = count_meek_stv(NAMES, WORKED, 3)
    assert sheet.stages[2].totals["C"] > sheet.stages[1].totals["C"]


def test_precision_sets_the_unit_of_the_quota() -> None:
    sheet = count_meek_stv(NAMES, WORKED, 3, precision=4)
    assert sheet.stages[0].quota == Fraction(60001, 10**4)


def test_precision_out_of_range_is_refused() -> None:
    with pytest.raises(InvalidElectionError, match="precision"):
        count_meek_stv(NAMES, WORKED, 3, precision=0)


@settings(max_examples=80, deadline=None)
@given(ranked_profiles(), st.integers(1, 4))
def test_invariants_hold_on_random_profiles(
    profile: tuple[tuple[str, ...], list[RankedBallot]], seats: int
) -> None:
    names, ballots = profile
    sheet = count_meek_stv(names, ballots, seats)
    assert len(set(sheet.elected)) == len(sheet.elected) == min(seats, len(names))
    quotas = [stage.quota for stage in sheet.stages]
    assert quotas == sorted(quotas, key=lambda q: -(q or 0))
    for stage in sheet.stages:
        assert sum(stage.totals.values()) + stage.non_transferable == sheet.valid_votes
    json.dumps(sheet.to_dict())
