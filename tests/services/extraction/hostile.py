"""Files built to hurt a reader, generated here (no third-party samples).

`page_bomb` is the attack of issue 10, finding 8: a few kilobytes of PDF whose pages all share
one compressed content stream that inflates to megabytes of text operators, so every page costs
the reader the whole stream. `tree_bomb` goes further: a page tree whose nodes list the same
child many times, so a tiny file claims fanout**depth pages.
"""

from __future__ import annotations

import zlib


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF with a correct cross-reference table; object i+1 is objects[i], 1 is the catalog."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _stream(payload: bytes) -> bytes:
    packed = zlib.compress(payload, 9)
    return (
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + (b"\nendstream")
    )


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def heavy_content(operations: int) -> bytes:
    return b"BT /F1 12 Tf 72 712 Td " + b"(a) Tj 0 -1 Td " * operations + b"ET"


def page_bomb(pages: int = 400, operations: int = 200_000) -> bytes:
    """``pages`` pages, each drawing the same stream of ``operations`` text operators."""
    page_refs = b" ".join(b"3 0 R" for _ in range(pages))
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + page_refs + b"] /Count %d >>" % pages,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(heavy_content(operations)),
            FONT,
        ]
    )


def tree_bomb(fanout: int = 20, depth: int = 5, operations: int = 1000) -> bytes:
    """A page tree of ``depth`` levels, each node listing the next ``fanout`` times."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        child = 3 + level
        kids = b" ".join(b"%d 0 R" % child for _ in range(fanout))
        count = fanout ** (depth - level)
        objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count)
    leaf = len(objects) + 1
    objects.append(
        b"<< /Type /Page /MediaBox [0 0 612 792] /Contents %d 0 R "
        b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (leaf + 1, leaf + 2)
    )
    objects.append(_stream(heavy_content(operations)))
    objects.append(FONT)
    return _pdf(objects)


def simple_pdf(text: str = "Members may organise a tendency whenever they disagree.") -> bytes:
    """A valid one-page PDF with ``text`` on it: the seed the fuzzer mutates."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    content = b"BT /F1 12 Tf 72 712 Td (" + escaped.encode("latin-1") + b") Tj ET"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(content),
            FONT,
        ]
    )


SIMPLE_HTML = b"""<!doctype html><html><head><title>Open factions</title></head><body>
<nav><a href="/">Home</a></nav><article><h1>Open factions</h1>
<p>Members may organise a tendency whenever they disagree with the majority, and publish
their platform in the bulletin for everyone to read.</p>
<p>A faction is dissolved by a vote of its own members, never by the organizers.</p>
</article><footer>Caucus</footer></body></html>"""


def freeze_pdf() -> bytes:
    """The attack as reported: ~1.4 KB, 100 pages each inflating the same 20,000 text
    operators. Read on the event loop, it stalls the bot for minutes."""
    return tree_bomb(fanout=10, depth=2, operations=20_000)
