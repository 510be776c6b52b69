"""Time reading-plan building and excerpt chunking for 1,000 guilds with varied settings.

Run from the project root: .venv/bin/python -m bench.bench_plan
"""

from __future__ import annotations

import random
import time
import tracemalloc
from datetime import date
from datetime import time as clock
from pathlib import Path

from bot.domain.corpus import load_corpus
from bot.domain.reading import PlanSpec, ReadingPlan, build_plan, split_excerpt

GUILDS = 1_000
ZONES = ("America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Sydney", "UTC")
SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _specs(ids: tuple[str, ...], count: int) -> list[PlanSpec]:
    rng = random.Random(2026)
    specs = []
    for _ in range(count):
        order = list(ids)
        rng.shuffle(order)
        by_minutes = rng.random() < 0.5
        specs.append(
            PlanSpec(
                tuple(order[: rng.randint(1, len(order))]),
                rng.randint(0, 6),
                clock(rng.randint(8, 21), rng.choice((0, 30))),
                rng.choice(ZONES),
                date(2026, 1, 1) + (date(2026, 1, 1) - date(2025, 1, 1)) * rng.random(),
                words_per_session=None if by_minutes else rng.randint(150, 3000),
                minutes_per_session=rng.randint(3, 20) if by_minutes else None,
                words_per_minute=rng.choice((180, 230, 300)),
            )
        )
    return specs


def _chunk_all(plans: list[ReadingPlan]) -> int:
    messages = 0
    for plan in plans:
        for session in plan.sessions:
            messages += len(split_excerpt(session.portion.text, f"Session {session.number}"))
    return messages


def main() -> None:
    started = time.perf_counter()
    corpus = load_corpus(SEEDS)
    load_seconds = time.perf_counter() - started
    specs = _specs(corpus.ids, GUILDS)
    documents = {d.id: d for d in corpus.documents}

    # Timings first, without tracemalloc (it slows allocation-heavy code several times over).
    started = time.perf_counter()
    plans = [build_plan(spec, documents) for spec in specs]
    plan_seconds = time.perf_counter() - started
    started = time.perf_counter()
    messages = _chunk_all(plans)
    chunk_seconds = time.perf_counter() - started

    tracemalloc.start()
    plans = [build_plan(spec, documents) for spec in specs]
    _, plan_peak = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    _chunk_all(plans)
    _, chunk_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    sessions = sum(len(plan.sessions) for plan in plans)
    print(f"corpus load (5 seeds):          {load_seconds:.3f} s")
    print(f"plans for {GUILDS:,} guilds:         {plan_seconds:.3f} s ({sessions:,} sessions)")
    print(f"  peak traced memory:           {plan_peak / 1e6:.1f} MB (all plans kept)")
    print(f"excerpt chunking, all sessions: {chunk_seconds:.3f} s ({messages:,} messages)")
    print(f"  peak traced memory:           {chunk_peak / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
