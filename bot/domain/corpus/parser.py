"""Classified lines -> blocks -> paragraphs and sections -> a Document.

Blocks are runs of non-blank reading lines (an excluded line separates blocks like a blank one).
Inside a block, a line that starts with a list marker ("•", "-", "*", "1.", "2)") starts a new
paragraph, so list items are paragraphs of their own; other lines join with a newline.

Headings, by the entry's mode:
- Markdown (.md): ATX headings ("# Title" ... "###### Title").
- Text (.txt), "auto": a block of one line that `looks_like_heading` and is followed by a block
  that does not (a run of short lines is more likely an address or a signature than headings).
- "listed": blocks of one line equal to one of the listed headings; "none": no headings.
Catalog `breaks` then open extra sections before the paragraphs they name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.domain.corpus.catalog import CatalogEntry, HeadingMode, normalize_spaces
from bot.domain.corpus.errors import CorpusError
from bot.domain.corpus.lines import LineRole, classify_lines, decode_document
from bot.domain.corpus.model import (
    COMMENTS_SECTION_TITLE,
    Document,
    DocumentKind,
    Paragraph,
    Section,
)

MAX_HEADING_WORDS = 12
MAX_HEADING_CHARS = 90
_LIST_MARKER = re.compile(r"(?:[•*\-–]|\d{1,3}[.)])\s")
_MARKDOWN_HEADING = re.compile(r"#{1,6}\s+(?P<title>.+?)\s*#*\s*")
_NON_HEADING_ENDINGS = (".", ",", ";", ":", "…")
_OPENING_CHARS = "“”\"‘’'«("


@dataclass(frozen=True, slots=True)
class _Block:
    lines: tuple[str, ...]


def looks_like_heading(line: str) -> bool:
    """The .txt heading heuristic for one stripped line (see the module docstring)."""
    text = line.strip()
    words = text.split()
    if not words or len(words) > MAX_HEADING_WORDS or len(text) > MAX_HEADING_CHARS:
        return False
    if text.endswith(_NON_HEADING_ENDINGS) or _LIST_MARKER.match(text + " "):
        return False
    first = text.lstrip(_OPENING_CHARS)
    return bool(first) and (first[0].isupper() or first[0].isdigit())


def parse_document(entry: CatalogEntry, data: bytes | str) -> Document:
    """Parse one catalogued document's bytes or text."""
    kind = DocumentKind.parse(Path(entry.file).suffix)
    text = decode_document(data, f"document {entry.id!r} ({entry.file})")
    lines = text.split("\n")
    roles = classify_lines(lines, entry)
    reading_blocks = _blocks(lines, roles, LineRole.READING)
    comment_blocks = _blocks(lines, roles, LineRole.COMMENT)
    if kind is DocumentKind.MD:
        reading_blocks = _split_markdown_headings(reading_blocks)
    sections = _sections(reading_blocks, entry, kind)
    if not sections:
        raise CorpusError(f"document {entry.id!r}: no reading text is left after the exclusions")
    _check_prompts(entry, sections)
    next_index = sum(len(section.paragraphs) for section in sections)
    comment_paragraphs = tuple(
        Paragraph(index=next_index + offset, text=text)
        for offset, text in enumerate(p for block in comment_blocks for p in _paragraphs(block))
    )
    comments = Section(COMMENTS_SECTION_TITLE, comment_paragraphs) if comment_paragraphs else None
    return Document(
        id=entry.id,
        title=entry.title,
        author=entry.author,
        date=entry.date,
        source=entry.source,
        sections=sections,
        comments=comments,
        language=entry.language,
        prompts=entry.prompts,
    )


def _blocks(lines: list[str], roles: tuple[LineRole, ...], wanted: LineRole) -> list[_Block]:
    blocks: list[_Block] = []
    current: list[str] = []
    for line, role in zip(lines, roles, strict=True):
        if role is wanted and line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(_Block(tuple(current)))
            current = []
    if current:
        blocks.append(_Block(tuple(current)))
    return blocks


def _split_markdown_headings(blocks: list[_Block]) -> list[_Block]:
    """Markdown lets a heading sit directly on top of its paragraph: give it its own block."""
    split: list[_Block] = []
    for block in blocks:
        current: list[str] = []
        for line in block.lines:
            if _MARKDOWN_HEADING.fullmatch(line):
                if current:
                    split.append(_Block(tuple(current)))
                split.append(_Block((line,)))
                current = []
            else:
                current.append(line)
        if current:
            split.append(_Block(tuple(current)))
    return split


def _paragraphs(block: _Block) -> list[str]:
    paragraphs: list[list[str]] = []
    for line in block.lines:
        if not paragraphs or _LIST_MARKER.match(line):
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    return ["\n".join(lines) for lines in paragraphs]


def _heading_of(
    blocks: list[_Block], position: int, entry: CatalogEntry, kind: DocumentKind
) -> str | None:
    """The heading text if block `position` is a heading, else None."""
    block = blocks[position]
    if entry.heading_mode is HeadingMode.NONE or len(block.lines) != 1:
        return None
    line = block.lines[0]
    if entry.heading_mode is HeadingMode.LISTED:
        return line if normalize_spaces(line) in entry.listed_headings else None
    if kind is DocumentKind.MD:
        match = _MARKDOWN_HEADING.fullmatch(line)
        return match.group("title") if match else None
    following = blocks[position + 1] if position + 1 < len(blocks) else None
    if (
        looks_like_heading(line)
        and following is not None
        and not (len(following.lines) == 1 and looks_like_heading(following.lines[0]))
    ):
        return line
    return None


def _sections(blocks: list[_Block], entry: CatalogEntry, kind: DocumentKind) -> tuple[Section, ...]:
    titled: list[tuple[str, str | None, list[str]]] = [(entry.first_section, None, [])]
    pending_breaks = list(entry.breaks)
    for position, block in enumerate(blocks):
        heading = _heading_of(blocks, position, entry, kind)
        if heading is not None:
            titled.append((normalize_spaces(heading), block.lines[0], []))
            continue
        for text in _paragraphs(block):
            brk = next((b for b in pending_breaks if normalize_spaces(text).startswith(b.at)), None)
            if brk is not None:
                pending_breaks.remove(brk)
                titled.append((brk.title, None, []))
            titled[-1][2].append(text)
    if pending_breaks:
        raise CorpusError(
            f"document {entry.id!r}: break {pending_breaks[0].title!r} found no paragraph "
            f"starting with {pending_breaks[0].at!r}"
        )
    found = {normalize_spaces(heading) for _, heading, _ in titled if heading is not None}
    missing = [h for h in entry.listed_headings if h not in found]
    if missing:
        raise CorpusError(f"document {entry.id!r}: listed heading {missing[0]!r} not found")
    sections: list[Section] = []
    index = 0
    for title, heading, texts in titled:
        if not texts:
            continue
        paragraphs = tuple(Paragraph(index + i, text) for i, text in enumerate(texts))
        index += len(paragraphs)
        sections.append(Section(title=title, paragraphs=paragraphs, heading=heading))
    return tuple(sections)


def _check_prompts(entry: CatalogEntry, sections: tuple[Section, ...]) -> None:
    titles = {section.title for section in sections}
    for prompt in entry.prompts:
        if prompt.section not in titles:
            raise CorpusError(
                f"document {entry.id!r}: a curated prompt names section {prompt.section!r}, "
                f"which the document does not have (sections: {', '.join(sorted(titles))})"
            )
