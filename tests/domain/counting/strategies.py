"""Hypothesis strategies for ranked-ballot profiles."""

from __future__ import annotations

from hypothesis import strategies as st

from bot.domain.counting import RankedBallot

NAMES = ("Ada", "Ben", "Cai", "Dee", "Eve", "Fay", "Gus")


@st.composite
def ranked_profiles(
    draw: st.DrawFn,
    *,
    min_candidates: int = 2,
    max_candidates: int = 6,
    complete: bool = False,
    max_weight: int = 30,
) -> tuple[tuple[str, ...], list[RankedBallot]]:
    """Candidate names and 1-12 ballot types with weights (complete or truncated rankings)."""
    size = draw(st.integers(min_candidates, max_candidates))
    names = NAMES[:size]
    order = st.permutations(range(size))
    ballots: list[RankedBallot] = []
    for _ in range(draw(st.integers(1, 12))):
        ranking = draw(order)
        length = size if complete else draw(st.integers(1, size))
        weight = draw(st.integers(1, max_weight))
        ballots.append(RankedBallot(ranking=tuple(ranking[:length]), weight=weight))
    return names, ballots
