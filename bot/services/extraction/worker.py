"""The child process that reads untrusted files: ``python -m bot.services.extraction.worker``.

It never runs in the bot's process. The parent starts it, sends requests on stdin and reads
answers on stdout (both framed by a 4-byte length), and kills it when an answer is late. Inside,
the operating system holds the limits: address space (``RLIMIT_AS``) for the whole life of the
child, and CPU time (``RLIMIT_CPU``) reset before every request, so a file that spins the CPU
gets SIGXCPU and a file that balloons memory gets a MemoryError or dies. Page count and the
amount of text are checked while extracting, so a file that would yield too much stops early.

Imports stay light (pypdf and trafilatura only when a file needs them) and nothing here imports
the rest of the bot: a crash in a parser cannot reach anything but this process.
"""

from __future__ import annotations

import io
import json
import os
import resource
import struct
import sys
from typing import Any, BinaryIO

HEADER = struct.Struct(">I")


class Refusal(Exception):
    """A reason the file cannot be used; ``reason`` is a stable code, ``detail`` a short text."""

    def __init__(self, reason: str, detail: str = "", **extra: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail
        self.extra = extra


def read_frame(stream: BinaryIO) -> bytes | None:
    head = stream.read(HEADER.size)
    if len(head) < HEADER.size:
        return None
    (size,) = HEADER.unpack(head)
    body = stream.read(size)
    return body if len(body) == size else None


def write_frame(stream: BinaryIO, body: bytes) -> None:
    stream.write(HEADER.pack(len(body)) + body)
    stream.flush()


def _short(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    printable = "".join(ch for ch in text if ch.isprintable())
    return printable[:160]


def decode_text(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise Refusal("binary")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Refusal("not_utf8", f"byte {error.start}") from None


def pdf_text(data: bytes, max_pages: int, max_chars: int) -> str:
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise Refusal("not_pdf")
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise Refusal("encrypted")
    count = len(reader.pages)
    if count > max_pages:
        raise Refusal("too_many_pages", pages=count, limit=max_pages)
    parts: list[str] = []
    size = 0
    for page in reader.pages:
        text = (page.extract_text() or "").strip()
        size += len(text)
        if size > max_chars:
            raise Refusal("too_much_text", limit=max_chars)
        if text:
            parts.append(text)
    if not parts:
        raise Refusal("no_pdf_text")
    return "\n\n".join(parts)


def html_text(data: bytes, max_chars: int) -> str:
    import trafilatura

    html = data.decode("utf-8", errors="replace")
    text = trafilatura.extract(html, include_comments=False, include_tables=False)
    if not text or not text.strip():
        raise Refusal("no_html_text")
    if len(text) > max_chars:
        raise Refusal("too_much_text", limit=max_chars)
    return text


def extract(kind: str, data: bytes, max_pages: int, max_chars: int) -> str:
    if kind == "pdf":
        return pdf_text(data, max_pages, max_chars)
    if kind == "html":
        return html_text(data, max_chars)
    text = decode_text(data)
    if len(text) > max_chars:
        raise Refusal("too_much_text", limit=max_chars)
    return text


def limit_cpu(seconds: float) -> None:
    """Let this request use ``seconds`` more CPU time than the process has used so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = usage.ru_utime + usage.ru_stime
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = int(used + seconds) + 1
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def answer(request: dict[str, Any], data: bytes) -> dict[str, Any]:
    limit_cpu(float(request["cpu_seconds"]))
    try:
        text = extract(
            str(request["kind"]), data, int(request["max_pages"]), int(request["max_chars"])
        )
    except Refusal as refusal:
        return {"ok": False, "reason": refusal.reason, "detail": refusal.detail, **refusal.extra}
    except MemoryError:
        return {"ok": False, "reason": "memory"}
    except RecursionError:
        return {"ok": False, "reason": "unreadable", "detail": "nested too deeply"}
    except Exception as error:  # any parser failure is a refusal, never a crash of the bot
        return {"ok": False, "reason": "unreadable", "detail": _short(error)}
    return {"ok": True, "text": text}


def serve(stdin: BinaryIO, stdout: BinaryIO) -> None:
    while True:
        header = read_frame(stdin)
        data = read_frame(stdin) if header is not None else None
        if header is None or data is None:
            return
        reply = answer(json.loads(header), data)
        write_frame(stdout, json.dumps(reply).encode())


def main() -> None:
    memory = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    # No core file: a child stopped by its CPU limit (SIGXCPU) ends at once, so the parent
    # reads "too long" from its exit status instead of killing it in the middle of a dump.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if memory > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    sys.setrecursionlimit(5000)
    # Answers go out on a private copy of stdout; anything a library prints lands on stderr.
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    serve(sys.stdin.buffer, answers)


if __name__ == "__main__":
    main()
