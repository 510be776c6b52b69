"""The optional LLM backend: an OpenAI-compatible ``POST {base}/chat/completions`` with map-reduce
over long threads. Any failure (timeout, connection, non-200, malformed JSON) returns a reason
instead of text, so the caller falls back to the offline summarizer."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import aiohttp

from bot.config.models import SummarySettings
from bot.domain.summaries import ThreadMessage
from bot.services.summaries.llm_prompts import (
    MAX_CHUNKS,
    chunk_lines,
    link_citations,
    map_request,
    message_line,
    reduce_request,
    single_request,
)

log = logging.getLogger(__name__)


class FallbackReason(StrEnum):
    TIMEOUT = "timeout"
    CONNECTION = "connection failed"
    STATUS = "unexpected HTTP status"
    MALFORMED = "malformed response"
    TOO_LONG = "thread too long for the model"


class LlmFailed(Exception):
    def __init__(self, reason: FallbackReason, detail: str = "") -> None:
        super().__init__(f"{reason.value}: {detail}" if detail else reason.value)
        self.reason = reason


@dataclass(frozen=True)
class LlmOutcome:
    text: str | None  # the summary with citations turned into jump links
    fallback: FallbackReason | None = None
    requests: int = 0


class LlmSummarizer:
    async def summarize(
        self, settings: SummarySettings, messages: Sequence[ThreadMessage]
    ) -> LlmOutcome:
        """Map-reduce over the thread; on any failure log once and report why."""
        chunks = chunk_lines([message_line(m) for m in messages])
        if len(chunks) > MAX_CHUNKS:
            log.warning("LLM summary skipped: %d chunks is over %d", len(chunks), MAX_CHUNKS)
            return LlmOutcome(None, FallbackReason.TOO_LONG)
        timeout = aiohttp.ClientTimeout(total=settings.llm_timeout_seconds)
        requests = 0
        try:
            async with aiohttp.ClientSession(timeout=timeout) as http:
                client = _ChatClient(http, settings)
                if len(chunks) == 1:
                    text = await client.complete(single_request(chunks[0]))
                    requests = 1
                else:
                    notes = []
                    for part, chunk in enumerate(chunks, start=1):
                        notes.append(await client.complete(map_request(chunk, part, len(chunks))))
                    text = await client.complete(reduce_request(notes))
                    requests = len(chunks) + 1
        except LlmFailed as failure:
            log.warning("LLM summary failed (%s); using the offline summarizer", failure)
            return LlmOutcome(None, failure.reason)
        urls = {m.id: m.jump_url for m in messages}
        return LlmOutcome(link_citations(text, urls), None, requests)


class _ChatClient:
    def __init__(self, http: aiohttp.ClientSession, settings: SummarySettings) -> None:
        self.http = http
        self.url = settings.llm_base_url.rstrip("/") + "/chat/completions"
        self.model = settings.llm_model
        self.headers = {"Content-Type": "application/json"}
        if key := os.environ.get(settings.llm_api_key_env):
            self.headers["Authorization"] = f"Bearer {key}"

    async def complete(self, messages: list[dict[str, str]]) -> str:
        body = {"model": self.model, "messages": messages, "temperature": 0.2}
        try:
            async with self.http.post(self.url, json=body, headers=self.headers) as response:
                if response.status != 200:
                    raise LlmFailed(FallbackReason.STATUS, str(response.status))
                payload = await response.json(content_type=None)
        except TimeoutError as exc:
            raise LlmFailed(FallbackReason.TIMEOUT) from exc
        except aiohttp.ClientError as exc:
            raise LlmFailed(FallbackReason.CONNECTION, type(exc).__name__) from exc
        except ValueError as exc:  # the body is not JSON
            raise LlmFailed(FallbackReason.MALFORMED, "not JSON") from exc
        return _content(payload)


def _content(payload: Any) -> str:
    try:
        content = payload["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise LlmFailed(FallbackReason.MALFORMED, "no choices[0].message.content") from None
    if not isinstance(content, str) or not content.strip():
        raise LlmFailed(FallbackReason.MALFORMED, "empty content")
    return content.strip()
