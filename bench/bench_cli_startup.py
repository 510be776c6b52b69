"""Start-up time of `caucus` commands that don't run the bot (goal: under 0.3 s each).

    python -m bench.bench_cli_startup [--runs 7]

Runs each command in a fresh interpreter, the way a user's shell does (through the installed
`caucus` entry point when it is on PATH), and prints the median and best wall-clock time and the
median CPU time of `--help`, `check-config`, `tally` on a small BLT file and `summarize` on
three threads, plus the interpreter alone (`python -c pass`) as the floor. The goal is judged on
CPU time, which a busy machine (other jobs waiting for the same cores) does not inflate. Also
prints `-X importtime`'s three slowest imports of each command, to show where the time goes.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_SECONDS = 0.3
BLT = '3 1\n4 1 0\n3 2 1 0\n2 3 2 0\n0\n"Ada"\n"Ben"\n"Cai"\n"Small"\n'
THREADS = ROOT / "tests" / "data" / "summaries" / "convosumm-email-val-head3.jsonl"


ENTRY = "from bot.cli import main; main()"


def arguments(work: Path) -> dict[str, list[str]]:
    blt = work / "small.blt"
    blt.write_text(BLT)
    return {
        "caucus --help": ["--help"],
        "caucus check-config": ["check-config", str(ROOT / "config.example.toml")],
        "caucus tally": ["tally", str(blt)],
        "caucus summarize": ["summarize", str(THREADS)],
    }


def time_once(argv: list[str], cwd: Path) -> tuple[float, float]:
    """Wall-clock seconds and CPU seconds (user + system) of one run. On a busy machine the
    wall clock includes waiting for a core; the CPU time is close to the idle-machine wall."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as name:
        work = Path(name)
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores, {args.runs} runs")
        print(
            f"{'command':<26} {'wall median':>11} {'wall best':>9} {'CPU median':>10}"
            f"  goal {GOAL_SECONDS:.1f}s (CPU)"
        )
        caucus = shutil.which("caucus")
        entry = [caucus] if caucus else [sys.executable, "-c", ENTRY]
        rows = {"python -c pass (floor)": [sys.executable, "-c", "pass"]}
        rows |= {label: [*entry, *extra] for label, extra in arguments(work).items()}
        for label, command in rows.items():
            runs = [time_once(command, work) for _ in range(args.runs)]
            walls, cpus = [wall for wall, _ in runs], [cpu for _, cpu in runs]
            cpu = statistics.median(cpus)
            verdict = "" if label.startswith("python") else ("ok" if cpu < GOAL_SECONDS else "over")
            print(
                f"{label:<26} {statistics.median(walls):>10.3f}s {min(walls):>8.3f}s "
                f"{cpu:>9.3f}s  {verdict}"
            )
        print("\nslowest top-level imports (cumulative, one run under -X importtime):")
        for label, extra in arguments(work).items():
            probe = [sys.executable, "-X", "importtime", "-c", ENTRY, *extra]
            done = subprocess.run(probe, cwd=work, capture_output=True, text=True, check=False)
            print(f"  {label}: {', '.join(_top_imports(done.stderr))}")


def _top_imports(stderr: str, count: int = 3) -> list[str]:
    rows: list[tuple[int, str]] = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or line.count("|") != 2:
            continue
        _, cumulative, name = line.split("|")
        if cumulative.strip().isdigit() and not name.startswith("  "):  # top-level imports
            rows.append((int(cumulative), name.strip()))
    return [f"{name} {micro / 1e6:.3f}s" for micro, name in sorted(rows, reverse=True)[:count]]


if __name__ == "__main__":
    main()
