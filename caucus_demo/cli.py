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

# Between scenes, none by default: 0.05 s x 41 scenes cost 2 s of the default run and helped no
# reader (the transcript scrolls past either way). --pause asks for one; --fast stays for
# scripts written when pausing was the default.
SCENE_PAUSE_SECONDS = 0.0
PIPED_WIDTH = 110


def _pause(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 <= seconds <= 60:
        raise argparse.ArgumentTypeError(f"a pause from 0 to 60 seconds, not {text}")
    return seconds


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("demo", help=HELP)
    parser.add_argument(
        "--pause",
        type=_pause,
        default=SCENE_PAUSE_SECONDS,
        metavar="SECONDS",
        help="wait this long between scenes (default: no pause)",
    )
    parser.add_argument(
        "--fast",
        action="store_true",
        help="no pauses between scenes (the default; overrides --pause)",
    )
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
    pause = 0.0 if args.fast else args.pause
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
