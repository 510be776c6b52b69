from fractions import Fraction

import pytest

from bot.domain.voting.roll import Turnout, reminder_targets, turnout

ROLL = frozenset(range(1, 11))


def test_turnout_counts_roll_and_ballots_cast():
    figures = turnout(ROLL, frozenset({1, 2, 3}))
    assert (figures.roll_size, figures.ballots_cast) == (10, 3)
    assert figures.percent == pytest.approx(30.0)


def test_turnout_ignores_voters_not_on_the_roll():
    assert turnout(ROLL, frozenset({1, 99})).ballots_cast == 1


def test_turnout_of_an_empty_roll_is_zero():
    assert turnout(frozenset(), frozenset()).share == 0


def test_no_quorum_is_always_met():
    assert Turnout(10, 0).meets_quorum(None)


@pytest.mark.parametrize(("cast", "met"), [(3, False), (4, True), (5, True)])
def test_quorum_is_met_when_the_share_reaches_it(cast, met):
    assert Turnout(12, cast).meets_quorum(Fraction(1, 3)) is met


@pytest.mark.parametrize(("cast", "needed"), [(0, 4), (3, 1), (4, 0), (9, 0)])
def test_ballots_needed_for_quorum_rounds_up(cast, needed):
    assert Turnout(10, cast).ballots_needed_for_quorum(Fraction(1, 3)) == needed


def test_reminders_go_to_the_roll_minus_those_who_voted():
    assert reminder_targets(frozenset({1, 2, 3}), frozenset({2, 7})) == frozenset({1, 3})
