"""The Schulze method: a single winner (and a full ranking) from ranked ballots.

``pairwise[a][b]`` counts the voters who rank ``a`` above ``b``; a ranked candidate is above
every unranked one and unranked candidates are level. A link ``a -> b`` has strength
``pairwise[a][b]`` when that beats ``pairwise[b][a]`` (winning votes), else none (0).
``strongest_paths[a][b]`` is the strength of the widest path (Floyd-Warshall). ``a`` beats
``b`` when ``strongest_paths[a][b] > strongest_paths[b][a]``; that relation is transitive.

Ranking: the candidates beaten by no one still unranked form the next tier, repeatedly.
Ties: when the top tier holds more than one candidate, the winner is drawn by lot with the
seeded generator (see ``ties``); the whole tier is in ``winners``. There are no earlier stages
to look back to, so no look-back applies.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.domain.counting.ballots import RankedBallot, prepare_ranked
from bot.domain.counting.ties import TieBreak, TieBreaker, TieDecision, TieResolution

Matrix = tuple[tuple[int, ...], ...]


@dataclass(frozen=True, slots=True)
class SchulzeResult:
    """``pairwise`` and ``strongest_paths`` are indexed in ``candidates`` order."""

    candidates: tuple[str, ...]
    winner: str
    winners: tuple[str, ...]
    ranking: tuple[tuple[str, ...], ...]
    pairwise: Matrix
    strongest_paths: Matrix
    valid_votes: int
    first_preferences: Mapping[str, int] = field(default_factory=dict)
    ties: tuple[TieBreak, ...] = ()
    seed: int = 0

    @property
    def lot_used(self) -> bool:
        return any(tie.resolution is TieResolution.LOT for tie in self.ties)

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": "schulze",
            "candidates": list(self.candidates),
            "winner": self.winner,
            "winners": list(self.winners),
            "ranking": [list(tier) for tier in self.ranking],
            "pairwise": [list(row) for row in self.pairwise],
            "strongest_paths": [list(row) for row in self.strongest_paths],
            "valid_votes": self.valid_votes,
            "first_preferences": dict(self.first_preferences),
            "ties": [tie.to_dict() for tie in self.ties],
            "lot_used": self.lot_used,
            "seed": self.seed,
        }


def pairwise_preferences(size: int, groups: Iterable[tuple[tuple[int, ...], int]]) -> Matrix:
    """``result[a][b]``: weight of ballots ranking ``a`` above ``b`` (over ``size`` candidates)."""
    counts = [[0] * size for _ in range(size)]
    for ranking, weight in groups:
        unranked = [c for c in range(size) if c not in set(ranking)]
        for place, above in enumerate(ranking):
            row = counts[above]
            for below in ranking[place + 1 :]:
                row[below] += weight
            for below in unranked:
                row[below] += weight
    return tuple(tuple(row) for row in counts)


def strongest_paths(pairwise: Matrix) -> Matrix:
    """Widest-path strengths between every pair, with winning-votes link strengths."""
    size = len(pairwise)
    strength = [
        [pairwise[a][b] if a != b and pairwise[a][b] > pairwise[b][a] else 0 for b in range(size)]
        for a in range(size)
    ]
    for via in range(size):
        for a in range(size):
            if a == via:
                continue
            through = strength[a][via]
            if through == 0:
                continue
            row = strength[a]
            for b in range(size):
                if b not in (a, via):
                    row[b] = max(row[b], min(through, strength[via][b]))
    return tuple(tuple(row) for row in strength)


def count_schulze(
    candidates: Sequence[str],
    ballots: Iterable[RankedBallot],
    *,
    withdrawn: Collection[int] = (),
    seed: int = 0,
) -> SchulzeResult:
    """Rank the candidates by Schulze; withdrawn candidates take no part."""
    prepared = prepare_ranked(candidates, ballots, withdrawn)
    counted = [c for c in range(len(candidates)) if c not in set(withdrawn)]
    position = {candidate: index for index, candidate in enumerate(counted)}
    groups = [(tuple(position[c] for c in ranking), w) for ranking, w in prepared.groups]
    names = tuple(candidates[c] for c in counted)
    firsts = dict.fromkeys(names, 0)
    for ranking, weight in groups:
        firsts[names[ranking[0]]] += weight
    pairwise = pairwise_preferences(len(names), groups)
    paths = strongest_paths(pairwise)
    tiers: list[tuple[int, ...]] = []
    left = set(range(len(names)))
    while left:
        tier = tuple(
            sorted(a for a in left if not any(paths[b][a] > paths[a][b] for b in left if b != a))
        )
        tiers.append(tier)
        left -= set(tier)
    ties: tuple[TieBreak, ...] = ()
    winner = tiers[0][0]
    if len(tiers[0]) > 1:
        winner = TieBreaker(names, seed).by_lot(tiers[0])
        tie = TieBreak(
            decision=TieDecision.WINNER,
            stage=1,
            tied=tuple(names[c] for c in tiers[0]),
            chosen=names[winner],
            resolution=TieResolution.LOT,
        )
        ties = (tie,)
    return SchulzeResult(
        candidates=names,
        winner=names[winner],
        winners=tuple(names[c] for c in tiers[0]),
        ranking=tuple(tuple(names[c] for c in tier) for tier in tiers),
        pairwise=pairwise,
        strongest_paths=paths,
        valid_votes=prepared.valid,
        first_preferences=firsts,
        ties=ties,
        seed=seed,
    )
