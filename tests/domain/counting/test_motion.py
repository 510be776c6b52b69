"""Motions: thresholds over yes + no, quorum over the roll, and margins."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from bot.domain.counting import (
    SIMPLE_MAJORITY,
    TWO_THIRDS,
    CountingError,
    MotionChoice,
    Threshold,
    count_motion,
    tally_motion,
)


def test_simple_majority_needs_strictly_more_than_half() -> None:
    assert not tally_motion(5, 5).passed
    assert tally_motion(6, 5).passed


def test_abstentions_do_not_count_towards_the_threshold() -> None:
    result = tally_motion(3, 2, 10)
    assert result.passed
    assert result.cast == 5


def test_two_thirds_is_met_at_exactly_two_thirds() -> None:
    assert tally_motion(10, 5, threshold=TWO_THIRDS).passed
    assert not tally_motion(9, 5, threshold=TWO_THIRDS).passed


def test_threshold_margin_says_by_how_much() -> None:
    result = tally_motion(7, 5, threshold=TWO_THIRDS)
    assert result.yes_needed == 8
    assert result.threshold_margin == -1


def test_quorum_counts_abstentions_and_reports_its_margin() -> None:
    result = tally_motion(2, 1, 2, quorum=Fraction(1, 2), eligible=12)
    assert result.turnout_needed == 6
    assert result.quorum_margin == -1
    assert not result.quorum_met
    assert result.threshold_met
    assert not result.passed


def test_quorum_met_at_exactly_its_share() -> None:
    assert tally_motion(4, 1, 1, quorum=Fraction(1, 2), eligible=12).quorum_met


def test_nothing_but_abstentions_does_not_pass() -> None:
    assert not tally_motion(0, 0, 4, threshold=Threshold(Fraction(1, 3), strict=False)).passed


def test_count_motion_tallies_individual_votes() -> None:
    votes = [MotionChoice.YES, MotionChoice.NO, MotionChoice.YES, MotionChoice.ABSTAIN]
    result = count_motion(votes, threshold=SIMPLE_MAJORITY)
    assert (result.yes, result.no, result.abstain) == (2, 1, 1)
    json.dumps(result.to_dict())


def test_quorum_without_a_roll_is_refused() -> None:
    with pytest.raises(CountingError, match="eligible"):
        tally_motion(1, 0, quorum=Fraction(1, 2))


def test_more_votes_than_the_roll_is_refused() -> None:
    with pytest.raises(CountingError, match="exceed"):
        tally_motion(5, 5, eligible=9)


def test_threshold_share_must_be_a_proper_share() -> None:
    with pytest.raises(CountingError):
        Threshold(Fraction(3, 2), strict=False)
