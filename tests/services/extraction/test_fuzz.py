"""3,000 mutated PDFs and HTML pages through the sandbox: each one ends as text or as a named
refusal, nothing escapes as an unhandled error, and the event loop is never held."""

from __future__ import annotations

import asyncio
import random
from collections import Counter

import pytest

from bot.services.extraction import Batch, ExtractionLimits, Sandbox, UnreadableFile
from tests.services.extraction.hostile import SIMPLE_HTML, page_bomb, simple_pdf, tree_bomb
from tests.services.extraction.loop_watch import no_slow_callbacks

FILES_PER_KIND = 1_500
LIMITS = ExtractionLimits(
    cpu_seconds=1, wall_seconds=6, memory_bytes=300_000_000, max_pages=50, max_chars=200_000
)
KNOWN_REASONS = {
    "not_utf8",
    "binary",
    "not_pdf",
    "encrypted",
    "too_many_pages",
    "too_much_text",
    "no_pdf_text",
    "no_html_text",
    "unreadable",
    "memory",
    "cpu",
    "timeout",
    "crashed",
    "empty",
}

PDF_TOKENS = [
    b"<<",
    b">>",
    b"[",
    b"]",
    b" 0 R ",
    b"obj",
    b"endobj",
    b"stream\n",
    b"endstream",
    b"/Length 999999999",
    b"/Filter /FlateDecode",
    b"/Type /Pages",
    b"/Kids [3 0 R 3 0 R 3 0 R]",
    b"/Count -1",
    b"/Count 99999999",
    b"xref",
    b"trailer",
    b"startxref\n0\n",
    b"(" * 50,
    b"\\",
    b"1e308",
    b"-0.0000000001",
    b"/Encrypt 9 0 R",
]
HTML_TOKENS = [
    b"<div>" * 200,
    b"</p>",
    b"<script>",
    b"<!--",
    b"-->",
    b"<![CDATA[",
    b"&#x110000;",
    b"&amp;" * 50,
    b"<table><tr><td>",
    b"<p>" + b"word " * 200 + b"</p>",
    b"\xff\xfe",
    b"\x00",
    b"<meta charset='utf-16'>",
    b'<a href="javascript:alert(1)">',
    b"<svg><foreignObject>",
]


def seeds() -> tuple[list[bytes], list[bytes]]:
    pdfs = [
        simple_pdf(),
        simple_pdf("Ein Gespenst geht um in Europa."),
        page_bomb(pages=3, operations=20),
        tree_bomb(fanout=3, depth=2, operations=20),
    ]
    htmls = [
        SIMPLE_HTML,
        SIMPLE_HTML.replace(b"<article>", b"<main>").replace(b"</article>", b"</main>"),
        b"<html><body>"
        + b"<p>Solidarity forever, for the union makes us strong.</p>" * 20
        + b"</body></html>",
    ]
    return pdfs, htmls


def mutate(data: bytes, rng: random.Random, tokens: list[bytes]) -> bytes:
    """One to four random edits of a seed: flips, insertions, deletions, splices, cuts."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        choice = rng.randrange(6)
        at = rng.randrange(len(out) + 1)
        if choice == 0 and out:
            for _ in range(rng.randint(1, 8)):
                out[rng.randrange(len(out))] = rng.randrange(256)
        elif choice == 1:
            out[at:at] = rng.choice(tokens)
        elif choice == 2:
            del out[at : at + rng.randint(1, 64)]
        elif choice == 3:
            start = rng.randrange(len(out) + 1)
            piece = out[start : start + rng.randint(1, 200)]
            out[at:at] = piece * rng.randint(1, 20)
        elif choice == 4:
            del out[rng.randrange(len(out) + 1) :]
        else:
            out[at:at] = rng.randbytes(rng.randint(1, 32))
    return bytes(out) or b" "


def corpus(seed: int = 10) -> list[tuple[str, bytes]]:
    rng = random.Random(seed)
    pdfs, htmls = seeds()
    files = [
        (f"f{i}.pdf", mutate(rng.choice(pdfs), rng, PDF_TOKENS)) for i in range(FILES_PER_KIND)
    ]
    files += [
        (f"f{i}.html", mutate(rng.choice(htmls), rng, HTML_TOKENS)) for i in range(FILES_PER_KIND)
    ]
    return files


async def run(
    batch: Batch, files: list[tuple[str, bytes]], outcomes: list[tuple[str, str]]
) -> None:
    """Any exception but UnreadableFile propagates and fails the test."""
    for name, data in files:
        try:
            text, _kind = await batch.extract(name, data)
        except UnreadableFile as refused:
            outcomes.append((refused.reason, refused.message))
        else:
            outcomes.append(("ok", text))


@pytest.mark.slow
async def test_three_thousand_mutated_files_end_as_text_or_a_named_refusal() -> None:
    files = corpus()
    assert len(files) >= 3_000
    sandbox = Sandbox(LIMITS, concurrency=2)
    outcomes: list[tuple[str, str]] = []
    async with no_slow_callbacks(0.1) as watch, sandbox.batch() as one, sandbox.batch() as two:
        await asyncio.gather(run(one, files[0::2], outcomes), run(two, files[1::2], outcomes))

    reasons = Counter(reason for reason, _ in outcomes)
    assert sum(reasons.values()) == len(files)
    assert set(reasons) <= KNOWN_REASONS | {"ok"}
    assert all(isinstance(text, str) for _, text in outcomes)
    refusals = [message for reason, message in outcomes if reason != "ok"]
    assert all(message and "\n" not in message for message in refusals)
    assert watch.slow == []
    # The mutations reach the parsers: both readable files and parser failures occur.
    assert reasons["ok"] > 100
    assert reasons["unreadable"] > 20
