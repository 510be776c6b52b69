"""`caucus tally FILE...`: count ballot files and print the result and the count sheet.

Ranked methods read BLT files; plurality, approval and motion read CSV files whose header
starts with ``tracker``: for plurality and approval the other columns are the candidates and
a row marks its choices with 1 (plurality: exactly one); for motion the second column holds
yes, no or abstain.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

from bot.cli.common import EXIT_USAGE
from bot.domain.counting import (
    SIMPLE_MAJORITY,
    TWO_THIRDS,
    CountingError,
    CountingMethod,
    CountSheet,
    MotionChoice,
    MotionResult,
    SchulzeResult,
    TallyResult,
    TieResolution,
    count_approval,
    count_election,
    count_motion,
    count_plurality,
    parse_blt,
)

CSV_METHODS = ("plurality", "approval", "motion")
METHODS = tuple(m.cli_name for m in CountingMethod) + CSV_METHODS
THRESHOLDS = {"majority": SIMPLE_MAJORITY, "two-thirds": TWO_THIRDS}
Result = CountSheet | SchulzeResult | TallyResult | MotionResult


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("tally", help="count ballot files (BLT, or CSV)")
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("--method", choices=METHODS, default=CountingMethod.SCOTTISH_STV.cli_name)
    parser.add_argument("--seats", type=int, default=None, help="override the file's seats")
    parser.add_argument("--seed", type=int, default=0, help="seed for drawing lots (default 0)")
    parser.add_argument("--json", action="store_true", help="one JSON object per file and line")
    parser.add_argument("--threshold", choices=tuple(THRESHOLDS), default="majority")
    parser.add_argument("--quorum", type=Fraction, default=None, help="share of the roll, e.g. 1/3")
    parser.add_argument("--eligible", type=int, default=None, help="size of the roll")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    status = 0
    for path in args.files:
        try:
            result = _count(path, args)
        except (OSError, UnicodeDecodeError, ValueError) as error:
            print(f"error: {path}: {error}", file=sys.stderr)
            status = EXIT_USAGE
            continue
        if args.json:
            print(json.dumps({"file": str(path), **summary(result)}))
        else:
            print(render(path, result))
    return status


def _count(path: Path, args: argparse.Namespace) -> Result:
    text = path.read_text(encoding="utf-8")
    if args.method in CSV_METHODS:
        return _count_csv(text, args)
    method = CountingMethod.from_name(args.method)
    return count_election(parse_blt(text), method, seats=args.seats, seed=args.seed)


def _count_csv(text: str, args: argparse.Namespace) -> Result:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or not rows[0] or rows[0][0].strip().lower() != "tracker":
        raise CountingError("line 1: a CSV ballot file starts with a header `tracker,...`")
    header, body = rows[0], [row for row in rows[1:] if any(cell.strip() for cell in row)]
    if args.method == "motion":
        try:
            votes = [MotionChoice(row[1].strip().lower()) for row in body]
        except (IndexError, ValueError):
            raise CountingError("each motion row is `tracker,yes|no|abstain`") from None
        return count_motion(
            votes, threshold=THRESHOLDS[args.threshold], quorum=args.quorum, eligible=args.eligible
        )
    candidates = [name.strip() for name in header[1:]]
    choices: list[list[int]] = []
    for line, row in enumerate(body, start=2):
        marks = [cell.strip() for cell in row[1:]]
        if len(marks) != len(candidates) or not set(marks) <= {"0", "1", ""}:
            raise CountingError(f"line {line}: expected 0 or 1 for each of the candidates")
        choices.append([c for c, mark in enumerate(marks) if mark == "1"])
    seats = args.seats or 1
    if args.method == "approval":
        return count_approval(candidates, choices, seats=seats, seed=args.seed)
    if any(len(chosen) != 1 for chosen in choices):
        raise CountingError("a plurality ballot marks exactly one candidate")
    return count_plurality(candidates, [c[0] for c in choices], seats=seats, seed=args.seed)


def summary(result: Result) -> dict[str, Any]:
    """The JSON line for one file: elected, quota, stages (each with totals) and lot_used."""
    if isinstance(result, CountSheet):
        sheet = result.to_dict()
        keys = ("method", "elected", "quota", "stages", "lot_used", "valid_votes", "seats")
        return {key: sheet[key] for key in keys}
    if isinstance(result, SchulzeResult):
        return {
            "method": "schulze",
            "elected": [result.winner],
            "quota": None,
            "stages": [{"totals": dict(result.first_preferences)}],
            "lot_used": result.lot_used,
            "ranking": [list(tier) for tier in result.ranking],
            "pairwise": [list(row) for row in result.pairwise],
        }
    if isinstance(result, TallyResult):
        return {
            "method": result.method,
            "elected": list(result.elected),
            "quota": None,
            "stages": [{"totals": dict(result.totals)}],
            "lot_used": result.lot_used,
        }
    totals = {"yes": result.yes, "no": result.no, "abstain": result.abstain}
    return {
        **result.to_dict(),
        "elected": [],
        "quota": None,
        "stages": [{"totals": totals}],
        "lot_used": False,
    }


def _votes(value: Fraction | int) -> str:
    return f"{float(value):.2f}".rstrip("0").rstrip(".") if value else "0"


def render(path: Path, result: Result) -> str:
    """A human report: who is elected, the quota and a stage table."""
    lines = [f"== {path}"]
    if isinstance(result, CountSheet):
        quota = "none" if result.quota is None else _votes(result.quota)
        lines.append(
            f"{result.method}: {result.seats} seat(s), {result.valid_votes} valid votes, "
            f"quota {quota}"
        )
        lines.append("elected: " + ", ".join(result.elected))
        lines += _stage_table(result)
        for tie in result.ties:
            how = "lot"
            if tie.resolution is TieResolution.LOOK_BACK:
                how = f"look-back to stage {tie.looked_back_to}"
            lines.append(
                f"tie at stage {tie.stage} ({tie.decision.value}): {', '.join(tie.tied)} "
                f"-> {tie.chosen} by {how}"
            )
    elif isinstance(result, SchulzeResult):
        lines.append(f"schulze: winner {result.winner}" + (" (by lot)" if result.lot_used else ""))
        lines.append("ranking: " + " > ".join(" = ".join(tier) for tier in result.ranking))
    elif isinstance(result, TallyResult):
        lines.append(f"{result.method}: elected " + ", ".join(result.elected))
        width = max(len(name) for name in result.candidates)
        lines += [f"  {name:<{width}}  {votes}" for name, votes in result.totals.items()]
    else:
        verdict = "PASSED" if result.passed else "FAILED"
        lines.append(
            f"motion {verdict}: yes {result.yes}, no {result.no}, abstain {result.abstain}; "
            f"threshold {result.threshold.describe()} (margin {result.threshold_margin:+d})"
        )
        if result.quorum_margin is not None:
            lines.append(
                f"quorum {result.quorum} of {result.eligible}: margin {result.quorum_margin:+d}"
            )
    return "\n".join(lines)


def _stage_table(sheet: CountSheet) -> list[str]:
    names = list(sheet.stages[0].totals)
    width = max(len(name) for name in [*names, "non-transferable"])
    header = f"  {'stage':<{width}}" + "".join(f"{s.number:>11}" for s in sheet.stages)
    rows = [header]
    for name in names:
        marks = "".join(f"{_votes(s.totals[name]):>11}" for s in sheet.stages)
        rows.append(f"  {name:<{width}}{marks}")
    rows.append(
        f"  {'non-transferable':<{width}}"
        + "".join(f"{_votes(s.non_transferable + s.fraction_loss):>11}" for s in sheet.stages)
    )
    for stage in sheet.stages[1:]:
        subject = f" of {stage.subject}" if stage.subject else ""
        rows.append(f"  stage {stage.number}: {stage.kind.value}{subject}")
    return rows
