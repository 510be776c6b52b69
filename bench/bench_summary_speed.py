"""How summarizing time grows with thread length, next to sumy LexRank, and how fast
`caucus summarize` starts and runs end to end.

Run from the repository root: ``.venv/bin/python -m bench.bench_summary_speed``.

End to end means a new process each time, as a member would run it: ``caucus summarize
FILE.jsonl`` (process start, imports, reading the file, summarising, printing) against a process
that reads the same file and ranks its sentences with sumy LexRank. Start-up is the best of five
runs of ``caucus summarize`` on a one-message file.

Threads are generated from a fixed seed: 40 members, messages of 5-40 words drawn from a
Zipf-like vocabulary of 5,000 made-up words plus common English, some replies, agreements and
questions, so that every stage of the summarizer has work to do.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.bench_summaries import lexrank_ranking
from bot.domain.summaries import ThreadMessage, summarize_thread
from bot.domain.summaries.text import neutralise, split_sentences

SIZES = (100, 1_000, 2_000, 10_000)
LEXRANK_SIZES = (100, 1_000, 2_000)  # quadratic: 10,000 would take minutes
SEED = 20261122
GOAL_SECONDS_AT_10K = 5.0
GOAL_SPEEDUP_AT_2K = 20.0  # end to end, process start included
GOAL_START_SECONDS = 0.3
CLI = "import sys; from bot.cli import main; sys.exit(main())"  # what the `caucus` script runs
_COMMON = tuple(
    "the a we should vote read this that group chapter meeting next week because i think it "  # noqa: SIM905
    "is not and but so for on with about members reading plan".split(" ")
)
_OPENERS = ("", "", "", "I agree, ", "I disagree, ", "+1 ", "But ", "Exactly. ")


def synthetic_thread(size: int, seed: int = SEED) -> list[ThreadMessage]:
    rng = random.Random(seed + size)
    syllables = ["ka", "lo", "mi", "ren", "tus", "va", "bel", "dor", "sin", "que", "pra", "zu"]
    vocabulary = [
        "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(5_000)
    ]
    weights = [1.0 / (rank + 1) for rank in range(len(vocabulary))]
    start = datetime(2026, 11, 1, tzinfo=UTC)
    messages: list[ThreadMessage] = []
    for number in range(size):
        author = rng.randrange(40)
        words: list[str] = []
        for _ in range(rng.randint(5, 40)):
            pool = _COMMON if rng.random() < 0.4 else None
            words.append(rng.choice(pool) if pool else rng.choices(vocabulary, weights)[0])
        sentences = " ".join(words).split(" the ")
        text = rng.choice(_OPENERS) + ". The ".join(sentences).strip()
        text += "?" if rng.random() < 0.1 else "."
        reply_to = str(rng.randrange(number)) if number and rng.random() < 0.3 else None
        messages.append(
            ThreadMessage(
                id=str(number),
                author_id=f"member-{author}",
                author_name=f"Member{author}",
                text=text,
                created_at=start + timedelta(seconds=30 * number),
                reply_to_id=reply_to,
            )
        )
    return messages


def time_ours(messages: Sequence[ThreadMessage]) -> tuple[float, float]:
    """(seconds, peak MiB); the time is taken without tracemalloc, which slows Python down."""
    started = time.perf_counter()
    summarize_thread(messages).to_plain_text(109)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    summarize_thread(messages)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak


def time_lexrank(messages: Sequence[ThreadMessage]) -> float:
    started = time.perf_counter()
    sentences = [
        (number, message.author_name, sentence)
        for number, message in enumerate(messages)
        for sentence in split_sentences(neutralise(message.text))
    ]
    lexrank_ranking(sentences)
    return time.perf_counter() - started


def write_jsonl(messages: Sequence[ThreadMessage], path: Path) -> None:
    row = {
        "id": "synthetic",
        "messages": [
            {"id": m.id, "author": m.author_name, "text": m.text}
            | ({"reply_to": m.reply_to_id} if m.reply_to_id is not None else {})
            for m in messages
        ],
    }
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")


def run_seconds(command: Sequence[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of a child process. CPU time (user + system) hardly changes
    when other jobs share the machine; wall time does, so both are printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=Path(__file__).parents[1])
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def lexrank_file(path: Path) -> None:
    """The LexRank side of the end-to-end race: read the same file, rank every sentence."""
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        sentences = [
            (number, item["author"], sentence)
            for number, item in enumerate(row["messages"])
            for sentence in split_sentences(neutralise(item["text"]))
        ]
        lexrank_ranking(sentences)


def end_to_end(no_lexrank: bool) -> None:
    print(f"machine load average: {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")
    with tempfile.TemporaryDirectory() as folder:
        tiny = Path(folder) / "tiny.jsonl"
        tiny.write_text('{"id": 1, "messages": [{"author": "Ana", "text": "Hi."}]}\n')
        runs = [run_seconds([sys.executable, "-c", CLI, "summarize", str(tiny)]) for _ in range(5)]
        wall, cpu = min(runs)
        verdict = "met" if wall < GOAL_START_SECONDS else "MISSED"
        print(
            f"`caucus summarize` start-up, best of 5: {wall:.3f} s wall, {cpu:.3f} s CPU; "
            f"goal under {GOAL_START_SECONDS} s: {verdict}"
        )
        print(
            f"\n{'end to end':>10} {'caucus s (CPU)':>15} {'LexRank s (CPU)':>16} {'speed-up':>9}"
        )
        for size in (2_000, 10_000):
            path = Path(folder) / f"thread-{size}.jsonl"
            write_jsonl(synthetic_thread(size), path)
            ours, ours_cpu = run_seconds([sys.executable, "-c", CLI, "summarize", str(path)])
            row = f"{size:>10,} {ours:7.2f} ({ours_cpu:5.2f})"
            if size == 2_000 and not no_lexrank:
                theirs, theirs_cpu = run_seconds(
                    [sys.executable, "-m", "bench.bench_summary_speed", "--lexrank-file", str(path)]
                )
                speedup = theirs / ours
                verdict = "met" if speedup >= GOAL_SPEEDUP_AT_2K else "MISSED"
                row += (
                    f" {theirs:8.2f} ({theirs_cpu:5.2f}) {speedup:8.1f}x wall, "
                    f"{theirs_cpu / ours_cpu:.1f}x CPU (goal {GOAL_SPEEDUP_AT_2K:.0f}x: {verdict})"
                )
            if size == 10_000:
                verdict = "met" if ours < GOAL_SECONDS_AT_10K else "MISSED"
                row += f"  (goal under {GOAL_SECONDS_AT_10K:.0f} s: {verdict})"
            print(row, flush=True)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-lexrank", action="store_true", help="time only our summarizer")
    parser.add_argument("--lexrank-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.lexrank_file is not None:
        lexrank_file(args.lexrank_file)
        return
    end_to_end(args.no_lexrank)
    print()
    print(f"{'messages':>9} {'ours s':>8} {'peak MiB':>9} {'LexRank s':>10} {'speed-up':>9}")
    ours: dict[int, float] = {}
    lexrank: dict[int, float] = {}
    for size in SIZES:
        messages = synthetic_thread(size)
        ours[size], peak = time_ours(messages)
        row = f"{size:>9,} {ours[size]:8.3f} {peak:9.1f}"
        if size in LEXRANK_SIZES and not args.no_lexrank:
            lexrank[size] = time_lexrank(messages)
            row += f" {lexrank[size]:10.2f} {lexrank[size] / ours[size]:8.0f}x"
        print(row, flush=True)
    print(
        f"\ngrowth per 10x messages: 100 -> 1,000: {ours[1_000] / ours[100]:.1f}x, "
        f"1,000 -> 10,000: {ours[10_000] / ours[1_000]:.1f}x (linear would be 10x)"
    )
    verdict = "met" if ours[10_000] < GOAL_SECONDS_AT_10K else "MISSED"
    print(f"goal 10,000 messages under {GOAL_SECONDS_AT_10K:.0f} s: {verdict}")
    if 2_000 in lexrank:
        speedup = lexrank[2_000] / ours[2_000]
        verdict = "met" if speedup >= GOAL_SPEEDUP_AT_2K else "MISSED"
        print(
            f"goal at least {GOAL_SPEEDUP_AT_2K:.0f}x LexRank at 2,000: {speedup:.0f}x, {verdict}"
        )


if __name__ == "__main__":
    main()
