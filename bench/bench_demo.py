"""Wall-clock and CPU time of the demo's default run (goal: under 10 s).

    python -m bench.bench_demo [--runs 3] [-- EXTRA DEMO ARGUMENTS]

Runs `caucus demo` (no flags, as a user would) in a fresh interpreter `--runs` times from a
temporary directory and prints each run's wall and CPU time (user + sys of the child), their
medians, and the load average before each run: on a shared machine the wall clock grows with
the other jobs, the CPU time much less, so both are printed. Each run must finish with
"0 OpenAPI violations, 0 errors logged"; a failed run is reported, not timed.
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

GOAL_SECONDS = 10.0
ENTRY = "from bot.cli import main; main()"
CLEAN = "0 OpenAPI violations, 0 errors logged"


def run_once(command: list[str], cwd: Path) -> tuple[float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    finished = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = finished.stdout.strip().splitlines()
    summary = lines[-1] if lines else finished.stderr.strip()
    if finished.returncode != 0 or CLEAN not in summary:
        raise RuntimeError(f"demo failed (exit {finished.returncode}): {summary}")
    return wall, cpu, summary


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("extra", nargs="*", help="arguments after `caucus demo`")
    args = parser.parse_args(argv)
    caucus = shutil.which("caucus")
    entry = [caucus] if caucus else [sys.executable, "-c", ENTRY]
    command = [*entry, "demo", *args.extra]
    walls: list[float] = []
    cpus: list[float] = []
    with tempfile.TemporaryDirectory(prefix="caucus-bench-demo-") as work:
        for number in range(1, args.runs + 1):
            load = os.getloadavg()[0]
            try:
                wall, cpu, summary = run_once(command, Path(work))
            except RuntimeError as failure:
                print(f"run {number}: {failure}")
                continue
            walls.append(wall)
            cpus.append(cpu)
            print(f"run {number}: load {load:.2f}, wall {wall:.2f} s, CPU {cpu:.2f} s ({summary})")
    if not walls:
        raise SystemExit("no run finished cleanly")
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    print(
        f"{' '.join(['caucus', 'demo', *args.extra])}: median wall {wall:.2f} s, "
        f"median CPU {cpu:.2f} s over {len(walls)} runs; goal {GOAL_SECONDS:.0f} s: "
        f"{'met' if wall < GOAL_SECONDS else 'not met'} (wall), "
        f"{'met' if cpu < GOAL_SECONDS else 'not met'} (CPU)"
    )


if __name__ == "__main__":
    main()
