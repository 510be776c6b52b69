"""Percentiles and the printed table."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

DISCORD_DEADLINE_SECONDS = 3.0  # an interaction's first answer must come within this


def percentile(samples: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (no interpolation): a sample that really happened."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class LatencySummary:
    samples: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    missed: int = 0  # answers later than Discord's 3 s deadline: the member saw a failure

    @classmethod
    def of(cls, seconds: Sequence[float]) -> LatencySummary:
        return cls(
            samples=len(seconds),
            p50_ms=percentile(seconds, 0.50) * 1000,
            p99_ms=percentile(seconds, 0.99) * 1000,
            max_ms=max(seconds) * 1000,
            missed=sum(1 for s in seconds if s > DISCORD_DEADLINE_SECONDS),
        )


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table, numbers right-aligned, ready to paste into the README."""
    cells = [[str(h) for h in headers], *[[_cell(v) for v in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for index, row in enumerate(cells):
        lines.append(
            "  ".join(
                cell.ljust(width) if i == 0 else cell.rjust(width)
                for i, (cell, width) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
        )
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}" if value >= 10 else f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
