"""Scottish STV: The Scottish Local Government Elections Order 2007, Schedule 1, rules 45-52.

- Quota (rule 46): ``floor(valid / (seats + 1)) + 1``.
- A candidate whose total equals or exceeds the quota is elected (rule 47).
- Surpluses (rules 48-49): the largest untransferred surplus is transferred first, one per
  stage. Every paper the elected candidate holds moves to its next continuing preference at
  ``surplus * value_when_received / total``, computed to five decimal places with the remainder
  ignored. Papers with no further preference are non-transferable; the candidate keeps the quota.
- Exclusion (rule 50): when no surplus is left to transfer, the lowest continuing candidate is
  excluded and each of their papers moves at the value it arrived with; one exclusion per stage.
- Ties (rules 49(2)-(3), 51(2)): equal surpluses go highest first and equal lowest totals are
  excluded by looking back to the most recent preceding stage at which the tied candidates
  were unequal; if they were equal at every stage, by lot (see ``ties``).
- Last vacancies (rule 52): once the continuing candidates are no more than the vacancies,
  they are all elected and no further transfer is made.

Arithmetic is exact: every value is an integer number of units of 0.00001 vote.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from fractions import Fraction

from bot.domain.counting.ballots import RankedBallot, check_seats, prepare_ranked
from bot.domain.counting.sheet import CountSheet, Stage, StageKind, Transfer
from bot.domain.counting.ties import TieBreak, TieBreaker, TieDecision

SCALE = 100_000  # rule 48(3): five decimal places
KEY_STRIDE = SCALE + 1  # a paper's value is at most SCALE units
HOPEFUL, ELECTED, EXCLUDED = 0, 1, 2

# A parcel: (ranking, position of the current preference, papers, value of each paper in units)
Parcel = tuple[tuple[int, ...], int, int, int]
# Papers and votes (units) moved to a target (-1: non-transferable) at a transfer value (units)
Moves = dict[tuple[int, int], tuple[int, int]]


class _ScottishCount:
    def __init__(
        self,
        candidates: Sequence[str],
        ballots: Iterable[RankedBallot],
        seats: int,
        withdrawn: Collection[int],
        seed: int,
    ) -> None:
        check_seats(seats)
        prepared = prepare_ranked(candidates, ballots, withdrawn)
        self.names = tuple(candidates)
        self.seats = seats
        self.seed = seed
        self.valid = prepared.valid
        self.empty = prepared.empty
        self.quota = (prepared.valid // (seats + 1) + 1) * SCALE
        self.withdrawn = frozenset(withdrawn)
        self.status = [EXCLUDED if c in self.withdrawn else HOPEFUL for c in range(len(candidates))]
        self.totals = [0] * len(candidates)
        self.parcels: list[list[Parcel]] = [[] for _ in candidates]
        for ranking, papers in prepared.groups:
            first = ranking[0]
            self.parcels[first].append((ranking, 0, papers, SCALE))
            self.totals[first] += papers * SCALE
        self.non_transferable = 0
        self.fraction_loss = 0
        self.elected: list[int] = []
        self.pending_surplus: set[int] = set()
        self.history: list[list[int]] = []
        self.stages: list[Stage] = []
        self.tie_breaker = TieBreaker(candidates, seed)
        self.fractions: dict[int, Fraction] = {}

    def run(self) -> CountSheet:
        self._finish_stage(StageKind.FIRST_PREFERENCES, None, [], None)
        while not self._complete():
            surplus_holders = [c for c in self.elected if c in self.pending_surplus]
            stage = len(self.stages) + 1
            if surplus_holders:
                largest = max(self.totals[c] for c in surplus_holders)
                tied = [c for c in surplus_holders if self.totals[c] == largest]
                chosen, tie = self.tie_breaker.choose(
                    tied,
                    self.history,
                    lowest=False,
                    decision=TieDecision.SURPLUS_ORDER,
                    stage=stage,
                )
                transfers = self._transfer_surplus(chosen)
                self._finish_stage(StageKind.SURPLUS, chosen, transfers, tie)
            else:
                hopeful = self._hopeful()
                lowest = min(self.totals[c] for c in hopeful)
                tied = [c for c in hopeful if self.totals[c] == lowest]
                chosen, tie = self.tie_breaker.choose(
                    tied, self.history, lowest=True, decision=TieDecision.EXCLUSION, stage=stage
                )
                transfers = self._exclude(chosen)
                self._finish_stage(StageKind.EXCLUSION, chosen, transfers, tie)
        return CountSheet(
            method="scottish-stv",
            candidates=self.names,
            seats=self.seats,
            valid_votes=self.valid,
            quota=Fraction(self.quota, SCALE),
            elected=tuple(self.names[c] for c in self.elected),
            stages=tuple(self.stages),
            withdrawn=tuple(self.names[c] for c in sorted(self.withdrawn)),
            empty_ballots=self.empty,
            seed=self.seed,
        )

    def _hopeful(self) -> list[int]:
        return [c for c, state in enumerate(self.status) if state == HOPEFUL]

    def _complete(self) -> bool:
        return len(self.elected) >= self.seats or not self._hopeful()

    def _transfer_surplus(self, source: int) -> list[Transfer]:
        total = self.totals[source]
        surplus = total - self.quota
        moved, moves = self._move_parcels(source, surplus, total)
        self.fraction_loss += surplus - moved
        self.totals[source] = self.quota
        self.pending_surplus.discard(source)
        return self._transfers_from(source, moves)

    def _exclude(self, source: int) -> list[Transfer]:
        self.status[source] = EXCLUDED
        _, moves = self._move_parcels(source, 1, 1)
        self.totals[source] = 0
        return self._transfers_from(source, moves)

    def _move_parcels(self, source: int, numerator: int, denominator: int) -> tuple[int, Moves]:
        """Move every parcel ``source`` holds on to its next continuing preference.

        Each paper's value becomes ``value * numerator // denominator`` (rule 48(3) for a
        surplus; unchanged for an exclusion). Returns the votes moved, in units, and the moves.
        """
        status, parcels = self.status, self.parcels
        rescale = numerator != denominator
        # Keyed by (target + 1) * KEY_STRIDE + value: an int hashes faster than a tuple.
        papers_moved: dict[int, int] = {}
        get = papers_moved.get
        for ranking, current, papers, value in parcels[source]:
            if rescale:
                value = numerator * value // denominator  # noqa: PLW2901 - the new value
            position = current + 1
            end = len(ranking)
            while position < end and status[ranking[position]] != HOPEFUL:
                position += 1
            if position < end:
                target = ranking[position]
                parcels[target].append((ranking, position, papers, value))
            else:
                target = -1
            key = (target + 1) * KEY_STRIDE + value
            papers_moved[key] = get(key, 0) + papers
        parcels[source] = []
        moved = 0
        moves: Moves = {}
        for key, papers in papers_moved.items():
            slot, value = divmod(key, KEY_STRIDE)
            target = slot - 1
            votes = papers * value
            moved += votes
            moves[target, value] = (papers, votes)
            if target < 0:
                self.non_transferable += votes
            else:
                self.totals[target] += votes
        return moved, moves

    def _units(self, units: int) -> Fraction:
        cached = self.fractions.get(units)
        if cached is None:
            cached = self.fractions[units] = Fraction(units, SCALE)
        return cached

    def _transfers_from(self, source: int, moves: Moves) -> list[Transfer]:
        return [
            Transfer(
                source=self.names[source],
                target=None if target < 0 else self.names[target],
                papers=papers,
                votes=self._units(votes),
                transfer_value=self._units(value),
            )
            for (target, value), (papers, votes) in sorted(moves.items())
        ]

    def _finish_stage(
        self,
        kind: StageKind,
        subject: int | None,
        transfers: list[Transfer],
        tie: TieBreak | None,
    ) -> None:
        newly_elected = self._elect_reaching_quota()
        hopeful = self._hopeful()
        if len(self.elected) < self.seats and len(hopeful) <= self.seats - len(self.elected):
            hopeful.sort(key=lambda c: (-self.totals[c], c))  # rule 52
            for candidate in hopeful:
                self._elect(candidate)
            newly_elected.extend(hopeful)
        self.history.append(list(self.totals))
        excluded: tuple[str, ...] = ()
        if kind is StageKind.EXCLUSION and subject is not None:
            excluded = (self.names[subject],)
        self.stages.append(
            Stage(
                number=len(self.stages) + 1,
                kind=kind,
                subject=None if subject is None else self.names[subject],
                totals={
                    self.names[c]: self._units(self.totals[c])
                    for c in range(len(self.names))
                    if c not in self.withdrawn
                },
                transfers=tuple(transfers),
                non_transferable=Fraction(self.non_transferable, SCALE),
                fraction_loss=Fraction(self.fraction_loss, SCALE),
                elected=tuple(self.names[c] for c in newly_elected),
                excluded=excluded,
                ties=() if tie is None else (tie,),
                quota=Fraction(self.quota, SCALE),
            )
        )

    def _elect_reaching_quota(self) -> list[int]:
        reaching = [c for c in self._hopeful() if self.totals[c] >= self.quota]
        reaching.sort(key=lambda c: (-self.totals[c], c))
        for candidate in reaching:
            self._elect(candidate)
            if self.totals[candidate] > self.quota:
                self.pending_surplus.add(candidate)
        return reaching

    def _elect(self, candidate: int) -> None:
        self.status[candidate] = ELECTED
        self.elected.append(candidate)


def count_scottish_stv(
    candidates: Sequence[str],
    ballots: Iterable[RankedBallot],
    seats: int,
    *,
    withdrawn: Collection[int] = (),
    seed: int = 0,
) -> CountSheet:
    """Count ``ballots`` by the Scottish STV rules and return the full count sheet.

    ``withdrawn`` candidates (0-based indexes) are skipped on every ballot. ``seed`` seeds the
    generator used only when a tie survives the look-back (``sheet.lot_used`` says so).
    """
    return _ScottishCount(candidates, ballots, seats, withdrawn, seed).run()
