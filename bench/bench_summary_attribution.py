"""Who holds which view: the summarizer's positions and open questions against hand labels.

Run from the repository root: ``.venv/bin/python -m bench.bench_summary_attribution``
(``--show`` lists each dev thread's mistakes; the held-out part is only ever scored).

Data: tests/data/debates/ (see its README). Figures, per part:

- grouping errors: gold opposed pairs placed in one position or one agreement (goal 0);
- holder recall / precision: gold positions matched one-to-one to predicted ones (largest
  overlap first); a holder counts when they are in the matched position (goals 85% / 90%);
- open-question recall / precision by message id (goals 70% / 80%);
- exact participation: threads whose messages-per-author equal the gold counts.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.cli.summarize import parse_thread
from bot.domain.summaries import ThreadSummary, summarize_thread

DATA = Path(__file__).parents[1] / "tests" / "data" / "debates"
PARTS = ("dev", "heldout")
GOALS = {
    "holder recall": 85.0,
    "holder precision": 90.0,
    "open recall": 70.0,
    "open precision": 80.0,
}


@dataclass
class Score:
    threads: int = 0
    grouping_errors: int = 0
    gold_holders: int = 0
    predicted_holders: int = 0
    matched_holders: int = 0
    gold_open: int = 0
    predicted_open: int = 0
    matched_open: int = 0
    exact_participation: int = 0
    mistakes: list[str] = field(default_factory=list)

    def percent(self, part: int, whole: int) -> float:
        return 100.0 * part / whole if whole else 100.0


def load(part: str) -> list[dict[str, object]]:
    with (DATA / f"{part}.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def match_positions(
    gold: Sequence[set[str]], predicted: Sequence[set[str]]
) -> list[tuple[int, int, int]]:
    """One-to-one (gold, predicted, overlap), largest overlaps first."""
    pairs = sorted(
        (
            (len(g & p), gi, pi)
            for gi, g in enumerate(gold)
            for pi, p in enumerate(predicted)
            if g & p
        ),
        reverse=True,
    )
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    matched: list[tuple[int, int, int]] = []
    for overlap, gi, pi in pairs:
        if gi in used_gold or pi in used_predicted:
            continue
        used_gold.add(gi)
        used_predicted.add(pi)
        matched.append((gi, pi, overlap))
    return matched


def score_thread(row: dict[str, object], score: Score) -> None:
    thread_id, messages = parse_thread(json.dumps(row), 1)
    summary: ThreadSummary = summarize_thread(messages)
    gold = row["gold"]
    assert isinstance(gold, dict)
    gold_positions = [set(p["holders"]) for p in gold["positions"]]
    predicted = [set(p.holder_names) for p in summary.positions]
    groups = predicted + [set(a.agreeing_names) for a in summary.agreements]
    score.threads += 1
    for a, b in gold["opposed"]:
        if any(a in group and b in group for group in groups):
            score.grouping_errors += 1
            score.mistakes.append(f"{thread_id}: {a} and {b} grouped together")
    matched = match_positions(gold_positions, predicted)
    score.gold_holders += sum(len(g) for g in gold_positions)
    score.predicted_holders += sum(len(p) for p in predicted)
    score.matched_holders += sum(overlap for _, _, overlap in matched)
    if sum(o for _, _, o in matched) < max(
        sum(len(g) for g in gold_positions), sum(len(p) for p in predicted)
    ):
        score.mistakes.append(
            f"{thread_id}: positions {[sorted(p) for p in predicted]} "
            f"gold {[sorted(g) for g in gold_positions]}"
        )
    gold_open = set(gold["open_questions"])
    predicted_open = {q.question.message_id for q in summary.open_questions}
    score.gold_open += len(gold_open)
    score.predicted_open += len(predicted_open)
    score.matched_open += len(gold_open & predicted_open)
    if gold_open != predicted_open:
        score.mistakes.append(
            f"{thread_id}: open questions {sorted(predicted_open)} gold {sorted(gold_open)}"
        )
    participation = {share.author_name: share.messages for share in summary.participation}
    if participation == gold["participation"]:
        score.exact_participation += 1


def score_part(part: str) -> Score:
    score = Score()
    for row in load(part):
        score_thread(row, score)
    return score


def report(part: str, score: Score) -> None:
    figures = {
        "holder recall": score.percent(score.matched_holders, score.gold_holders),
        "holder precision": score.percent(score.matched_holders, score.predicted_holders),
        "open recall": score.percent(score.matched_open, score.gold_open),
        "open precision": score.percent(score.matched_open, score.predicted_open),
    }
    print(f"\n{part}: {score.threads} threads")
    verdict = "met" if score.grouping_errors == 0 else "MISSED"
    print(f"  grouping errors (opposed people placed together): {score.grouping_errors}  {verdict}")
    for name, value in figures.items():
        verdict = "met" if value >= GOALS[name] else "MISSED"
        print(f"  {name:<18} {value:5.1f}%  (goal {GOALS[name]:.0f}%) {verdict}")
    print(f"  exact participation: {score.exact_participation}/{score.threads} threads")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list the dev part's mistakes")
    parser.add_argument("--part", choices=PARTS, action="append", help="only this part")
    args = parser.parse_args(argv)
    for part in args.part or PARTS:
        score = score_part(part)
        report(part, score)
        if args.show and part == "dev":
            for mistake in score.mistakes:
                print(f"    {mistake}")


if __name__ == "__main__":
    main()
