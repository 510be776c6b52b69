"""What Caucus asks a language model: the thread cut into chunks (map), then one combined
summary (reduce), every claim citing message ids that we turn back into jump links."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from bot.domain.summaries import ThreadMessage

CHUNK_CHARS = 12_000  # comfortably inside small models' context windows with the instructions
MAX_CHUNKS = 24  # past this a thread is summarised offline rather than with 25+ requests
MESSAGE_CHARS = 2_000  # one very long paste must not fill a chunk on its own

SYSTEM = (
    "You summarise discussion threads of a member-run political reading group for its members. "
    "Be neutral and fair to every side; never judge who is right. Count people, not messages: "
    "one member repeating a view is still one person. Each message is given as "
    "[m:ID] Name: text. Cite the messages you draw on with their ids in square brackets, "
    "like [m:123]; cite only ids that appear in the thread. Write plain text with short "
    "Markdown headings; do not mention anyone with @."
)
FINAL_SECTIONS = (
    "Use these sections: **Main positions** (each view, who holds it and how many people), "
    "**Agreement**, **Disagreement** (both sides of each point), **Open questions** "
    "(questions nobody answered). Keep it under 600 words."
)


def message_line(message: ThreadMessage) -> str:
    text = " ".join(message.text.split())
    if len(text) > MESSAGE_CHARS:
        text = text[: MESSAGE_CHARS - 1] + "…"
    reply = f" (replying to m:{message.reply_to_id})" if message.reply_to_id else ""
    return f"[m:{message.id}] {message.author_name}{reply}: {text}"


def chunk_lines(lines: Sequence[str], budget: int = CHUNK_CHARS) -> list[list[str]]:
    """Consecutive lines in chunks of at most ``budget`` characters (a longer line is alone)."""
    chunks: list[list[str]] = []
    size = 0
    for line in lines:
        if not chunks or size + len(line) + 1 > budget:
            chunks.append([])
            size = 0
        chunks[-1].append(line)
        size += len(line) + 1
    return chunks


def single_request(lines: Sequence[str]) -> list[dict[str, str]]:
    thread = "\n".join(lines)
    return [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": f"{FINAL_SECTIONS}\n\nThe thread:\n{thread}"},
    ]


def map_request(lines: Sequence[str], part: int, parts: int) -> list[dict[str, str]]:
    thread = "\n".join(lines)
    ask = (
        f"This is part {part} of {parts} of a long thread. Note the views held (with who holds "
        "each), agreements, disagreements and unanswered questions, citing message ids. "
        "Notes only, under 300 words."
    )
    return [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": f"{ask}\n\n{thread}"},
    ]


def reduce_request(notes: Sequence[str]) -> list[dict[str, str]]:
    joined = "\n\n".join(f"Notes on part {i}:\n{note}" for i, note in enumerate(notes, start=1))
    ask = (
        "Combine these notes on consecutive parts of one thread into one summary. A person who "
        "appears in several parts is still one person. Keep the message ids as citations."
    )
    return [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": f"{ask} {FINAL_SECTIONS}\n\n{joined}"},
    ]


_CITATION = re.compile(r"\[((?:\s*,?\s*m:\s*[A-Za-z0-9]+)+)\s*\]")
_CITED_ID = re.compile(r"m:\s*([A-Za-z0-9]+)")
_MENTION = re.compile(r"@(everyone|here)|<@[!&]?\d+>")


def link_citations(text: str, jump_urls: Mapping[str, str | None]) -> str:
    """Turn ``[m:123]`` (or ``[m:1, m:2]``) into jump links; ids not in the thread are dropped,
    so an invented citation never points anywhere. Mentions are defused as well."""

    def replace(match: re.Match[str]) -> str:
        links = []
        for cited in _CITED_ID.findall(match.group(1)):
            url = jump_urls.get(cited)
            if url:
                links.append(f"[↗]({url})")
        return " ".join(links)

    linked = _CITATION.sub(replace, text)
    return _MENTION.sub(lambda m: m.group(0).replace("@", "@\u200b"), linked)
