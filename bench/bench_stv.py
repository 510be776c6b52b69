"""Scottish STV: our count against pref-voting's ``stv_scottish`` on 60 real wards.

Run from the repository root: ``python -m bench.bench_stv``. Every count starts from the
parsed BLT ballots in memory. Two comparisons are printed:

- count only: pref-voting's ``ProfileWithTies`` is built beforehand and not timed, while our
  time still includes our own validation and merging of the ballots (conservative for us);
- end to end: pref-voting's time includes building its profile from the same ballots.

The goal is ours at least 10x faster with the same elected set in every ward. Each step is
timed as the fastest of ``REPEATS`` runs to damp noise on a shared machine.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.domain.counting import BltElection, count_scottish_stv, parse_blt

WARDS = Path(__file__).resolve().parents[1] / "tests" / "data" / "scotland-2017"
GOAL_RATIO = 10.0
REPEATS = 3


def _profile(election: BltElection) -> Any:
    from pref_voting.profiles_with_ties import ProfileWithTies

    rankings = [
        {c: place for place, c in enumerate(ballot.ranking, start=1)} for ballot in election.ballots
    ]
    weights = [ballot.weight for ballot in election.ballots]
    return ProfileWithTies(rankings, weights, candidates=list(range(len(election.candidates))))


def _timed(function: Callable[[], Any]) -> tuple[Any, float]:
    best = float("inf")
    result: Any = None
    for _ in range(REPEATS):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return result, best


def _verdict(ratio: float) -> str:
    return "met" if ratio >= GOAL_RATIO else "NOT met"


def main() -> None:
    from pref_voting.proportional_methods import stv_scottish

    elections = [(ward.stem, parse_blt(ward.read_text())) for ward in sorted(WARDS.glob("*.blt"))]
    first = elections[0][1]
    stv_scottish(_profile(first), num_seats=first.seats, rng=random.Random(0))  # warm-up

    print(
        f"{'ward':<32} {'seats':>5} {'cands':>5} {'papers':>6} {'ours ms':>8} "
        f"{'pv count':>9} {'pv total':>9} {'x count':>8} {'x total':>8}  same"
    )
    ours_total = count_total = profile_total = 0.0
    agreed = 0
    for name, election in elections:
        sheet, ours = _timed(
            lambda e=election: count_scottish_stv(e.candidates, e.ballots, e.seats)
        )
        profile, building = _timed(lambda e=election: _profile(e))
        winners, counting = _timed(
            lambda e=election, p=profile: stv_scottish(p, num_seats=e.seats, rng=random.Random(0))
        )
        same = set(sheet.elected) == {election.candidates[c] for c in winners}
        agreed += same
        ours_total += ours
        count_total += counting
        profile_total += building
        papers = sum(ballot.weight for ballot in election.ballots)
        print(
            f"{name:<32} {election.seats:>5} {len(election.candidates):>5} {papers:>6} "
            f"{ours * 1000:>8.2f} {counting * 1000:>9.2f} {(building + counting) * 1000:>9.2f} "
            f"{counting / ours:>8.1f} {(building + counting) / ours:>8.1f}  "
            f"{'yes' if same else 'NO'}"
        )
    end_to_end = profile_total + count_total
    print()
    print(f"wards: {len(elections)}, same elected set: {agreed}/{len(elections)}")
    print(
        f"total time: ours {ours_total:.3f} s; pref-voting count {count_total:.3f} s, "
        f"profile building {profile_total:.3f} s, end to end {end_to_end:.3f} s"
    )
    count_ratio, total_ratio = count_total / ours_total, end_to_end / ours_total
    for label, ratio in (("count only", count_ratio), ("end to end", total_ratio)):
        print(f"ratio, {label}: {ratio:.1f}x (goal >= {GOAL_RATIO:.0f}x: {_verdict(ratio)})")


if __name__ == "__main__":
    main()
