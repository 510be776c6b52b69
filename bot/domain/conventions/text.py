"""A motion's text as numbered lines, and paging it under Discord's message limits.

Line numbers are 1-based and belong to the motion as moved: amendments name them, and the
numbers members read never shift while the amendments are voted (docs in amendments.py).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from bot.domain.conventions.errors import ConventionError
from bot.domain.corpus.model import Document

MESSAGE_LIMIT = 2000  # characters in a Discord message's content
EMBED_DESCRIPTION_LIMIT = 4096  # characters in an embed's description
MAX_LINES = 2000
LINE_WIDTH = 100  # longer paragraphs are wrapped into lines of at most this


def split_lines(text: str) -> tuple[str, ...]:
    """The text's numbered lines: trailing blanks trimmed, blank lines at either end dropped,
    and a paragraph longer than LINE_WIDTH wrapped at word boundaries into lines of at most
    LINE_WIDTH characters (as assembly tools number motions), so that amendments can name a
    part of it.

    Blank lines inside the text are kept: they are lines of the motion (paragraph breaks) and
    carry numbers like any other, so that counting lines on the page matches the numbers."""
    raw = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines: list[str] = []
    for line in raw:
        if len(line) <= LINE_WIDTH:
            lines.append(line)
        else:
            lines.extend(textwrap.wrap(line, LINE_WIDTH, break_on_hyphens=False))
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    if len(lines) > MAX_LINES:
        raise ConventionError(f"A text may have at most {MAX_LINES} numbered lines.")
    return tuple(lines)


def numbered(lines: Sequence[str], first: int = 1) -> list[str]:
    """Each line with its number, right-aligned to the widest number."""
    width = len(str(first + len(lines) - 1)) if lines else 1
    return [f"{number:>{width}}  {line}" for number, line in enumerate(lines, start=first)]


def pages(lines: Sequence[str], limit: int = MESSAGE_LIMIT, *, overhead: int = 0) -> list[str]:
    """Lines joined into pages of at most `limit - overhead` characters, never splitting a line
    unless that one line is longer than a page (then it is cut into page-sized pieces).
    `overhead` is what the caller wraps around each page (e.g. a code fence)."""
    budget = limit - overhead
    if budget < 1:
        raise ValueError("no room left on a page")
    result: list[str] = []
    current: list[str] = []
    size = 0
    for line in lines:
        pieces = [line[i : i + budget] for i in range(0, len(line), budget)] or [""]
        for piece in pieces:
            extra = len(piece) + (1 if current else 0)
            if current and size + extra > budget:
                result.append("\n".join(current))
                current, size = [], 0
                extra = len(piece)
            current.append(piece)
            size += extra
    if current:
        result.append("\n".join(current))
    return result


def corpus_text(document: Document, section: int | None = None) -> str:
    """A reading-corpus document (or one of its sections, numbered from 1) as a motion's text:
    paragraphs separated by a blank line and, for a whole document of several sections, each
    section's title on a line of its own before its paragraphs. Comments are not included."""
    if section is not None and not 1 <= section <= len(document.sections):
        raise ConventionError(f"{document.title} has {len(document.sections)} sections.")
    chosen = document.sections if section is None else (document.sections[section - 1],)
    titled = section is None and len(chosen) > 1
    blocks: list[str] = []
    for part in chosen:
        if titled and part.title:
            blocks.append(part.title)
        blocks.extend(p.text for p in part.paragraphs)
    return "\n\n".join(blocks)
