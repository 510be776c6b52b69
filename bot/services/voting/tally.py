"""Counting the live ballots of a closed vote with the method its spec names.

Ties are broken by the counting package (look-back, then lot); the lot's seed is drawn from
the operating system at close and stored with the result, so anyone can recount the
published file with the same seed and get the same winners.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import replace
from fractions import Fraction

from bot.domain import counting
from bot.domain.counting import CountingMethod, CountSheet, SchulzeResult, Threshold
from bot.domain.counting.sheet import stage_labels
from bot.domain.voting.ballots import (
    ApprovalBallot,
    Ballot,
    MotionBallot,
    RankedBallot,
    SingleChoiceBallot,
)
from bot.domain.voting.kinds import SIMPLE_MAJORITY, VoteKind, VoteSpec
from bot.domain.voting.roll import Turnout
from bot.services.voting.outcome import PairwiseRow, StageRow, VoteOutcome

SEED_LIMIT = 2**31


def motion_threshold(share: Fraction | None) -> Threshold:
    """A simple majority is strictly more than half; any other share is "at least"."""
    if share is None or share == SIMPLE_MAJORITY:
        return counting.SIMPLE_MAJORITY
    return Threshold(share, strict=False)


def _method_name(spec: VoteSpec) -> str:
    if spec.method is not None:
        return spec.method.value
    return {
        VoteKind.MOTION: "motion",
        VoteKind.POLL_SINGLE: "plurality",
        VoteKind.POLL_APPROVAL: "approval",
    }[spec.kind]


def _stages(sheet: CountSheet) -> tuple[StageRow, ...]:
    # Plain words; a Meek surplus stage names every candidate passing a surplus on.
    return tuple(
        StageRow(
            number=stage.number,
            label=label,
            totals=tuple((name, float(votes)) for name, votes in stage.totals.items()),
            elected=stage.elected,
            excluded=stage.excluded,
        )
        for stage, label in zip(sheet.stages, stage_labels(sheet), strict=True)
    )


def _pairwise(result: SchulzeResult) -> tuple[PairwiseRow, ...]:
    names = result.candidates
    return tuple(
        PairwiseRow(names[i], names[j], result.pairwise[i][j], result.pairwise[j][i])
        for i in range(len(names))
        for j in range(i + 1, len(names))
    )


def _lot_note(lot_used: bool) -> tuple[str, ...]:
    return ("A tie was decided by lot: see Ties below.",) if lot_used else ()


def count_vote(
    spec: VoteSpec, ballots: Sequence[Ballot], roll_size: int, *, seed: int | None = None
) -> VoteOutcome:
    """Count `ballots` (already validated, one per voter) against a roll of `roll_size`."""
    seed = secrets.randbelow(SEED_LIMIT) if seed is None else seed
    turnout = Turnout(roll_size=roll_size, ballots_cast=len(ballots))
    base = VoteOutcome(
        method=_method_name(spec),
        headline="",
        winners=(),
        roll_size=roll_size,
        ballots=len(ballots),
        quorum=str(spec.quorum) if spec.quorum is not None else None,
        quorum_met=turnout.meets_quorum(spec.quorum),
        ballots_needed=turnout.ballots_needed_for_quorum(spec.quorum),
        seed=seed,
    )
    if spec.kind is VoteKind.MOTION:
        return _motion(spec, ballots, base)
    if not ballots:
        return replace(base, headline="No ballots were cast: there is no result.")
    outcome = _count_options(spec, ballots, base)
    if not base.quorum_met:
        return replace(
            outcome,
            headline="No decision: the quorum was not met.",
            winners=(),
            notes=(*outcome.notes, "The count is shown for the record only."),
        )
    return outcome


def _motion(spec: VoteSpec, ballots: Sequence[Ballot], base: VoteOutcome) -> VoteOutcome:
    choices = [
        counting.MotionChoice(b.choice.value) for b in ballots if isinstance(b, MotionBallot)
    ]
    result = counting.count_motion(
        choices,
        threshold=motion_threshold(spec.threshold),
        quorum=spec.quorum,
        eligible=base.roll_size,
    )
    if result.passed:
        headline = "The motion is carried."
    elif not result.quorum_met:
        headline = "The motion falls: the quorum was not met."
    else:
        headline = "The motion is not carried."
    return replace(
        base,
        headline=headline,
        winners=("yes",) if result.passed else (),
        threshold=result.threshold.describe() + " of yes + no",
        threshold_met=result.threshold_met,
        passed=result.passed,
        totals=(("Yes", result.yes), ("No", result.no), ("Abstain", result.abstain)),
        sheet=result.to_dict(),
    )


def _count_options(spec: VoteSpec, ballots: Sequence[Ballot], base: VoteOutcome) -> VoteOutcome:
    names = [option.label for option in spec.options]
    index = {option.id: i for i, option in enumerate(spec.options)}
    seed = base.seed
    if spec.kind is VoteKind.POLL_SINGLE:
        chosen = [index[b.option_id] for b in ballots if isinstance(b, SingleChoiceBallot)]
        tally = counting.count_plurality(names, chosen, seed=seed)
        return _tallied(base, tally)
    if spec.kind is VoteKind.POLL_APPROVAL:
        approvals = [
            [index[i] for i in sorted(b.option_ids)]
            for b in ballots
            if isinstance(b, ApprovalBallot)
        ]
        return _tallied(base, counting.count_approval(names, approvals, seed=seed))
    ranked = [
        counting.RankedBallot(tuple(index[i] for i in b.ranking))
        for b in ballots
        if isinstance(b, RankedBallot)
    ]
    counted = counting.count_ranked(
        names, ranked, spec.method or CountingMethod.SCOTTISH_STV, seats=spec.seats or 1, seed=seed
    )
    if isinstance(counted, counting.SchulzeResult):
        result = counted
        return replace(
            base,
            headline=f"Winner: {result.winner}",
            winners=(result.winner,),
            totals=tuple((n, float(v)) for n, v in result.first_preferences.items()),
            pairwise=_pairwise(result),
            notes=_lot_note(result.lot_used),
            sheet=result.to_dict(),
        )
    return _sheet_outcome(spec, base, counted)


def _tallied(base: VoteOutcome, tally: counting.TallyResult) -> VoteOutcome:
    return replace(
        base,
        headline=f"Winner: {', '.join(tally.elected)}",
        winners=tally.elected,
        totals=tuple((name, float(votes)) for name, votes in tally.totals.items()),
        notes=_lot_note(tally.lot_used),
        sheet=tally.to_dict(),
    )


def _sheet_outcome(spec: VoteSpec, base: VoteOutcome, sheet: CountSheet) -> VoteOutcome:
    word = "Elected" if spec.kind is VoteKind.ELECTION else "Winner"
    notes = list(_lot_note(sheet.lot_used)) + list(sheet.notes)
    if spec.is_uncontested:
        notes.append("Uncontested: there were no more candidates than seats.")
    first = sheet.stages[0].totals if sheet.stages else {}
    return replace(
        base,
        headline=f"{word}: {', '.join(sheet.elected)}",
        winners=sheet.elected,
        totals=tuple((name, float(votes)) for name, votes in first.items()),
        stages=_stages(sheet),
        quota=float(sheet.quota) if sheet.quota is not None else None,
        notes=tuple(notes),
        sheet=sheet.to_dict(),
    )
