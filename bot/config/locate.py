"""Best-effort map from a key path (as pydantic reports it) to its line in the TOML text.

tomllib gives no positions for valid documents, so we scan table headers and ``key =`` lines.
Good enough to point a human at the right line; never used for parsing.
"""

from __future__ import annotations

import re

_ARRAY_TABLE = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.\- ]+?)\s*\]\]")
_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\- ]+?)\s*\]")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")


def key_lines(text: str) -> dict[tuple[int | str, ...], int]:
    lines: dict[tuple[int | str, ...], int] = {}
    array_counts: dict[tuple[int | str, ...], int] = {}
    current: tuple[int | str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        if match := _ARRAY_TABLE.match(line):
            base = _resolve(match.group(1), current)
            index = array_counts.get(base, 0)
            array_counts[base] = index + 1
            current = (*base, index)
            lines.setdefault(current, number)
        elif match := _TABLE.match(line):
            current = _resolve(match.group(1), current)
            lines.setdefault(current, number)
        elif match := _KEY.match(line):
            lines.setdefault((*current, match.group(1)), number)
    return lines


def _resolve(dotted: str, current: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """Turn ``guilds.channels`` into ``("guilds", 2, "channels")`` inside the third [[guilds]]."""
    parts = [part.strip() for part in dotted.split(".")]
    resolved: list[int | str] = []
    for part in parts:
        resolved.append(part)
        # Sub-tables of an array of tables attach to its latest element.
        depth = len(resolved)
        if (
            len(current) > depth
            and current[:depth] == tuple(resolved)
            and isinstance(current[depth], int)
        ):
            resolved.append(current[depth])
    return tuple(resolved)
