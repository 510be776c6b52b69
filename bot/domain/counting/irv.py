"""Instant-runoff voting (the alternative vote): one winner from ranked ballots.

Stage 1 counts first preferences. A candidate holding more than half of the votes still in
play (papers not exhausted) wins, as does the last continuing candidate. Otherwise the
candidate with the fewest votes is excluded, one per stage, and each of their papers passes
to its next continuing preference (or is exhausted).

Ties for exclusion: look back to the most recent preceding stage at which the tied
candidates were unequal and exclude the lowest there; if they were equal at every stage,
draw lots with the seeded generator (see ``ties``). Only one candidate is excluded at a time.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from fractions import Fraction

from bot.domain.counting.ballots import RankedBallot, prepare_ranked
from bot.domain.counting.sheet import CountSheet, Stage, StageKind, Transfer
from bot.domain.counting.ties import TieBreak, TieBreaker, TieDecision


class _Runoff:
    def __init__(
        self,
        candidates: Sequence[str],
        ballots: Iterable[RankedBallot],
        withdrawn: Collection[int],
        seed: int,
    ) -> None:
        prepared = prepare_ranked(candidates, ballots, withdrawn)
        self.names = tuple(candidates)
        self.valid = prepared.valid
        self.empty = prepared.empty
        self.seed = seed
        self.gone = frozenset(withdrawn)
        self.hopeful = {c for c in range(len(candidates)) if c not in self.gone}
        self.totals = [0] * len(candidates)
        self.papers: list[list[tuple[tuple[int, ...], int, int]]] = [[] for _ in candidates]
        for ranking, weight in prepared.groups:
            self.papers[ranking[0]].append((ranking, 0, weight))
            self.totals[ranking[0]] += weight
        self.exhausted = 0
        self.history: list[list[int]] = []
        self.stages: list[Stage] = []
        self.tie_breaker = TieBreaker(candidates, seed)

    def run(self) -> CountSheet:
        kind, subject = StageKind.FIRST_PREFERENCES, None
        transfers: list[Transfer] = []
        tie: TieBreak | None = None
        while True:
            self.history.append(list(self.totals))
            winner = self._winner()
            self.stages.append(self._stage(kind, subject, transfers, tie, winner))
            if winner is not None:
                break
            fewest = min(self.totals[c] for c in self.hopeful)
            tied = [c for c in sorted(self.hopeful) if self.totals[c] == fewest]
            subject, tie = self.tie_breaker.choose(
                tied,
                self.history,
                lowest=True,
                decision=TieDecision.EXCLUSION,
                stage=len(self.stages) + 1,
            )
            kind = StageKind.EXCLUSION
            transfers = self._exclude(subject)
        return CountSheet(
            method="irv",
            candidates=self.names,
            seats=1,
            valid_votes=self.valid,
            quota=None,
            elected=(self.names[winner],),
            stages=tuple(self.stages),
            withdrawn=tuple(self.names[c] for c in sorted(self.gone)),
            empty_ballots=self.empty,
            seed=self.seed,
        )

    def _winner(self) -> int | None:
        in_play = self.valid - self.exhausted
        leader = max(sorted(self.hopeful), key=lambda c: self.totals[c])
        if 2 * self.totals[leader] > in_play or len(self.hopeful) == 1:
            return leader
        return None

    def _exclude(self, excluded: int) -> list[Transfer]:
        self.hopeful.discard(excluded)
        moves: dict[int, int] = {}
        for ranking, current, weight in self.papers[excluded]:
            position = current + 1
            while position < len(ranking) and ranking[position] not in self.hopeful:
                position += 1
            target = ranking[position] if position < len(ranking) else -1
            moves[target] = moves.get(target, 0) + weight
            if target < 0:
                self.exhausted += weight
            else:
                self.papers[target].append((ranking, position, weight))
                self.totals[target] += weight
        self.papers[excluded] = []
        self.totals[excluded] = 0
        return [
            Transfer(
                source=self.names[excluded],
                target=None if target < 0 else self.names[target],
                papers=weight,
                votes=Fraction(weight),
                transfer_value=Fraction(1),
            )
            for target, weight in sorted(moves.items())
        ]

    def _stage(
        self,
        kind: StageKind,
        subject: int | None,
        transfers: list[Transfer],
        tie: TieBreak | None,
        winner: int | None,
    ) -> Stage:
        names = self.names
        return Stage(
            number=len(self.stages) + 1,
            kind=kind,
            subject=None if subject is None else names[subject],
            totals={
                names[c]: Fraction(self.totals[c]) for c in range(len(names)) if c not in self.gone
            },
            transfers=tuple(transfers),
            non_transferable=Fraction(self.exhausted),
            elected=() if winner is None else (names[winner],),
            excluded=() if subject is None else (names[subject],),
            ties=() if tie is None else (tie,),
        )


def count_irv(
    candidates: Sequence[str],
    ballots: Iterable[RankedBallot],
    *,
    withdrawn: Collection[int] = (),
    seed: int = 0,
) -> CountSheet:
    """Count ``ballots`` by instant runoff; ``sheet.elected`` holds the single winner."""
    return _Runoff(candidates, ballots, withdrawn, seed).run()
