"""Reading untrusted files: every way a file can hurt the reader ends as a named refusal, in a
child process the parent kills, while the event loop stays free."""

from __future__ import annotations

import asyncio
import io
import os
import time

import pytest
from pypdf import PdfReader, PdfWriter

from bot.services.extraction import ExtractionLimits, Sandbox, UnreadableFile, check_upload
from tests.services.extraction.hostile import (
    FONT,
    SIMPLE_HTML,
    _pdf,
    _stream,
    freeze_pdf,
    page_bomb,
    simple_pdf,
    tree_bomb,
)
from tests.services.extraction.loop_watch import no_slow_callbacks

TIGHT = ExtractionLimits(
    cpu_seconds=1, wall_seconds=8, memory_bytes=300_000_000, max_pages=50, max_chars=20_000
)


def sandbox(**changes: float) -> Sandbox:
    values = {**TIGHT.__dict__, **changes}
    return Sandbox(ExtractionLimits(**values))  # type: ignore[arg-type]


async def refusal(box: Sandbox, name: str, data: bytes) -> UnreadableFile:
    with pytest.raises(UnreadableFile) as caught:
        await box.extract(name, data)
    return caught.value


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(simple_pdf())))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def memory_bomb(megabytes: int = 70) -> bytes:
    """One page whose content inflates to ``megabytes`` of text."""
    payload = b"BT /F1 12 Tf (" + b"a" * (megabytes * 1_000_000) + b") Tj ET"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(payload),
            FONT,
        ]
    )


def test_the_freezing_pdf_is_a_few_kilobytes() -> None:
    assert len(freeze_pdf()) < 4_500
    assert len(PdfReader(io.BytesIO(freeze_pdf())).pages) == 100


# -- refused by metadata, before any download --------------------------------------------------


@pytest.mark.parametrize(
    ("name", "size", "reason"),
    [
        ("photo.png", 10, "kind"),
        ("platform", 10, "kind"),
        ("huge.pdf", 2_000_001, "size"),
        ("empty.md", 0, "empty"),
    ],
)
def test_metadata_alone_refuses(name: str, size: int, reason: str) -> None:
    with pytest.raises(UnreadableFile) as caught:
        check_upload(name, size)
    assert caught.value.reason == reason


def test_a_file_within_limits_passes_the_metadata_check() -> None:
    upload = check_upload("Platform.PDF", 40_000)
    assert upload.kind == "pdf"
    assert upload.corpus_kind == "txt"


# -- good files --------------------------------------------------------------------------------


async def test_pdf_html_and_markdown_become_text() -> None:
    box = sandbox()
    async with box.batch() as batch:
        pdf, pdf_kind = await batch.extract("a.pdf", simple_pdf("Workers of the world."))
        html, html_kind = await batch.extract("b.html", SIMPLE_HTML)
        md, md_kind = await batch.extract("c.md", "# Title\n\nCafé society.\n".encode())

    assert (pdf, pdf_kind) == ("Workers of the world.", "txt")
    assert "dissolved by a vote of its own members" in html
    assert html_kind == "txt"
    assert (md, md_kind) == ("# Title\n\nCafé society.\n", "md")


# -- each hostile or broken file, its own refusal -----------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "reason", "words"),
    [
        ("latin1.txt", "café".encode("latin-1"), "not_utf8", "not UTF-8 text"),
        ("blob.md", b"ab\x00\x01" * 10, "binary", "looks binary"),
        ("fake.pdf", b"not a pdf", "not_pdf", "does not look like a PDF"),
        ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type", "unreadable", "The PDF could not be read: "),
        ("enc.pdf", None, "encrypted", "encrypted"),
        ("pages.pdf", None, "too_many_pages", "That PDF has 400 pages; the limit is 50"),
        ("long.txt", b"word " * 5_000, "too_much_text", "more than 20,000 characters"),
        ("empty.html", b"<html><body></body></html>", "no_html_text", "no article text"),
    ],
)
async def test_each_failure_is_a_specific_refusal(
    name: str, data: bytes | None, reason: str, words: str
) -> None:
    if data is None:
        data = encrypted_pdf() if reason == "encrypted" else page_bomb(operations=10)

    refused = await refusal(sandbox(), name, data)

    assert refused.reason == reason
    assert words in refused.message
    assert "\n" not in refused.message


async def test_a_pdf_that_spins_the_cpu_is_stopped_by_its_cpu_limit() -> None:
    refused = await refusal(
        sandbox(wall_seconds=60, max_pages=500, max_chars=2_000_000), "freeze.pdf", freeze_pdf()
    )

    assert refused.reason == "cpu"
    assert "took too long" in refused.message


async def test_a_late_answer_gets_the_child_killed() -> None:
    box = sandbox(cpu_seconds=120, wall_seconds=1.5, max_pages=500, max_chars=2_000_000)
    async with box.batch() as batch:
        with pytest.raises(UnreadableFile) as caught:
            await batch.extract("freeze.pdf", freeze_pdf())
        worker = batch._worker
        assert worker is not None
        pid = worker.process.pid
        assert caught.value.reason == "timeout"
        assert "took too long (over 1.5 s)" in caught.value.message
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
        # The batch goes on with a fresh child.
        text, _ = await batch.extract("ok.pdf", simple_pdf("Still reading."))
    assert text == "Still reading."


async def test_a_pdf_that_balloons_memory_is_refused() -> None:
    refused = await refusal(
        sandbox(cpu_seconds=20, wall_seconds=40, memory_bytes=200_000_000),
        "mem.pdf",
        memory_bomb(),
    )

    assert refused.reason in {"memory", "crashed"}
    assert "Nothing was saved" in refused.message


async def test_a_page_tree_claiming_a_million_pages_is_refused() -> None:
    refused = await refusal(sandbox(wall_seconds=30), "tree.pdf", tree_bomb(20, 5, 10))

    assert refused.reason in {"unreadable", "too_many_pages", "cpu"}


async def test_the_event_loop_stays_free_while_a_hostile_pdf_is_read() -> None:
    box = sandbox(cpu_seconds=2, wall_seconds=3, max_pages=500, max_chars=2_000_000)
    async with no_slow_callbacks(0.1) as watch:
        results = await asyncio.gather(
            box.extract("a.pdf", freeze_pdf()),
            box.extract("b.pdf", tree_bomb(20, 5, 10)),
            asyncio.sleep(2.0),
            return_exceptions=True,
        )

    assert all(isinstance(r, UnreadableFile) for r in results[:2])
    assert watch.slow == []


async def test_the_watch_catches_a_callback_that_computes_on_the_loop() -> None:
    def busy() -> None:
        end = time.thread_time() + 0.15
        while time.thread_time() < end:
            pass

    async with no_slow_callbacks(0.1) as watch:
        asyncio.get_running_loop().call_soon(busy)
        await asyncio.sleep(0.01)

    assert len(watch.slow) == 1
