"""Untrusted uploads become text in a child process with hard limits, never on the event loop.

The order is the defence: the caller checks the member may act at all, then `check_upload`
refuses by the attachment's metadata (name and declared size) before a byte is downloaded, then
`Sandbox.extract` hands the bytes to a child process (``worker.py``) that the operating system
limits in memory and CPU time, and that the parent kills when its answer is later than the
wall-clock limit. The event loop only awaits a pipe. Every way a file can fail, including a
parser crashing or the child dying, ends as an `UnreadableFile` naming the cause.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from bot.errors import UserError
from bot.services.extraction.worker import HEADER

WORKER = Path(__file__).with_name("worker.py")
TEXT_KINDS = {".txt": "txt", ".md": "md", ".markdown": "md"}
EXTRACTED_KINDS = {".pdf": "pdf", ".html": "html", ".htm": "html"}


@dataclass(frozen=True)
class ExtractionLimits:
    max_bytes: int = 2_000_000  # checked on the attachment's declared size, before download
    cpu_seconds: float = 10.0  # per file, enforced by RLIMIT_CPU in the child
    wall_seconds: float = 20.0  # per file, enforced by killing the child
    memory_bytes: int = 512_000_000  # address space of the child (RLIMIT_AS)
    max_pages: int = 500
    max_chars: int = 2_000_000  # text a file may yield


DEFAULT_LIMITS = ExtractionLimits()


class UnreadableFile(UserError):
    """An upload refused before, during or after extraction; ``reason`` is a stable code."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Upload:
    """What the metadata says: the extraction kind ('txt', 'md', 'pdf', 'html')."""

    filename: str
    kind: str

    @property
    def corpus_kind(self) -> str:
        """How the corpus parser reads the extracted text."""
        return "md" if self.kind == "md" else "txt"


def check_upload(filename: str, size: int, limits: ExtractionLimits = DEFAULT_LIMITS) -> Upload:
    """Refuse by name and declared size, before downloading anything."""
    suffix = PurePath(filename).suffix.lower()
    kind = TEXT_KINDS.get(suffix) or EXTRACTED_KINDS.get(suffix)
    if kind is None:
        raise UnreadableFile(
            "kind", f"I can read .txt, .md, .pdf and .html files, not {suffix or 'this file'}."
        )
    if size > limits.max_bytes:
        raise UnreadableFile(
            "size",
            f"That file is {size / 1e6:.1f} MB; the limit is {limits.max_bytes / 1e6:.0f} MB.",
        )
    if size <= 0:
        raise UnreadableFile("empty", "That file is empty.")
    return Upload(filename, kind)


def refusal_message(answer: dict[str, Any], kind: str, limits: ExtractionLimits) -> str:
    """The sentence a member reads for a worker's refusal."""
    reason = answer.get("reason")
    detail = str(answer.get("detail") or "").strip()
    what = {"pdf": "PDF", "html": "HTML page"}.get(kind, "file")
    messages = {
        "binary": "That file looks binary, not text. Upload a .txt, .md, .pdf or .html file.",
        "not_utf8": "That file is not UTF-8 text"
        + (f" (the first bad byte is at {detail.removeprefix('byte ')})" if detail else "")
        + ". Save it as UTF-8 and try again.",
        "not_pdf": "That file does not look like a PDF.",
        "encrypted": "That PDF is encrypted; upload a copy without a password.",
        "too_many_pages": f"That PDF has {answer.get('pages', 0):,} pages; "
        f"the limit is {limits.max_pages:,}.",
        "too_much_text": f"That file holds more than {limits.max_chars:,} characters of text, "
        "the most I take.",
        "no_pdf_text": "That PDF has no extractable text (it may be scanned images).",
        "no_html_text": "I found no article text in that HTML page.",
        "memory": f"Reading that {what} needed more than {limits.memory_bytes // 1_000_000:,} MB "
        "of memory; it may be damaged or built to overload readers. Nothing was saved.",
        "timeout": f"Reading that {what} took too long (over {limits.wall_seconds:g} s); "
        "it may be damaged or built to stall readers. Nothing was saved.",
        "cpu": f"Reading that {what} took too long (over {limits.cpu_seconds:g} s of "
        "computing); it may be damaged or built to stall readers. Nothing was saved.",
        "crashed": f"The reader stopped on that {what}; it may be damaged. Nothing was saved.",
    }
    if reason in messages:
        return messages[str(reason)]
    return f"The {what} could not be read: {detail or 'it is damaged'}."


class _Worker:
    """One child process; requests go one at a time."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @classmethod
    async def start(cls, limits: ExtractionLimits) -> _Worker:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-I",  # isolated: no environment variables, no script directory on the path
            str(WORKER),
            str(limits.memory_bytes),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        return cls(process)

    async def ask(self, request: dict[str, Any], data: bytes) -> dict[str, Any] | None:
        """The worker's answer, or None when it died without one."""
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None
        assert stdout is not None
        header = json.dumps(request).encode()
        try:
            stdin.write(HEADER.pack(len(header)) + header + HEADER.pack(len(data)) + data)
            await stdin.drain()
            head = await stdout.readexactly(HEADER.size)
            (size,) = HEADER.unpack(head)
            body = await stdout.readexactly(size)
        except (asyncio.IncompleteReadError, ConnectionError, BrokenPipeError):
            return None
        answer: dict[str, Any] = json.loads(body)
        return answer

    @property
    def alive(self) -> bool:
        return self.process.returncode is None

    async def reap(self, grace: float = 2.0) -> None:
        """After the child closed its pipe: let it finish dying on its own (so its exit status
        says why), then make sure it is gone."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.process.wait(), grace)
        await self.stop()

    async def stop(self) -> None:
        if self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()
        if self.process.stdin is not None:
            self.process.stdin.close()
        await self.process.wait()
        # Close the pipes' transports on this loop, so nothing is left for the collector.
        transport = getattr(self.process, "_transport", None)
        if transport is not None:
            transport.close()


class Batch:
    """Several files through one child (restarted after a file kills it): for imports and
    tests that read many files; `Sandbox.extract` uses a fresh batch per file."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self._worker: _Worker | None = None

    async def extract(self, filename: str, data: bytes) -> tuple[str, str]:
        """(text, corpus kind) or UnreadableFile."""
        limits = self.sandbox.limits
        upload = check_upload(filename, len(data), limits)
        if not data.strip():
            raise UnreadableFile("empty", "That file is empty.")
        if self._worker is None or not self._worker.alive:
            self._worker = await _Worker.start(limits)
        worker = self._worker
        request = {
            "kind": upload.kind,
            "cpu_seconds": limits.cpu_seconds,
            "max_pages": limits.max_pages,
            "max_chars": limits.max_chars,
        }
        try:
            answer = await asyncio.wait_for(worker.ask(request, data), limits.wall_seconds)
        except TimeoutError:
            await worker.stop()  # killed: a late answer is never awaited
            answer = {"ok": False, "reason": "timeout"}
        if answer is None:
            await worker.reap()
            answer = {"ok": False, "reason": self._death(worker)}
        if not answer.get("ok"):
            reason = str(answer.get("reason"))
            raise UnreadableFile(reason, refusal_message(answer, upload.kind, limits))
        return str(answer["text"]), upload.corpus_kind

    @staticmethod
    def _death(worker: _Worker) -> str:
        code = worker.process.returncode
        if code == -signal.SIGXCPU:
            return "cpu"
        if code in (-signal.SIGSEGV, -signal.SIGABRT, -signal.SIGBUS) or code == 1:
            # A failed allocation under RLIMIT_AS often ends this way in C extensions.
            return "memory" if code != -signal.SIGSEGV else "crashed"
        return "crashed"

    async def close(self) -> None:
        if self._worker is not None:
            await self._worker.stop()
            self._worker = None


class Sandbox:
    """At most ``concurrency`` children at once; each upload gets a fresh one."""

    def __init__(self, limits: ExtractionLimits = DEFAULT_LIMITS, concurrency: int = 2) -> None:
        self.limits = limits
        self.concurrency = concurrency
        self._slots: dict[asyncio.AbstractEventLoop, asyncio.Semaphore] = {}

    def _slot(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        if loop not in self._slots:
            self._slots = {loop: asyncio.Semaphore(self.concurrency)}  # forget closed loops
        return self._slots[loop]

    @contextlib.asynccontextmanager
    async def batch(self) -> AsyncIterator[Batch]:
        async with self._slot():
            batch = Batch(self)
            try:
                yield batch
            finally:
                await batch.close()

    async def extract(self, filename: str, data: bytes) -> tuple[str, str]:
        async with self.batch() as batch:
            return await batch.extract(filename, data)
