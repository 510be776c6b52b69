"""`caucus demo`: the real bot plays a scripted session against a local fake Discord.

No token, no network: a fake Discord on 127.0.0.1, a temporary SQLite database and a manual
clock. Prints the transcript and a summary; exits 1 if a scene failed, the bot logged an error
or any request it made broke Discord's OpenAPI description.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from typing import Any

HELP = "play a scripted session of the real bot against a local fake Discord"

# Between scenes, so a person can follow; --fast drops it.
SCENE_PAUSE_SECONDS = 0.05
PIPED_WIDTH = 110


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("demo", help=HELP)
    parser.add_argument("--fast", action="store_true", help="no pauses between scenes")
    parser.add_argument(
        "--debug", action="store_true", help="log to stderr and show tracebacks of failures"
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    import asyncio
    import logging
    import time
    import traceback

    started = time.perf_counter()
    if importlib.util.find_spec("jsonschema") is None:
        print(
            "caucus demo needs the demo extra (the local Discord stand-in validates every request "
            "against Discord's OpenAPI description): pip install 'caucus[demo]'",
            file=sys.stderr,
        )
        return 2
    from rich.console import Console

    from caucus_demo.session import play, summary_line

    if args.debug:
        logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    # Wide enough when piped (rich assumes 80 columns off a terminal) for commands on one line.
    console = Console(highlight=False, width=None if sys.stdout.isatty() else PIPED_WIDTH)
    pause = 0.0 if args.fast else SCENE_PAUSE_SECONDS
    try:
        outcome = asyncio.run(play(console, pause=pause))
    except Exception as error:  # the stage itself did not come up
        console.print(f"demo failed before the first scene: {type(error).__name__}: {error}")
        if args.debug:
            traceback.print_exc()
        return 1
    elapsed = time.perf_counter() - started
    console.print()
    if outcome.failure is not None:
        failure = outcome.failure
        console.print(
            f"FAILED in scene {outcome.failed_scene}: {type(failure).__name__}: {failure}",
            markup=False,
        )
        if args.debug:
            traceback.print_exception(failure)
    for violation in outcome.violations:
        console.print(f"OpenAPI violation: {violation}", markup=False)
    for logged in outcome.errors:
        console.print(f"error logged by the bot: {logged}", markup=False)
    console.print(f"Summary: {summary_line(outcome, elapsed)}", markup=False)
    return 0 if outcome.ok else 1
