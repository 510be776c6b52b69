"""The REST side: every /api/v10 request is logged, checked against the spec, then answered."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from aiohttp import BodyPartReader, web

from caucus_demo.fake_discord.validation import RouteMatch, Violation, ViolationKind, spec_validator

if TYPE_CHECKING:
    from caucus_demo.fake_discord.server import FakeDiscord

_log = logging.getLogger(__name__)

API_PREFIX = "/api/v10"
INVALID_FORM_BODY = 50035


@dataclass(frozen=True)
class UploadedFile:
    field_name: str
    filename: str
    data: bytes
    content_type: str


@dataclass(frozen=True)
class RestCall:
    method: str
    path: str
    route: RouteMatch
    query: dict[str, str]
    body: Any
    files: list[UploadedFile]
    received_at: float = 0.0  # perf_counter() when the request reached the fake

    def param(self, name: str) -> str:
        return self.route.params[name]

    @property
    def json(self) -> dict[str, Any]:
        return self.body if isinstance(self.body, dict) else {}


@dataclass
class RequestRecord:
    """One request the bot made, as the fake saw it."""

    method: str
    path: str
    query: dict[str, str]
    json: Any
    files: list[str] = field(default_factory=list)
    status: int = 0
    operation_id: str | None = None


_UNKNOWN_CODES = MappingProxyType(
    {"Channel": 10003, "Guild": 10004, "Message": 10008, "Role": 10011, "User": 10013}
)


class DiscordError(Exception):
    """Answers the request the way Discord answers an error: status plus {code, message}."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class UnknownError(DiscordError):
    """404 "Unknown Channel" and friends."""

    def __init__(self, kind: str) -> None:
        super().__init__(404, _UNKNOWN_CODES.get(kind, 10000), f"Unknown {kind}")


Reply = tuple[int, Any]
RouteHandler = Callable[["FakeDiscord", RestCall], Awaitable[Reply]]
ROUTES: dict[tuple[str, str], RouteHandler] = {}


def route(method: str, template: str) -> Callable[[RouteHandler], RouteHandler]:
    """Registers a handler for a spec path template (which must exist in the spec)."""

    def register(handler: RouteHandler) -> RouteHandler:
        ROUTES[(method.lower(), template)] = handler
        return handler

    return register


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> web.Response:
    if status == 204 or body is None:
        return web.Response(status=204, headers=headers)
    # Exactly "application/json": discord.py does not parse a body with "; charset=utf-8".
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    return web.Response(status=status, body=json.dumps(body).encode(), headers=all_headers)


async def _read_body(request: web.Request) -> tuple[Any, list[UploadedFile]]:
    content_type = request.content_type
    if content_type == "multipart/form-data":
        reader = await request.multipart()
        body: Any = None
        files: list[UploadedFile] = []
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader):
                continue
            data = await part.read()
            if part.name == "payload_json":
                body = json.loads(data)
            else:
                kind = part.headers.get("Content-Type", "application/octet-stream")
                files.append(UploadedFile(part.name or "", part.filename or "", bytes(data), kind))
        return body, files
    raw = await request.read()
    if not raw:
        return None, []
    return json.loads(raw), []


class RestApi:
    def __init__(self, server: FakeDiscord) -> None:
        self._server = server

    async def handle(self, request: web.Request) -> web.StreamResponse:
        received_at = time.perf_counter()
        server = self._server
        path = request.path.removeprefix(API_PREFIX) or "/"
        method = request.method.upper()
        body, files = await _read_body(request)
        record = RequestRecord(method, path, dict(request.query), body, [f.filename for f in files])
        server.requests.append(record)
        response = await self._answer(request, record, body, files, received_at)
        record.status = response.status
        await server.notify_changed()
        return response

    async def _answer(
        self,
        request: web.Request,
        record: RequestRecord,
        body: Any,
        files: list[UploadedFile],
        received_at: float,
    ) -> web.StreamResponse:
        server = self._server
        validator = spec_validator()
        match = validator.match(record.method, record.path)
        if isinstance(match, Violation):
            return self._reject(match)
        record.operation_id = match.operation_id
        if server.validate_requests:
            problem = validator.check_request_body(match, record.path, body)
            if problem is not None:
                return self._reject(problem)

        fault = server.faults.take(record.method, record.path)
        if fault is not None:
            return self._fault_response(fault.status, fault.retry_after)

        handler = ROUTES.get((match.method, match.template))
        if handler is None:
            return self._reject(
                Violation(
                    ViolationKind.UNSUPPORTED_BY_FAKE,
                    record.method,
                    record.path,
                    f"{match.operation_id} ({match.template}) has no handler in fake_discord",
                )
            )
        call = RestCall(
            record.method, record.path, match, dict(request.query), body, files, received_at
        )
        try:
            status, payload = await handler(server, call)
        except DiscordError as error:
            status, payload = error.status, {"code": error.code, "message": error.message}
        except Exception as error:  # a bug in the fake: fail the test, don't let the bot retry
            _log.exception("fake_discord crashed on %s %s", record.method, record.path)
            return self._reject(
                Violation(
                    ViolationKind.FAKE_CRASHED,
                    record.method,
                    record.path,
                    f"{type(error).__name__}: {error}",
                )
            )
        if server.validate_responses:
            response_problem = validator.check_response(match, record.path, status, payload)
            if response_problem is not None:
                server.record_violation(response_problem)
        return json_response(status, payload)

    def _reject(self, violation: Violation) -> web.Response:
        self._server.record_violation(violation)
        status = {
            ViolationKind.UNKNOWN_ROUTE: 404,
            ViolationKind.UNKNOWN_METHOD: 405,
        }.get(violation.kind, 400)
        body = {"code": INVALID_FORM_BODY if status == 400 else 0, "message": str(violation)}
        return json_response(status, body)

    @staticmethod
    def _fault_response(status: int, retry_after: float | None) -> web.Response:
        if status != 429:
            return json_response(status, {"code": 0, "message": f"{status}: injected fault"})
        wait = retry_after or 0.0
        headers = {
            "Retry-After": str(wait),
            "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset-After": str(wait),
            "X-RateLimit-Scope": "user",
            "Via": "1.1 google",  # without it discord.py takes a 429 for a Cloudflare ban
        }
        body = {
            "code": 0,
            "message": "You are being rate limited.",
            "retry_after": wait,
            "global": False,
        }
        return json_response(429, body, headers)
