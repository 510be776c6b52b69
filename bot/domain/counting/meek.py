"""Meek STV (Hill, Wichmann and Woodall's Algorithm 123, as the ERS describes it).

Every candidate has a keep value: 1 while hopeful, 0 once excluded, and for an elected
candidate the share of each vote reaching them that they keep. A ballot gives each candidate
it reaches ``weight left x keep value`` and passes the rest on; what passes beyond the last
preference is excess. The quota is ``(valid - excess) / (seats + 1)`` plus the smallest unit,
so it shrinks as votes exhaust. After each election the keep values of the elected are
updated (``keep x quota / votes``, rounded up) until the total surplus is within
``tolerance``, stops shrinking, or a hopeful candidate reaches the quota.

Each stage is one converged distribution: stage 1 counts first preferences; a later stage
follows either new elections (``SURPLUS``) or one exclusion (``EXCLUSION``). Candidates at or
above the quota are elected at the end of a stage; when no one is, the lowest hopeful is
excluded. When the hopefuls are no more than the seats left, they are all elected.

Arithmetic is fixed point with ``precision`` decimal places (default 9): votes given are
rounded down (the remainder counts as excess), keep values rounded up. Totals are conserved
exactly: elected + hopeful + excess = valid.

Ties for exclusion: look back to the most recent preceding stage at which the tied candidates
were unequal and exclude the lowest, else draw lots with the seeded generator (see ``ties``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from fractions import Fraction

from bot.domain.counting.ballots import RankedBallot, check_seats, prepare_ranked
from bot.domain.counting.errors import InvalidElectionError
from bot.domain.counting.sheet import CountSheet, Stage, StageKind
from bot.domain.counting.ties import TieBreak, TieBreaker, TieDecision

HOPEFUL, ELECTED, EXCLUDED = 0, 1, 2
DEFAULT_TOLERANCE = Fraction(1, 10**6)


class _MeekCount:
    def __init__(
        self,
        candidates: Sequence[str],
        ballots: Iterable[RankedBallot],
        seats: int,
        withdrawn: Collection[int],
        options: tuple[int, Fraction, int, int],
    ) -> None:
        precision, tolerance, max_iterations, seed = options
        check_seats(seats)
        if not 1 <= precision <= 30:
            raise InvalidElectionError(f"precision must be 1 to 30 decimal places, not {precision}")
        prepared = prepare_ranked(candidates, ballots, withdrawn)
        self.names = tuple(candidates)
        self.groups = prepared.groups
        self.valid = prepared.valid
        self.empty = prepared.empty
        self.seats = seats
        self.seed = seed
        self.unit: int = 10**precision
        self.tolerance = max(1, -(-tolerance.numerator * self.unit // tolerance.denominator))
        self.max_iterations = max_iterations
        self.gone = frozenset(withdrawn)
        self.status = [EXCLUDED if c in self.gone else HOPEFUL for c in range(len(candidates))]
        self.keep = [0 if c in self.gone else self.unit for c in range(len(candidates))]
        self.elected: list[int] = []
        self.history: list[list[int]] = []
        self.stages: list[Stage] = []
        self.tie_breaker = TieBreaker(candidates, seed)

    def distribute(self) -> tuple[list[int], int]:
        """Votes per candidate and the excess, in units, under the current keep values."""
        unit, keep = self.unit, self.keep
        totals = [0] * len(self.names)
        excess = 0
        for ranking, weight in self.groups:
            left = unit
            for candidate in ranking:
                share = keep[candidate]
                if share == 0:
                    continue
                given = left if share == unit else left * share // unit
                totals[candidate] += given * weight
                left -= given
                if left == 0:
                    break
            excess += left * weight
        return totals, excess

    def quota(self, excess: int) -> int:
        return (self.valid * self.unit - excess) // (self.seats + 1) + 1

    def converge(self) -> tuple[list[int], int, int]:
        """Update the elected candidates' keep values; return totals, excess and iterations."""
        totals, excess = self.distribute()
        last_surplus: int | None = None
        iterations = 1
        while iterations < self.max_iterations:
            quota = self.quota(excess)
            surplus = sum(max(0, totals[c] - quota) for c in self.elected)
            reached = any(totals[c] >= quota for c in self._hopeful())
            stalled = last_surplus is not None and surplus >= last_surplus
            if surplus <= self.tolerance or reached or stalled:
                break
            for c in self.elected:
                if totals[c] > 0:
                    raised = -(-self.keep[c] * quota // totals[c])
                    self.keep[c] = min(self.unit, raised)
            last_surplus = surplus
            totals, excess = self.distribute()
            iterations += 1
        return totals, excess, iterations

    def run(self) -> CountSheet:
        kind, subject = StageKind.FIRST_PREFERENCES, None
        tie: TieBreak | None = None
        while True:
            totals, excess, iterations = self.converge()
            quota = self.quota(excess)
            newly = sorted(
                (c for c in self._hopeful() if totals[c] >= quota), key=lambda c: (-totals[c], c)
            )
            for candidate in newly:
                self._elect(candidate)
            hopeful = self._hopeful()
            if len(self.elected) < self.seats and len(hopeful) <= self.seats - len(self.elected):
                last = sorted(hopeful, key=lambda c: (-totals[c], c))
                for candidate in last:
                    self._elect(candidate)
                newly += last
            self.history.append(totals)
            self._record(kind, subject, tie, (totals, excess, quota, iterations), newly)
            if len(self.elected) >= self.seats or not self._hopeful():
                break
            if newly:
                kind, subject, tie = StageKind.SURPLUS, None, None
                continue
            hopeful = self._hopeful()
            fewest = min(totals[c] for c in hopeful)
            tied = [c for c in hopeful if totals[c] == fewest]
            subject, tie = self.tie_breaker.choose(
                tied,
                self.history,
                lowest=True,
                decision=TieDecision.EXCLUSION,
                stage=len(self.stages) + 1,
            )
            kind = StageKind.EXCLUSION
            self.status[subject] = EXCLUDED
            self.keep[subject] = 0
        return CountSheet(
            method="meek",
            candidates=self.names,
            seats=self.seats,
            valid_votes=self.valid,
            quota=self.stages[-1].quota,
            elected=tuple(self.names[c] for c in self.elected),
            stages=tuple(self.stages),
            withdrawn=tuple(self.names[c] for c in sorted(self.gone)),
            empty_ballots=self.empty,
            seed=self.seed,
        )

    def _hopeful(self) -> list[int]:
        return [c for c, state in enumerate(self.status) if state == HOPEFUL]

    def _elect(self, candidate: int) -> None:
        self.status[candidate] = ELECTED
        self.elected.append(candidate)

    def _record(
        self,
        kind: StageKind,
        subject: int | None,
        tie: TieBreak | None,
        figures: tuple[list[int], int, int, int],
        newly: list[int],
    ) -> None:
        totals, excess, quota, iterations = figures
        counted = [c for c in range(len(self.names)) if c not in self.gone]
        self.stages.append(
            Stage(
                number=len(self.stages) + 1,
                kind=kind,
                subject=None if subject is None else self.names[subject],
                totals={self.names[c]: Fraction(totals[c], self.unit) for c in counted},
                non_transferable=Fraction(excess, self.unit),
                elected=tuple(self.names[c] for c in newly),
                excluded=() if subject is None else (self.names[subject],),
                ties=() if tie is None else (tie,),
                quota=Fraction(quota, self.unit),
                keep_values={self.names[c]: Fraction(self.keep[c], self.unit) for c in counted},
                iterations=iterations,
            )
        )


def count_meek_stv(
    candidates: Sequence[str],
    ballots: Iterable[RankedBallot],
    seats: int,
    *,
    withdrawn: Collection[int] = (),
    precision: int = 9,
    tolerance: Fraction = DEFAULT_TOLERANCE,
    max_iterations: int = 1000,
    seed: int = 0,
) -> CountSheet:
    """Count ``ballots`` by Meek STV; each stage carries the quota and keep values."""
    options = (precision, tolerance, max_iterations, seed)
    return _MeekCount(candidates, ballots, seats, withdrawn, options).run()
