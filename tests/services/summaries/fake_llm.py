"""A fake OpenAI-compatible endpoint on 127.0.0.1: records every request, answers as told."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class FakeLlm:
    """``mode`` picks the answer: ok, status, not_json, no_choices, slow."""

    mode: str = "ok"
    answer: str = "Summary."
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    release: asyncio.Event = field(default_factory=asyncio.Event)
    base_url: str = ""

    def sent_text(self) -> str:
        return "\n".join(m["content"] for r in self.requests for m in r["messages"])

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.requests.append(body)
        self.headers.append(dict(request.headers))
        if self.mode == "status":
            return web.Response(status=503, text="overloaded")
        if self.mode == "not_json":
            return web.Response(text="<html>gateway error</html>", content_type="text/html")
        if self.mode == "no_choices":
            return web.json_response({"error": {"message": "bad model"}})
        if self.mode == "slow":
            await self.release.wait()
        last = body["messages"][-1]["content"]
        content = "Notes." if last.startswith("This is part") else self.answer
        return web.json_response(
            {"choices": [{"message": {"role": "assistant", "content": content}}]}
        )


@asynccontextmanager
async def fake_llm(mode: str = "ok", answer: str = "Summary.") -> AsyncIterator[FakeLlm]:
    fake = FakeLlm(mode=mode, answer=answer)
    app = web.Application()
    app.router.add_post("/v1/chat/completions", fake.handle)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    fake.base_url = f"http://127.0.0.1:{port}/v1"
    try:
        yield fake
    finally:
        fake.release.set()
        await runner.cleanup()


def llm_settings(base_url: str, **extra: Any) -> dict[str, Any]:
    return {"llm_base_url": base_url, "llm_model": "tiny-test", **extra}
