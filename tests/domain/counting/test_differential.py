"""Differential tests against pref-voting on random profiles, wherever no lot decides.

pref-voting removes every tied last-placed candidate at once in IRV, so IRV profiles with a
tie at any decision are skipped; Scottish STV profiles are skipped only when a lot decides.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot.domain.counting import RankedBallot, count_irv, count_schulze, count_scottish_stv
from tests.domain.counting.strategies import ranked_profiles

pref_voting = pytest.importorskip("pref_voting")
from pref_voting.iterative_methods import instant_runoff  # noqa: E402
from pref_voting.margin_based_methods import beat_path  # noqa: E402
from pref_voting.profiles import Profile  # noqa: E402
from pref_voting.profiles_with_ties import ProfileWithTies  # noqa: E402
from pref_voting.proportional_methods import stv_scottish  # noqa: E402

Ranked = tuple[tuple[str, ...], list[RankedBallot]]
RELAXED = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much]
)


def _linear_profile(ballots: list[RankedBallot]) -> Profile:
    return Profile([list(b.ranking) for b in ballots], [b.weight for b in ballots])


def _truncated_profile(names: tuple[str, ...], ballots: list[RankedBallot]) -> ProfileWithTies:
    rankings = [{c: place for place, c in enumerate(b.ranking, start=1)} for b in ballots]
    return ProfileWithTies(
        rankings, [b.weight for b in ballots], candidates=list(range(len(names)))
    )


@RELAXED
@given(ranked_profiles(min_candidates=3, complete=True))
def test_schulze_winners_agree(profile: Ranked) -> None:
    names, ballots = profile
    ours = count_schulze(names, ballots)
    theirs = beat_path(_linear_profile(ballots))
    assert set(ours.winners) == {names[c] for c in theirs}


@RELAXED
@given(ranked_profiles(min_candidates=3, complete=True))
def test_irv_winner_agrees_when_no_tie_decides(profile: Ranked) -> None:
    names, ballots = profile
    ours = count_irv(names, ballots)
    assume(not ours.ties)
    theirs = instant_runoff(_linear_profile(ballots))
    assert [names[c] for c in theirs] == list(ours.elected)


@RELAXED
@given(ranked_profiles(min_candidates=3), st.integers(1, 3))
def test_scottish_stv_elects_the_same_set_unless_lot_decides(profile: Ranked, seats: int) -> None:
    names, ballots = profile
    assume(seats < len(names))
    ours = count_scottish_stv(names, ballots, seats)
    assume(not ours.lot_used)
    theirs = stv_scottish(_truncated_profile(names, ballots), num_seats=seats, rng=random.Random(0))
    assert {names[c] for c in theirs} == set(ours.elected)
